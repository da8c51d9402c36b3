//! Table columns from their content, decided once for every writer: each column's minimum is its widest
//! unbreakable run (an ID, a 文号, a date, a number with its unit, a name of up to four characters), its
//! preference its longest line; room is shared out by preference; a table whose minimums do not fit the
//! portrait 版心 turns to landscape. Cells get their alignment here too (text left, codes and numbers
//! centred or right, headers centred). Widths are font-independent (model/measure.ts).

import type { Align, Inline, TableCell } from './types.js';
import { LANDSCAPE_MARGIN, PAGE, PT_PER_MM, TABLE_CELL_PADDING_MM, TABLE_TEXT_SIZE_PT, TYPE_AREA } from '../standards/gbt9704.js';
import { textEm } from './measure.js';
import { unbreakableRuns, wordsOf } from './words.js';

/** Width of the portrait and the landscape 版心, pt. */
export const PORTRAIT_MEASURE_PT = TYPE_AREA.widthMm * PT_PER_MM;
export const LANDSCAPE_MEASURE_PT = (PAGE.heightMm - LANDSCAPE_MARGIN.leftMm - LANDSCAPE_MARGIN.rightMm) * PT_PER_MM;

/** Text size and cell padding of a table, and the width it may take (forms have their own). */
export interface TableMetrics {
  sizePt: number;
  /** header text size, when it differs */
  headerSizePt?: number;
  /** both paddings together */
  padPt: number;
  /** a fixed width (archive forms): no turning the page */
  measurePt?: number;
}

const PUBLIC_DOC: TableMetrics = { sizePt: TABLE_TEXT_SIZE_PT, padPt: 2 * TABLE_CELL_PADDING_MM * PT_PER_MM };

export interface ColumnPlan {
  /** fractions of the 版心 width, summing to 1 */
  widths: number[];
  landscape: boolean;
  /** per column: the alignment of body cells without one of their own */
  align: Align[];
}

export function inlineText(xs: readonly Inline[]): string {
  return xs.map((x) => (x.t === 'text' ? x.text : x.t === 'break' ? '\n' : inlineText(x.children))).join('');
}

