//! Tables: every table writes both w:tblW and w:tblGrid/w:gridCol (WPS reads the grid, Word the width) from
//! the model's widths, explicit 0.5 pt borders, w:tblHeader on every header row and w:cantSplit on every row,
//! each cell aligned as the model says; plus the joint 标志 and the 版记 block with its 0.35/0.25 mm lines.

import type { Align, Block, TableCell as ModelCell } from '../../model/types.js';
import { inlineRuns, textRun, type RunContext } from './inlines.js';
import { TAB_RUN, cellXml, para, rowXml, tableXml, type Border, type Margins, type Para, type TableBorders, type Tbl } from './ooxml.js';
import { STYLE } from './styles.js';
import {
  COLOPHON_THICK_EIGHTHS,
  COLOPHON_THIN_EIGHTHS,
  TABLE_BORDER_EIGHTHS,
  charsToTwips,
  linesToTwips,
  mmToTwips,
  ptToHalfPoints,
  ptToTwips,
} from './units.js';
import { tableCellPaddingMm } from '../../model/columns.js';
import { gridWidth, groupEnds, tableGrid, type GridSlot } from '../../model/table-grid.js';
import { COLOPHON_INSET_CHARS, TABLE_LINE_HEIGHT } from '../../standards/gbt9704.js';
export { NO_BORDERS, NO_MARGINS, GRID_BORDERS };

type TableBlock = Extract<Block, { t: 'table' }>;

const NONE: Border = { val: 'none', sz: 0, color: 'auto' };
const line = (eighths: number): Border => ({ val: 'single', sz: eighths, color: '000000' });
const NO_MARGINS: Margins = { top: 0, left: 0, bottom: 0, right: 0 };

