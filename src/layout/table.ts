//! Tables (registers, target lists): the columns, orientation and alignment the model decided, cell text
//! broken between words with the same 避头尾 breaker (never inside a code or number), 0.5 pt borders,
//! header rows repeated on every page. Cells are aligned, never stretched character by character.

import type { Block, TableCell } from '../model/types.js';
import { tableCellPaddingMm } from '../model/columns.js';
import { groupEnds, tableGrid, type GridSlot } from '../model/table-grid.js';
import { BODY_SIZE_PT, TABLE_BORDER_PT, TABLE_LINE_HEIGHT, TABLE_TEXT_SIZE_PT } from '../standards/gbt9704.js';
import type { FlowLine, RelItem } from './flow.js';
import { LANDSCAPE, mmToPt, PORTRAIT } from './grid.js';
import { breakLines, placeLine, type BrokenLine } from './linebreak.js';
import { flattenInlines, markWords, type Atom } from './shape.js';
import { runsToItems, shape, textBlock, type LayoutContext } from './text-lines.js';
import { append } from '../util/arrays.js';

type TableBlock = Extract<Block, { t: 'table' }>;

/** Text size, padding and line height of one table (小四 unless the model chose a smaller size). */
interface Metrics {
  size: number;
  pad: number;
  lh: number;
}
const metricsOf = (b: TableBlock): Metrics => {
  const size = b.sizePt ?? TABLE_TEXT_SIZE_PT;
  return { size, pad: mmToPt(tableCellPaddingMm(size)), lh: size * TABLE_LINE_HEIGHT };
};

interface ShapedCell {
  cell: TableCell;
  atoms: Atom[];
  header: boolean;
}

const shapeCell = (ctx: LayoutContext, cell: TableCell, header: boolean, size: number): ShapedCell => ({
  cell,
  atoms: markWords(shape(ctx, flattenInlines(cell.content, header ? 'heiti' : 'fangsong'), size, size)),
  header,
});

/** A cell broken into lines at its width, where it sits on the grid. */
interface PlacedCell {
  slot: GridSlot;
  lines: BrokenLine[];
  x: number;
  w: number;
}

const border = (x1: number, y1: number, x2: number, y2: number): RelItem => ({ kind: 'rule', x1Pt: x1, y1Pt: y1, x2Pt: x2, y2Pt: y2, widthPt: TABLE_BORDER_PT });

