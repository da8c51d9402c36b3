//! The 案卷封面 (GB/T 9705-2008 Appendix B) in Word as the PDF draws it (src/layout/forms.ts): on the forms'
//! margins, a frame of a thick and a thin line, the fields as label and underlined value 22 mm apart
//! from 30 mm down, one underline per line of the value, and the 档号 box 30 mm above the frame's foot.
//! Exact row heights stand in for the PDF's positions; the texts are the model's.

import type { Block, Inline, TableCell } from '../../model/types.js';
import {
  COVER_FIELD_PITCH_MM,
  COVER_FIELD_SIZE_PT,
  COVER_FIELDS_TOP_MM,
  COVER_HEADING_SIZE_PT,
  COVER_LABEL_WIDTH_MM,
  FORM_HEADER_SIZE_PT,
  FORM_MARGIN,
  FORM_TITLE_SIZE_PT,
} from '../../standards/gbt9705.js';
import { MM_PER_PT, PAGE } from '../../standards/gbt9704.js';
import { textRun, type RunContext } from './inlines.js';
import { cellXml, para, rowXml, tableXml, type BodyChild, type Border, type Para, type TableBorders } from './ooxml.js';
import { STYLE } from './styles.js';
import { distributeWidths } from './tables.js';
import { mmToTwips, ptToHalfPoints } from './units.js';

type Div = Extract<Block, { t: 'div' }>;

const WIDTH_MM = PAGE.widthMm - FORM_MARGIN.leftMm - FORM_MARGIN.rightMm;
const HEIGHT_MM = PAGE.heightMm - FORM_MARGIN.topMm - FORM_MARGIN.bottomMm;
/** the thin frame 2 mm inside the thick one */
const INSET_MM = 2;
/** fields and 档号 box 18 mm in from the thick frame */
const SIDE_MM = 18;
const FIELD_LINE_MM = 11;
const CODE_ROW_MM = 12;

const line = (pt: number): Border => ({ val: 'single', sz: Math.round(pt * 8), color: '000000' });
const NONE: Border = { val: 'none', sz: 0, color: 'auto' };
const NO: TableBorders = { top: NONE, left: NONE, bottom: NONE, right: NONE, insideH: NONE, insideV: NONE };
const ZERO = { top: 0, left: 0, bottom: 0, right: 0 };

const plain = (xs: readonly Inline[]): string => xs.map((x) => (x.t === 'text' ? x.text : x.t === 'break' ? '\n' : plain(x.children))).join('');
const cellText = (c: TableCell | undefined): string => (c ? plain(c.content) : '');

/** A paragraph of one run at `sizePt` in a role's character style, exactly `heightMm` high, text at the bottom. */
function textPara(text: string, ctx: RunContext, sizePt: number, align: 'left' | 'center', heightMm?: number): Para {
  return para(
    {
      style: STYLE.bodyFlush,
      align,
      spacing: heightMm ? { before: 0, after: 0, line: mmToTwips(heightMm), lineRule: 'exact' } : { before: 0, after: 0 },
      indent: { left: 0, right: 0, firstLine: 0, firstLineChars: 0 },
    },
    text === '' ? '' : textRun(text, { ...ctx, size: ptToHalfPoints(sizePt) }),
  );
}

/** An empty paragraph exactly `mm` high (vertical space inside a cell). */
function spacer(mm: number): Para {
  return para({ style: STYLE.bodyFlush, spacing: { before: 0, after: 0, line: Math.max(20, mmToTwips(mm)), lineRule: 'exact' }, indent: { left: 0, right: 0, firstLine: 0, firstLineChars: 0 } });
}

/** The frame around `inner` (XML of the cell's content): a thick line with a thin one inside it, as the PDF's
 *  two boxes 2 mm apart; one table row exactly as tall as the forms' text area. */
