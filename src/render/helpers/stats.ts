//! 统计指标: counts of a unit or village (stats data shape) → computed indicators (出生率‰, 符合政策生育率% …),
//! each rounded once, half up, from the exact ratio; 责任目标 phrasing and assessment (目标完成情况).
//! Pure: knows the data shapes, nothing of files or templates; helpers at the bottom.
import { formatScaled, ratioRounded, toDecimal, type Decimal } from './decimal.js';
import { fail, type HelperOptions } from './errors.js';

/** A count field: canonical path in stats.yaml (English keys) and the Chinese column name in CSV/XLSX. */
export interface CountField {
  path: string;
  label: string;
  /** money (社会抚养费) and averages (年平均人口) may have decimals; every other field counts people */
  decimals?: true;
}

/** 统计数据的字段. YAML may nest (births.total) or use the Chinese label; CSV/XLSX use the label. */
const THIS_YEAR: readonly CountField[] = [
  { path: 'population', label: '常住人口' },
  { path: 'avgPopulation', label: '年平均人口', decimals: true },
  { path: 'deaths', label: '死亡' },
  { path: 'women.total', label: '育龄妇女' },
  { path: 'women.married', label: '已婚育龄妇女' },
  { path: 'women.childless', label: '无孩妇女' },
  { path: 'women.oneChild', label: '一孩妇女' },
  { path: 'women.twoChildren', label: '二孩妇女' },
  { path: 'women.moreChildren', label: '多孩妇女' },
  { path: 'births.total', label: '出生' },
  { path: 'births.inPolicy', label: '政策内出生' },
  { path: 'births.outPolicy', label: '政策外出生' },
  { path: 'births.boys', label: '男婴' },
  { path: 'births.girls', label: '女婴' },
  { path: 'births.first', label: '一孩出生' },
  { path: 'births.second', label: '二孩出生' },
  { path: 'births.more', label: '多孩出生' },
  { path: 'contraception.total', label: '落实节育措施' },
  { path: 'contraception.longTerm', label: '长效节育措施' },
  { path: 'contraception.vasectomy', label: '男扎' },
  { path: 'contraception.tubal', label: '女扎' },
  { path: 'contraception.iud', label: '上环' },
  { path: 'contraception.implant', label: '皮埋' },
  { path: 'fees.due', label: '社会抚养费应收', decimals: true },
  { path: 'fees.collected', label: '社会抚养费实收', decimals: true },
  { path: 'migrants.due', label: '流动人口应管理' },
  { path: 'migrants.managed', label: '流动人口已管理' },
];

/** Every count this year and the year before (上年数, under `previous:`; a new year's workspace gets them from `--from`). */
export const COUNT_FIELDS: readonly CountField[] = [...THIS_YEAR, ...THIS_YEAR.map((f) => ({ path: `previous.${f.path}`, label: `上年${f.label}` }))];

const LABEL_OF = new Map(COUNT_FIELDS.map((f) => [f.path, f.label]));
const FIELD_OF = new Map(COUNT_FIELDS.map((f) => [f.path, f]));

/** Counts by canonical path; a field that is absent or empty is missing (not zero). */
export type Counts = Map<string, Decimal>;

