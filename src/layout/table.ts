//! Tables (registers, target lists, forms): column widths from fractions or content, wrapped cell text
//! with the same 避头尾 breaker, 0.5 pt borders, header rows repeated on every page, landscape when wide.

import type { Block, TableCell } from '../model/types.js';
import {
  BODY_SIZE_PT,
  TABLE_BORDER_PT,
  TABLE_CELL_PADDING_MM,
  TABLE_LINE_HEIGHT,
  TABLE_TEXT_SIZE_PT,
} from '../standards/gbt9704.js';
import type { FlowLine, RelItem } from './flow.js';
import { LANDSCAPE, mmToPt, PORTRAIT } from './grid.js';
import { breakLines, placeLine, type BrokenLine } from './linebreak.js';
import { flattenInlines, type Atom } from './shape.js';
import { runsToItems, shape, textBlock, type LayoutContext } from './text-lines.js';
import { append } from '../util/arrays.js';

type TableBlock = Extract<Block, { t: 'table' }>;

/** Columns above which a table without `landscape` turns the page (registers). */
const LANDSCAPE_MIN_COLUMNS = 8;

const SIZE = TABLE_TEXT_SIZE_PT;
/** Cells up to this many characters wide keep to one line when columns are computed from content. */
const SHORT_CELL_CHARS = 8;
const PAD = mmToPt(TABLE_CELL_PADDING_MM);
const LH = SIZE * TABLE_LINE_HEIGHT;

interface ShapedCell {
  cell: TableCell;
  atoms: Atom[];
  col: number;
  span: number;
  header: boolean;
}

function shapeRow(ctx: LayoutContext, row: TableCell[], header: boolean): ShapedCell[] {
  let col = 0;
  return row.map((cell) => {
    const span = Math.max(1, cell.colSpan ?? 1);
    const s: ShapedCell = { cell, atoms: shape(ctx, flattenInlines(cell.content, header ? 'heiti' : 'fangsong'), SIZE, SIZE), col, span, header };
    col += span;
    return s;
  });
}

const width = (atoms: Atom[]): number => atoms.reduce((w, a) => w + a.widthPt, 0);
const longest = (atoms: Atom[]): number => atoms.reduce((w, a) => Math.max(w, a.widthPt), 0);

/** Column widths in pt: fractions if given, else min (longest atom, two chars) and natural (one line) widths. */
export function columnWidths(rows: ShapedCell[][], ncols: number, measure: number, fractions?: number[]): number[] {
  const min = new Array<number>(ncols).fill(2 * SIZE + 2 * PAD);
  const nat = new Array<number>(ncols).fill(2 * SIZE + 2 * PAD);
  for (const row of rows) {
    for (const c of row) {
      if (c.span !== 1 || c.col >= ncols) continue;
      // short cells (headers, names, 备注 like 低保户) are not wrapped: their whole width is the minimum
      const w = width(c.atoms);
      const keepWhole = c.header || w <= SHORT_CELL_CHARS * SIZE;
      min[c.col] = Math.max(min[c.col] as number, (keepWhole ? w : longest(c.atoms)) + 2 * PAD);
      nat[c.col] = Math.max(nat[c.col] as number, width(c.atoms) + 2 * PAD);
    }
  }
  const sumMin = min.reduce((a, b) => a + b, 0);
  if (fractions && fractions.length === ncols) return fractionWidths(fractions, min, measure, sumMin);
  const sumNat = nat.reduce((a, b) => a + b, 0);
  if (sumNat <= measure) return nat.map((n) => (n / sumNat) * measure);
  if (sumMin >= measure) return min.map((n) => (n / sumMin) * measure);
  const extra = measure - sumMin;
  const flex = sumNat - sumMin || 1;
  return min.map((m, i) => m + (extra * ((nat[i] as number) - m)) / flex);
}

/** Given widths (relative), but never below a column's minimum (headers, 序号 and short cells stay whole):
 *  columns that would be too narrow get their minimum, the rest share what is left in proportion. */
function fractionWidths(fractions: number[], min: number[], measure: number, sumMin: number): number[] {
  if (sumMin >= measure) return min.map((m) => (m / sumMin) * measure);
  const fixed = new Set<number>();
  let w: number[] = [];
  for (let iter = 0; iter <= fractions.length; iter++) {
    const left = measure - [...fixed].reduce((a, i) => a + (min[i] as number), 0);
    const share = fractions.reduce((a, f, i) => (fixed.has(i) ? a : a + f), 0) || 1;
    w = fractions.map((f, i) => (fixed.has(i) ? (min[i] as number) : (f / share) * left));
    const under = w.map((x, i) => (!fixed.has(i) && x < (min[i] as number) - 1e-6 ? i : -1)).filter((i) => i >= 0);
    if (under.length === 0) break;
    for (const i of under) fixed.add(i);
  }
  return w;
}