function framed(inner: string): BodyChild[] {
  const w = mmToTwips(WIDTH_MM);
  const m = mmToTwips(INSET_MM);
  const frame: Border = { val: 'thickThinMediumGap', sz: 18, color: '000000' };
  const cell = `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${w}"/><w:tcMar><w:top w:type="dxa" w:w="${m}"/><w:left w:type="dxa" w:w="${m}"/><w:bottom w:type="dxa" w:w="${m}"/><w:right w:type="dxa" w:w="${m}"/></w:tcMar></w:tcPr>${inner}</w:tc>`;
  return [tableXml({ width: w, grid: [w], borders: { top: frame, left: frame, bottom: frame, right: frame, insideH: NONE, insideV: NONE }, cellMargins: ZERO }, rowXml({ cantSplit: true, height: { value: mmToTwips(HEIGHT_MM), rule: 'exact' } }, cell))];
}

const paraXmlOf = (p: Para): string => `<w:p>${p.pPr === '' ? '' : `<w:pPr>${p.pPr}</w:pPr>`}${p.runs}</w:p>`;

/** 案卷封面 (standard): fields with underlined values, then the 档号 box. */
function standardCover(div: Div, ctx: RunContext): BodyChild[] {
  const tables = div.children.filter((b): b is Extract<Block, { t: 'table' }> => b.t === 'table');
  const [fields, codeBox] = tables;
  const innerMm = WIDTH_MM - 2 * INSET_MM;
  const side = SIDE_MM - INSET_MM;
  const valueMm = innerMm - 2 * side - COVER_LABEL_WIDTH_MM;
  const grid = [side, COVER_LABEL_WIDTH_MM, valueMm, side].map(mmToTwips);
  const heiti: RunContext = { ...ctx, role: 'heiti', charStyle: STYLE.strong };
  const xbs: RunContext = { ...ctx, role: 'xiaobiaosong' };
  let rows = '';
  let used = 0;
  const gapMm = COVER_FIELD_PITCH_MM - FIELD_LINE_MM;
  const blank = (w: number): string => cellXml({ width: w, margins: ZERO }, [spacer(1)]);
  for (const r of fields?.rows ?? []) {
    const label = cellText(r[0]);
    const big = label.replace(/\s/g, '') === '案卷题名';
    const size = big ? COVER_HEADING_SIZE_PT : COVER_FIELD_SIZE_PT;
    const lineMm = Math.max(size * 1.5 * MM_PER_PT, FIELD_LINE_MM);
    const values = cellText(r[1]).split('\n');
    values.forEach((v, k) => {
      const under: TableBorders = { ...NO, bottom: line(0.5) };
      const labelCell = cellXml({ width: grid[1] as number, margins: ZERO, vAlign: 'bottom' }, [textPara(k === 0 ? label : '', heiti, COVER_FIELD_SIZE_PT, 'left')]);
      const valueCell = `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${grid[2]}"/><w:tcBorders><w:bottom w:val="single" w:color="000000" w:sz="${under.bottom.sz}"/></w:tcBorders><w:tcMar><w:top w:type="dxa" w:w="0"/><w:left w:type="dxa" w:w="0"/><w:bottom w:type="dxa" w:w="${mmToTwips(1.5)}"/><w:right w:type="dxa" w:w="0"/></w:tcMar><w:vAlign w:val="bottom"/></w:tcPr>${paraXmlOf(textPara(v, big ? xbs : ctx, size, big ? 'center' : 'left'))}</w:tc>`;
      rows += rowXml({ cantSplit: true, height: { value: mmToTwips(lineMm), rule: 'exact' } }, blank(grid[0] as number) + labelCell + valueCell + blank(grid[3] as number));
      used += lineMm;
    });
    rows += rowXml({ cantSplit: true, height: { value: mmToTwips(gapMm), rule: 'exact' } }, grid.map((w) => blank(w)).join(''));
    used += gapMm;
  }
  const fieldsTbl = tableXml({ width: grid.reduce((a, b) => a + b, 0), grid, borders: NO, cellMargins: ZERO }, rows);
  const topMm = COVER_FIELDS_TOP_MM - INSET_MM;
  let inner = paraXmlOf(spacer(topMm)) + fieldsTbl.xml;
  if (codeBox) {
    const header = codeBox.header[0] ?? [];
    const values = codeBox.rows[0] ?? [];
    const boxMm = WIDTH_MM - 2 * SIDE_MM;
    const cols = distributeWidths(mmToTwips(boxMm), codeBox.widths.length === header.length ? codeBox.widths : header.map(() => 1));
    const codeGrid = [mmToTwips(side), ...cols, mmToTwips(side)];
    const cell = (text: string, w: number, head: boolean): string =>
      cellXml({ width: w, margins: ZERO, vAlign: 'center' }, [textPara(text, head ? heiti : ctx, head ? FORM_HEADER_SIZE_PT : 14, 'center')]);
    const edge = (w: number): string => `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${w}"/><w:tcBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/></w:tcBorders></w:tcPr>${paraXmlOf(spacer(1))}</w:tc>`;
    const rowOf = (cells: readonly TableCell[], head: boolean): string =>
      rowXml({ cantSplit: true, height: { value: mmToTwips(CODE_ROW_MM), rule: 'exact' } }, edge(codeGrid[0] as number) + cells.map((c, i) => cell(cellText(c), cols[i] as number, head)).join('') + edge(codeGrid[codeGrid.length - 1] as number));
    const borders: TableBorders = { top: line(0.75), left: NONE, bottom: line(0.75), right: NONE, insideH: line(0.75), insideV: line(0.75) };
    const codeTbl = tableXml({ width: codeGrid.reduce((a, b) => a + b, 0), grid: codeGrid, borders, cellMargins: ZERO }, rowOf(header, true) + rowOf(values, false));
    // the box's top 30 mm + two rows above the frame's foot, as in the PDF
    const boxTopMm = HEIGHT_MM - 30 - 2 * CODE_ROW_MM - INSET_MM;
    inner += paraXmlOf(spacer(Math.max(1, boxTopMm - topMm - used))) + codeTbl.xml;
  }
  return framed(inner + paraXmlOf(spacer(1)));
}

