//! Font-independent text widths for the decisions the model makes once for every writer: title breaks,
//! 主送 lines, table column widths, 落款 positions. Han characters and full-width punctuation are one em in
//! every Chinese font; half-width characters are given the widest advance of the fonts we ship and of Times
//! New Roman (the DOCX's Latin font), so a run that fits by this measure fits in the PDF and in Word.

/** Em widths of U+0020…U+007E, in hundredths, rounded up: max of Noto Serif SC 400/700, Noto Sans SC 500, Times. */
const ASCII_HUNDREDTHS = [
  26, 36, 56, 62, 59, 100, 84, 30, 40, 40, 50, 61, 34, 37, 34, 40, 60, 57, 60, 60, 60, 60, 60, 59, 60, 60, 34, 34, 61, 61, 61, 50, 98, 75, 71, 73, 79, 67, 65,
  78, 87, 43, 55, 78, 67, 101, 82, 79, 68, 79, 76, 61, 70, 82, 74, 110, 73, 73, 67, 38, 40, 38, 61, 60, 62, 59, 68, 57, 66, 58, 41, 60, 69, 35, 34, 66, 36, 101,
  69, 63, 68, 64, 50, 50, 40, 68, 58, 88, 60, 59, 52, 48, 34, 48, 61,
] as const;

/** Width of one character in em. */
export function charEm(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp >= 0x20 && cp < 0x7f) return (ASCII_HUNDREDTHS[cp - 0x20] as number) / 100;
  return 1;
}

/** Width of a text in em. */
export function textEm(text: string): number {
  let w = 0;
  for (const ch of text) w += charEm(ch);
  return w;
}

/**
 * Width of a text in 字 on the GB/T 9704 grid, where a full-width character takes one cell and a half-width
 * one its advance (`cellEm` = the grid pitch in em of the size, a little under 1 for 3号 body text).
 */
export function textCells(text: string, cellEm = 1): number {
  let w = 0;
  for (const ch of text) {
    const em = charEm(ch);
    w += (ch.codePointAt(0) ?? 0) >= 0x2000 && em >= 0.75 ? 1 : em / cellEm;
  }
  return w;
}
