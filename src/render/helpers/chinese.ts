//! cnDate / cnYearMonth / cnNum: Chinese dates and numerals (DESIGN.md §2).
import { arabicDate, chineseYearMonth, cnInteger } from '../../util/cn.js';
import { formatIsoDate, isoOfDate, parseIsoDate, type DateParts } from '../../util/dates.js';
import { fail, type HelperOptions } from './errors.js';

function dateArg(helper: string, v: unknown, options: HelperOptions): DateParts {
  const s = v instanceof Date ? isoOfDate(v) : typeof v === 'string' ? v : String(v);
  const p = parseIsoDate(s);
  if (!p) fail(helper, options, `${helper} 的日期“${s}”写法不对或日期不存在`, '日期写成 2025-02-10 这样的形式，并确认这一天真实存在。');
  return p;
}

/** {{cnDate "2025-02-10"}} → 2025年2月10日 (GB/T 9704 成文日期: Arabic numerals, no leading zeros) */
export function cnDate(date: unknown, options: HelperOptions): string {
  return arabicDate(formatIsoDate(dateArg('cnDate', date, options)));
}

/** {{cnYearMonth "2025-02-10"}} → 二〇二五年二月 (covers) */
export function cnYearMonth(date: unknown, options: HelperOptions): string {
  return chineseYearMonth(formatIsoDate(dateArg('cnYearMonth', date, options)));
}

export { cnInteger };

/** {{cnNum 3}} → 三 */
export function cnNum(n: unknown, options: HelperOptions): string {
  const v = typeof n === 'number' ? n : Number(n);
  if (!Number.isInteger(v) || v < 0 || v > 99999999) fail('cnNum', options, `cnNum 的参数“${String(n)}”应为 0 到 99999999 的整数`);
  return cnInteger(v);
}
