//! A new year's workspace from last year's (`dossier init <新> --from <旧>`): the file transformations —
//! dossier.yaml set to the new year, year-bound data emptied with its headers and structure kept (a YAML
//! file's figures emptied, its text kept, its `previous:` filled from the old figures), case rows kept or
//! dropped, and where a kept file still says the old year. Pure functions over bytes and text; the command
//! (cli/commands/init-from.ts) decides what to apply them to.
import { isMap, isScalar, isSeq, parseDocument, type Node, type Scalar, type YAMLMap } from 'yaml';
import { parseIsoDate } from '../util/dates.js';
import { decodeText } from './readers/csv.js';
import type { Row } from './readers/cells.js';

/** dossier.yaml with `year:` set and `date:` (立卷时间) moved to the same day of the new year; comments kept. */
export function nextYearConfig(text: string, from: number, to: number): string {
  return text
    .replace(/^(year:[ \t]*)\d{4}/m, `$1${to}`)
    .replace(/^(date:[ \t]*["']?)(\d{4})-(\d{1,2})-(\d{1,2})/m, (all, head: string, y: string, m: string, d: string) => {
      if (Number(y) !== from) return all;
      const day = Math.min(Number(d), new Date(Date.UTC(to, Number(m), 0)).getUTCDate());
      return `${head}${to}-${m.padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    });
}

/** A CSV with its header line only (the bytes of that line kept as they were, encoding and BOM included). */
export function emptyCsv(bytes: Uint8Array): { bytes: Uint8Array; rows: number } {
  const { text } = decodeText(bytes);
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  let end = bytes.indexOf(0x0a);
  end = end < 0 ? bytes.length : end + 1;
  return { bytes: bytes.slice(0, end), rows: Math.max(0, lines.length - 1) };
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV (UTF-8 with BOM, as Excel opens it) of these rows under this header. */
export function csvOf(header: readonly string[], rows: readonly Row[]): Uint8Array {
  const lines = [header.map(csvCell).join(','), ...rows.map((r) => header.map((h) => csvCell(r[h])).join(','))];
  return new TextEncoder().encode(`\ufeff${lines.join('\r\n')}\r\n`);
}

/** The first line of a CSV: its column names. */
export function csvHeader(bytes: Uint8Array): string[] {
  const first = decodeText(bytes).text.split(/\r?\n/)[0] ?? '';
  return first.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
}

const isFigure = (s: Scalar): boolean => typeof s.value === 'number' || (typeof s.value === 'string' && parseIsoDate(s.value) !== undefined);

/** Scalars of a YAML node by path (maps only), for `previous:`. */
function scalarAt(node: Node | null | undefined, path: readonly string[]): Scalar | undefined {
  let cur: unknown = node;
  for (const k of path) {
    if (!isMap(cur)) return undefined;
    cur = (cur as YAMLMap).get(k, true);
  }
  return isScalar(cur) ? cur : undefined;
}

/**
 * Year-bound YAML data emptied: a list becomes [] and a mapping keeps its keys and text but loses its figures
 * (numbers and dates → empty), except `previous:`, which takes the old figures of the same keys (上年数).
 * `path` leads from the file's top to the year-bound value ([] = the whole file). Comments stay.
 */
export function emptyYaml(text: string, path: readonly string[], json = false): { text: string; figures: number; previous: number; items: number } {
  const doc = parseDocument(text);
  let node: unknown = doc.contents;
  for (const k of path) node = isMap(node) ? (node as YAMLMap).get(k, true) : undefined;
  let figures = 0;
  let previous = 0;
  let items = 0;
  if (isSeq(node)) {
    items = node.items.length;
    node.items = [];
    node.flow = true;
  } else if (isMap(node)) {
    const map = node as YAMLMap;
    // 上年数 first, from the figures as they were; a file without `previous:` gets one with all its counts
    if (!map.has('previous')) {
      const counts = numbersOf(map.toJSON() as unknown);
      if (counts !== undefined) {
        const node = doc.createNode(counts);
        map.set(doc.createNode('previous'), node);
        const pair = map.items[map.items.length - 1];
        if (pair && isScalar(pair.key)) pair.key.commentBefore = ' 上年数：dossier init --from 从上一年度的数字填入，用于“近二年”指标';
      }
    }
    const prev = map.get('previous', true);
    const fill = (n: unknown, at: string[]): void => {
      if (isMap(n)) for (const p of (n as YAMLMap).items) fill(p.value, [...at, String(isScalar(p.key) ? p.key.value : p.key)]);
      else if (isScalar(n)) {
        const old = scalarAt(map, at);
        if (old && isFigure(old)) {
          n.value = old.value;
          previous++;
        }
      }
    };
    fill(prev, []);
    const clear = (n: unknown): void => {
      if (isMap(n)) {
        for (const p of (n as YAMLMap).items) if (!(n === map && isScalar(p.key) && p.key.value === 'previous')) clear(p.value);
      } else if (isSeq(n)) for (const x of n.items) clear(x);
      else if (isScalar(n) && isFigure(n)) {
        n.value = null;
        figures++;
      }
    };
    clear(map);
  }
  return { text: doc.toString({ nullStr: json ? 'null' : '' }), figures, previous, items };
}

/** The numbers of a value with its mapping structure (text, dates and lists left out), or undefined when none. */
function numbersOf(v: unknown): unknown {
  if (typeof v === 'number') return v;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const n = numbersOf(x);
    if (n !== undefined) out[k] = n;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Lines of a text that still name the old year (2025, 2025年, 2025-03-01 …): 1-based line numbers. */
export function oldYearLines(text: string, year: number, yaml = false): number[] {
  const re = new RegExp(`(^|[^0-9])${year}([^0-9]|$)`);
  const out: number[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    // a YAML comment (whole line, or after a space) is an explanation, not data
    const data = yaml ? l.replace(/(^|\s)#.*$/, '') : l;
    if (re.test(data)) out.push(i + 1);
  });
  return out;
}
