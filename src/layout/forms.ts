//! Fixed-geometry archive forms (GB/T 9705-2008): 案卷封面, 卷内文件目录, 卷内备考表, 案卷目录 on the form
//! margins (天头 20, 订口 25 mm), not on the GB/T 9704 grid. Reads the form's DocModel (a `div` whose role
//! names the form); pages are unnumbered. Uses fontkit metrics only.

import type { FontSet } from '../fonts/resolve.js';
import type { FontRole } from '../fonts/roles.js';
import type { Block, Document, Inline, TableCell } from '../model/types.js';
import { EM_BOX_ASCENT, PAGE } from '../standards/gbt9704.js';
import {
  CONTENTS_HEADER_ROW_MM,
  CONTENTS_ROW_MM,
  COVER_FIELD_PITCH_MM,
  COVER_FIELD_SIZE_PT,
  COVER_FIELDS_TOP_MM,
  COVER_HEADING_SIZE_PT,
  COVER_LABEL_WIDTH_MM,
  FORM_CELL_PADDING_MM,
  FORM_CELL_SIZE_PT,
  FORM_HEADER_SIZE_PT,
  FORM_MARGIN,
  FORM_RULE_PT,
  FORM_TITLE_BLOCK_MM,
  FORM_TITLE_SIZE_PT,
  REMARKS_SIGN_BLOCK_MM,
  VOLUME_LIST_ROW_MM,
} from '../standards/gbt9705.js';
import { mmToPt, ptToMm } from './grid.js';
import { breakLines, placeLine, type BrokenLine } from './linebreak.js';
import { markWords, shapeAtoms } from './shape.js';
import type { LayoutWarning, Page, PagedDoc, PageItem } from './types.js';
import { append } from '../util/arrays.js';

/** Form roles this module lays out (the `div` role of the form's single top block). */
export const FORM_ROLES = ['archive-cover', 'archive-cover-simple', 'archive-contents', 'archive-remarks', 'archive-volume-list'] as const;
export type FormRole = (typeof FORM_ROLES)[number];

const LEFT: number = FORM_MARGIN.leftMm;
const TOP: number = FORM_MARGIN.topMm;
const WIDTH = PAGE.widthMm - FORM_MARGIN.leftMm - FORM_MARGIN.rightMm;
const HEIGHT = PAGE.heightMm - FORM_MARGIN.topMm - FORM_MARGIN.bottomMm;
const PAD = FORM_CELL_PADDING_MM;
const LEADING = 1.35;

type FormDiv = Extract<Block, { t: 'div' }> & { role: FormRole };

/** The form div of a document made by src/generators/archive, if it is one. */
export function formOf(doc: Document): FormDiv | undefined {
  const b = doc.blocks[0];
  if (doc.blocks.length === 1 && b?.t === 'div' && (FORM_ROLES as readonly string[]).includes(b.role)) return b as FormDiv;
  return undefined;
}

/** Drawing state of one page. */
class Pen {
  items: PageItem[] = [];
  constructor(
    readonly fonts: FontSet,
    readonly warnings: LayoutWarning[],
  ) {}

  private atoms(text: string, role: FontRole, sizePt: number) {
    return shapeAtoms([{ text, role }], { fonts: this.fonts, sizePt, pitchPt: sizePt, warnings: this.warnings });
  }

  widthMm(text: string, role: FontRole, sizePt: number): number {
    return ptToMm(this.atoms(text, role, sizePt).reduce((w, a) => w + a.widthPt, 0));
  }

  /** Lines of `text` in `widthMm`, broken between words (src/model/words.ts), never inside a code or date. */
  wrap(text: string, role: FontRole, sizePt: number, widthMm: number, indentChars = 0): BrokenLine[] {
    const lines: BrokenLine[] = [];
    for (const para of text.split('\n')) {
      const got = breakLines(markWords(this.atoms(para, role, sizePt)), { measurePt: mmToPt(widthMm), firstIndentPt: indentChars * sizePt, words: true });
      append(lines, (got.length ? got : [{ atoms: [], indentPt: 0, widthPt: 0, last: true }]));
    }
    return lines;
  }

  /** Draws broken lines; `topMm` = top of the first em box. */
  lines(lines: BrokenLine[], sizePt: number, xMm: number, topMm: number, widthMm: number, align: 'left' | 'center' | 'right' | 'justify', lineMm = ptToMm(sizePt * LEADING)): void {
    lines.forEach((l, k) => {
      for (const r of placeLine(l, mmToPt(widthMm), align)) {
        this.items.push({
          kind: 'text',
          xMm: xMm + ptToMm(r.xPt),
          yMm: topMm + k * lineMm + ptToMm(EM_BOX_ASCENT * r.sizePt),
          fontRole: r.role,
          faceId: r.face.id,
          sizePt: r.sizePt,
          text: r.text,
          charSpacingPt: r.tcPt,
          ...(r.color ? { color: r.color } : {}),
        });
      }
    });
  }

