//! OOXML measures of the GB/T 9704 page: twips (1/20 pt), half-points, eighth-points and the document grid.
//! Every number is derived from src/standards/gbt9704.ts; nothing here knows the DocModel or writes any XML.

import {
  BODY_SIZE_PT,
  COLOPHON_RULE_THICK_MM,
  COLOPHON_RULE_THIN_MM,
  GRID,
  LANDSCAPE_MARGIN,
  MARGIN,
  MASTHEAD_MAX_SIZE_PT,
  MASTHEAD_RULE_WIDTH_PT,
  MM_PER_PT,
  PAGE,
  PAGE_NUMBER_BELOW_TYPE_AREA_MM,
  PAGE_NUMBER_INSET_CHARS,
  PAGE_NUMBER_SIZE_PT,
  PARAGRAPH_INDENT_CHARS,
  RED_RGB,
  SIZE_PT,
  TABLE_BORDER_PT,
  TABLE_CELL_PADDING_MM,
  TABLE_LINE_HEIGHT,
  TABLE_TEXT_SIZE_PT,
  TITLE_SIZE_PT,
} from '../../standards/gbt9704.js';

/** 1 pt = 20 twips (dxa). */
export const TWIPS_PER_PT = 20;
/** w:charSpace is in 1/4096 pt. */
const CHAR_SPACE_UNITS_PER_PT = 4096;

/** Millimetres to twips, rounded (not floored: 210 mm is 11906 twips, Word's own A4 width, not 11905). */
export function mmToTwips(mm: number): number {
  return Math.round((mm / MM_PER_PT) * TWIPS_PER_PT);
}

/** Points to twips, rounded. */
export function ptToTwips(pt: number): number {
  return Math.round(pt * TWIPS_PER_PT);
}

/** Points to half-points (w:sz). */
export function ptToHalfPoints(pt: number): number {
  return Math.round(pt * 2);
}

/** Points to eighths of a point (border w:sz). */
export function ptToEighths(pt: number): number {
  return Math.round(pt * 8);
}

/** 纸张 A4 in twips: 11906 × 16838. */
export const PAGE_TWIPS = { width: mmToTwips(PAGE.widthMm), height: mmToTwips(PAGE.heightMm) } as const;

/** 页边距 (天头 37, 下 35, 订口 28, 右 26 mm) in twips: 2098 / 1984 / 1587 / 1474. */
export const MARGIN_TWIPS = {
  top: mmToTwips(MARGIN.topMm),
  bottom: mmToTwips(MARGIN.bottomMm),
  left: mmToTwips(MARGIN.leftMm),
  right: mmToTwips(MARGIN.rightMm),
} as const;

/** 版心 in twips, from the rounded page and margins (so the grid fits what Word actually lays out). */
export const TYPE_AREA_TWIPS = {
  width: PAGE_TWIPS.width - MARGIN_TWIPS.left - MARGIN_TWIPS.right,
  height: PAGE_TWIPS.height - MARGIN_TWIPS.top - MARGIN_TWIPS.bottom,
} as const;

/**
 * w:docGrid linePitch: the largest whole-twip pitch at which 22 lines fit the 版心 height
 * (12756 / 22 = 579.8 → 579, i.e. 28.95 pt).
 */
export const LINE_PITCH_TWIPS = Math.floor(TYPE_AREA_TWIPS.height / GRID.lines);

/**
 * w:docGrid charSpace: the character pitch minus the Normal style's size (3号, 16 pt), in 1/4096 pt,
 * rounded down so 28 characters fit the 版心 width (8845 twips / 28 = 15.795 pt → −842).
 * Word (type linesAndChars) builds the character grid from the Normal size plus this value.
 */
export const CHAR_SPACE = Math.floor(
  (TYPE_AREA_TWIPS.width / GRID.chars / TWIPS_PER_PT) * CHAR_SPACE_UNITS_PER_PT - BODY_SIZE_PT * CHAR_SPACE_UNITS_PER_PT,
);

/** One grid character (字) in twips, unrounded: 版心 width / 28. */
export const CHAR_PITCH_TWIPS = TYPE_AREA_TWIPS.width / GRID.chars;

/** n grid characters as twips (for indents measured in 字). */
export function charsToTwips(chars: number): number {
  return Math.round(chars * CHAR_PITCH_TWIPS);
}

/** n grid lines as twips (for "空 N 行" spacing). */
export function linesToTwips(lines: number): number {
  return lines * LINE_PITCH_TWIPS;
}

/**
 * 首行缩进两字: w:firstLineChars (hundredths of a character, read by Word and WPS) and the twips fallback
 * w:firstLine for readers that ignore firstLineChars (LibreOffice 7.4): two 3号 characters = 640 twips.
 */
