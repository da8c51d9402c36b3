//! percent / permille / ratio100 / sum: statistics computed from counts, exactly (DESIGN.md §2).
import { ratioRounded, sumDecimals, toDecimal, type Decimal } from './decimal.js';
import { rowName } from '../../plan/plan.js';
import { rowOrigin, type Row } from '../../workspace/readers/cells.js';
import { fail, type HelperOptions } from './errors.js';

function dec(helper: string, name: string, v: unknown, options: HelperOptions): Decimal {
  if (typeof v === 'number' || typeof v === 'string') {
    const d = toDecimal(v);
    if (d) return d;
  }
  return fail(helper, options, `${helper} 的${name}“${String(v)}”不是数字`, '检查数据中这一项是否填了数字（不要带单位或空格）。');
}

function digitsOf(helper: string, v: unknown, options: HelperOptions): number {
  if (v === undefined) return 1;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 6) fail(helper, options, `${helper} 的小数位数“${String(v)}”应为 0 到 6 的整数`);
  return n;
}

function ratio(helper: string, factor: number, suffix: string) {
  return (num: unknown, den: unknown, digits: unknown, options: HelperOptions): string => {
    // called with 2 arguments: digits slot holds the options object
    const opts = (options ?? digits) as HelperOptions;
    const d = options === undefined ? undefined : digits;
    const a = dec(helper, '分子', num, opts);
    const b = dec(helper, '分母', den, opts);
    if (b.n === 0n) fail(helper, opts, `${helper} 的分母为 0（分子 ${String(num)}，分母 ${String(den)}），无法计算`, '检查数据：分母（例如出生总数、常住人口）不能为 0；没有数据时不要使用这个比率。');
    return `${ratioRounded(a, b, factor, digitsOf(helper, d, opts))}${suffix}`;
  };
}

/** {{percent 196 216 1}} → 90.7% */
export const percent = ratio('percent', 100, '%');
/** {{permille 216 23122 2}} → 9.34‰ */
export const permille = ratio('permille', 1000, '‰');
/** {{ratio100 108 108 0}} → 100 (出生人口性别比, 女 = 100) */
export const ratio100 = ratio('ratio100', 100, '');

/**
 * Which row, as the clerk finds it: the data file and its line (a CSV's header is line 1, blank lines
 * count; a spreadsheet's row number) and the row's name — not the row's index in the list.
 */
function rowLabel(row: unknown, i: number): string {
  const origin = rowOrigin(row);
  const n = row !== null && typeof row === 'object' && !Array.isArray(row) ? rowName(row as Row, 0) : '0';
  const name = n === '0' ? '' : `（${n}）`;
  return origin ? `${origin.file} 第 ${origin.line} 行${name}` : `列表第 ${i + 1} 项${name}`;
}

/** {{sum data.villages "人口"}} → the exact total */
export function sum(list: unknown, field: unknown, options: HelperOptions): string {
  const opts = (options ?? field) as HelperOptions;
  const f = options === undefined ? undefined : field;
  if (!Array.isArray(list)) fail('sum', opts, 'sum 的第一个参数应是列表（表格数据）', '写成 {{sum data.villages "人口"}}。');
  const values: Decimal[] = [];
  list.forEach((row: unknown, i: number) => {
    const v = typeof f === 'string' ? (row as Record<string, unknown> | null)?.[f] : row;
    const which = rowLabel(row, i);
    if (v === '' || v === undefined || v === null) fail('sum', opts, `sum：${which}的“${String(f)}”是空的`, '补上这一行的数字，确实为零请填 0。');
    values.push(dec('sum', `${which}的“${String(f)}”`, v, opts));
  });
  return sumDecimals(values);
}