  text(text: string, role: FontRole, sizePt: number, xMm: number, topMm: number, widthMm: number, align: 'left' | 'center' | 'right' = 'left'): number {
    const lines = this.wrap(text, role, sizePt, widthMm);
    this.lines(lines, sizePt, xMm, topMm, widthMm, align);
    return lines.length * ptToMm(sizePt * LEADING);
  }

  rule(x1: number, y1: number, x2: number, y2: number, widthPt = FORM_RULE_PT): void {
    this.items.push({ kind: 'rule', x1Mm: x1, y1Mm: y1, x2Mm: x2, y2Mm: y2, widthPt });
  }

  box(x: number, y: number, w: number, h: number, widthPt = FORM_RULE_PT): void {
    this.rule(x, y, x + w, y, widthPt);
    this.rule(x + w, y, x + w, y + h, widthPt);
    this.rule(x + w, y + h, x, y + h, widthPt);
    this.rule(x, y + h, x, y, widthPt);
  }

  page(): Page {
    return { widthMm: PAGE.widthMm, heightMm: PAGE.heightMm, landscape: false, number: null, items: this.items };
  }
}

const plainText = (content: Inline[]): string =>
  content.map((i) => (i.t === 'text' ? i.text : i.t === 'break' ? '\n' : plainText(i.children))).join('');
const cellText = (c: TableCell | undefined): string => (c ? plainText(c.content) : '');

function childrenOf(b: Block): Block[] {
  return b.t === 'div' ? b.children : [b];
}
const tables = (blocks: Block[]) => blocks.filter((b): b is Extract<Block, { t: 'table' }> => b.t === 'table');
const titleOf = (blocks: Block[]): string => {
  const t = blocks.find((b) => b.t === 'title');
  return t && t.t === 'title' ? t.text : '';
};
const parasOf = (blocks: Block[]): string[] => blocks.flatMap((b) => (b.t === 'para' ? [plainText(b.content)] : []));
const divOf = (blocks: Block[], role: string): Block[] => {
  const d = blocks.find((b) => b.t === 'div' && b.role === role);
  return d ? childrenOf(d) : [];
};

/** 排版表格: lays out an archive form. */
export function layoutForm(doc: Document, form: FormDiv, fonts: FontSet): PagedDoc {
  const warnings: LayoutWarning[] = [];
  let pages: Page[];
  switch (form.role) {
    case 'archive-cover':
      pages = [standardCover(new Pen(fonts, warnings), form.children)];
      break;
    case 'archive-cover-simple':
      pages = [simpleCover(new Pen(fonts, warnings), form.children)];
      break;
    case 'archive-contents':
      pages = tableForm(fonts, warnings, form.children, CONTENTS_HEADER_ROW_MM, CONTENTS_ROW_MM);
      break;
    case 'archive-volume-list':
      pages = tableForm(fonts, warnings, form.children, VOLUME_LIST_ROW_MM, VOLUME_LIST_ROW_MM);
      break;
    case 'archive-remarks':
      pages = remarks(fonts, warnings, form.children);
      break;
  }
  return { title: doc.meta.title, kind: doc.meta.kind, ...(doc.meta.issuer ? { author: doc.meta.issuer } : {}), pages, warnings };
}