function dig(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Why a count cannot be used: not a number, below zero, or a fraction of a person. */
export type CountProblem = 'not-number' | 'negative' | 'fraction';

export interface InvalidCount {
  field: CountField;
  value: unknown;
  problem: CountProblem;
  /** the key path it was read from (["births", "total"] or ["出生"]) */
  key: string[];
}

/** Reads the counts of a stats object (nested English keys, or flat Chinese labels as in a CSV row). */
export function readCounts(obj: unknown): { counts: Counts; invalid: InvalidCount[]; keys: Map<string, string[]> } {
  const counts: Counts = new Map();
  const invalid: InvalidCount[] = [];
  const keys = new Map<string, string[]>();
  for (const f of COUNT_FIELDS) {
    let v = dig(obj, f.path);
    let key = f.path.split('.');
    if (v === undefined || v === null || v === '') {
      v = (obj as Record<string, unknown> | null)?.[f.label];
      key = [f.label];
    }
    if (v === undefined || v === null || v === '') continue;
    const d = typeof v === 'number' || typeof v === 'string' ? toDecimal(v) : undefined;
    const problem: CountProblem | undefined = !d ? 'not-number' : d.n < 0n ? 'negative' : !f.decimals && d.scale > 0 && d.n % 10n ** BigInt(d.scale) !== 0n ? 'fraction' : undefined;
    if (d && !problem) {
      counts.set(f.path, d);
      keys.set(f.path, key);
    } else invalid.push({ field: f, value: v, problem: problem ?? 'not-number', key });
  }
  return { counts, invalid, keys };
}

/** A part that can never be more than its whole (政策内出生 ≤ 出生): else a rate prints as 115.7%. */
export const PART_OF: readonly { part: string; whole: string }[] = [
  { part: 'births.total', whole: 'population' },
  { part: 'deaths', whole: 'population' },
  ...['births.inPolicy', 'births.outPolicy', 'births.boys', 'births.girls', 'births.first', 'births.second', 'births.more'].map((part) => ({ part, whole: 'births.total' })),
  { part: 'women.married', whole: 'women.total' },
  ...['women.childless', 'women.oneChild', 'women.twoChildren', 'women.moreChildren', 'contraception.total'].map((part) => ({ part, whole: 'women.married' })),
  { part: 'contraception.longTerm', whole: 'contraception.total' },
  ...['contraception.vasectomy', 'contraception.tubal', 'contraception.iud', 'contraception.implant'].map((part) => ({ part, whole: 'contraception.longTerm' })),
  { part: 'migrants.managed', whole: 'migrants.due' },
];

/** Parts larger than their wholes, with both values. */
export function partsOverWholes(c: Counts): { part: CountField; whole: CountField; partValue: string; wholeValue: string }[] {
  const out: { part: CountField; whole: CountField; partValue: string; wholeValue: string }[] = [];
  for (const r of PART_OF) {
    const p = c.get(r.part);
    const w = c.get(r.whole);
    if (p && w && cmp(p, w) > 0) out.push({ part: FIELD_OF.get(r.part) as CountField, whole: FIELD_OF.get(r.whole) as CountField, partValue: decText(p), wholeValue: decText(w) });
  }
  return out;
}

// ---- exact decimal arithmetic ----

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const s = Math.max(a.scale, b.scale);
  return [a.n * 10n ** BigInt(s - a.scale), b.n * 10n ** BigInt(s - b.scale), s];
}
export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { n: x + y, scale };
}
export function sub(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { n: x - y, scale };
}
export function cmp(a: Decimal, b: Decimal): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}
export function decText(d: Decimal): string {
  const s = formatScaled(d.n, d.scale);
  return d.scale > 0 ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

// ---- indicators ----

/** a count, a difference (出生 − 死亡) or a sum over years (本年 + 上年) */
type Term = string | { minus: [string, string] } | { plus: string[] };

/** 计算指标: numerator / denominator × factor. */
export interface IndicatorDef {
  name: string;
  /** other names a 责任书 uses for the same indicator */
  aliases?: string[];
  num: Term;
  /** a count (the first present of a list), or a sum */
  den: string | string[] | { plus: string[] };
  factor: 100 | 1000;
  /** printed after the number: %, ‰, or nothing (性别比) */
  suffix: '%' | '‰' | '';
  /** default decimals */
  digits: number;
}

export const INDICATORS: readonly IndicatorDef[] = [
  { name: '出生率', aliases: ['人口出生率'], num: 'births.total', den: ['avgPopulation', 'population'], factor: 1000, suffix: '‰', digits: 2 },
  { name: '死亡率', aliases: ['人口死亡率'], num: 'deaths', den: ['avgPopulation', 'population'], factor: 1000, suffix: '‰', digits: 2 },
  { name: '自然增长率', aliases: ['人口自然增长率', '自增率'], num: { minus: ['births.total', 'deaths'] }, den: ['avgPopulation', 'population'], factor: 1000, suffix: '‰', digits: 2 },
  { name: '符合政策生育率', aliases: ['政策生育率', '计划生育率'], num: 'births.inPolicy', den: 'births.total', factor: 100, suffix: '%', digits: 1 },
  { name: '出生人口性别比', aliases: ['出生性别比', '性别比'], num: 'births.boys', den: 'births.girls', factor: 100, suffix: '', digits: 0 },
  { name: '一孩率', num: 'births.first', den: 'births.total', factor: 100, suffix: '%', digits: 2 },
  { name: '二孩率', num: 'births.second', den: 'births.total', factor: 100, suffix: '%', digits: 2 },
  { name: '多孩率', num: 'births.more', den: 'births.total', factor: 100, suffix: '%', digits: 2 },
  { name: '综合节育率', aliases: ['综合避孕率'], num: 'contraception.total', den: 'women.married', factor: 100, suffix: '%', digits: 2 },
  { name: '长效节育措施率', aliases: ['长效避孕节育措施落实率', '长效节育措施落实率'], num: 'contraception.longTerm', den: 'contraception.total', factor: 100, suffix: '%', digits: 2 },
  { name: '社会抚养费征收到位率', aliases: ['社会抚养费征兑率', '社会抚养费征收率'], num: 'fees.collected', den: 'fees.due', factor: 100, suffix: '%', digits: 2 },
  { name: '流动人口管理到位率', aliases: ['流动人口管理率'], num: 'migrants.managed', den: 'migrants.due', factor: 100, suffix: '%', digits: 2 },
  { name: '无孩妇女比例', num: 'women.childless', den: 'women.married', factor: 100, suffix: '%', digits: 2 },
  { name: '一孩妇女比例', num: 'women.oneChild', den: 'women.married', factor: 100, suffix: '%', digits: 2 },
  { name: '二孩妇女比例', num: 'women.twoChildren', den: 'women.married', factor: 100, suffix: '%', digits: 2 },
  { name: '多孩妇女比例', num: 'women.moreChildren', den: 'women.married', factor: 100, suffix: '%', digits: 2 },
];

/** 近二年 (近两年) + an indicator: this year and last year summed before dividing (004: 近二年社会抚养费征兑率91.39%). */
const TWO_YEARS = /^近[二两]年/;

function withPrevious(t: string): { plus: string[] } {
  return { plus: [t, `previous.${t}`] };
}

export function findIndicator(name: string): IndicatorDef | undefined {
  const n = name.trim();
  const two = TWO_YEARS.exec(n);
  if (!two) return INDICATORS.find((d) => d.name === n || d.aliases?.includes(n));
  const base = findIndicator(n.slice(two[0].length));
  // counts only: a difference (自然增长率) has no two-year form
  if (!base || typeof base.num !== 'string') return undefined;
  const den = Array.isArray(base.den) ? base.den[base.den.length - 1] : base.den;
  if (typeof den !== 'string') return undefined;
  return { ...base, name: `近二年${base.name}`, aliases: [], num: withPrevious(base.num), den: withPrevious(den) };
}

/** Why an indicator cannot be computed, in Chinese (field names as the clerk writes them). */
export class StatError extends Error {}

function need(c: Counts, path: string, ind: string): Decimal {
  const v = c.get(path);
  if (!v) throw new StatError(`计算“${ind}”需要“${LABEL_OF.get(path) ?? path}”（${path}），数据中没有填写`);
  return v;
}

/** The exact ratio of an indicator: numerator and denominator (before × factor). */
export function indicatorRatio(def: IndicatorDef, c: Counts): { num: Decimal; den: Decimal } {
  const term = (t: Term): Decimal => (typeof t === 'string' ? need(c, t, def.name) : 'minus' in t ? sub(need(c, t.minus[0], def.name), need(c, t.minus[1], def.name)) : t.plus.map((p) => need(c, p, def.name)).reduce(add));
  const denPaths = Array.isArray(def.den) ? [def.den.find((p) => c.has(p)) ?? def.den[def.den.length - 1] ?? ''] : typeof def.den === 'string' ? [def.den] : def.den.plus;
  const num = term(def.num);
  const den = term(typeof def.den === 'object' && !Array.isArray(def.den) ? def.den : (denPaths[0] as string));
  if (den.n === 0n) throw new StatError(`计算“${def.name}”的分母“${denPaths.map((p) => LABEL_OF.get(p) ?? p).join('＋')}”为 0，无法计算`);
  return { num, den };
}

/** The indicator as printed: one rounding from the exact ratio, e.g. 90.7% / 9.34‰ / 100. */
export function indicatorText(def: IndicatorDef, c: Counts, digits = def.digits): { value: string; text: string } {
  const { num, den } = indicatorRatio(def, c);
  const value = ratioRounded(num, den, def.factor, digits);
  return { value, text: `${value}${def.suffix}` };
}

// ---- parts that must add up ----

/** Parts that must add up to a total (a warning when they do not: 1070 + 565 ≠ 1637). */
export const PART_RULES: readonly { total: string; parts: string[] }[] = [
  { total: 'births.total', parts: ['births.inPolicy', 'births.outPolicy'] },
  { total: 'births.total', parts: ['births.boys', 'births.girls'] },
  { total: 'births.total', parts: ['births.first', 'births.second', 'births.more'] },
  { total: 'women.married', parts: ['women.childless', 'women.oneChild', 'women.twoChildren', 'women.moreChildren'] },
  { total: 'contraception.longTerm', parts: ['contraception.vasectomy', 'contraception.tubal', 'contraception.iud', 'contraception.implant'] },
];

export interface PartsMismatch {
  /** the total's canonical path (fixed rules) or its key path in the data (`{total, parts}` objects) */
  totalPath?: string;
  totalKey?: string[];
  total: { name: string; value: string };
  parts: { name: string; value: string }[];
  sum: string;
}

/** Checks the fixed part rules (all parts present) and any `{total, parts: {…}}` object in the data. */
export function partsMismatches(obj: unknown, c: Counts = readCounts(obj).counts): PartsMismatch[] {
  const out: PartsMismatch[] = [];
  for (const r of PART_RULES) {
    const total = c.get(r.total);
    const parts = r.parts.map((p) => c.get(p));
    if (!total || parts.some((p) => !p)) continue;
    const sum = (parts as Decimal[]).reduce(add);
    if (cmp(sum, total) !== 0)
      out.push({ totalPath: r.total, total: { name: LABEL_OF.get(r.total) ?? r.total, value: decText(total) }, parts: r.parts.map((p, i) => ({ name: LABEL_OF.get(p) ?? p, value: decText(parts[i] as Decimal) })), sum: decText(sum) });
  }
  for (const m of genericParts(obj, '', [])) out.push(m);
  return out;
}

/** `{ total: 1637, parts: { 独子死亡: 1070, 独子伤残: 565 } }` anywhere in the data. */
function genericParts(obj: unknown, name: string, at: string[], depth = 0): PartsMismatch[] {
  if (obj === null || typeof obj !== 'object' || depth > 64) return [];
  const out: PartsMismatch[] = [];
  const o = obj as Record<string, unknown>;
  const parts = o['parts'];
  const t = o['total'] ?? o['合计'];
  if (parts && typeof parts === 'object' && !Array.isArray(parts) && (typeof t === 'number' || typeof t === 'string')) {
    const total = toDecimal(t);
    const entries = Object.entries(parts as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'number' || typeof v === 'string' ? toDecimal(v) : undefined] as const);
    if (total && entries.length && entries.every(([, v]) => v)) {
      const sum = entries.map(([, v]) => v as Decimal).reduce(add);
      if (cmp(sum, total) !== 0) out.push({ totalKey: [...at, o['total'] !== undefined ? 'total' : '合计'], total: { name: String(o['name'] ?? name) || '合计', value: decText(total) }, parts: entries.map(([k, v]) => ({ name: k, value: decText(v as Decimal) })), sum: decText(sum) });
    }
  }
  for (const [k, v] of Object.entries(o)) if (k !== 'parts' && v && typeof v === 'object') for (const m of genericParts(v, k, [...at, k], depth + 1)) out.push(m);
  return out;
}

