//! cnDate / cnYearMonth / cnNum: Chinese dates and numerals (DESIGN.md §2).
import { isoOfDate, parseIsoDate, type DateParts } from '../../util/dates.js';
import { fail, type HelperOptions } from './errors.js';

const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

function dateArg(helper: string, v: unknown, options: HelperOptions): DateParts {
  const s = v instanceof Date ? isoOfDate(v) : typeof v === 'string' ? v : String(v);
  const p = parseIsoDate(s);
  if (!p) fail(helper, options, `${helper} 的日期“${s}”写法不对或日期不存在`, '日期写成 2025-02-10 这样的形式，并确认这一天真实存在。');
  return p;
}

/** {{cnDate "2025-02-10"}} → 2025年2月10日 (GB/T 9704 成文日期: Arabic numerals, no leading zeros) */
export function cnDate(date: unknown, options: HelperOptions): string {
  const p = dateArg('cnDate', date, options);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** {{cnYearMonth "2025-02-10"}} → 二〇二五年二月 (covers) */
export function cnYearMonth(date: unknown, options: HelperOptions): string {
  const p = dateArg('cnYearMonth', date, options);
  const year = [...String(p.year)].map((c) => DIGITS[Number(c)]).join('');
  return `${year}年${cnInteger(p.month)}月`;
}

/** 0 → 〇 is wrong in counting; 0 → 零. 3 → 三, 10 → 十, 12 → 十二, 105 → 一百零五, 2025 → 二千零二十五 */
export function cnInteger(n: number): string {
  if (n === 0) return '零';
  const units = ['', '十', '百', '千'];
  const big = ['', '万', '亿'];
  const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  const groups: number[] = [];
  let x = n;
  while (x > 0) {
    groups.push(x % 10000);
    x = Math.floor(x / 10000);
  }
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
      if (d === 0) {
        zero = s !== '';
      } else {
        if (zero) s += '零';
        zero = false;
        s += (digits[d] ?? '') + (units[i] ?? '');
      }
    }
    out += s + (big[g] ?? '');
  }
  if (out.startsWith('一十')) out = out.slice(1);
  return out.replace(/零+$/, '');
}

/** {{cnNum 3}} → 三 */
export function cnNum(n: unknown, options: HelperOptions): string {
  const v = typeof n === 'number' ? n : Number(n);
  if (!Number.isInteger(v) || v < 0 || v > 99999999) fail('cnNum', options, `cnNum 的参数“${String(n)}”应为 0 到 99999999 的整数`);
  return cnInteger(v);
}