/** 案卷封面 (Appendix B): framed; label/value lines with underlines; the 档号 box at the foot. */
function standardCover(pen: Pen, blocks: Block[]): Page {
  const [fields, codeBox] = tables(blocks);
  pen.box(LEFT, TOP, WIDTH, HEIGHT, 1.5);
  pen.box(LEFT + 2, TOP + 2, WIDTH - 4, HEIGHT - 4, 0.5);
  const size = COVER_FIELD_SIZE_PT;
  const x0 = LEFT + 18;
  const valueX = x0 + COVER_LABEL_WIDTH_MM;
  const valueW = LEFT + WIDTH - 18 - valueX;
  let y = TOP + COVER_FIELDS_TOP_MM;
  for (const row of fields?.rows ?? []) {
    const label = cellText(row[0]);
    const value = cellText(row[1]);
    const big = label.replace(/\s/g, '') === '案卷题名';
    const vSize = big ? COVER_HEADING_SIZE_PT : size;
    const vRole: FontRole = big ? 'xiaobiaosong' : 'fangsong';
    const lines = pen.wrap(value, vRole, vSize, valueW);
    const lineMm = Math.max(ptToMm(vSize * 1.5), 11);
    const rows = Math.max(1, lines.length);
    pen.text(label, 'heiti', size, x0, y + lineMm - ptToMm(size) - 2, COVER_LABEL_WIDTH_MM, 'left');
    pen.lines(lines, vSize, valueX, y + lineMm - ptToMm(vSize) - 2, valueW, big ? 'center' : 'left', lineMm);
    for (let k = 0; k < rows; k++) pen.rule(valueX, y + (k + 1) * lineMm, valueX + valueW, y + (k + 1) * lineMm, 0.5);
    y += rows * lineMm + (COVER_FIELD_PITCH_MM - 11);
  }
  if (codeBox) {
    const cols = Math.max(1, codeBox.header[0]?.length ?? 1);
    const boxW = WIDTH - 36;
    const fr = codeBox.widths.length === cols ? codeBox.widths : new Array<number>(cols).fill(1);
    const sum = fr.reduce((a, b) => a + b, 0) || 1;
    const xs = [LEFT + 18];
    for (const f of fr) xs.push((xs[xs.length - 1] as number) + (f / sum) * boxW);
    const rowH = 12;
    const top = TOP + HEIGHT - 30 - 2 * rowH;
    const rows = [codeBox.header[0] ?? [], ...codeBox.rows];
    rows.forEach((row, r) => {
      row.forEach((cell, c) => {
        const t = cellText(cell);
        const s = r === 0 ? FORM_HEADER_SIZE_PT : 14;
        const x = xs[c] as number;
        const w = (xs[c + 1] as number) - x;
        pen.text(t, r === 0 ? 'heiti' : 'fangsong', s, x + PAD, top + r * rowH + (rowH - ptToMm(s)) / 2, w - 2 * PAD, 'center');
      });
    });
    for (let r = 0; r <= rows.length; r++) pen.rule(LEFT + 18, top + r * rowH, LEFT + 18 + boxW, top + r * rowH);
    for (const x of xs) pen.rule(x, top, x, top + rows.length * rowH);
  }
  return pen.page();
}

/** The seeds' simple cover: 立档单位, 卷名 (large), 年度. */
function simpleCover(pen: Pen, blocks: Block[]): Page {
  const rows = tables(blocks)[0]?.rows ?? [];
  const [unit, title, year] = rows.map((r) => cellText(r[1]));
  pen.box(LEFT, TOP, WIDTH, HEIGHT, 1.5);
  if (unit) pen.text(unit, 'xiaobiaosong', FORM_TITLE_SIZE_PT, LEFT, TOP + 45, WIDTH, 'center');
  if (title) {
    const lines = pen.wrap(title, 'heiti', 42, WIDTH - 30);
    pen.lines(lines, 42, LEFT + 15, TOP + 100, WIDTH - 30, 'center', ptToMm(42 * 1.4));
  }
  if (year) pen.text(year, 'fangsong', FORM_TITLE_SIZE_PT, LEFT, TOP + HEIGHT - 60, WIDTH, 'center');
  return pen.page();
}

interface CellBox {
  lines: BrokenLine[];
  sizePt: number;
  role: FontRole;
  align: 'left' | 'center';
}

