//! 统计数据 checks: parts that do not add up to their total (1070 + 565 ≠ 1637), counts that are not
//! numbers, and villages whose counts do not add up to the unit's — warnings naming both numbers.
import type { Diagnostic } from '../../diag/diagnostic.js';
import { add, cmp, COUNT_FIELDS, decText, partsMismatches, readCounts } from '../helpers/stats.js';
import type { Decimal } from '../helpers/decimal.js';

/** A data value that carries statistics (≥ 3 count fields). */
export function isStats(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && readCounts(v).counts.size >= 3;
}

/** A table (CSV/XLSX rows) of statistics per village. */
export function isStatsTable(v: unknown): v is Record<string, unknown>[] {
  return Array.isArray(v) && v.length > 0 && readCounts(v[0]).counts.size >= 3;
}

function mismatchMessage(m: ReturnType<typeof partsMismatches>[number], who: string): string {
  return `${who}${m.parts.map((p) => `${p.name} ${p.value}`).join(' + ')} = ${m.sum}，与${m.total.name} ${m.total.value} 不符`;
}

export function checkStats(key: string, v: unknown, file: string, line?: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { invalid } = readCounts(v);
  for (const x of invalid)
    out.push({ severity: 'error', code: 'stats-not-number', file, ...(line ? { line } : {}), message: `“${key}”的“${x.field.label}”（${x.field.path}）“${String(x.value)}”不是数字`, hint: '只填数字，不要带单位。' });
  for (const m of partsMismatches(v))
    out.push({ severity: 'warning', code: 'stats-parts', file, ...(line ? { line } : {}), message: mismatchMessage(m, ''), hint: '核对各分项和合计，改正填错的数字。' });
  return out;
}

export function checkStatsTable(rows: Record<string, unknown>[], file: string, nameOf: (r: Record<string, unknown>, i: number) => string): Diagnostic[] {
  const out: Diagnostic[] = [];
  rows.forEach((r, i) => {
    const line = i + 2; // header is line 1
    const who = `${nameOf(r, i)}：`;
    for (const x of readCounts(r).invalid)
      out.push({ severity: 'error', code: 'stats-not-number', file, line, message: `${who}“${x.field.label}”“${String(x.value)}”不是数字`, hint: '只填数字，不要带单位。' });
    for (const m of partsMismatches(r)) out.push({ severity: 'warning', code: 'stats-parts', file, line, message: mismatchMessage(m, who), hint: '核对这一行的分项和合计。' });
  });
  return out;
}

/** The villages' counts should add up to the unit's (出生, 常住人口 …): a warning per field that does not. */
export function checkVillageSums(unitKey: string, unit: unknown, tableKey: string, rows: Record<string, unknown>[], file: string): Diagnostic[] {
  const u = readCounts(unit).counts;
  const out: Diagnostic[] = [];
  const per = rows.map((r) => readCounts(r).counts);
  for (const f of COUNT_FIELDS) {
    const total = u.get(f.path);
    if (!total || per.some((c) => !c.has(f.path))) continue;
    const sum = per.map((c) => c.get(f.path) as Decimal).reduce(add);
    if (cmp(sum, total) !== 0)
      out.push({ severity: 'warning', code: 'stats-village-sum', file, message: `“${tableKey}”各村${f.label}合计 ${decText(sum)}，与“${unitKey}”的${f.label} ${decText(total)} 不符`, hint: '核对各村数字与全镇汇总数。' });
  }
  return out;
}
