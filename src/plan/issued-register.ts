//! 发文登记簿 (register of issued documents): every generated document with a 发文字号, one row per 文号,
//! with where it is filed; and the checks an inspector makes on it — one 文号 used by two documents (error),
//! numbers whose order contradicts their 成文日期 and numbers skipped (warnings), per 机关代字 and year.
//! Pure: it sees the documents' 公文 elements, never templates or files.
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Row } from '../workspace/readers/cells.js';

/** The catalog item (`table: 发文登记`) that binds the register into a volume, and its data key. */
export const ISSUED_TABLE = '发文登记';

/** Columns of the register, in order (序号 is added by the register form). */
export const ISSUED_COLUMNS = ['文号', '成文日期', '标题', '主送', '发文机关', '份数', '归档'] as const;

/** Relative column widths of the register (序号 not included), used unless the catalog item gives its own. */
export const ISSUED_WIDTHS: Record<(typeof ISSUED_COLUMNS)[number], number> = { 文号: 2.6, 成文日期: 2, 标题: 5, 主送: 3.6, 发文机关: 2.2, 份数: 0.7, 归档: 2.6 };

/** The widths for `columns` (a subset of ISSUED_COLUMNS, in any order). */
export function issuedWidths(columns: readonly string[]): number[] {
  return columns.map((c) => (ISSUED_WIDTHS as Record<string, number>)[c] ?? 2);
}

/** What the register reads of one generated document (its 公文 elements). */
export interface IssuedMeta {
  /** 发文字号, normalised (〔〕) */
  number: string;
  /** 成文日期, ISO */
  date?: string;
  title: string;
  /** 主送机关 */
  to?: string;
  /** 发文机关 */
  issuer?: string;
}

/** One generated document with a 发文字号, and where it is filed. */
export interface IssuedSource {
  /** document id */
  id: string;
  /** template name */
  template: string;
  /** 题名 of the catalog item */
  item: string;
  /** `each:` row name, when made per row */
  rowName?: string;
  /** volume code and 卷名 */
  volume: string;
  volumeTitle: string;
  /** 件号 within the volume */
  seq: number;
  /** print-set copies (份数), when the item prints copies */
  copies?: number;
  meta: IssuedMeta;
}

/** A 文号 split into 机关代字, year and serial: 澧政发〔2025〕4号 → 澧政发, 2025, 4. */
export interface DocNumberParts {
  prefix: string;
  year: number;
  serial: number;
}

/** One row of the register: a 文号 and every place the document is filed. */
export interface IssuedEntry {
  number: string;
  parts?: DocNumberParts;
  meta: IssuedMeta;
  copies?: number;
  filed: { volume: string; volumeTitle: string; seq: number }[];
  sources: IssuedSource[];
}

export interface IssuedRegister {
  entries: IssuedEntry[];
  diagnostics: Diagnostic[];
}

const NUMBER = /^(.*?)〔(\d{4})〕第?0*(\d+)号$/;

export function parseDocNumber(number: string): DocNumberParts | undefined {
  const m = NUMBER.exec(number.replace(/\s+/g, ''));
  if (!m) return undefined;
  return { prefix: m[1] ?? '', year: Number(m[2]), serial: Number(m[3]) };
}

