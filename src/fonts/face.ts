//! FontFace: one parsed font file (or TTC member) with cached glyph metrics (fontkit, no PDF).
//! Stateful only as a cache; shared by every document of the process.

import { fontkit, type FontkitFont } from './fontkit.js';

/** 字体文件: a parsed font with the metrics layout needs. */
export class FontFace {
  /** stable id: file path plus TTC member (if any) */
  readonly id: string;
  readonly path: string;
  /** PostScript name of the TTC member, when the file is a collection */
  readonly member: string | undefined;
  readonly bytes: Buffer;
  readonly font: FontkitFont;
  readonly family: string;
  readonly postscriptName: string;
  private readonly unitsPerEm: number;
  private readonly hasCache = new Map<number, boolean>();
  private readonly advanceCache = new Map<number, number>();

  constructor(path: string, bytes: Buffer, member?: string) {
    const parsed = fontkit.create(bytes);
    const font = 'fonts' in parsed ? pickMember(parsed.fonts, member) : parsed;
    this.path = path;
    this.bytes = bytes;
    this.font = font;
    this.member = 'fonts' in parsed ? font.postscriptName : undefined;
    this.id = this.member ? `${path}#${this.member}` : path;
    this.family = font.familyName;
    this.postscriptName = font.postscriptName;
    this.unitsPerEm = font.unitsPerEm;
  }

  /** Whether the font maps this code point to a real glyph. */
  hasChar(codePoint: number): boolean {
    const cached = this.hasCache.get(codePoint);
    if (cached !== undefined) return cached;
    const has = this.font.hasGlyphForCodePoint(codePoint) === true;
    this.hasCache.set(codePoint, has);
    return has;
  }

  /** Advance width of a code point in em (1 = the font size). */
  advanceEm(codePoint: number): number {
    let adv = this.advanceCache.get(codePoint);
    if (adv === undefined) {
      adv = this.font.glyphForCodePoint(codePoint).advanceWidth / this.unitsPerEm;
      this.advanceCache.set(codePoint, adv);
    }
    return adv;
  }
}

function pickMember(fonts: FontkitFont[], member: string | undefined): FontkitFont {
  const chosen = member ? fonts.find((f) => f.postscriptName === member) : fonts[0];
  if (!chosen) throw new Error(`font collection has no member ${member ?? ''}`);
  return chosen;
}