/** A table form (卷内文件目录, 案卷目录): title, meta line, fixed columns, header repeated on every page. */
function tableForm(fonts: FontSet, warnings: LayoutWarning[], blocks: Block[], headerRowMm: number, rowMm: number): Page[] {
  const title = titleOf(blocks);
  const meta = parasOf(blocks);
  const table = tables(blocks)[0];
  const header = table?.header[0] ?? [];
  const ncols = Math.max(header.length, 1);
  const fr = table?.widths && table.widths.length === ncols ? table.widths : new Array<number>(ncols).fill(1 / ncols);
  const sum = fr.reduce((a, b) => a + b, 0) || 1;
  const xs: number[] = [LEFT];
  for (const f of fr) xs.push((xs[xs.length - 1] ?? LEFT) + (f / sum) * WIDTH);
  const measure = new Pen(fonts, warnings);
  const cells = (row: TableCell[], head: boolean): CellBox[] =>
    row.map((c, i) => {
      const sizePt = head ? FORM_HEADER_SIZE_PT : FORM_CELL_SIZE_PT;
      const role: FontRole = head ? 'heiti' : 'fangsong';
      const w = (xs[i + 1] ?? 0) - (xs[i] ?? 0) - 2 * PAD;
      // cells are aligned, never spread character by character
      const align = c.align === 'left' ? 'left' : 'center';
      return { lines: measure.wrap(cellText(c), role, sizePt, w), sizePt, role, align };
    });
  const heightOf = (boxes: CellBox[], min: number): number =>
    Math.max(min, ...boxes.map((b) => b.lines.length * ptToMm(b.sizePt * LEADING) + 2 * PAD));

  const headBoxes = cells(header, true);
  const headH = heightOf(headBoxes, headerRowMm);
  const bodyRows = (table?.rows ?? []).map((r) => {
    const boxes = cells(r, false);
    return { boxes, h: heightOf(boxes, rowMm) };
  });

  const pages: Page[] = [];
  let pen: Pen | undefined;
  let y = 0;
  const drawRow = (p: Pen, boxes: CellBox[], top: number, h: number): void => {
    boxes.forEach((b, i) => {
      const x = (xs[i] ?? 0) + PAD;
      const w = (xs[i + 1] ?? 0) - (xs[i] ?? 0) - 2 * PAD;
      const lineMm = ptToMm(b.sizePt * LEADING);
      const textH = b.lines.length * lineMm - (lineMm - ptToMm(b.sizePt));
      p.lines(b.lines, b.sizePt, x, top + (h - textH) / 2, w, b.align, lineMm);
    });
    p.rule(LEFT, top + h, LEFT + WIDTH, top + h);
    for (const x of xs) p.rule(x, top, x, top + h);
  };
  const newPage = (): Pen => {
    if (pen) pages.push(pen.page());
    const p = new Pen(fonts, warnings);
    p.text(title, 'heiti', FORM_TITLE_SIZE_PT, LEFT, TOP, WIDTH, 'center');
    let t = TOP + ptToMm(FORM_TITLE_SIZE_PT) + 4;
    const [left, right] = meta;
    if (left) p.text(left, 'fangsong', FORM_HEADER_SIZE_PT, LEFT, t, WIDTH, 'left');
    if (right) p.text(right, 'fangsong', FORM_HEADER_SIZE_PT, LEFT, t, WIDTH, 'right');
    t = TOP + FORM_TITLE_BLOCK_MM;
    p.rule(LEFT, t, LEFT + WIDTH, t);
    drawRow(p, headBoxes, t, headH);
    y = t + headH;
    return p;
  };
  pen = newPage();
  for (const r of bodyRows) {
    if (y + r.h > TOP + HEIGHT + 1e-6 && y > TOP + FORM_TITLE_BLOCK_MM + headH + 1e-6) pen = newPage();
    drawRow(pen, r.boxes, y, r.h);
    y += r.h;
  }
  pages.push(pen.page());
  return pages;
}

/** 卷内备考表: title; a frame with 本卷情况说明 and its text; 立卷人, 检查人, 立卷时间 at the frame's foot. */
function remarks(fonts: FontSet, warnings: LayoutWarning[], blocks: Block[]): Page[] {
  const title = titleOf(blocks);
  const body = parasOf(divOf(blocks, 'remarks-body'));
  const sign = parasOf(divOf(blocks, 'remarks-sign'));
  const size = 14;
  const lineMm = ptToMm(size * 1.8);
  const boxTop = TOP + FORM_TITLE_BLOCK_MM;
  const boxBottom = TOP + HEIGHT;
  const innerX = LEFT + 8;
  const innerW = WIDTH - 16;
  const measure = new Pen(fonts, warnings);
  const [label, ...rest] = body;
  const lines = rest.flatMap((p) => measure.wrap(p, 'fangsong', size, innerW, 2));
  const perPage = Math.max(1, Math.floor((boxBottom - REMARKS_SIGN_BLOCK_MM - (boxTop + 22)) / lineMm));
  const pages: Page[] = [];
  let k = 0;
  do {
    const pen = new Pen(fonts, warnings);
    pen.text(title, 'heiti', FORM_TITLE_SIZE_PT, LEFT, TOP, WIDTH, 'center');
    pen.box(LEFT, boxTop, WIDTH, boxBottom - boxTop);
    if (label) pen.text(label, 'heiti', 16, innerX, boxTop + 8, innerW, 'left');
    pen.lines(lines.slice(k, k + perPage), size, innerX, boxTop + 22, innerW, 'justify', lineMm);
    k += perPage;
    if (k >= lines.length) {
      const signW = 80;
      sign.forEach((s, i) => pen.text(s, 'fangsong', size, LEFT + WIDTH - 10 - signW, boxBottom - REMARKS_SIGN_BLOCK_MM + 10 + i * 14, signW, 'left'));
    }
    pages.push(pen.page());
  } while (k < lines.length);
  return pages;
}
