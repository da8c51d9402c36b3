//! Table columns from their content, decided once for every writer. Each column's minimum is its widest
//! unbreakable run (an ID, a 文号, a date, a number with its unit, a name of up to four characters); its
//! preference its longest line. The page and the text size are the first of 小四 portrait, 小四 landscape,
//! 五号 and 小五 landscape where the minimums fit with room for the text columns (GB/T 9704 lets a table's size be
//! adjusted; numbers are never broken to keep 小四). The room is then given where it saves the most lines —
//! the table's height is what a reader pays for, a row is as tall as its tallest cell, and a header is paid
//! on every page — and what is left is shared out by preference. When not even 小五 on a turned page holds the
//! minimums, text columns wrap between characters and number-like runs still never break. Cells get their
//! alignment here too (text left, codes and numbers centred or right). Widths are font-independent
//! (model/measure.ts), so a cell that fits here fits in the PDF and in Word.

import type { Align, Inline, TableCell } from './types.js';
import { cellColumns, gridWidth } from './table-grid.js';
import {
  LANDSCAPE_MARGIN,
  PAGE,
  PT_PER_MM,
  SIZE_PT,
  TABLE_CELL_PADDING_MM,
  TABLE_LINE_HEIGHT,
  TABLE_TEXT_SIZE_PT,
  TYPE_AREA,
} from '../standards/gbt9704.js';
import { charEm } from './measure.js';
import { cellUnits, type CellUnits } from './words.js';

/** Width of the portrait and the landscape 版心, pt. */
export const PORTRAIT_MEASURE_PT = TYPE_AREA.widthMm * PT_PER_MM;
export const LANDSCAPE_MEASURE_PT = (PAGE.heightMm - LANDSCAPE_MARGIN.leftMm - LANDSCAPE_MARGIN.rightMm) * PT_PER_MM;
const PORTRAIT_HEIGHT_PT = TYPE_AREA.heightMm * PT_PER_MM;
const LANDSCAPE_HEIGHT_PT = (PAGE.widthMm - LANDSCAPE_MARGIN.topMm - LANDSCAPE_MARGIN.bottomMm) * PT_PER_MM;

/** Sizes a public-document table may take, largest first: 小四, then 五号, 小五 and 六号 when its numbers need the
 *  room (a many-column register: 六号 is still larger than the print on an ID card). */
export const TABLE_SIZES_PT = [TABLE_TEXT_SIZE_PT, SIZE_PT.五号, SIZE_PT.小五, SIZE_PT.六号] as const;

/** Cell padding (each side, mm) of a table set at `sizePt`: 1.2 mm at 小四, in proportion below. */
export function tableCellPaddingMm(sizePt: number): number {
  return (TABLE_CELL_PADDING_MM * sizePt) / TABLE_TEXT_SIZE_PT;
}

/** Body cells are set in the 仿宋 role (Noto Serif SC Regular or 仿宋_GB2312, Times New Roman in Word): their
 *  digits are at most 0.57 em wide (Noto Serif SC 0.47–0.562, Times 0.5), not the 0.6 em of the bold and sans faces `charEm` allows for. */
function bodyEm(ch: string): number {
  return ch >= '0' && ch <= '9' ? 0.57 : charEm(ch);
}

/** Text size and cell padding of a table, and the width it may take (forms have their own). */
export interface TableMetrics {
  sizePt: number;
  /** header text size, when it differs */
  headerSizePt?: number;
  /** both paddings together */
  padPt: number;
  /** a fixed width (archive forms): no turning the page, no smaller size */
  measurePt?: number;
  /** archive forms: a 文号 may break after its 机关代字, a header between any two characters (stacked 顺/序/号) */
  form?: boolean;
}

const publicMetrics = (sizePt: number): TableMetrics => ({ sizePt, padPt: 2 * tableCellPaddingMm(sizePt) * PT_PER_MM });

export interface ColumnPlan {
  /** fractions of the 版心 width, summing to 1 */
  widths: number[];
  landscape: boolean;
  /** per column: the alignment of body cells without one of their own */
  align: Align[];
  /** the text size the widths were planned for */
  sizePt: number;
}

export function inlineText(xs: readonly Inline[]): string {
  return xs.map((x) => (x.t === 'text' ? x.text : x.t === 'break' ? '\n' : inlineText(x.children))).join('');
}