// ---- 责任目标 ----

/** 责任目标 as data (targets.yaml → indicators). */
export interface TargetSpec {
  name: string;
  /** ≥ 达到…以上, ≤ 控制在…以内, = 达到…, range 控制在 min～max 之间, text 只写文字 */
  direction?: string;
  value?: number | string;
  min?: number | string;
  max?: number | string;
  unit?: string;
  score?: number;
  /** the computed indicator to assess against (default: the name, when it is one) */
  stat?: string;
  /** 扣分办法: every `per` unit short costs `points`, down to 0 */
  deduct?: { per?: number; points: number } | string;
  /** free text for direction: text */
  text?: string;
}

const DIRECTIONS = new Set(['≥', '>=', '≤', '<=', '=', 'range', 'text']);

export function normDirection(d: string | undefined): '≥' | '≤' | '=' | 'range' | 'text' | undefined {
  if (d === undefined) return undefined;
  const s = String(d).trim();
  if (s === '>=' || s === '≥' || s === '以上') return '≥';
  if (s === '<=' || s === '≤' || s === '以内') return '≤';
  if (s === '=' || s === 'range' || s === 'text') return s;
  return DIRECTIONS.has(s) ? (s as '≥') : undefined;
}

const blank = (v: unknown): boolean => v === undefined || v === null || String(v).trim() === '';