/** 2025-01-15 → 2025年1月15日 */
function cnDate(iso: string | undefined): string {
  if (!iso) return '（未写成文日期）';
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(iso);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** “模板“领导小组”（综合资料卷第4件“乡镇计划生育协会”）” */
function describe(s: IssuedSource): string {
  const row = s.rowName ? `，${s.rowName}` : '';
  return `模板“${s.template}”（${s.volumeTitle}第${s.seq}件“${s.item}”${row}）`;
}

/** The same document filed in two places: same 文号, 标题, 成文日期 and 发文机关. */
function sameDocument(a: IssuedMeta, b: IssuedMeta): boolean {
  return a.title === b.title && (a.date ?? '') === (b.date ?? '') && (a.issuer ?? '') === (b.issuer ?? '');
}

/** Serials as runs: [1,2,3,6,8,9] → 1号—3号、6号、8号—9号 */
export function serialRuns(serials: readonly number[]): string {
  const sorted = [...new Set(serials)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    const a = sorted[i] as number;
    const b = sorted[j] as number;
    runs.push(a === b ? `${a}号` : b === a + 1 ? `${a}号、${b}号` : `${a}号—${b}号`);
    i = j + 1;
  }
  return runs.join('、');
}

/**
 * The register and its checks. `locate` gives the file and line where a document's 文号 was set (its data
 * file's `number:`), for the messages; `sources` are in plan order.
 */
export function issuedRegister(sources: readonly IssuedSource[], locate: (s: IssuedSource) => { file?: string; line?: number } = () => ({})): IssuedRegister {
  const diagnostics: Diagnostic[] = [];
  const byNumber = new Map<string, IssuedEntry>();
  const order: IssuedEntry[] = [];
  // the documents already seen under each 文号 (the first is the register's row; any other one is an error)
  const seen = new Map<string, IssuedSource[]>();
  for (const s of sources) {
    const key = s.meta.number.replace(/\s+/g, '');
    const entry = byNumber.get(key);
    if (!entry) {
      const parts = parseDocNumber(key);
      const e: IssuedEntry = { number: s.meta.number, meta: s.meta, filed: [{ volume: s.volume, volumeTitle: s.volumeTitle, seq: s.seq }], sources: [s], ...(parts ? { parts } : {}), ...(s.copies ? { copies: s.copies } : {}) };
      byNumber.set(key, e);
      seen.set(key, [s]);
      order.push(e);
      continue;
    }
    const first = entry.sources[0] as IssuedSource;
    if (sameDocument(entry.meta, s.meta)) {
      // one document filed in two volumes (e.g. a 领导小组 in 综合资料卷 and 协会工作卷): one row
      entry.sources.push(s);
      entry.filed.push({ volume: s.volume, volumeTitle: s.volumeTitle, seq: s.seq });
      if (s.copies && !entry.copies) entry.copies = s.copies;
      continue;
    }
    // the second document filed again in another volume: already reported once
    const others = seen.get(key) as IssuedSource[];
    if (others.some((o) => sameDocument(o.meta, s.meta))) continue;
    others.push(s);
    const where = locate(s);
    const d: Diagnostic = {
      severity: 'error',
      code: 'docnumber-duplicate',
      message: `发文字号“${s.meta.number}”被两份公文使用：${describe(first)}的《${first.meta.title}》和${describe(s)}的《${s.meta.title}》`,
      hint: '一个文号一年只能用一次：给其中一份改用未用过的文号（文号多写在 data/ 的 number: 中）。',
    };
    if (where.file) d.file = where.file;
    if (where.line !== undefined) d.line = where.line;
    diagnostics.push(d);
  }

  // per 机关代字 and year: order against 成文日期, and numbers skipped
  const series = new Map<string, IssuedEntry[]>();
  for (const e of order) {
    if (!e.parts) continue;
    const k = `${e.parts.prefix}〔${e.parts.year}〕`;
    const list = series.get(k) ?? [];
    list.push(e);
    series.set(k, list);
  }
  for (const [k, list] of series) {
    const sorted = [...list].sort((a, b) => (a.parts as DocNumberParts).serial - (b.parts as DocNumberParts).serial);
    diagnostics.push(...orderWarnings(k, sorted, locate));
    // numbers skipped between the first and the last used (numbers before the first may have gone to
    // documents of the office that are not in these volumes)
    const have = new Set(sorted.map((e) => (e.parts as DocNumberParts).serial));
    const min = (sorted[0]?.parts as DocNumberParts).serial;
    const max = (sorted[sorted.length - 1]?.parts as DocNumberParts).serial;
    const skipped: number[] = [];
    for (let n = min + 1; n < max; n++) if (!have.has(n)) skipped.push(n);
    if (skipped.length)
      diagnostics.push({
        severity: 'warning',
        code: 'docnumber-gap',
        message: `${k}的文号不连续：${min}号至${max}号之间缺 ${serialRuns(skipped)}`,
        hint: '文号按发文先后依次编排，不能跳号。缺的文号如果用于本案卷以外的公文，可不理会此提示；否则核对各公文的 number:。',
      });
  }

  const rank = new Map<string, number>();
  for (const e of order) if (e.parts && !rank.has(e.parts.prefix)) rank.set(e.parts.prefix, rank.size);
  const entries = [...order].sort((a, b) => compareEntries(a, b, rank));
  return { entries, diagnostics };
}

/** Register order: by 机关代字 (in the order the catalog first uses them), year and serial; unparsed numbers last, by date. */
function compareEntries(a: IssuedEntry, b: IssuedEntry, rank: ReadonlyMap<string, number>): number {
  if (a.parts && b.parts) {
    if (a.parts.prefix !== b.parts.prefix) return (rank.get(a.parts.prefix) ?? 0) - (rank.get(b.parts.prefix) ?? 0);
    return a.parts.year - b.parts.year || a.parts.serial - b.parts.serial;
  }
  if (a.parts) return -1;
  if (b.parts) return 1;
  return (a.meta.date ?? '').localeCompare(b.meta.date ?? '') || (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);
}

/**
 * Numbers whose 成文日期 goes back in time: the longest run of dates that never decreases (in number order)
 * is taken as right, and each number outside it is named with the numbers it contradicts.
 */
function orderWarnings(series: string, sorted: readonly IssuedEntry[], locate: (s: IssuedSource) => { file?: string; line?: number }): Diagnostic[] {
  const dated = sorted.filter((e) => e.meta.date);
  const n = dated.length;
  if (n < 2) return [];
  const dates = dated.map((e) => e.meta.date as string);
  // longest non-decreasing subsequence (O(n²): a year's numbers are a few hundred at most)
  const len = new Array<number>(n).fill(1);
  const prev = new Array<number>(n).fill(-1);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++)
      if ((dates[j] as string) <= (dates[i] as string) && (len[j] as number) + 1 > (len[i] as number)) {
        len[i] = (len[j] as number) + 1;
        prev[i] = j;
      }
  let best = 0;
  // of equally long runs the earliest is kept: the later number is the one out of place
  for (let i = 1; i < n; i++) if ((len[i] as number) > (len[best] as number)) best = i;
  const keep = new Set<number>();
  for (let i = best; i >= 0; i = prev[i] as number) keep.add(i);
  const out: Diagnostic[] = [];
  for (let i = 0; i < n; i++) {
    if (keep.has(i)) continue;
    const e = dated[i] as IssuedEntry;
    const serial = (e.parts as DocNumberParts).serial;
    const date = dates[i] as string;
    const before = dated.filter((_x, j) => j < i && (dates[j] as string) > date);
    const after = dated.filter((_x, j) => j > i && (dates[j] as string) < date);
    const clauses: string[] = [];
    if (before.length) clauses.push(`早于编号在前的 ${serialRuns(before.map((x) => (x.parts as DocNumberParts).serial))}（${dateSpan(before)}）`);
    if (after.length) clauses.push(`晚于编号在后的 ${serialRuns(after.map((x) => (x.parts as DocNumberParts).serial))}（${dateSpan(after)}）`);
    const where = locate(e.sources[0] as IssuedSource);
    const d: Diagnostic = {
      severity: 'warning',
      code: 'docnumber-order',
      message: `${series}${serial}号《${e.meta.title}》的成文日期 ${cnDate(date)}${clauses.join('，')}：文号顺序与成文日期不符`,
      hint: '文号按成文先后依次编排：核对这份公文的文号（number:）或成文日期（date:）。',
    };
    if (where.file) d.file = where.file;
    if (where.line !== undefined) d.line = where.line;
    out.push(d);
  }
  return out;
}

function dateSpan(list: readonly IssuedEntry[]): string {
  const ds = list.map((e) => e.meta.date as string).sort();
  const a = ds[0] as string;
  const b = ds[ds.length - 1] as string;
  return a === b ? cnDate(a) : `${cnDate(a)}—${cnDate(b)}`;
}

/** The register's rows for the `table: 发文登记` item and the 发文登记簿 files (keys = ISSUED_COLUMNS). */
export function issuedRows(entries: readonly IssuedEntry[]): Row[] {
  return entries.map((e) => ({
    文号: e.number,
    成文日期: e.meta.date ?? '',
    标题: e.meta.title,
    主送: e.meta.to ?? '',
    发文机关: e.meta.issuer ?? '',
    // the copies the tool prints: one per copy mark of `copies:` (一式三份 → 3), else the one filed copy
    份数: e.copies ?? 1,
    归档: e.filed.map((f) => `${f.volumeTitle}第${f.seq}件`).join('；'),
  }));
}
