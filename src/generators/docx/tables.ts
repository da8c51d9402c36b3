//! Tables: every table writes both w:tblW and w:tblGrid/w:gridCol (WPS reads the grid, Word the width),
//! explicit 0.5 pt borders, w:tblHeader on every header row and w:cantSplit on every row; plus the borderless
//! 签署栏 of a 责任书 and the 版记 block with its 0.35/0.25 mm lines.

import {
  AlignmentType,
  BorderStyle,
  HeightRule,
  OverlapType,
  Paragraph,
  RelativeHorizontalPosition,
  RelativeVerticalPosition,
  Tab,
  TabStopType,
  Table,
  TableAnchorType,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type ITableBordersOptions,
} from 'docx';
import type { Align, Block, SignatureParty, TableCell as ModelCell } from '../../model/types.js';
import { PARAGRAPH_INDENT_CHARS, SIGNATURES_GAP_LINES, SIGN_LINE_CHARS, COLOPHON_INSET_CHARS } from '../../standards/gbt9704.js';
import { inlineRuns, textRun, type RunContext } from './inlines.js';
import { STYLE } from './styles.js';
import { formatDateArabic } from './text.js';
import {
  COLOPHON_THICK_EIGHTHS,
  COLOPHON_THIN_EIGHTHS,
  TABLE_BORDER_EIGHTHS,
  charsToTwips,
  linesToTwips,
} from './units.js';

type TableBlock = Extract<Block, { t: 'table' }>;

const NONE: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
const line = (eighths: number): IBorderOptions => ({ style: BorderStyle.SINGLE, size: eighths, color: '000000' });

const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

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

/** Number of grid columns: the widest row, counting spans. */
function columnCount(t: TableBlock): number {
  const rows = [...t.header, ...t.rows];
  const n = Math.max(0, ...rows.map((r) => r.reduce((s, c) => s + Math.max(1, c.colSpan ?? 1), 0)));
  return Math.max(n, t.widths?.length ?? 0, 1);
}

function cellOf(cell: ModelCell, width: number, span: number, header: boolean, ctx: RunContext): TableCell {
  const align: Align | undefined = cell.align ?? (header ? 'center' : undefined);
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    ...(span > 1 ? { columnSpan: span } : {}),
    verticalAlign: VerticalAlignTable.CENTER,
    children: [
      new Paragraph({
        style: header ? STYLE.tableHeader : STYLE.tableText,
        ...(align ? { alignment: ALIGN[align] } : {}),
        children: inlineRuns(cell.content, ctx),
      }),
    ],
  });
}

function rowOf(cells: readonly ModelCell[], grid: readonly number[], header: boolean, ctx: RunContext): TableRow {
  let col = 0;
  const children: TableCell[] = [];
  for (const cell of cells) {
    const span = Math.max(1, Math.min(cell.colSpan ?? 1, grid.length - col));
    if (col >= grid.length) break;
    const width = grid.slice(col, col + span).reduce((a, b) => a + b, 0);
    children.push(cellOf(cell, width, span, header, ctx));
    col += span;
  }
  // pad short rows so every row covers the grid (Word and WPS misdraw ragged rows)
  while (col < grid.length) {
    children.push(cellOf({ content: [] }, grid[col] as number, 1, header, ctx));
    col++;
  }
  return new TableRow({ children, cantSplit: true, ...(header ? { tableHeader: true } : {}) });
}

const GRID_BORDERS: ITableBordersOptions = {
  top: line(TABLE_BORDER_EIGHTHS),
  bottom: line(TABLE_BORDER_EIGHTHS),
  left: line(TABLE_BORDER_EIGHTHS),
  right: line(TABLE_BORDER_EIGHTHS),
  insideHorizontal: line(TABLE_BORDER_EIGHTHS),
  insideVertical: line(TABLE_BORDER_EIGHTHS),
};

/** A data table as wide as the 版心 (`widthTwips`). */
export function dataTable(t: TableBlock, widthTwips: number, ctx: RunContext): Table {
  const n = columnCount(t);
  const fractions = t.widths && t.widths.length === n ? t.widths : Array.from({ length: n }, () => 1);
  const grid = distributeWidths(widthTwips, fractions);
  const rows = [
    ...t.header.map((r) => rowOf(r, grid, true, ctx)),
    ...t.rows.map((r) => rowOf(r, grid, false, ctx)),
  ];
  if (rows.length === 0) rows.push(rowOf([], grid, false, ctx));
  return new Table({
    width: { size: widthTwips, type: WidthType.DXA },
    columnWidths: grid,
    layout: TableLayoutType.FIXED,
    borders: GRID_BORDERS,
    rows,
  });
}

const NO_BORDERS: ITableBordersOptions = {
  top: NONE,
  bottom: NONE,
  left: NONE,
  right: NONE,
  insideHorizontal: NONE,
  insideVertical: NONE,
};