/** What is wrong with a target (Chinese), or nothing: used by the helper and by validation. */
export function targetProblem(t: TargetSpec): string | undefined {
  const dir = normDirection(t.direction ?? (blank(t.value) && blank(t.min) ? 'text' : '≥'));
  if (!dir) return `目标“${t.name}”的 direction“${String(t.direction)}”不认识（可用 ≥、≤、=、range、text）`;
  if (dir === 'text') return undefined;
  if (dir === 'range') {
    if (blank(t.min) || blank(t.max)) return `目标“${t.name}”是区间目标，但没有同时填写 min 和 max`;
    return undefined;
  }
  if (blank(t.value)) return `目标“${t.name}”没有填写目标值（value），会印成“${dir === '≤' ? '控制在' : '达到'}${t.unit ?? ''}${dir === '≤' ? '以内' : '以上'}”`;
  return undefined;
}

/** 目标的文字: 符合政策生育率达到90%以上 / 人口出生率控制在12‰以内 / 出生人口性别比控制在103～107之间. */
export function targetSentence(t: TargetSpec): string {
  const problem = targetProblem(t);
  if (problem) throw new StatError(problem);
  const unit = t.unit ?? '';
  const dir = normDirection(t.direction ?? (blank(t.value) && blank(t.min) ? 'text' : '≥'));
  switch (dir) {
    case '≥':
      return `${t.name}达到${t.value}${unit}以上`;
    case '≤':
      return `${t.name}控制在${t.value}${unit}以内`;
    case '=':
      return `${t.name}达到${t.value}${unit}`;
    case 'range':
      return `${t.name}控制在${t.min}${unit}～${t.max}${unit}之间`;
    default:
      return t.text ?? t.name;
  }
}

