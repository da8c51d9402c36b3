//! The PDF standard 14 fonts (ISO 32000-1 9.6.2.2) and the free fonts drawn to their metrics that stand in for
//! them when an attached PDF uses one without embedding it: Arimo (Helvetica, Arial), Tinos (Times, Times New
//! Roman), Cousine (Courier, Courier New), all SIL OFL 1.1 from npm. Symbol and ZapfDingbats have none.
import { bundledFont } from '../util/builtin-files.js';
import { readFontNamesFromBytes } from './names.js';
import { Sfnt } from './sfnt.js';

export type StandardFamily = 'Helvetica' | 'Times' | 'Courier' | 'Symbol' | 'ZapfDingbats';

export interface StandardFont {
  family: StandardFamily;
  bold: boolean;
  italic: boolean;
  /** the standard 14 name whose AFM metrics apply: Helvetica-BoldOblique, Times-Roman … */
  name: string;
}

/**
 * The standard font a (possibly unembedded) simple font's BaseFont names, with the aliases Acrobat accepts
 * (Arial,Bold, ArialMT, TimesNewRomanPS-BoldMT, CourierNew …); undefined for any other font.
 */
export function standardFontOf(baseFont: string): StandardFont | undefined {
  const name = baseFont.replace(/^[A-Z]{6}\+/, '');
  const m = /^(Helvetica|Arial|Times|TimesNewRoman|Courier|CourierNew|Symbol|ZapfDingbats)(PS|MT|PSMT)?(?:[-,](Roman|Bold|Italic|Oblique|BoldItalic|BoldOblique)(MT)?)?(MT)?$/.exec(name);
  if (!m) return undefined;
  const base = m[1] as string;
  const style = m[3] ?? '';
  const family: StandardFamily = base === 'Arial' ? 'Helvetica' : base === 'TimesNewRoman' ? 'Times' : base === 'CourierNew' ? 'Courier' : (base as StandardFamily);
  if ((family === 'Symbol' || family === 'ZapfDingbats') && (style || m[2])) return undefined;
  const bold = style.startsWith('Bold');
  const italic = /Italic|Oblique/.test(style);
  const slant = family === 'Times' ? 'Italic' : 'Oblique';
  const suffix = bold && italic ? `Bold${slant}` : bold ? 'Bold' : italic ? slant : family === 'Times' ? 'Roman' : '';
  return { family, bold, italic, name: suffix ? `${family}-${suffix}` : family };
}

const PACKAGES: Partial<Record<StandardFamily, { pkg: string; stem: string }>> = {
  Helvetica: { pkg: '@expo-google-fonts/arimo', stem: 'Arimo' },
  Times: { pkg: '@expo-google-fonts/tinos', stem: 'Tinos' },
  Courier: { pkg: '@expo-google-fonts/cousine', stem: 'Cousine' },
};

const STYLES = ['400Regular', '400Regular_Italic', '700Bold', '700Bold_Italic'] as const;

/** Every stand-in font file (npm package + file): read through util/builtin-files.ts, so dossier.exe carries them. */
export const REPLACEMENT_FONTS: readonly { pkg: string; file: string }[] = Object.values(PACKAGES).flatMap((p) => STYLES.map((style) => ({ pkg: p.pkg, file: `${style}/${p.stem}_${style}.ttf` })));

/** What the PDF/A fixes read of a stand-in font (from its tables: sfnt.ts, no fontkit). */
export interface ReplacementFont {
  unitsPerEm: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
  italicAngle: number;
  ascent: number;
  descent: number;
  capHeight: number;
  hasGlyphForCodePoint(cp: number): boolean;
  glyphForCodePoint(cp: number): { id: number };
}

export interface ReplacementFace {
  bytes: Uint8Array;
  font: ReplacementFont;
  /** PostScript name of the stand-in (Arimo-Bold …) */
  postscriptName: string;
  serif: boolean;
  fixedPitch: boolean;
}

const loaded = new Map<string, ReplacementFace>();

/** The metric-compatible free font for a standard font; undefined for Symbol and ZapfDingbats. */
export function replacementFace(std: StandardFont): ReplacementFace | undefined {
  const p = PACKAGES[std.family];
  if (!p) return undefined;
  const style = std.bold && std.italic ? '700Bold_Italic' : std.bold ? '700Bold' : std.italic ? '400Regular_Italic' : '400Regular';
  const bundled = bundledFont(p.pkg, `${style}/${p.stem}_${style}.ttf`);
  if (!bundled) throw new Error(`bug: ${p.pkg} ${style} is not installed`);
  const file = bundled.id;
  let face = loaded.get(file);
  if (!face) {
    const buffer = bundled.read();
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    const sfnt = new Sfnt(buffer);
    const m = sfnt.metrics();
    const font: ReplacementFont = {
      unitsPerEm: m.unitsPerEm,
      bbox: { minX: m.bbox[0], minY: m.bbox[1], maxX: m.bbox[2], maxY: m.bbox[3] },
      italicAngle: m.italicAngle,
      ascent: m.ascent,
      descent: m.descent,
      capHeight: m.capHeight,
      hasGlyphForCodePoint: (cp) => sfnt.glyphId(cp) !== 0,
      glyphForCodePoint: (cp) => ({ id: sfnt.glyphId(cp) }),
    };
    const postscriptName = readFontNamesFromBytes(buffer)[0]?.postscriptName;
    if (!postscriptName) throw new Error(`bug: ${file} has no PostScript name`);
    face = { bytes, font, postscriptName, serif: std.family === 'Times', fixedPitch: std.family === 'Courier' };
    loaded.set(file, face);
  }
  return face;
}