function isNumeric(atoms: Atom[]): boolean {
  return atoms.length > 0 && atoms.every((a) => a.word || a.space);
}

/** One table row → one flow line (cells, vertical centring, borders). */
function rowLine(row: ShapedCell[], xs: number[], header: boolean): FlowLine {
  const cellLines: { c: ShapedCell; lines: BrokenLine[]; x: number; w: number }[] = row.map((c) => {
    const x = xs[c.col] ?? 0;
    const w = (xs[Math.min(c.col + c.span, xs.length - 1)] ?? x) - x;
    return { c, lines: breakLines(c.atoms.slice(), { measurePt: Math.max(w - 2 * PAD, SIZE), firstIndentPt: 0 }), x, w };
  });
  const n = Math.max(1, ...cellLines.map((c) => c.lines.length));
  const height = n * LH + 2 * PAD;
  const items: RelItem[] = [];
  for (const { c, lines, x, w } of cellLines) {
    const align = c.cell.align ?? (header || isNumeric(c.atoms) || lines.length === 1 && width(c.atoms) <= 4 * SIZE ? 'center' : 'left');
    const top = (height - lines.length * LH) / 2;
    lines.forEach((l, k) => {
      const runs = placeLine(l, Math.max(w - 2 * PAD, SIZE), align === 'left' ? 'justify' : align);
      append(items, runsToItems(runs, x + PAD, top + k * LH + (LH - SIZE) / 2));
    });
  }
  const right = xs[xs.length - 1] ?? 0;
  const border = (x1: number, y1: number, x2: number, y2: number): RelItem => ({ kind: 'rule', x1Pt: x1, y1Pt: y1, x2Pt: x2, y2Pt: y2, widthPt: TABLE_BORDER_PT });
  items.push(border(0, 0, right, 0), border(0, height, right, height));
  const edges = new Set<number>([0, xs.length - 1]);
  for (const c of row) edges.add(c.col);
  for (const e of [...edges].sort((a, b) => a - b)) items.push(border(xs[e] ?? 0, 0, xs[e] ?? 0, height));
  return { heightPt: height, grid: false, items, ...(header ? { keepWithNext: true } : {}) };
}

/** Lays out a table: optional caption line, header rows (repeated), body rows (moved whole). */
export function layoutTable(b: TableBlock, ctx: LayoutContext): FlowLine[] {
  const header = b.header.map((r) => shapeRow(ctx, r, true));
  const body = b.rows.map((r) => shapeRow(ctx, r, false));
  const ncols = Math.max(1, ...[...header, ...body].map((r) => r.reduce((n, c) => n + c.span, 0)));
  const wide = b.landscape ?? (ncols >= LANDSCAPE_MIN_COLUMNS || columnMinSum([...header, ...body], ncols) > PORTRAIT.areaWidthPt);
  const geom = wide ? LANDSCAPE : PORTRAIT;
  const widths = columnWidths([...header, ...body], ncols, geom.areaWidthPt, b.widths);
  const xs = [0];
  for (const w of widths) xs.push((xs[xs.length - 1] ?? 0) + w);

  const lines: FlowLine[] = [];
  if (b.caption) {
    append(lines, textBlock(ctx, [{ text: b.caption, role: 'heiti' }], { sizePt: BODY_SIZE_PT, pitchPt: geom.charPitchPt, measurePt: geom.areaWidthPt, align: 'center', lineHeightPt: geom.linePitchPt, grid: true, keepLinesWithNext: true }, b.src));
  }
  const headerLines = header.map((r) => rowLine(r, xs, true));
  append(lines, headerLines);
  const where = b.src ? `${b.src.file} 第 ${b.src.line} 行` : '表格';
  for (const r of body) {
    lines.push({ ...rowLine(r, xs, false), repeatHeader: headerLines, overflowNote: `${where}：表格中有一行高于整页，已超出版心` });
  }
  // after the table the text returns to the grid
  if (wide) return lines.map((l) => ({ ...l, landscape: true }));
  return lines;
}

function columnMinSum(rows: ShapedCell[][], ncols: number): number {
  let sum = 0;
  for (let col = 0; col < ncols; col++) {
    let m = 2 * SIZE;
    for (const row of rows) for (const c of row) if (c.col === col && c.span === 1) m = Math.max(m, longest(c.atoms));
    sum += m + 2 * PAD;
  }
  return sum;
}