/** 目标值 alone, for a 完成情况表: ≥90% / ≤12‰ / 103～107. */
export function targetValueText(t: TargetSpec): string {
  const unit = t.unit ?? '';
  switch (normDirection(t.direction ?? (blank(t.value) && blank(t.min) ? 'text' : '≥'))) {
    case '≥':
      return `≥${t.value}${unit}`;
    case '≤':
      return `≤${t.value}${unit}`;
    case '=':
      return `${t.value}${unit}`;
    case 'range':
      return `${t.min}～${t.max}${unit}`;
    default:
      return '';
  }
}

const POINT_UNIT: Record<string, string> = { '%': '个百分点', '‰': '个千分点' };

/** 扣分办法 as printed: 每低于1个百分点扣5分，扣完为止. */
export function deductSentence(t: TargetSpec): string {
  if (t.deduct === undefined) return '';
  if (typeof t.deduct === 'string') return t.deduct;
  const per = t.deduct.per ?? 1;
  const dir = normDirection(t.direction);
  const verb = dir === '≤' ? '高于' : '低于';
  const u = POINT_UNIT[t.unit ?? ''] ?? (t.unit ?? '');
  return `每${verb}${per}${u}扣${t.deduct.points}分，扣完为止`;
}

/** One line of a 目标完成情况表. */
export interface Assessment {
  序号: number;
  指标: string;
  目标: string;
  实际: string;
  完成情况: string;
  分值: string;
  得分: string;
}

