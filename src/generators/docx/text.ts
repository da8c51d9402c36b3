//! Text helpers of the DOCX writer: 成文日期 in Arabic numerals (7.3.5), cover dates in Chinese numerals,
//! and widths in grid characters (字) for placing 落款 and 附件说明.

const ISO_DATE = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/;

/** 2025-09-05 → 2025年9月5日 (Arabic, year in full, no leading zeros). Anything else is returned unchanged. */
export function formatDateArabic(iso: string): string {
  const m = ISO_DATE.exec(iso.trim());
  if (!m) return iso;
  const [, y, mo, d] = m;
  return d === undefined ? `${y}年${Number(mo)}月` : `${y}年${Number(mo)}月${Number(d)}日`;
}

const DIGITS_ZH = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

function numberZh(n: number): string {
  if (n <= 10) return n === 10 ? '十' : (DIGITS_ZH[n] as string);
  if (n < 20) return `十${DIGITS_ZH[n - 10]}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${DIGITS_ZH[tens]}十${ones === 0 ? '' : DIGITS_ZH[ones]}`;
}

/** 2025-02 → 二〇二五年二月 (cover pages of 责任书). Anything else is returned unchanged. */
export function formatDateChinese(iso: string): string {
  const m = ISO_DATE.exec(iso.trim());
  if (!m) return iso;
  const [, y, mo, d] = m;
  const year = [...(y as string)].map((c) => DIGITS_ZH[Number(c)]).join('');
  const month = numberZh(Number(mo));
  return d === undefined ? `${year}年${month}月` : `${year}年${month}月${numberZh(Number(d))}日`;
}

/** Width in grid characters: half-width ASCII counts ½, everything else 1. */
export function widthInChars(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    w += c >= 0x20 && c < 0x7f ? 0.5 : 1;
  }
  return w;
}