/** 签署栏 cells: parties two to a row, each column indented two characters; borderless. */
export function signaturesTable(parties: readonly SignatureParty[], widthTwips: number, ctx: RunContext): Table {
  const perRow = 2;
  const grid = distributeWidths(widthTwips, Array.from({ length: perRow }, () => 1));
  const indent = { left: charsToTwips(PARAGRAPH_INDENT_CHARS), firstLine: 0, firstLineChars: 0 };
  const para = (children: TextRun[], before = 0): Paragraph =>
    new Paragraph({ style: STYLE.signatureCell, indent, ...(before ? { spacing: { before } } : {}), children });
  const cellOf = (p: SignatureParty | undefined, i: number): TableCell =>
    new TableCell({
      width: { size: grid[i] as number, type: WidthType.DXA },
      margins: { left: 0, right: 0, top: 0, bottom: 0 },
      children:
        p === undefined
          ? [para([])]
          : [
              para([textRun(`${p.role}：`, ctx)], linesToTwips(SIGNATURES_GAP_LINES)),
              para([textRun(`${p.name}（盖章）`, ctx)]),
              para([]),
              para([
                textRun('负责人（签字）：', ctx),
                textRun('\u3000'.repeat(SIGN_LINE_CHARS), { ...ctx, underline: true }),
              ]),
            ],
    });
  const rows: TableRow[] = [];
  for (let r = 0; r < Math.max(1, parties.length); r += perRow) {
    rows.push(new TableRow({ cantSplit: true, children: [cellOf(parties[r], 0), cellOf(parties[r + 1], 1)] }));
  }
  return new Table({
    width: { size: widthTwips, type: WidthType.DXA },
    columnWidths: grid,
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows,
  });
}

type ColophonBlock = Extract<Block, { t: 'colophon' }>;

/**
 * 版记 (7.4): 抄送 and 印发机关/印发日期 in 4号 仿宋, one character in on each side, between a thick first line, thin
 * middle lines and a thick last line; floated to the bottom of the 版心 so the last line lies on its bottom edge.
 */
export function colophonTable(c: ColophonBlock, widthTwips: number, ctx: RunContext): Table | undefined {
  const inset = charsToTwips(COLOPHON_INSET_CHARS);
  const rows: TableRow[] = [];
  const cell = (p: Paragraph): TableRow =>
    new TableRow({
      cantSplit: true,
      height: { value: linesToTwips(1), rule: HeightRule.ATLEAST },
      children: [new TableCell({ width: { size: widthTwips, type: WidthType.DXA }, verticalAlign: VerticalAlignTable.CENTER, children: [p] })],
    });
  if (c.cc !== undefined && c.cc.trim() !== '') {
    const names = c.cc.trim().replace(/^抄送[:：]/, '');
    const text = /[。.]$/.test(names) ? names : `${names}。`;
    const label = '抄送：';
    rows.push(
      cell(
        new Paragraph({
          style: STYLE.colophon,
          // wrapped names align after the colon: hanging indent of the label's width
          indent: { left: inset + charsToTwips(3), right: inset, hanging: charsToTwips(3), firstLineChars: 0 },
          children: [textRun(label + text, ctx)],
        }),
      ),
    );
  }
  if ((c.printer ?? '').trim() !== '' || (c.printDate ?? '').trim() !== '') {
    const date = c.printDate ? `${formatDateArabic(c.printDate)}印发` : '';
    rows.push(
      cell(
        new Paragraph({
          style: STYLE.colophon,
          indent: { left: inset, right: inset, firstLine: 0, firstLineChars: 0 },
          tabStops: [{ type: TabStopType.RIGHT, position: widthTwips - inset }],
          children: [textRun(c.printer ?? '', ctx), new TextRun({ children: [new Tab()] }), textRun(date, ctx)],
        }),
      ),
    );
  }
  if (rows.length === 0) return undefined;
  return new Table({
    width: { size: widthTwips, type: WidthType.DXA },
    columnWidths: [widthTwips],
    layout: TableLayoutType.FIXED,
    margins: { left: 0, right: 0, top: 0, bottom: 0 },
    float: {
      horizontalAnchor: TableAnchorType.MARGIN,
      relativeHorizontalPosition: RelativeHorizontalPosition.CENTER,
      verticalAnchor: TableAnchorType.MARGIN,
      relativeVerticalPosition: RelativeVerticalPosition.BOTTOM,
      overlap: OverlapType.NEVER,
    },
    borders: {
      top: line(COLOPHON_THICK_EIGHTHS),
      bottom: line(COLOPHON_THICK_EIGHTHS),
      left: NONE,
      right: NONE,
      insideHorizontal: line(COLOPHON_THIN_EIGHTHS),
      insideVertical: NONE,
    },
    rows,
  });
}
