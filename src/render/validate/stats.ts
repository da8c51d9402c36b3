//! 统计数据 checks: parts that do not add up to their total (1070 + 565 ≠ 1637), counts that are not
//! numbers, and villages whose counts do not add up to the unit's — warnings naming both numbers.
import type { Diagnostic } from '../../diag/diagnostic.js';
import { rowOrigin } from '../../workspace/readers/cells.js';
import { add, cmp, COUNT_FIELDS, decText, partsMismatches, partsOverWholes, readCounts, type CountProblem } from '../helpers/stats.js';
import type { Decimal } from '../helpers/decimal.js';

/** A data value that carries statistics (≥ 3 count fields). */
export function isStats(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const { counts, invalid } = readCounts(v);
  return counts.size + invalid.length >= 3;
}

/** A table (CSV/XLSX rows) of statistics per village. */
export function isStatsTable(v: unknown): v is Record<string, unknown>[] {
  if (!Array.isArray(v) || v.length === 0) return false;
  const { counts, invalid } = readCounts(v[0]);
  return counts.size + invalid.length >= 3;
}

function mismatchMessage(m: ReturnType<typeof partsMismatches>[number], who: string): string {
  return `${who}${m.parts.map((p) => `${p.name} ${p.value}`).join(' + ')} = ${m.sum}，与${m.total.name} ${m.total.value} 不符`;
}

/** Where a key path of a stats value is: the line (and column) in its file, when known. */
export type StatsLocate = (path: readonly (string | number)[]) => { line: number; column?: number } | undefined;

const PROBLEM_TEXT: Record<CountProblem, string> = {
  'not-number': '不是数字',
  negative: '是负数，人数不能小于 0',
  fraction: '不是整数，人数应为整数',
};

const PROBLEM_HINT: Record<CountProblem, string> = {
  'not-number': '只填数字，不要带单位。',
  negative: '改正这个数字（没有就填 0）；负数会让出生率、死亡率等印成负的。',
  fraction: '人数只能是整数：改正这个数字（多半是把别的数字填进了这一格）。',
};

function overMessage(o: ReturnType<typeof partsOverWholes>[number], who: string): string {
  return `${who}${o.part.label} ${o.partValue} 大于${o.whole.label} ${o.wholeValue}（${o.part.label}是${o.whole.label}的一部分，不能比它多）`;
}

const OVER_HINT = '核对这两个数字：部分不能超过总数，否则比率会印成超过 100%。';

/** One stats value (stats.yaml): counts that are not non-negative numbers, parts over wholes, parts ≠ total. */
export function checkStats(key: string, v: unknown, file: string, locate: StatsLocate = () => undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: readonly string[]): { line?: number; column?: number } => {
    const pos = locate(path);
    return pos ? { line: pos.line, ...(pos.column !== undefined ? { column: pos.column } : {}) } : {};
  };
  const { invalid, counts, keys } = readCounts(v);
  for (const x of invalid)
    out.push({ severity: 'error', code: x.problem === 'not-number' ? 'stats-not-number' : `stats-${x.problem}`, file, ...at(x.key), message: `“${key}”的“${x.field.label}”（${x.key.join('.')}）“${String(x.value)}”${PROBLEM_TEXT[x.problem]}`, hint: PROBLEM_HINT[x.problem] });
  for (const o of partsOverWholes(counts))
    out.push({ severity: 'error', code: 'stats-part-over-whole', file, ...at(keys.get(o.part.path) ?? []), message: overMessage(o, `“${key}”的`), hint: OVER_HINT });
  for (const m of partsMismatches(v))
    out.push({ severity: 'warning', code: 'stats-parts', file, ...at(keys.get(m.totalPath ?? '') ?? m.totalKey ?? []), message: mismatchMessage(m, ''), hint: '核对各分项和合计，改正填错的数字。' });
  return out;
}

/** A table of statistics per village (CSV/XLSX rows): the same checks, at each row's line and cell. */
export function checkStatsTable(rows: Record<string, unknown>[], file: string, nameOf: (r: Record<string, unknown>, i: number) => string): Diagnostic[] {
  const out: Diagnostic[] = [];
  rows.forEach((r, i) => {
    const line = rowOrigin(r)?.line ?? i + 2; // header is line 1
    const cell = (label: string): { line: number; column?: number } => {
      const col = Object.keys(r).indexOf(label);
      return col < 0 ? { line } : { line, column: col + 1 };
    };
    const who = `${nameOf(r, i)}：`;
    const { invalid, counts } = readCounts(r);
    for (const x of invalid)
      out.push({ severity: 'error', code: x.problem === 'not-number' ? 'stats-not-number' : `stats-${x.problem}`, file, ...cell(x.field.label), message: `${who}“${x.field.label}”“${String(x.value)}”${PROBLEM_TEXT[x.problem]}`, hint: PROBLEM_HINT[x.problem] });
    for (const o of partsOverWholes(counts)) out.push({ severity: 'error', code: 'stats-part-over-whole', file, ...cell(o.part.label), message: overMessage(o, who), hint: OVER_HINT });
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