/** A quantity (right-aligned when long); a long string of digits (phone, ID) is a code (centred). */
const NUMBER = /^[-+]?(?:0|[1-9]\d{0,8}|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/;
const CODE = /^(?:[A-Za-z0-9][A-Za-z0-9\-_./·:]*|\d{4}年\d{1,2}月(?:\d{1,2}日)?|\d{4}-\d{1,2}(?:-\d{1,2})?|[\p{Script=Han}]{0,10}[〔[［(（]\d{4}[〕\]］)）]\d+号?|[-+]?\d[\d,.]*(?:%|‰|[\p{Script=Han}]{1,3}))$/u;

const EPS = 1e-6;
/** Widest a column's lines are looked at: more lines than this count as this many. */
const MAX_LINES = 12;
/** Rows the optimiser looks at (a register may have 100,000; minimums still come from every row). */
const SAMPLE_ROWS = 1200;
/** A text column is comfortable from four characters a line (or its whole text, when shorter). */
const COMFORT_EM = 4;

/** One line of a cell, prepared: units, widths (em) and the narrowest width for each number of lines. */
interface LinePrep {
  u: CellUnits;
  total: number;
  hardMax: number;
  unitMax: number;
  wordMax: number;
  /** w[k-1]: the narrowest width (em) at which the line takes at most k lines */
  w: number[];
}
type CellPrep = LinePrep[];

/** Lines the layout makes of `u` at width `w` (em): greedy, back to the last break between words, else between
 *  characters (src/layout/linebreak.ts does the same with the fonts' own widths, which are never wider).
 *  Also the widest line made: the exact width below which the line count changes. */
function breakUnits(u: CellUnits, w: number): { lines: number; widest: number } {
  const n = u.em.length;
  let lines = 1;
  let start = 0;
  let x = 0;
  let widest = 0;
  let i = 0;
  while (i < n) {
    const e = u.em[i] as number;
    if (i === start || x + e <= w + EPS) {
      x += e;
      i++;
      continue;
    }
    let b = i;
    while (b > start && !u.word[b]) b--;
    if (b === start) b = i;
    let lineW = 0;
    for (let k = start; k < b; k++) lineW += u.em[k] as number;
    widest = Math.max(widest, lineW);
    lines++;
    start = b;
    x = 0;
    i = b;
  }
  return { lines, widest: Math.max(widest, x) };
}

const countLines = (u: CellUnits, w: number): number => breakUnits(u, w).lines;

function prepLine(text: string, form: boolean, header: boolean): LinePrep {
  const u = cellUnits(text, { emOf: header ? charEm : bodyEm, header, ...(form ? { splitDocNumber: !header, charWords: header } : {}) });
  let total = 0;
  let hardMax = 0;
  let unitMax = 0;
  let wordMax = 0;
  let word = 0;
  u.em.forEach((e, i) => {
    total += e;
    unitMax = Math.max(unitMax, e);
    if (u.hard[i]) hardMax = Math.max(hardMax, e);
    if (i > 0 && u.word[i]) word = 0;
    word += e;
    wordMax = Math.max(wordMax, word);
  });
  const w = [total];
  for (let k = 2; k <= MAX_LINES && (w[w.length - 1] as number) > unitMax + EPS; k++) {
    let lo = unitMax;
    let hi = w[w.length - 1] as number;
    if (countLines(u, lo) <= k) {
      // as narrow as it gets
      w.push(lo);
      break;
    }
    for (let it = 0; it < 14 && hi - lo > 0.01; it++) {
      const mid = (lo + hi) / 2;
      if (countLines(u, mid) <= k) hi = mid;
      else lo = mid;
    }
    // the widest line made at that width is the exact threshold
    const got = breakUnits(u, hi);
    w.push(got.lines <= k ? Math.min(hi, got.widest) : hi);
  }
  return { u, total, hardMax, unitMax, wordMax, w };
}

function linesAt(p: LinePrep, wEm: number): number {
  for (let k = 0; k < p.w.length; k++) if ((p.w[k] as number) <= wEm + 1e-4) return k + 1;
  return Math.min(MAX_LINES, countLines(p.u, wEm));
}

function cellLinesAt(c: CellPrep, wEm: number): number {
  let n = 0;
  for (const l of c) n += linesAt(l, wEm);
  return Math.max(1, n);
}

/** Preparing is the costly part: the same text in a column (性别, 婚姻状况, a village) is prepared once. */
class Preps {
  private readonly memo = new Map<string, CellPrep>();
  constructor(
    private readonly form: boolean,
    private readonly header: boolean,
  ) {}
  of(text: string): CellPrep {
    const hit = this.memo.get(text);
    if (hit) return hit;
    const got = text.split('\n').map((l) => prepLine(l.trim(), this.form, this.header)).filter((l) => l.u.em.length > 0);
    this.memo.set(text, got);
    return got;
  }
}

interface Col {
  /** em at body size */
  hard: number;
  unit: number;
  word: number;
  pref: number;
  /** em at header size */
  hUnit: number;
  hWord: number;
  hPref: number;
  numeric: boolean;
  code: boolean;
  short: boolean;
  maxChars: number;
  any: boolean;
}

interface HeaderCell {
  row: number;
  from: number;
  span: number;
  prep: CellPrep;
}

interface Option {
  m: TableMetrics;
  landscape: boolean;
  measure: number;
  height: number;
}

/**
 * Plans the columns of a table. `given`: relative widths from the catalog or a form (never below a column's
 * minimum); `landscape`: the catalog's choice, else decided here; `metrics`: a form's fixed size and width.
 */
export function planColumns(header: readonly TableCell[][], rows: readonly TableCell[][], opts: { given?: readonly number[]; landscape?: boolean; metrics?: TableMetrics } = {}): ColumnPlan {
  const form = opts.metrics?.form === true;
  const ncols = Math.max(1, gridWidth(header), gridWidth(rows));
  const headCols = cellColumns(header);
  const bodyCols = cellColumns(rows);
  const cols: Col[] = Array.from({ length: ncols }, () => ({ hard: 0, unit: 0, word: 0, pref: 0, hUnit: 0, hWord: 0, hPref: 0, numeric: true, code: true, short: true, maxChars: 0, any: false }));
  const bodyPreps = new Preps(form, false);
  const headPreps = new Preps(form, true);

  const headers: HeaderCell[] = [];
  header.forEach((row, ri) => {
    for (const [ci, c] of row.entries()) {
      const span = Math.max(1, c.colSpan ?? 1);
      const k = headCols[ri]?.[ci] ?? 0;
      if (k >= ncols) continue;
      const text = inlineText(c.content).trim();
      if (text === '') continue;
      const prep = headPreps.of(text);
      headers.push({ row: ri, from: k, span, prep });
      if (span !== 1) continue;
      const info = cols[k] as Col;
      for (const l of prep) {
        info.hUnit = Math.max(info.hUnit, l.unitMax);
        info.hWord = Math.max(info.hWord, l.wordMax);
        // a header wraps gladly (once, at the top of the page): two lines' width at most, one when it is short
        info.hPref = Math.max(info.hPref, [...inlineText(c.content).trim()].length <= 4 ? l.total : (l.w[1] ?? l.total));
      }
    }
  });

  // every row sets the minimums; a sample of them is what the optimiser weighs
  const step = Math.max(1, Math.ceil(rows.length / SAMPLE_ROWS));
  const sample: (CellPrep | undefined)[][] = [];
  rows.forEach((row, ri) => {
    const keep = ri % step === 0;
    const cells: (CellPrep | undefined)[] = keep ? new Array<CellPrep | undefined>(ncols).fill(undefined) : [];
    for (const [ci, c] of row.entries()) {
      const span = Math.max(1, c.colSpan ?? 1);
      const k = bodyCols[ri]?.[ci] ?? 0;
      if (span !== 1 || k >= ncols) continue;
      const text = inlineText(c.content);
      const prep = bodyPreps.of(text);
      if (keep) cells[k] = prep;
      const info = cols[k] as Col;
      for (const l of prep) {
        info.hard = Math.max(info.hard, l.hardMax);
        info.unit = Math.max(info.unit, l.unitMax);
        info.word = Math.max(info.word, l.wordMax);
        info.pref = Math.max(info.pref, l.total);
      }
      for (const line of text.split('\n')) {
        const t = line.trim();
        if (t === '') continue;
        info.any = true;
        info.maxChars = Math.max(info.maxChars, [...t].length);
        if (!NUMBER.test(t)) info.numeric = false;
        if (!CODE.test(t)) info.code = false;
        if ([...t].length > 4) info.short = false;
      }
    }
    if (keep) sample.push(cells);
  });

  const options: Option[] = optionsFor(opts.landscape, opts.metrics);
  const mins = (o: Option) => {
    const s = o.m.sizePt;
    const hs = o.m.headerSizePt ?? s;
    const pad = o.m.padPt;
    return cols.map((c) => {
      const unit = Math.max(c.unit * s, c.hUnit * hs) + pad;
      const word = Math.max(c.word * s, c.hWord * hs) + pad;
      const pref = Math.max(c.pref * s, c.hPref * hs) + pad;
      const comfort = Math.min(pref, Math.max(word, COMFORT_EM * s + pad));
      return { hard: c.hard * s + pad, unit, word: Math.max(unit, word), pref: Math.max(pref, unit), comfort: Math.max(unit, comfort) };
    });
  };
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  /** The widths every column starts from at option `o`: whole words if they fit, else whole units; if not even
   *  those, text columns wrap between characters while codes and numbers keep their width. */
  const startOf = (o: Option, m: ReturnType<typeof mins>): number[] => {
    if (sum(m.map((x) => x.word)) <= o.measure + EPS) return m.map((x) => x.word);
    if (sum(m.map((x) => x.unit)) <= o.measure + EPS) return m.map((x) => x.unit);
    const floor = o.m.sizePt * 2 + o.m.padPt;
    const start = m.map((x, i) => ((cols[i] as Col).any && ((cols[i] as Col).code || (cols[i] as Col).numeric) ? x.unit : Math.max(x.hard, Math.min(x.unit, floor))));
    return sum(start) > o.measure ? start.map((w) => (w / sum(start)) * o.measure) : start;
  };
  /** Candidate widths at `o`, the lowest table first: besides the start shared out by preference, the widths
   *  that hold every (or nine in ten) sampled cells of each column to at most T lines — rows of even height,
   *  which a greedy widening of one column at a time cannot reach when two columns are both tall. */
  const bestAt = (o: Option): { widths: number[]; pages: number; start: number[]; comfort: boolean } => {
    const m = mins(o);
    const start = startOf(o, m);
    const pref = m.map((x) => x.pref);
    let best = { widths: shareOut(start, pref, start, o.measure), start };
    let bestPages = pagesOf(cols, sample, headers, rows.length, o, best.widths);
    if (!opts.given && sum(start) < o.measure - EPS) {
      for (const q of [1, 0.9]) {
        for (let T = 1; T <= MAX_LINES; T++) {
          const level = levelWidths(sample, o, start, T, q);
          if (sum(level) > o.measure + EPS) continue;
          const widths = shareOut(level, pref, level, o.measure);
          const pages = pagesOf(cols, sample, headers, rows.length, o, widths);
          if (pages < bestPages - 1e-9) {
            best = { widths, start: level };
            bestPages = pages;
          }
          break;
        }
      }
    }
    return { ...best, pages: bestPages, comfort: sum(m.map((x) => x.comfort)) <= o.measure + EPS };
  };
  // the page and size: the first (largest, upright) where the text columns are comfortable, unless a smaller
  // size or the turned page saves more than a page and a tenth of the table; else the shortest
  const tried = options.filter((o) => sum(mins(o).map((x) => x.unit)) <= o.measure + EPS).map((o) => ({ o, ...bestAt(o) }));
  let pick = tried[0];
  if (tried.length > 1) {
    const least = Math.min(...tried.map((t) => t.pages));
    pick = tried.find((t) => t.comfort && t.pages <= least * 1.1 + 1) ?? tried.reduce((a, b) => (b.pages < a.pages - 1e-9 ? b : a));
  }
  const o = pick?.o ?? (options[options.length - 1] as Option);
  const m = mins(o);
  const start = pick?.start ?? startOf(o, m);

  let widths: number[];
  if (opts.given && opts.given.length === ncols) widths = givenWidths(opts.given, start, o.measure);
  else widths = shareOut(start, m.map((x) => x.pref), optimise(cols, sample, headers, rows.length, o, start), o.measure);
  const total = sum(widths) || 1;
  const align: Align[] = cols.map((c) => (!c.any ? 'left' : c.numeric ? (c.maxChars <= 4 ? 'center' : 'right') : c.code || c.short ? 'center' : 'left'));
  return { widths: widths.map((w) => w / total), landscape: o.landscape, align, sizePt: o.m.sizePt };
}

function optionsFor(landscape: boolean | undefined, metrics: TableMetrics | undefined): Option[] {
  if (metrics?.measurePt !== undefined) return [{ m: metrics, landscape: false, measure: metrics.measurePt, height: PORTRAIT_HEIGHT_PT }];
  const at = (sizePt: number, turned: boolean): Option => ({
    m: metrics ? { ...metrics, sizePt, padPt: (metrics.padPt * sizePt) / metrics.sizePt } : publicMetrics(sizePt),
    landscape: turned,
    measure: turned ? LANDSCAPE_MEASURE_PT : PORTRAIT_MEASURE_PT,
    height: turned ? LANDSCAPE_HEIGHT_PT : PORTRAIT_HEIGHT_PT,
  });
  const [big, ...smaller] = TABLE_SIZES_PT;
  if (landscape === true) return [at(big, true), ...smaller.map((s) => at(s, true))];
  if (landscape === false) return [at(big, false), ...smaller.map((s) => at(s, false))];
  return [at(big, false), at(big, true), ...smaller.map((s) => at(s, true))];
}

/**
 * Gives the room above the minimums where it saves the most height: repeatedly widens the column whose next
 * widths take the most lines off the rows (a row's lines are its tallest cell's; header rows count once a
 * page), per point of width. Returns the widths reached; the caller shares out what is left.
 */
function optimise(cols: readonly Col[], sample: readonly (CellPrep | undefined)[][], headers: readonly HeaderCell[], nRows: number, o: Option, start: readonly number[]): number[] {
  const w = [...start];
  const s = o.m.sizePt;
  const hs = o.m.headerSizePt ?? s;
  const pad = o.m.padPt;
  const lh = s * TABLE_LINE_HEIGHT;
  const hlh = hs * TABLE_LINE_HEIGHT;
  const ncols = cols.length;
  const R = sample.length;
  const rowWeight = R > 0 ? nRows / R : 0;
  const headerWeight = Math.max(1, (nRows * (lh + pad)) / o.height);
  let left = o.measure - w.reduce((a, b) => a + b, 0);
  if (left <= EPS) return w;

  const em = (width: number): number => (width - pad) / s;
  const L: number[][] = sample.map((row) => row.map((p, c) => (p ? cellLinesAt(p, em(w[c] as number)) : 1)));
  const top = new Array<number>(R).fill(1);
  const cnt = new Array<number>(R).fill(0);
  const second = new Array<number>(R).fill(0);
  const refresh = (r: number): void => {
    let a = 0;
    let n = 0;
    let b = 0;
    for (const x of L[r] as number[]) {
      if (x > a) {
        b = a;
        a = x;
        n = 1;
      } else if (x === a) n++;
      else if (x > b) b = x;
    }
    top[r] = a;
    cnt[r] = n;
    second[r] = n > 1 ? a : b;
  };
  for (let r = 0; r < R; r++) refresh(r);

  const headerRows = Math.max(0, ...headers.map((h) => h.row + 1));
  const headerLines = (widths: readonly number[]): number[] => {
    const out = new Array<number>(headerRows).fill(1);
    for (const h of headers) {
      let width = 0;
      for (let k = h.from; k < Math.min(ncols, h.from + h.span); k++) width += widths[k] as number;
      out[h.row] = Math.max(out[h.row] as number, cellLinesAt(h.prep, (width - pad) / hs));
    }
    return out;
  };
  let hLines = headerLines(w);

  // the widths at which some cell of a column loses a line
  const breaks: number[][] = cols.map((_, c) => {
    const set = new Set<number>();
    for (const row of sample) for (const l of row[c] ?? []) for (const x of l.w) set.add(x * s + pad);
    for (const h of headers) if (h.from === c && h.span === 1) for (const l of h.prep) for (const x of l.w) set.add(x * hs + pad);
    return [...set].sort((a, b) => a - b);
  });

  for (let iter = 0; iter < 400 && left > EPS; iter++) {
    let best: { c: number; to: number; ratio: number } | undefined;
    for (let c = 0; c < ncols; c++) {
      const list = breaks[c] as number[];
      const cur = w[c] as number;
      let i = lowerBound(list, cur + 1e-4);
      for (let tried = 0; i < list.length && tried < 16; i++, tried++) {
        const to = list[i] as number;
        if (to - cur > left + EPS) break;
        let gain = 0;
        let own = 0;
        for (let r = 0; r < R; r++) {
          const p = (sample[r] as (CellPrep | undefined)[])[c];
          if (!p) continue;
          const was = (L[r] as number[])[c] as number;
          if (was === 1) continue;
          const now = cellLinesAt(p, em(to));
          if (now >= was) continue;
          own += was - now;
          const other = was === top[r] && cnt[r] === 1 ? (second[r] as number) : (top[r] as number);
          gain += (top[r] as number) - Math.max(other, now);
        }
        gain *= rowWeight * lh;
        own *= rowWeight * lh;
        if (headerRows > 0) {
          const trial = [...w];
          trial[c] = to;
          const hl = headerLines(trial);
          for (let k = 0; k < headerRows; k++) gain += headerWeight * hlh * ((hLines[k] as number) - (hl[k] as number));
        }
        const ratio = (gain + 0.05 * own) / (to - cur);
        if (ratio > EPS && (!best || ratio > best.ratio + EPS)) best = { c, to, ratio };
      }
    }
    if (!best) break;
    left -= best.to - (w[best.c] as number);
    w[best.c] = best.to;
    for (let r = 0; r < R; r++) {
      const p = (sample[r] as (CellPrep | undefined)[])[best.c];
      if (!p) continue;
      (L[r] as number[])[best.c] = cellLinesAt(p, em(best.to));
      refresh(r);
    }
    hLines = headerLines(w);
  }
  return w;
}

/** Widths holding each column's sampled cells (all, or the share `q` of them) to at most `T` lines, never
 *  below `start`. */
function levelWidths(sample: readonly (CellPrep | undefined)[][], o: Option, start: readonly number[], T: number, q: number): number[] {
  const s = o.m.sizePt;
  return start.map((w0, c) => {
    const need: number[] = [];
    for (const row of sample) {
      const p = row[c];
      if (!p || p.length === 0) continue;
      const k = Math.max(1, Math.floor(T / p.length));
      let em = 0;
      for (const l of p) em = Math.max(em, (l.w[Math.min(k, l.w.length) - 1] as number) ?? l.total);
      need.push(em);
    }
    if (need.length === 0) return w0;
    need.sort((a, b) => a - b);
    const at = need[Math.min(need.length - 1, Math.ceil(q * need.length) - 1)] as number;
    return Math.max(w0, at * s + o.m.padPt + 1e-3);
  });
}

/** The table's length in pages at `widths` (estimated from the sample; the header is paid on every page). */
function pagesOf(cols: readonly Col[], sample: readonly (CellPrep | undefined)[][], headers: readonly HeaderCell[], nRows: number, o: Option, widths: readonly number[]): number {
  const s = o.m.sizePt;
  const hs = o.m.headerSizePt ?? s;
  const pad = o.m.padPt;
  const lh = s * TABLE_LINE_HEIGHT;
  const headerRows = Math.max(0, ...headers.map((h) => h.row + 1));
  const hl = new Array<number>(headerRows).fill(1);
  for (const h of headers) {
    let width = 0;
    for (let k = h.from; k < Math.min(cols.length, h.from + h.span); k++) width += widths[k] as number;
    hl[h.row] = Math.max(hl[h.row] as number, cellLinesAt(h.prep, (width - pad) / hs));
  }
  const header = hl.reduce((a, n) => a + n * hs * TABLE_LINE_HEIGHT + pad, 0);
  let body = 0;
  for (const row of sample) {
    let n = 1;
    row.forEach((p, c) => {
      if (p) n = Math.max(n, cellLinesAt(p, ((widths[c] as number) - pad) / s));
    });
    body += n * lh + pad;
  }
  if (sample.length > 0) body *= nRows / sample.length;
  return body / Math.max(lh + pad, o.height - header) + header / o.height;
}

function lowerBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What is left after the optimiser: first to the columns still short of their longest line, in proportion to
 *  what they lack, then to all in proportion to their preference. */
function shareOut(min: readonly number[], pref: readonly number[], reached: readonly number[], measure: number): number[] {
  const sumMin = min.reduce((a, b) => a + b, 0);
  if (sumMin >= measure) return min.map((m) => (m / sumMin) * measure);
  const w = reached.map((x, i) => Math.max(x, min[i] as number));
  let left = measure - w.reduce((a, b) => a + b, 0);
  if (left <= EPS) return w;
  const want = w.map((x, i) => Math.max(0, (pref[i] as number) - x));
  const sumWant = want.reduce((a, b) => a + b, 0);
  if (sumWant > EPS) {
    const give = Math.min(left, sumWant);
    want.forEach((x, i) => (w[i] = (w[i] as number) + (give * x) / sumWant));
    left -= give;
  }
  if (left > EPS) {
    const sumPref = pref.reduce((a, b) => a + b, 0) || 1;
    pref.forEach((p, i) => (w[i] = (w[i] as number) + (left * p) / sumPref));
  }
  return w;
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