/** Assess targets against counts: actual value, met or not, score after the deduction rule. */
export function assessTargets(targets: readonly TargetSpec[], c: Counts): Assessment[] {
  return targets.map((t, i) => {
    const a: Assessment = { 序号: i + 1, 指标: t.name, 目标: targetValueText(t), 实际: '', 完成情况: '', 分值: t.score === undefined ? '' : String(t.score), 得分: '' };
    const def = findIndicator(t.stat ?? t.name);
    const dir = normDirection(t.direction ?? (blank(t.value) && blank(t.min) ? 'text' : '≥'));
    if (!def || dir === 'text' || targetProblem(t)) {
      a.完成情况 = '另行考核';
      return a;
    }
    let actual: Decimal;
    try {
      const digits = Math.max(def.digits, decimalsOf(t.value), decimalsOf(t.min), decimalsOf(t.max));
      const { value, text } = indicatorText(def, c, digits);
      a.实际 = text;
      actual = toDecimal(value) as Decimal;
    } catch (e) {
      if (!(e instanceof StatError)) throw e;
      a.完成情况 = '缺少数据';
      return a;
    }
    const v = (x: unknown): Decimal => toDecimal(String(x)) as Decimal;
    let shortfall: Decimal = { n: 0n, scale: 0 };
    if (dir === '≥' || dir === '=') {
      if (cmp(actual, v(t.value)) < 0) shortfall = sub(v(t.value), actual);
      if (dir === '=' && cmp(actual, v(t.value)) > 0) shortfall = sub(actual, v(t.value));
    } else if (dir === '≤') {
      if (cmp(actual, v(t.value)) > 0) shortfall = sub(actual, v(t.value));
    } else if (dir === 'range') {
      if (cmp(actual, v(t.min)) < 0) shortfall = sub(v(t.min), actual);
      else if (cmp(actual, v(t.max)) > 0) shortfall = sub(actual, v(t.max));
    }
    const met = shortfall.n === 0n;
    a.完成情况 = met ? '完成' : '未完成';
    if (t.score !== undefined) a.得分 = met ? String(t.score) : decText(deducted(t, shortfall));
    return a;
  });
}

function decimalsOf(x: unknown): number {
  const m = /\.(\d+)$/.exec(String(x ?? ''));
  return m ? (m[1] as string).length : 0;
}

/** Score after deduction: every started `per` of shortfall costs `points` (不足1个百分点按1个百分点计), floor 0. */
function deducted(t: TargetSpec, shortfall: Decimal): Decimal {
  const score = toDecimal(String(t.score)) as Decimal;
  if (t.deduct === undefined || typeof t.deduct === 'string') return { n: 0n, scale: 0 };
  const per = toDecimal(String(t.deduct.per ?? 1)) as Decimal;
  const points = toDecimal(String(t.deduct.points)) as Decimal;
  // steps = ceil(shortfall / per)
  const [s, p] = align(shortfall, per);
  const steps = (s + p - 1n) / p;
  const lost: Decimal = { n: points.n * steps, scale: points.scale };
  const left = sub(score, lost);
  return left.n < 0n ? { n: 0n, scale: 0 } : left;
}

/** Sum of the 分值 of a target list (exact). */
export function scoreSum(targets: readonly TargetSpec[]): string {
  return decText(targets.filter((t) => t.score !== undefined).map((t) => toDecimal(String(t.score)) as Decimal).reduce(add, { n: 0n, scale: 0 }));
}

// ---- helpers ----