/** The seeds' simple cover: 立档单位, 卷名 (large), 年度 in a thick frame. */
function simpleCover(div: Div, ctx: RunContext): BodyChild[] {
  const rows = div.children.find((b): b is Extract<Block, { t: 'table' }> => b.t === 'table')?.rows ?? [];
  const [unit, title, year] = rows.map((r) => cellText(r[1]));
  const xbs: RunContext = { ...ctx, role: 'xiaobiaosong' };
  const hei: RunContext = { ...ctx, role: 'heiti', charStyle: STYLE.strong };
  const at = (mm: number, text: string, c: RunContext, size: number): string => paraXmlOf(spacer(mm)) + paraXmlOf(textPara(text, c, size, 'center', (size * 1.4) / 72 * 25.4));
  const inner = at(45 - INSET_MM, unit ?? '', xbs, FORM_TITLE_SIZE_PT) + at(40, title ?? '', hei, 42) + at(90, year ?? '', ctx, FORM_TITLE_SIZE_PT);
  return framed(inner);
}

/** The 案卷封面 div as Word body content (a section of its own, on the forms' margins). */
export function coverForm(div: Div, ctx: RunContext): BodyChild[] {
  return div.role === 'archive-cover-simple' ? simpleCover(div, ctx) : standardCover(div, ctx);
}

/** Twips of a mm length (re-exported for the section's form margins). */
export const FORM_MARGIN_TWIPS = {
  top: mmToTwips(FORM_MARGIN.topMm),
  bottom: mmToTwips(FORM_MARGIN.bottomMm),
  left: mmToTwips(FORM_MARGIN.leftMm),
  right: mmToTwips(FORM_MARGIN.rightMm),
} as const;
