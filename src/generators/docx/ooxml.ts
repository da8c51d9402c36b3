//! WordprocessingML (ECMA-376 part 1) as strings, for exactly the constructs the DOCX writer uses: paragraphs,
//! runs, the PAGE field, tables, section properties and the document and footer parts. Plain functions, no
//! object model: every child element is written in the schema's sequence order (Word rejects a document
//! whose pPr, rPr, tblPr, tcPr or sectPr children are out of order), attributes in a fixed order — all
//! through xml.ts's `el`, as every other part of the package.

import type { RunFonts } from './fonts.js';
import { R_NS, W_NS, XML_DECL, el, escapeXml } from './xml.js';

// ---------------------------------------------------------------------------------------------- paragraphs

/** A border line (paragraph or table): w:sz in eighths of a point, w:space in points. */
export interface Border {
  /** thickThinMediumGap: a thick outer and a thin inner line (the framed 案卷封面) */
  val: 'single' | 'none' | 'thickThinMediumGap';
  color: string;
  sz: number;
  space?: number;
}

/** A custom tab stop at `pos` twips from the left indent's origin. */
export interface TabStop {
  val: 'left' | 'center' | 'right';
  pos: number;
}

/** Paragraph spacing in twips; `line` in twips for exact/atLeast, 240ths of a line for auto. */
export interface Spacing {
  before?: number;
  after?: number;
  line?: number;
  lineRule?: 'auto' | 'exact' | 'atLeast';
}

/** Paragraph indents in twips; firstLineChars in hundredths of a character (overrides firstLine in Word/WPS). */
export interface Indent {
  left?: number;
  right?: number;
  hanging?: number;
  firstLine?: number;
  firstLineChars?: number;
}

/** w:jc; `distribute` spreads a line's characters over the whole width (分散对齐). */
export type Justification = 'left' | 'center' | 'right' | 'both' | 'distribute';

/** Direct paragraph properties (everything else comes from the paragraph style). */
export interface ParaProps {
  style: string;
  keepNext?: boolean;
  pageBreakBefore?: boolean;
  borderBottom?: Border;
  tabs?: readonly TabStop[];
  spacing?: Spacing;
  indent?: Indent;
  align?: Justification;
}

/** A body paragraph whose section properties may still be added (the last paragraph of a section carries them). */
export interface Para {
  kind: 'p';
  /** children of w:pPr, in schema order */
  pPr: string;
  /** the runs, as XML */
  runs: string;
}

/** A finished table, as XML. */
export interface Tbl {
  kind: 'tbl';
  xml: string;
}

export type BodyChild = Para | Tbl;

function borderXml(side: string, b: Border): string {
  return el(`w:${side}`, { 'w:val': b.val, 'w:color': b.color, 'w:sz': b.sz, 'w:space': b.space });
}

/**
 * Children of w:pPr in CT_PPrBase order: pStyle, keepNext, pageBreakBefore, pBdr, tabs, spacing, ind, jc
 * (w:sectPr, when a section ends here, goes after all of them).
 */
export function pPrXml(p: ParaProps): string {
  let x = el('w:pStyle', { 'w:val': p.style });
  if (p.keepNext) x += el('w:keepNext');
  if (p.pageBreakBefore) x += el('w:pageBreakBefore');
  if (p.borderBottom) x += el('w:pBdr', {}, borderXml('bottom', p.borderBottom));
  if (p.tabs && p.tabs.length > 0) x += el('w:tabs', {}, p.tabs.map((t) => el('w:tab', { 'w:val': t.val, 'w:pos': t.pos })).join(''));
  if (p.spacing) x += spacingXml(p.spacing);
  if (p.indent) x += indentXml(p.indent);
  if (p.align) x += el('w:jc', { 'w:val': p.align });
  return x;
}

/** `<w:spacing>` (the one writer of it: body paragraphs and styles). */
export function spacingXml(s: Spacing): string {
  return el('w:spacing', { 'w:before': s.before, 'w:after': s.after, 'w:line': s.line, 'w:lineRule': s.lineRule });
}

