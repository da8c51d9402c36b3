//! Chinese numbers and dates, the one place they are written: 成文日期 2025年9月5日 (GB/T 9704 7.3.5), cover
//! dates 二〇二五年二月, counting numerals 十二 / 一百零五 (headings, parts), 8-digit dates (DA/T 22 编目),
//! and the 发文字号's 〔〕. Pure string functions; no layout, no locale.

const DIGIT_CHARS = '〇一二三四五六七八九';
const COUNT_DIGITS = '零一二三四五六七八九';

/** Year, month and (optional) day of an ISO date or year-month (2025-09-05, 2025-9-5, 2025-02). */
export interface YmdParts {
  year: number;
  month: number;
  day?: number;
}

const ISO_PREFIX = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?/;

/** Parts of an ISO date (a trailing time is ignored), or undefined. Does not check the calendar. */
export function ymdOf(iso: string): YmdParts | undefined {
  const m = ISO_PREFIX.exec(iso.trim());
  if (!m) return undefined;
  const p: YmdParts = { year: Number(m[1]), month: Number(m[2]) };
  if (m[3] !== undefined) p.day = Number(m[3]);
  return p;
}

/** 2025-09-05 → 2025年9月5日; 2025-02 → 2025年2月 (Arabic, year in full, no leading zeros). Else unchanged. */
export function arabicDate(iso: string): string {
  const p = ymdOf(iso);
  if (!p) return iso;
  return p.day === undefined ? `${p.year}年${p.month}月` : `${p.year}年${p.month}月${p.day}日`;
}

/** 2025-09-05 → 2025年9月 (起止时间). Else unchanged. */
export function arabicYearMonth(iso: string): string {
  const p = ymdOf(iso);
  return p ? `${p.year}年${p.month}月` : iso;
}

/** Digit by digit with 〇: 2025 → 二〇二五 (years on covers). */
export function digitsChinese(n: number | string): string {
  return Array.from(String(n), (d) => (/[0-9]/.test(d) ? (DIGIT_CHARS[Number(d)] as string) : d)).join('');
}

/** 2025-02-10 → 二〇二五年二月 (责任书 covers: year and month only, as the seeds print them). Else unchanged. */
export function chineseYearMonth(iso: string): string {
  const p = ymdOf(iso);
  return p ? `${digitsChinese(p.year)}年${cnInteger(p.month)}月` : iso;
}

/** 2025-09-05 → 20250905 (卷内目录 日期, DA/T 22); '' for anything else. */
export function eightDigitDate(iso: string | undefined): string {
  const p = iso ? ymdOf(iso) : undefined;
  if (!p || p.day === undefined) return '';
  return `${p.year}${String(p.month).padStart(2, '0')}${String(p.day).padStart(2, '0')}`;
}

/** Counting numeral: 0 → 零, 3 → 三, 10 → 十, 12 → 十二, 105 → 一百零五, 20000 → 二万. */
export function cnInteger(n: number): string {
  if (!Number.isInteger(n) || n < 0) return String(n);
  if (n === 0) return '零';
  const units = ['', '十', '百', '千'];
  const big = ['', '万', '亿'];
  const groups: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 10000)) groups.push(x % 10000);
  let out = '';
  for (let g = groups.length - 1; g >= 0; g--) {
    const v = groups[g] ?? 0;
    if (v === 0) {
      if (out && !out.endsWith('零')) out += '零';
      continue;
    }
    if (out && v < 1000 && !out.endsWith('零')) out += '零';
    let s = '';
    let zero = false;
    for (let i = 3; i >= 0; i--) {
      const d = Math.floor(v / 10 ** i) % 10;
      if (d === 0) zero = s !== '';
      else {
        if (zero) s += '零';
        zero = false;
        s += (COUNT_DIGITS[d] ?? '') + (units[i] ?? '');
      }
    }
    out += s + (big[g] ?? '');
  }
  if (out.startsWith('一十')) out = out.slice(1);
  return out.replace(/零+$/, '');
}

/** 发文字号: „‟ ﹝﹞ [] ［］ 【】 () （） around the year → 〔〕 (GB/T 9704 7.2.4). */
export function normaliseDocNumber(text: string): string {
  return text
    .replace(/[„﹝［【[(（]\s*(\d{4})\s*[‟﹞］】\])）]/g, '〔$1〕')
    .replace(/[„﹝]/g, '〔')
    .replace(/[‟﹞]/g, '〕');
}

const READ_DIGIT: Record<string, number> = { '〇': 0, '○': 0, '零': 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Reads a number as written in a date: 2025, 二〇二五, 三, 十二, 二十一 (NaN for anything else). */
export function parseCnNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s.length === 4 && [...s].every((c) => c in READ_DIGIT)) return Number([...s].map((c) => READ_DIGIT[c]).join(''));
  const m = /^([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)$/.exec(s);
  if (!m || !s) return NaN;
  const tens = m[2] ? (m[1] ? (READ_DIGIT[m[1]] ?? 0) : 1) : 0;
  const ones = m[3] ? (READ_DIGIT[m[3]] ?? 0) : m[2] ? 0 : m[1] ? (READ_DIGIT[m[1]] ?? 0) : 0;
  return tens * 10 + ones;
}
