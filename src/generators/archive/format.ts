//! Text formats of the archive forms: 日期 as 8 digits (DA/T 22 编目), 起止时间 as year-month, 页号 ranges.
//! The dates themselves are written by src/util/cn.ts.

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