/** `<w:ind>` (the one writer of it: body paragraphs and styles). */
export function indentXml(i: Indent): string {
  return el('w:ind', { 'w:left': i.left, 'w:right': i.right, 'w:hanging': i.hanging, 'w:firstLine': i.firstLine, 'w:firstLineChars': i.firstLineChars });
}

/** A body paragraph with direct properties `p` and `runs` (XML). */
export function para(p: ParaProps, runs = ''): Para {
  return { kind: 'p', pPr: pPrXml(p), runs };
}

/** `<w:p>` of a paragraph, with `sectPr` (XML) at the end of its properties when a section ends with it. */
export function paraXml(p: Para, sectPr = ''): string {
  const pPr = p.pPr + sectPr;
  return el('w:p', {}, (pPr === '' ? '' : el('w:pPr', {}, pPr)) + p.runs);
}

/** XML of body children; `sectPr` goes into the last paragraph (a section always ends with one). */
export function bodyXml(children: readonly BodyChild[], sectPr = ''): string {
  let x = '';
  const last = children.length - 1;
  for (let k = 0; k <= last; k++) {
    const c = children[k] as BodyChild;
    x += c.kind === 'tbl' ? c.xml : paraXml(c, k === last ? sectPr : '');
  }
  return x;
}

// ---------------------------------------------------------------------------------------------------- runs

/** Direct run properties. */
export interface RunProps {
  style?: string;
  fonts?: RunFonts;
  /** RRGGBB */
  color?: string;
  /** half-points, written as w:sz and w:szCs */
  size?: number;
  underline?: boolean;
}

const rFontsCache = new Map<string, string>();

/** `<w:rFonts …/>` with all four slots and the hint (cached: a document has a handful of distinct ones). */
export function rFontsXml(f: RunFonts): string {
  const key = `${f.ascii}\u0000${f.hAnsi}\u0000${f.eastAsia}\u0000${f.cs}\u0000${f.hint}`;
  let x = rFontsCache.get(key);
  if (x === undefined) {
    x = el('w:rFonts', { 'w:ascii': f.ascii, 'w:hAnsi': f.hAnsi, 'w:eastAsia': f.eastAsia, 'w:cs': f.cs, 'w:hint': f.hint });
    if (rFontsCache.size < 256) rFontsCache.set(key, x);
  }
  return x;
}

/** `<w:rPr>` in CT_RPr order (rStyle, rFonts, color, sz, szCs, u), or '' when there is nothing to say. */
export function rPrXml(p: RunProps): string {
  let x = '';
  if (p.style) x += el('w:rStyle', { 'w:val': p.style });
  if (p.fonts) x += rFontsXml(p.fonts);
  if (p.color) x += el('w:color', { 'w:val': p.color });
  if (p.size) x += el('w:sz', { 'w:val': p.size }) + el('w:szCs', { 'w:val': p.size });
  if (p.underline) x += el('w:u', { 'w:val': 'single' });
  return x === '' ? '' : el('w:rPr', {}, x);
}

/** A text run; `rPr` from rPrXml. Spaces are kept (xml:space="preserve" on every w:t). */
export function textRunXml(rPr: string, text: string): string {
  return el('w:r', {}, rPr + el('w:t', { 'xml:space': 'preserve' }, escapeXml(text)));
}

/** A hard line break (w:br, type textWrapping). */
export const BREAK_RUN = el('w:r', {}, el('w:br'));

/** A tab character, to the next tab stop. */
export const TAB_RUN = el('w:r', {}, el('w:tab'));

/** The PAGE field as a complex field (begin, instruction, separate, end), every run in `rPr`; no cached result. */
export function pageFieldXml(rPr: string): string {
  const r = (inner: string): string => el('w:r', {}, rPr + inner);
  return (
    r(el('w:fldChar', { 'w:fldCharType': 'begin' })) +
    r(el('w:instrText', { 'xml:space': 'preserve' }, 'PAGE')) +
    r(el('w:fldChar', { 'w:fldCharType': 'separate' })) +
    r(el('w:fldChar', { 'w:fldCharType': 'end' }))
  );
}