/** Split `total` twips by `fractions` (normalised), integers summing exactly to `total` (largest remainder). */
export function distributeWidths(total: number, fractions: readonly number[]): number[] {
  const positive = fractions.map((f) => (Number.isFinite(f) && f > 0 ? f : 0));
  const sum = positive.reduce((a, b) => a + b, 0);
  const shares = sum > 0 ? positive.map((f) => (f / sum) * total) : fractions.map(() => total / fractions.length);
  const floors = shares.map(Math.floor);
  let rest = total - floors.reduce((a, b) => a + b, 0);
  const order = shares.map((s, i) => [s - Math.floor(s), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (rest <= 0) break;
    floors[i] = (floors[i] as number) + 1;
    rest--;
  }
  return floors;
}

/** Number of grid columns: the widest row, counting spans (row spans from above too). */
function columnCount(t: TableBlock): number {
  return Math.max(gridWidth(t.header), gridWidth(t.rows), t.widths?.length ?? 0, 1);
}

/** An archive form's table (卷内目录, 案卷目录): its own text sizes and minimum row heights (GB/T 9705). */
export interface FormTable {
  cellHalfPoints: number;
  headerHalfPoints: number;
  rowTwips: number;
  headerRowTwips: number;
}

/** A table the model set smaller than 小四 (a wide register): its runs' size, exact line height and cell
 *  padding, as the PDF's (src/layout/table.ts). */
interface Scaled {
  halfPoints: number;
  lineTwips: number;
  margins: Margins;
}

function scaledOf(t: TableBlock): Scaled | undefined {
  if (t.sizePt === undefined) return undefined;
  const pad = mmToTwips(tableCellPaddingMm(t.sizePt));
  return { halfPoints: ptToHalfPoints(t.sizePt), lineTwips: ptToTwips(t.sizePt * TABLE_LINE_HEIGHT), margins: { top: pad, left: pad, bottom: pad, right: pad } };
}

function cellOf(cell: ModelCell, width: number, span: number, header: boolean, ctx: RunContext, form?: FormTable, scaled?: Scaled, merge?: 'restart' | 'continue', keepNext = false): string {
  const align: Align | undefined = cell.align ?? (header ? 'center' : undefined);
  const runCtx = form ? { ...ctx, size: header ? form.headerHalfPoints : form.cellHalfPoints } : scaled ? { ...ctx, size: scaled.halfPoints } : ctx;
  const spacing = scaled ? { spacing: { line: scaled.lineTwips, lineRule: 'exact' as const } } : {};
  const p = para({ style: header ? STYLE.tableHeader : STYLE.tableText, ...(keepNext ? { keepNext } : {}), ...(align ? { align } : {}), ...spacing }, merge === 'continue' ? '' : inlineRuns(cell.content, runCtx));
  // a merged cell's text sits at its top (Word's default, and the PDF's: src/layout/table.ts)
  return cellXml({ width, span, vAlign: merge ? 'top' : 'center', ...(merge ? { vMerge: merge } : {}) }, [p]);
}

/** One row: its cells, and a `w:vMerge` cell wherever a cell merged from a row above covers the grid.
 *  `keepNext`: the row is not the last of its merged group (Word keeps the group's rows together). */
function rowOf(slots: readonly GridSlot[], grid: readonly number[], header: boolean, ctx: RunContext, form?: FormTable, scaled?: Scaled, keepNext = false): string {
  let col = 0;
  let xml = '';
  for (const slot of slots) {
    if (slot.col >= grid.length) break;
    const span = Math.max(1, Math.min(slot.span, grid.length - slot.col));
    const width = grid.slice(slot.col, slot.col + span).reduce((a, b) => a + b, 0);
    const merge = slot.rows > 1 ? (slot.first ? 'restart' : 'continue') : undefined;
    xml += cellOf(slot.cell, width, span, header, ctx, form, scaled, merge, keepNext);
    col = slot.col + span;
  }
  // pad short rows so every row covers the grid (Word and WPS misdraw ragged rows)
  while (col < grid.length) {
    xml += cellOf({ content: [] }, grid[col] as number, 1, header, ctx, form, scaled);
    col++;
  }
  const height = form ? { height: { value: header ? form.headerRowTwips : form.rowTwips, rule: 'atLeast' as const } } : {};
  return rowXml({ cantSplit: true, header, ...height }, xml);
}

const GRID_BORDERS: TableBorders = {
  top: line(TABLE_BORDER_EIGHTHS),
  left: line(TABLE_BORDER_EIGHTHS),
  bottom: line(TABLE_BORDER_EIGHTHS),
  right: line(TABLE_BORDER_EIGHTHS),
  insideH: line(TABLE_BORDER_EIGHTHS),
  insideV: line(TABLE_BORDER_EIGHTHS),
};

/** A data table as wide as the 版心 (`widthTwips`). */
export function dataTable(t: TableBlock, widthTwips: number, ctx: RunContext, form?: FormTable): Tbl {
  const n = columnCount(t);
  const fractions = t.widths && t.widths.length === n ? t.widths : Array.from({ length: n }, () => 1);
  const grid = distributeWidths(widthTwips, fractions);
  const scaled = form ? undefined : scaledOf(t);
  let rows = '';
  for (const r of tableGrid(t.header)) rows += rowOf(r, grid, true, ctx, form, scaled);
  const body = tableGrid(t.rows);
  const ends = groupEnds(body);
  body.forEach((r, k) => {
    rows += rowOf(r, grid, false, ctx, form, scaled, (ends[k] ?? k) > k);
  });
  if (rows === '') rows = rowOf([], grid, false, ctx, form, scaled);
  return tableXml({ width: widthTwips, grid, borders: GRID_BORDERS, ...(scaled ? { cellMargins: scaled.margins } : {}) }, rows);
}

const NO_BORDERS: TableBorders = { top: NONE, left: NONE, bottom: NONE, right: NONE, insideH: NONE, insideV: NONE };

/**
 * 联合行文的标志 (7.2.4) as a borderless table centred in the 版心: the offices stacked in the left cell,
 * each spread to the cell's width (分散对齐), “文件” in the right cell, centred on the stack.
 * `names` and `suffix` are the runs' paragraphs (XML); widths in twips.
 */
export function jointMastheadTable(names: readonly Para[], suffix: Para, widthTwips: number, namesTwips: number, suffixTwips: number): Tbl {
  const pad = Math.max(0, Math.floor((widthTwips - namesTwips - suffixTwips) / 2));
  const grid = [pad, namesTwips, suffixTwips, widthTwips - pad - namesTwips - suffixTwips];
  const blank = (w: number): string => cellXml({ width: w, margins: NO_MARGINS }, [para({ style: STYLE.bodyFlush })]);
  const row =
    blank(grid[0] as number) +
    cellXml({ width: namesTwips, margins: NO_MARGINS, vAlign: 'center' }, names) +
    cellXml({ width: suffixTwips, margins: NO_MARGINS, vAlign: 'center' }, [suffix]) +
    blank(grid[3] as number);
  return tableXml({ width: widthTwips, grid, borders: NO_BORDERS, cellMargins: NO_MARGINS }, rowXml({ cantSplit: true }, row));
}

type ColophonBlock = Extract<Block, { t: 'colophon' }>;

/**
 * 版记 (7.4): 抄送 and 印发机关/印发日期 in 4号 仿宋, one character in on each side, between a thick first line, thin
 * middle lines and a thick last line; floated to the bottom of the 版心 so the last line lies on its bottom edge.
 */
export function colophonTable(c: ColophonBlock, widthTwips: number, ctx: RunContext): Tbl | undefined {
  const inset = charsToTwips(COLOPHON_INSET_CHARS);
  let rows = '';
  const row = (p: Para): string =>
    rowXml({ cantSplit: true, height: { value: linesToTwips(1), rule: 'atLeast' } }, cellXml({ width: widthTwips, vAlign: 'center' }, [p]));
  if (c.cc !== undefined && c.cc.trim() !== '') {
    const text = c.cc.trim();
    const label = '抄送：';
    rows += row(
      para(
        // wrapped names align after the colon: hanging indent of the label's width
        { style: STYLE.colophon, indent: { left: inset + charsToTwips(3), right: inset, hanging: charsToTwips(3), firstLineChars: 0 } },
        textRun(label + text, ctx),
      ),
    );
  }
  if ((c.printer ?? '').trim() !== '' || (c.printDate ?? '').trim() !== '') {
    const date = c.printDate ?? '';
    rows += row(
      para(
        {
          style: STYLE.colophon,
          tabs: [{ val: 'right', pos: widthTwips - inset }],
          indent: { left: inset, right: inset, firstLine: 0, firstLineChars: 0 },
        },
        textRun(c.printer ?? '', ctx) + TAB_RUN + textRun(date, ctx),
      ),
    );
  }
  if (rows === '') return undefined;
  return tableXml(
    {
      width: widthTwips,
      grid: [widthTwips],
      cellMargins: NO_MARGINS,
      float: { horzAnchor: 'margin', tblpXSpec: 'center', vertAnchor: 'margin', tblpYSpec: 'bottom', overlap: 'never' },
      borders: {
        top: line(COLOPHON_THICK_EIGHTHS),
        left: NONE,
        bottom: line(COLOPHON_THICK_EIGHTHS),
        right: NONE,
        insideH: line(COLOPHON_THIN_EIGHTHS),
        insideV: NONE,
      },
    },
    rows,
  );
}
