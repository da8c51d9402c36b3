//! The single-byte encodings of simple PDF fonts that matter for the standard 14 (ISO 32000-1 Annex D):
//! WinAnsiEncoding and StandardEncoding, code → glyph name, and glyph name → Unicode for their names
//! (Adobe Glyph List). Data only.
import { Encodings } from '@pdf-lib/standard-fonts';

/** WinAnsiEncoding: code → glyph name. */
export const WIN_ANSI = new Map<number, string>();
/** glyph name → Unicode code point (the lowest, where a name has several) */
export const GLYPH_UNICODE = new Map<string, number>();
for (const [cp, [code, name]] of Object.entries((Encodings.WinAnsi as unknown as { unicodeMappings: Record<string, [number, string]> }).unicodeMappings)) {
  if (!WIN_ANSI.has(code)) WIN_ANSI.set(code, name);
  const u = Number(cp);
  const known = GLYPH_UNICODE.get(name);
  if (known === undefined || u < known) GLYPH_UNICODE.set(name, u);
}
const EXTRA: Record<string, number> = {
  quoteright: 0x2019, quoteleft: 0x2018, quotesingle: 0x27, grave: 0x60, fraction: 0x2044, fi: 0xfb01, fl: 0xfb02,
  dotaccent: 0x2d9, ring: 0x2da, hungarumlaut: 0x2dd, ogonek: 0x2db, caron: 0x2c7, breve: 0x2d8, dotlessi: 0x131,
  Lslash: 0x141, lslash: 0x142, minus: 0x2212, nbspace: 0xa0, sfthyphen: 0xad,
};
for (const [n, u] of Object.entries(EXTRA)) if (!GLYPH_UNICODE.has(n)) GLYPH_UNICODE.set(n, u);

/** StandardEncoding (the built-in encoding of the Latin standard fonts): code → glyph name. */
export const STANDARD = new Map<number, string>();
{
  const ascii = ' exclam quotedbl numbersign dollar percent ampersand quoteright parenleft parenright asterisk plus comma hyphen period slash zero one two three four five six seven eight nine colon semicolon less equal greater question at';
  ascii.trim().split(' ').forEach((n, i) => STANDARD.set(33 + i, n));
  STANDARD.set(32, 'space');
  for (let i = 0; i < 26; i++) {
    STANDARD.set(65 + i, String.fromCharCode(65 + i));
    STANDARD.set(97 + i, String.fromCharCode(97 + i));
  }
  const more: [number, string][] = [
    [91, 'bracketleft'], [92, 'backslash'], [93, 'bracketright'], [94, 'asciicircum'], [95, 'underscore'], [96, 'quoteleft'],
    [123, 'braceleft'], [124, 'bar'], [125, 'braceright'], [126, 'asciitilde'], [161, 'exclamdown'], [162, 'cent'],
    [163, 'sterling'], [164, 'fraction'], [165, 'yen'], [166, 'florin'], [167, 'section'], [168, 'currency'],
    [169, 'quotesingle'], [170, 'quotedblleft'], [171, 'guillemotleft'], [172, 'guilsinglleft'], [173, 'guilsinglright'],
    [174, 'fi'], [175, 'fl'], [177, 'endash'], [178, 'dagger'], [179, 'daggerdbl'], [180, 'periodcentered'],
    [182, 'paragraph'], [183, 'bullet'], [184, 'quotesinglbase'], [185, 'quotedblbase'], [186, 'quotedblright'],
    [187, 'guillemotright'], [188, 'ellipsis'], [189, 'perthousand'], [191, 'questiondown'], [193, 'grave'],
    [194, 'acute'], [195, 'circumflex'], [196, 'tilde'], [197, 'macron'], [198, 'breve'], [199, 'dotaccent'],
    [200, 'dieresis'], [202, 'ring'], [203, 'cedilla'], [205, 'hungarumlaut'], [206, 'ogonek'], [207, 'caron'],
    [208, 'emdash'], [225, 'AE'], [227, 'ordfeminine'], [232, 'Lslash'], [233, 'Oslash'], [234, 'OE'],
    [235, 'ordmasculine'], [241, 'ae'], [245, 'dotlessi'], [248, 'lslash'], [249, 'oslash'], [250, 'oe'], [251, 'germandbls'],
  ];
  for (const [c, n] of more) STANDARD.set(c, n);
}
