//! Tables (registers, target lists): the columns, orientation and alignment the model decided, cell text
//! broken between words with the same 避头尾 breaker (never inside a code or number), 0.5 pt borders,
//! header rows repeated on every page. Cells are aligned, never stretched character by character.

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
import { flattenInlines, markWords, type Atom } from './shape.js';
import { runsToItems, shape, textBlock, type LayoutContext } from './text-lines.js';
import { append } from '../util/arrays.js';

type TableBlock = Extract<Block, { t: 'table' }>;

const SIZE = TABLE_TEXT_SIZE_PT;
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
    const s: ShapedCell = { cell, atoms: markWords(shape(ctx, flattenInlines(cell.content, header ? 'heiti' : 'fangsong'), SIZE, SIZE)), col, span, header };
    col += span;
    return s;
  });
}

/** One table row → one flow line (cells, vertical centring, borders). */
function rowLine(row: ShapedCell[], xs: number[], header: boolean): FlowLine {
  const cellLines: { c: ShapedCell; lines: BrokenLine[]; x: number; w: number }[] = row.map((c) => {
    const x = xs[c.col] ?? 0;
    const w = (xs[Math.min(c.col + c.span, xs.length - 1)] ?? x) - x;
    return { c, lines: breakLines(c.atoms.slice(), { measurePt: Math.max(w - 2 * PAD, SIZE), firstIndentPt: 0, words: true }), x, w };
  });
  const n = Math.max(1, ...cellLines.map((c) => c.lines.length));
  const height = n * LH + 2 * PAD;
  const items: RelItem[] = [];
  for (const { c, lines, x, w } of cellLines) {
    const align = c.cell.align ?? (header ? 'center' : 'left');
    const top = (height - lines.length * LH) / 2;
    lines.forEach((l, k) => {
      const runs = placeLine(l, Math.max(w - 2 * PAD, SIZE), align);
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
  const geom = b.landscape ? LANDSCAPE : PORTRAIT;
  const sum = b.widths.reduce((a, w) => a + w, 0) || 1;
  const xs = [0];
  for (const w of b.widths) xs.push((xs[xs.length - 1] ?? 0) + (w / sum) * geom.areaWidthPt);

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
  if (b.landscape) return lines.map((l) => ({ ...l, landscape: true }));
  return lines;
}
