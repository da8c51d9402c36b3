//! Text formats of the archive forms: 日期 as 8 digits (DA/T 22 编目), 起止时间 as year-month, 页号 ranges.

const parts = (iso: string): [number, number, number] | undefined => {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(iso.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
};

/** 20250905 (卷内目录 日期). */
export function eightDigitDate(iso: string | undefined): string {
  const p = iso ? parts(iso) : undefined;
  return p ? `${p[0]}${String(p[1]).padStart(2, '0')}${String(p[2]).padStart(2, '0')}` : '';
}

/** 2025年12月30日. */
export function chineseDate(iso: string | undefined): string {
  const p = iso ? parts(iso) : undefined;
  return p ? `${p[0]}年${p[1]}月${p[2]}日` : '';
}

/** 起止时间: 2025年2月至2025年12月, or 2025年 when no 件 is dated. */
export function dateSpan(from: string | undefined, to: string | undefined, year: number): string {
  const a = from ? parts(from) : undefined;
  const b = to ? parts(to) : undefined;
  if (!a || !b) return `${year}年`;
  const ym = (p: [number, number, number]): string => `${p[0]}年${p[1]}月`;
  return ym(a) === ym(b) ? ym(a) : `${ym(a)}至${ym(b)}`;
}

/** 页号 column: the start page; the last row shows its range ("13-15") as archivists do. */
export function pageNoLabel(start: number | undefined, pages: number, last: boolean): string {
  if (start === undefined || pages === 0) return '';
  return last && pages > 1 ? `${start}-${start + pages - 1}` : String(start);
}