/** The parts of [0, right] outside the given spans (sorted by their start). */
function gaps(right: number, spans: readonly [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let x = 0;
  for (const [a, b] of spans) {
    if (a > x + 1e-6) out.push([x, a]);
    x = Math.max(x, b);
  }
  if (right > x + 1e-6) out.push([x, right]);
  return out;
}

/**
 * Rows → flow lines, one a row. An unmerged cell's text is centred in its row; a vertically merged cell is one
 * cell over its rows (no rule inside it, text from its top, as Word's default) and its rows keep together,
 * unless they are taller than a page: then they break like other rows, and the rule under the merged cell is
 * drawn at the foot of the page (and over it at the top of the next one).
 */
function rowLines(ctx: LayoutContext, rows: readonly TableCell[][], xs: number[], header: boolean, { size: SIZE, pad: PAD, lh: LH }: Metrics, pageHeightPt: number): FlowLine[] {
  const grid = tableGrid(rows);
  const shaped = new Map<TableCell, PlacedCell>();
  const placed = grid.map((slots) =>
    slots.map((slot): PlacedCell => {
      const have = shaped.get(slot.cell);
      if (have) return { ...have, slot };
      const x = xs[slot.col] ?? 0;
      const w = (xs[Math.min(slot.col + slot.span, xs.length - 1)] ?? x) - x;
      const c = shapeCell(ctx, slot.cell, header, SIZE);
      const p: PlacedCell = { slot, lines: breakLines(c.atoms.slice(), { measurePt: Math.max(w - 2 * PAD, SIZE), firstIndentPt: 0, words: true }), x, w };
      shaped.set(slot.cell, p);
      return p;
    }),
  );
  // heights: unmerged cells set their row; a merged cell taller than its rows lengthens its last row
  const heights = placed.map((cells) => Math.max(1, ...cells.filter((c) => c.slot.rows === 1).map((c) => c.lines.length)) * LH + 2 * PAD);
  for (const cells of placed) {
    for (const c of cells) {
      if (!c.slot.first || c.slot.rows === 1) continue;
      const r0 = c.slot.firstRow;
      const last = r0 + c.slot.rows - 1;
      const have = heights.slice(r0, last + 1).reduce((a, h) => a + h, 0);
      const need = c.lines.length * LH + 2 * PAD;
      if (need > have) heights[last] = (heights[last] ?? 0) + need - have;
    }
  }
  const tops = [0];
  for (const h of heights) tops.push((tops[tops.length - 1] ?? 0) + h);
  // a merged group (the rows merged cells join) keeps together when it fits a page
  const groupEnd = groupEnds(grid);
  const right = xs[xs.length - 1] ?? 0;
  const lines: FlowLine[] = [];
  let r = 0;
  while (r < grid.length) {
    const end = groupEnd[r] ?? r;
    const fits = (tops[end + 1] ?? 0) - (tops[r] ?? 0) <= pageHeightPt;
    for (let k = r; k <= end; k++) {
      const height = heights[k] ?? 0;
      const items: RelItem[] = [];
      const atBottom: RelItem[] = [];
      const atTop: RelItem[] = [];
      /** spans of the row's top and bottom edges inside a merged cell (no rule there) */
      const openTop: [number, number][] = [];
      const openBottom: [number, number][] = [];
      const edges = new Set<number>([0, xs.length - 1]);
      for (const c of placed[k] ?? []) {
        const { slot, lines: cellLines, x, w } = c;
        const align = slot.cell.align ?? (header ? 'center' : 'left');
        const x2 = xs[Math.min(slot.col + slot.span, xs.length - 1)] ?? x;
        edges.add(slot.col);
        if (!slot.first) {
          openTop.push([x, x2]);
          atTop.push(border(x, 0, x2, 0));
        }
        if (!slot.last) {
          openBottom.push([x, x2]);
          atBottom.push(border(x, height, x2, height));
        }
        if (slot.rows === 1) {
          const top = (height - cellLines.length * LH) / 2;
          cellLines.forEach((l, n) => append(items, runsToItems(placeLine(l, Math.max(w - 2 * PAD, SIZE), align), x + PAD, top + n * LH + (LH - SIZE) / 2)));
        } else {
          // the merged cell's lines from its top, each in the row it starts in
          const rowTop = (tops[k] ?? 0) - (tops[slot.firstRow] ?? 0);
          cellLines.forEach((l, n) => {
            const y = PAD + n * LH;
            if (y < rowTop - 1e-6 || (y >= rowTop + height - 1e-6 && !slot.last)) return;
            append(items, runsToItems(placeLine(l, Math.max(w - 2 * PAD, SIZE), align), x + PAD, y - rowTop + (LH - SIZE) / 2));
          });
        }
      }
      for (const [x1, x2] of gaps(right, openTop)) items.push(border(x1, 0, x2, 0));
      for (const [x1, x2] of gaps(right, openBottom)) items.push(border(x1, height, x2, height));
      for (const e of [...edges].sort((a, b) => a - b)) items.push(border(xs[e] ?? 0, 0, xs[e] ?? 0, height));
      const line: FlowLine = { heightPt: height, grid: false, items };
      if (header || (fits && k < end)) line.keepWithNext = true;
      if (atBottom.length) line.atPageBottom = atBottom;
      if (atTop.length) line.atPageTop = atTop;
      lines.push(line);
    }
    r = end + 1;
  }
  return lines;
}

/** Lays out a table: optional caption line, header rows (repeated), body rows (moved whole). */
export function layoutTable(b: TableBlock, ctx: LayoutContext): FlowLine[] {
  const m = metricsOf(b);
  const geom = b.landscape ? LANDSCAPE : PORTRAIT;
  const sum = b.widths.reduce((a, w) => a + w, 0) || 1;
  const xs = [0];
  for (const w of b.widths) xs.push((xs[xs.length - 1] ?? 0) + (w / sum) * geom.areaWidthPt);

  const lines: FlowLine[] = [];
  if (b.caption) {
    append(lines, textBlock(ctx, [{ text: b.caption, role: 'heiti' }], { sizePt: BODY_SIZE_PT, pitchPt: geom.charPitchPt, measurePt: geom.areaWidthPt, align: 'center', lineHeightPt: geom.linePitchPt, grid: true, keepLinesWithNext: true }, b.src));
  }
  const headerLines = rowLines(ctx, b.header, xs, true, m, geom.areaHeightPt);
  const body = rowLines(ctx, b.rows, xs, false, m, geom.areaHeightPt);
  append(lines, headerLines);
  const where = b.src ? `${b.src.file} 第 ${b.src.line} 行` : '表格';
  // a table broken across pages leaves at least three rows before the break and two after it (a header with
  // one or two rows at the foot of a page reads as a fragment)
  const kept = (k: number): boolean => body.length >= 5 && (k < 2 || k === body.length - 2);
  body.forEach((r, k) => {
    lines.push({ ...r, repeatHeader: headerLines, overflowNote: `${where}：表格中有一行高于整页，已超出版心`, ...(kept(k) ? { keepWithNext: true } : {}) });
  });
  // after the table the text returns to the grid, a third of a body line below the bottom rule at least when
  // the page has room (a 制表人 line under a register that ends just above a grid line)
  const last = lines[lines.length - 1];
  if (last && body.length > 0) lines[lines.length - 1] = { ...last, gapAfterPt: BODY_SIZE_PT / 3 };
  if (b.landscape) return lines.map((l) => ({ ...l, landscape: true }));
  return lines;
}