function countsArg(helper: string, v: unknown, options: HelperOptions): Counts {
  if (v === null || typeof v !== 'object') fail(helper, options, `${helper} 的统计数据参数不是一组数据`, '写成 {{stat "出生率" data.stats}}，或在 each 的行中写 {{stat "出生率" row}}。');
  return readCounts(v).counts;
}

/** {{stat "出生率" data.stats 2}} → 9.34‰ (digits optional: the indicator's default). */
export function stat(name: unknown, stats: unknown, digits: unknown, options?: HelperOptions): string {
  const opts = (options ?? digits) as HelperOptions;
  const d = options === undefined ? undefined : digits;
  const def = findIndicator(String(name));
  if (!def) fail('stat', opts, `不认识的统计指标“${String(name)}”`, `可用的指标：${INDICATORS.map((x) => x.name).join('、')}；前面加“近二年”的，按本年与上年（previous）合计计算。`);
  const n = d === undefined ? def.digits : Number(d);
  if (!Number.isInteger(n) || n < 0 || n > 6) fail('stat', opts, `stat 的小数位数“${String(d)}”应为 0 到 6 的整数`);
  try {
    return indicatorText(def, countsArg('stat', stats, opts), n).text;
  } catch (e) {
    if (e instanceof StatError) fail('stat', opts, e.message, '在统计数据中补上这一项（确实为零请填 0）。');
    throw e;
  }
}

/** {{target this}} → 符合政策生育率达到90%以上; an empty target value stops the build. */
export function target(t: unknown, options: HelperOptions): string {
  if (t === null || typeof t !== 'object') fail('target', options, 'target 的参数应是一条目标（含 name、direction、value、unit）', '写成 {{#each indicators}}{{target this}}{{/each}}。');
  try {
    return targetSentence(t as TargetSpec);
  } catch (e) {
    if (e instanceof StatError) fail('target', options, e.message, '在目标数据中补上 value（区间目标补上 min 和 max），不要留空。');
    throw e;
  }
}

/** {{deductRule this}} → 每低于1个百分点扣5分，扣完为止 (empty when the target has no rule). */
export function deductRule(t: unknown): string {
  return t !== null && typeof t === 'object' ? deductSentence(t as TargetSpec) : '';
}

/** {{#each (assess targets.indicators row)}}…{{/each}}: lines of a 目标完成情况表. */
export function assess(targets: unknown, stats: unknown, options: HelperOptions): Assessment[] {
  if (!Array.isArray(targets)) fail('assess', options, 'assess 的第一个参数应是目标列表', '写成 {{#each (assess data.targets.indicators row)}}。');
  return assessTargets(targets as TargetSpec[], countsArg('assess', stats, options));
}

/** {{scoreTotal indicators}} → the exact sum of 分值 */
export function scoreTotal(targets: unknown, options: HelperOptions): string {
  if (!Array.isArray(targets)) fail('scoreTotal', options, 'scoreTotal 的参数应是目标列表');
  return scoreSum(targets as TargetSpec[]);
}

/** {{assessedTotal (assess …)}} → 得分合计 of the scored lines */
export function assessedTotal(lines: unknown, options: HelperOptions): string {
  if (!Array.isArray(lines)) fail('assessedTotal', options, 'assessedTotal 的参数应是 assess 的结果');
  const ds = (lines as Assessment[]).filter((l) => l.得分 !== '').map((l) => toDecimal(l.得分) as Decimal);
  return decText(ds.reduce(add, { n: 0n, scale: 0 }));
}

/** {{findRow data.villageStats "村名" row.村名}}: the row of a table whose column equals a value. */
export function findRow(list: unknown, key: unknown, value: unknown, options: HelperOptions): unknown {
  if (!Array.isArray(list)) fail('findRow', options, 'findRow 的第一个参数应是表格数据');
  const hit = (list as Record<string, unknown>[]).find((r) => r && String(r[String(key)]).trim() === String(value).trim());
  if (!hit) fail('findRow', options, `表格中找不到“${String(key)}”为“${String(value)}”的行`, '检查两份数据中的名称是否一致。');
  return hit;
}
