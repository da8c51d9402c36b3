//! Minimal type declarations for @foliojs-fork/fontkit 1.9 (the fontkit that subsets CJK correctly).
//! Only what src/fonts and the tests use; everything else stays opaque.

declare module '@foliojs-fork/fontkit' {
  export interface FontkitPath {
    toSVG(): string;
  }
  export interface FontkitGlyph {
    readonly id: number;
    readonly advanceWidth: number;
    readonly codePoints: number[];
    readonly path: FontkitPath;
  }
  export interface FontkitGlyphRun {
    readonly glyphs: FontkitGlyph[];
  }
  export interface FontkitFont {
    readonly type?: string;
    readonly postscriptName: string;
    readonly familyName: string;
    readonly subfamilyName: string;
    readonly fullName: string;
    readonly unitsPerEm: number;
    readonly ascent: number;
    readonly descent: number;
    readonly capHeight: number;
    readonly italicAngle: number;
    readonly bbox: { minX: number; minY: number; maxX: number; maxY: number };
    readonly numGlyphs: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): FontkitGlyph;
    getGlyph(glyphId: number, codePoints?: number[]): FontkitGlyph;
    layout(text: string): FontkitGlyphRun;
  }
  export interface FontkitCollection {
    readonly type: 'TTC' | 'DFont';
    readonly fonts: FontkitFont[];
    getFont(postscriptName: string): FontkitFont | null;
  }
  export interface Fontkit {
    create(buffer: Uint8Array, postscriptName?: string): FontkitFont | FontkitCollection;
  }
  const fontkit: Fontkit;
  export default fontkit;
}