// -------------------------------------------------------------------------------------------------- tables

/** The six borders of a table (CT_TblBorders order: top, left, bottom, right, insideH, insideV). */
export interface TableBorders {
  top: Border;
  left: Border;
  bottom: Border;
  right: Border;
  insideH: Border;
  insideV: Border;
}

/** Cell margins in twips. */
export interface Margins {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** A floating table's position: anchored to the margins, placed by alignment, never overlapping text. */
export interface TableFloat {
  horzAnchor: 'margin' | 'page' | 'text';
  tblpXSpec: 'left' | 'center' | 'right';
  vertAnchor: 'margin' | 'page' | 'text';
  tblpYSpec: 'top' | 'center' | 'bottom';
  overlap: 'never' | 'overlap';
}

/** Table-wide properties; the layout is always fixed (column widths from the grid, not the content). */
export interface TableProps {
  /** w:tblW in twips */
  width: number;
  /** w:gridCol widths in twips */
  grid: readonly number[];
  borders: TableBorders;
  cellMargins?: Margins;
  float?: TableFloat;
}

function marginsXml(m: Margins): string {
  return el('w:top', { 'w:type': 'dxa', 'w:w': m.top }) + el('w:left', { 'w:type': 'dxa', 'w:w': m.left }) + el('w:bottom', { 'w:type': 'dxa', 'w:w': m.bottom }) + el('w:right', { 'w:type': 'dxa', 'w:w': m.right });
}

/** `<w:tblPr>` children in CT_TblPr order: tblpPr, tblOverlap, tblW, tblBorders, tblLayout, tblCellMar. */
function tblPrXml(p: TableProps): string {
  const f = p.float;
  const b = p.borders;
  return el(
    'w:tblPr',
    {},
    (f ? el('w:tblpPr', { 'w:horzAnchor': f.horzAnchor, 'w:tblpXSpec': f.tblpXSpec, 'w:tblpYSpec': f.tblpYSpec, 'w:vertAnchor': f.vertAnchor }) + el('w:tblOverlap', { 'w:val': f.overlap }) : '') +
      el('w:tblW', { 'w:type': 'dxa', 'w:w': p.width }) +
      el('w:tblBorders', {}, borderXml('top', b.top) + borderXml('left', b.left) + borderXml('bottom', b.bottom) + borderXml('right', b.right) + borderXml('insideH', b.insideH) + borderXml('insideV', b.insideV)) +
      el('w:tblLayout', { 'w:type': 'fixed' }) +
      (p.cellMargins ? el('w:tblCellMar', {}, marginsXml(p.cellMargins)) : ''),
  );
}

/** A whole table: properties, grid and `rows` (XML from rowXml). */
export function tableXml(p: TableProps, rows: string): Tbl {
  const grid = p.grid.map((w) => el('w:gridCol', { 'w:w': w })).join('');
  return { kind: 'tbl', xml: el('w:tbl', {}, tblPrXml(p) + el('w:tblGrid', {}, grid) + rows) };
}

/** Row properties: never split across pages, optionally a repeated header row and a minimum height. */
export interface RowProps {
  cantSplit?: boolean;
  header?: boolean;
  height?: { value: number; rule: 'atLeast' | 'exact' };
}

/** A table row of `cells` (XML from cellXml). */
export function rowXml(p: RowProps, cells: string): string {
  let pr = '';
  if (p.cantSplit) pr += el('w:cantSplit');
  if (p.height) pr += el('w:trHeight', { 'w:val': p.height.value, 'w:hRule': p.height.rule });
  if (p.header) pr += el('w:tblHeader');
  return el('w:tr', {}, (pr === '' ? '' : el('w:trPr', {}, pr)) + cells);
}

/** Cell properties. */
export interface CellProps {
  /** w:tcW in twips */
  width: number;
  /** grid columns spanned (w:gridSpan), when more than one */
  span?: number;
  margins?: Margins;
  vAlign?: 'top' | 'center' | 'bottom';
  /** a vertical merge: its first cell ('restart') or a cell it covers ('continue') */
  vMerge?: 'restart' | 'continue';
}

/** A table cell: `<w:tcPr>` in CT_TcPr order (tcW, gridSpan, vMerge, tcMar, vAlign), then its paragraphs. */
export function cellXml(p: CellProps, paras: readonly Para[]): string {
  const pr =
    el('w:tcW', { 'w:type': 'dxa', 'w:w': p.width }) +
    (p.span !== undefined && p.span > 1 ? el('w:gridSpan', { 'w:val': p.span }) : '') +
    (p.vMerge === 'restart' ? el('w:vMerge', { 'w:val': 'restart' }) : p.vMerge === 'continue' ? el('w:vMerge') : '') +
    (p.margins ? el('w:tcMar', {}, marginsXml(p.margins)) : '') +
    (p.vAlign ? el('w:vAlign', { 'w:val': p.vAlign }) : '');
  // a cell must end with a paragraph (CT_Tc): an empty list still writes one
  const body = paras.length > 0 ? paras.map((x) => paraXml(x)).join('') : el('w:p');
  return el('w:tc', {}, el('w:tcPr', {}, pr) + body);
}

// ------------------------------------------------------------------------------------------------ sections

/** Relationship ids of a section's odd (default) and even footers. */
export interface FooterRefs {
  default: string;
  even: string;
}

/** Section properties. */
export interface SectionProps {
  /** relationship ids, when the section has footers of its own (others inherit the previous section's) */
  footers?: FooterRefs;
  /** how the section starts; absent for the first (continuous with nothing before); oddPage: on the next
   *  odd page, Word and WPS inserting a blank one when needed */
  type?: 'nextPage' | 'oddPage';
  /** page size in twips, as laid out (landscape: width > height) */
  page: { width: number; height: number; orient: 'portrait' | 'landscape' };
  margin: { top: number; right: number; bottom: number; left: number; header: number; footer: number; gutter: number };
  /** first page number, when numbering restarts */
  pageNumberStart?: number;
  grid: { type: 'linesAndChars' | 'lines' | 'default'; linePitch: number; charSpace: number };
}

/** `<w:sectPr>` in CT_SectPr order: footerReference*, type, pgSz, pgMar, pgNumType, docGrid. */
export function sectPrXml(p: SectionProps): string {
  const f = p.footers;
  const m = p.margin;
  return el(
    'w:sectPr',
    {},
    (f ? el('w:footerReference', { 'w:type': 'default', 'r:id': f.default }) + el('w:footerReference', { 'w:type': 'even', 'r:id': f.even }) : '') +
      (p.type ? el('w:type', { 'w:val': p.type }) : '') +
      el('w:pgSz', { 'w:w': p.page.width, 'w:h': p.page.height, 'w:orient': p.page.orient }) +
      el('w:pgMar', { 'w:top': m.top, 'w:right': m.right, 'w:bottom': m.bottom, 'w:left': m.left, 'w:header': m.header, 'w:footer': m.footer, 'w:gutter': m.gutter }) +
      el('w:pgNumType', { 'w:start': p.pageNumberStart }) +
      el('w:docGrid', { 'w:type': p.grid.type, 'w:linePitch': p.grid.linePitch, 'w:charSpace': p.grid.charSpace }),
  );
}

// --------------------------------------------------------------------------------------------------- parts

/** word/document.xml around `body` (XML of the body's children, ending with the last section's w:sectPr). */
export function documentXml(body: string): string {
  return XML_DECL + el('w:document', { 'xmlns:w': W_NS, 'xmlns:r': R_NS }, el('w:body', {}, body));
}

/** A word/footerN.xml holding `paras`. */
export function footerXml(paras: readonly Para[]): string {
  return XML_DECL + el('w:ftr', { 'xmlns:w': W_NS, 'xmlns:r': R_NS }, paras.map((p) => paraXml(p)).join(''));
}