export const FIRST_LINE_INDENT = {
  chars100: PARAGRAPH_INDENT_CHARS * 100,
  twips: ptToTwips(PARAGRAPH_INDENT_CHARS * BODY_SIZE_PT),
} as const;

/** Sizes in half-points (w:sz). */
export const SIZE_HALF_POINTS = {
  body: ptToHalfPoints(BODY_SIZE_PT),
  title: ptToHalfPoints(TITLE_SIZE_PT),
  pageNumber: ptToHalfPoints(PAGE_NUMBER_SIZE_PT),
  /** 版记 (抄送, 印发) are 4号. */
  colophon: ptToHalfPoints(SIZE_PT.四号),
} as const;

/** 发文机关标志 size (7.2.4 sets none): 小初, shrunk so a long name fits one line, as the PDF. */
export const MASTHEAD_MAX_PT = MASTHEAD_MAX_SIZE_PT;

/** Red of 版头 and 分隔线 (5.3), as an RRGGBB hex string. */
export const RED_HEX = [RED_RGB.r, RED_RGB.g, RED_RGB.b]
  .map((c) => Math.round(c * 255).toString(16).padStart(2, '0').toUpperCase())
  .join('');

/** 版头分隔线 thickness (7.2.5 sets none; shared with the PDF). */
export const MASTHEAD_RULE_EIGHTHS = ptToEighths(MASTHEAD_RULE_WIDTH_PT);
/** 版头分隔线 4 mm below the 发文字号 (7.2.5): paragraph-border w:space is in whole points (max 31). */
export const MASTHEAD_RULE_SPACE_PT = Math.round(4 / MM_PER_PT);

/** 版记 lines (7.4.1): first and last 0.35 mm, middle ones 0.25 mm, as eighth-points. */
export const COLOPHON_THICK_EIGHTHS = ptToEighths(COLOPHON_RULE_THICK_MM / MM_PER_PT);
export const COLOPHON_THIN_EIGHTHS = ptToEighths(COLOPHON_RULE_THIN_MM / MM_PER_PT);

/** Table borders: 0.5 pt single lines. */
export const TABLE_BORDER_EIGHTHS = ptToEighths(TABLE_BORDER_PT);

/** 页码 inset: one 4号 character in from the right (odd) or left (even) edge of the 版心 (7.5). */
export const PAGE_NUMBER_INSET_TWIPS = ptToTwips(PAGE_NUMBER_INSET_CHARS * PAGE_NUMBER_SIZE_PT);

/**
 * Footer paragraph height: exactly one 4号 line, so the footer's position does not depend on font metrics.
 */
export const FOOTER_LINE_TWIPS = ptToTwips(PAGE_NUMBER_SIZE_PT);

/**
 * w:footer (page bottom edge → bottom of the footer line). 7.5 puts the top of the 一字线 7 mm below the 版心;
 * the dash of a 4号 line sits about 0.65 em above the bottom of an exact 14 pt line, so the footer's bottom is
 * 35 − 7 − 0.65 × 14 pt ≈ 24.8 mm from the page edge. An approximation (±1 mm), not a clause.
 */
export const FOOTER_DISTANCE_TWIPS = mmToTwips(
  MARGIN.bottomMm - PAGE_NUMBER_BELOW_TYPE_AREA_MM - 0.65 * PAGE_NUMBER_SIZE_PT * MM_PER_PT,
);

/** w:header distance: there is no header; half the 天头 keeps Word from moving the body. */
export const HEADER_DISTANCE_TWIPS = Math.round(MARGIN_TWIPS.top / 2);

/** Landscape pages for wide tables: the portrait 版心 turned (225 × 156 mm), binding edge on top (as the PDF). */
export const LANDSCAPE_MARGIN_TWIPS = {
  top: mmToTwips(LANDSCAPE_MARGIN.topMm),
  right: mmToTwips(LANDSCAPE_MARGIN.rightMm),
  bottom: mmToTwips(LANDSCAPE_MARGIN.bottomMm),
  left: mmToTwips(LANDSCAPE_MARGIN.leftMm),
} as const;

/** Table text (小四 仿宋, header 黑体), exact line height 1.5 × size, 1.5 mm cell padding: as the PDF. */
export const TABLE_TEXT_PT = TABLE_TEXT_SIZE_PT;
export const TABLE_LINE_TWIPS = ptToTwips(TABLE_TEXT_SIZE_PT * TABLE_LINE_HEIGHT);
export const TABLE_CELL_PADDING_TWIPS = mmToTwips(TABLE_CELL_PADDING_MM);
