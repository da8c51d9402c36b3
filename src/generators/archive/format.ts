//! Text formats of the archive forms: 日期 as 8 digits (DA/T 22 编目), 起止时间 as year-month, 页号 ranges.
//! The dates themselves are written by src/util/cn.ts.

import { planColumns } from '../../model/columns.js';
import type { TableCell } from '../../model/types.js';
import { FORM_CELL_PADDING_MM, FORM_CELL_SIZE_PT, FORM_HEADER_SIZE_PT, FORM_MARGIN } from '../../standards/gbt9705.js';
import { PAGE, PT_PER_MM } from '../../standards/gbt9704.js';
import { arabicDate, arabicYearMonth, ymdOf } from '../../util/cn.js';

export { eightDigitDate } from '../../util/cn.js';

/** 2025年12月30日, or '' when there is no date. */
export function chineseDate(iso: string | undefined): string {
  return iso && ymdOf(iso) ? arabicDate(iso) : '';
}

/** 起止时间: 2025年2月至2025年12月, or 2025年 when no 件 is dated. */
export function dateSpan(from: string | undefined, to: string | undefined, year: number): string {
  if (!from || !to || !ymdOf(from) || !ymdOf(to)) return `${year}年`;
  const a = arabicYearMonth(from);
  const b = arabicYearMonth(to);
  return a === b ? a : `${a}至${b}`;
}

/** 页号 column: the start page; the last row shows its range ("13-15") as archivists do. */
export function pageNoLabel(start: number | undefined, pages: number, last: boolean): string {
  if (start === undefined || pages === 0) return '';
  return last && pages > 1 ? `${start}-${start + pages - 1}` : String(start);
}

/**
 * Column widths (fractions) of a form table: the given millimetres as preferences, but never narrower than a
 * cell's unbreakable run (a 文号, a date, 定期30年, a page range), on the forms' 170 mm text width.
 */
export function formWidths(header: readonly TableCell[][], rows: readonly TableCell[][], givenMm: readonly number[]): number[] {
  const measurePt = (PAGE.widthMm - FORM_MARGIN.leftMm - FORM_MARGIN.rightMm) * PT_PER_MM;
  return planColumns(header, rows, {
    given: givenMm,
    metrics: { sizePt: FORM_CELL_SIZE_PT, headerSizePt: FORM_HEADER_SIZE_PT, padPt: 2 * FORM_CELL_PADDING_MM * PT_PER_MM, measurePt },
  }).widths;
}