/** A quantity (right-aligned when long); a long string of digits (phone, ID) is a code (centred). */
const NUMBER = /^[-+]?(?:0|[1-9]\d{0,8}|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/;
const CODE = /^(?:[A-Za-z0-9][A-Za-z0-9\-_./·:]*|\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{4}-\d{1,2}(?:-\d{1,2})?|[\p{Script=Han}]{0,10}[〔[［(（]\d{4}[〕\]］)）]\d+号?|[-+]?\d[\d,.]*(?:%|‰|[\p{Script=Han}]{1,3}))$/u;

interface Col {
  min: number;
  pref: number;
  numeric: boolean;
  code: boolean;
  short: boolean;
  maxChars: number;
  any: boolean;
}

function cellLines(c: TableCell): string[] {
  return inlineText(c.content).split('\n');
}

/**
 * Plans the columns of a table. `given`: relative widths from the catalog (never below a column's minimum);
 * `landscape`: the catalog's choice, else decided here.
 */
export function planColumns(header: readonly TableCell[][], rows: readonly TableCell[][], opts: { given?: readonly number[]; landscape?: boolean; metrics?: TableMetrics } = {}): ColumnPlan {
  const m = opts.metrics ?? PUBLIC_DOC;
  const SIZE = m.sizePt;
  const PAD = m.padPt;
  /** narrowest a text column gets when even the landscape page is too narrow: two characters */
  const TEXT_FLOOR = 2 * SIZE + PAD;
  // (no spread into Math.max: a register may have 100,000 rows)
  let ncols = 1;
  for (const r of [header, rows]) for (const row of r) ncols = Math.max(ncols, row.reduce((n, c) => n + Math.max(1, c.colSpan ?? 1), 0));
  const cols: Col[] = Array.from({ length: ncols }, () => ({ min: TEXT_FLOOR, pref: TEXT_FLOOR, numeric: true, code: true, short: true, maxChars: 0, any: false }));
  const visit = (row: readonly TableCell[], head: boolean): void => {
    let col = 0;
    for (const c of row) {
      const span = Math.max(1, c.colSpan ?? 1);
      const k = col;
      col += span;
      if (span !== 1 || k >= ncols) continue;
      const info = cols[k] as Col;
      for (const line of cellLines(c)) {
        const text = line.trim();
        const runs = head ? wordsOf(text) : unbreakableRuns(text);
        const size = head ? (m.headerSizePt ?? SIZE) : SIZE;
        for (const r of runs) info.min = Math.max(info.min, textEm(r) * size + PAD);
        // a header wraps gladly (once, at the top of the page): it asks for two lines' width at most
        info.pref = Math.max(info.pref, (head ? twoLines(runs) : textEm(text)) * size + PAD);
        if (head || text === '') continue;
        info.any = true;
        info.maxChars = Math.max(info.maxChars, [...text].length);
        if (!NUMBER.test(text)) info.numeric = false;
        if (!CODE.test(text)) info.code = false;
        if ([...text].length > 4) info.short = false;
      }
    }
  };
  for (const r of header) visit(r, true);
  for (const r of rows) visit(r, false);

  const mins = cols.map((c) => c.min);
  const prefs = cols.map((c) => Math.max(c.pref, c.min));
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  const landscape = m.measurePt !== undefined ? false : (opts.landscape ?? sum(mins) > PORTRAIT_MEASURE_PT + 1e-6);
  const measure = m.measurePt ?? (landscape ? LANDSCAPE_MEASURE_PT : PORTRAIT_MEASURE_PT);
  let floor = mins;
  if (sum(mins) > measure) {
    // not even the landscape page holds every minimum: text columns may wrap between characters,
    // codes and numbers never break
    floor = cols.map((c) => (c.any && (c.code || c.numeric) ? c.min : Math.min(c.min, TEXT_FLOOR)));
  }
  const widths = opts.given && opts.given.length === ncols ? givenWidths(opts.given, floor, measure) : shareOut(floor, prefs, measure);
  const total = sum(widths) || 1;
  const align: Align[] = cols.map((c) => (!c.any ? 'left' : c.numeric ? (c.maxChars <= 4 ? 'center' : 'right') : c.code || c.short ? 'center' : 'left'));
  return { widths: widths.map((w) => w / total), landscape, align };
}

/** Minimums first, then the rest in proportion to what each column still wants; spare room by preference. */
function shareOut(min: readonly number[], pref: readonly number[], measure: number): number[] {
  const sumMin = min.reduce((a, b) => a + b, 0);
  const sumPref = pref.reduce((a, b) => a + b, 0);
  if (sumMin >= measure) return min.map((m) => (m / sumMin) * measure);
  if (sumPref <= measure) return pref.map((p) => p + ((measure - sumPref) * p) / sumPref);
  const want = pref.map((p, i) => Math.max(0, p - (min[i] as number)));
  const sumWant = want.reduce((a, b) => a + b, 0) || 1;
  return min.map((m, i) => m + ((measure - sumMin) * (want[i] as number)) / sumWant);
}

/** Relative widths as given, but never below a column's minimum: the others share what is left. */
function givenWidths(given: readonly number[], min: readonly number[], measure: number): number[] {
  const sumMin = min.reduce((a, b) => a + b, 0);
  if (sumMin >= measure) return min.map((m) => (m / sumMin) * measure);
  const fixed = new Set<number>();
  let w: number[] = [];
  for (let iter = 0; iter <= given.length; iter++) {
    const left = measure - [...fixed].reduce((a, i) => a + (min[i] as number), 0);
    const share = given.reduce((a, f, i) => (fixed.has(i) ? a : a + Math.max(0, f)), 0) || 1;
    w = given.map((f, i) => (fixed.has(i) ? (min[i] as number) : (Math.max(0, f) / share) * left));
    const under = w.flatMap((x, i) => (!fixed.has(i) && x < (min[i] as number) - 1e-6 ? [i] : []));
    if (under.length === 0) break;
    for (const i of under) fixed.add(i);
  }
  return w;
}

/** The narrowest width (em) of `words` set on at most two lines, broken between words. */
function twoLines(words: readonly string[]): number {
  const w = words.map(textEm);
  const total = w.reduce((a, b) => a + b, 0);
  if ([...words.join('')].length <= 4) return total;
  let best = total;
  let left = 0;
  for (let k = 0; k < w.length - 1; k++) {
    left += w[k] as number;
    best = Math.min(best, Math.max(left, total - left));
  }
  return best;
}
