//! Word (.docx) reader: the package's document.xml, styles.xml and numbering.xml → WordDoc, a plain
//! outline of paragraphs (text runs with bold/italic, line and page breaks, alignment, heading level,
//! numbering) and tables (with merged cells). Unzipping is jszip's, XML parsing saxes'; the walk over
//! WordprocessingML (ECMA-376 §17) is ours. Knows nothing of templates or 公文 elements.
import JSZip from 'jszip';
import { SaxesParser } from 'saxes';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { append } from '../../util/arrays.js';

/** Bump when the shape of WordDoc or what the reader extracts changes (cached reads are keyed by it). */
export const DOCX_READER_VERSION = 1;

export type WordAlign = 'left' | 'center' | 'right' | 'both';

export type WordInline =
  | { t: 'text'; text: string; bold?: true; italic?: true }
  /** line break (Shift+Enter) */
  | { t: 'break' }
  /** page break inside a paragraph (Ctrl+Enter) */
  | { t: 'page' };

export interface WordPara {
  t: 'p';
  /** 第N段: 1-based among the document's non-empty paragraphs outside tables (0 inside tables) */
  n: number;
  content: WordInline[];
  align?: WordAlign;
  /** Word's 标题 1–4 (heading styles or outline level), 1-based */
  heading?: 1 | 2 | 3 | 4;
  /** the paragraph style's name, as Word shows it (e.g. "heading 1", "Title", "责任目标") */
  style?: string;
  /** automatic numbering: number format (decimal, chineseCounting, bullet…) and level text ("%1、") */
  numbering?: { format: string; text: string; level: number };
  /** first-line indent explicitly removed (w:firstLine="0" or a hanging indent) */
  noIndent?: true;
  /** starts on a new page (w:pageBreakBefore) */
  pageBreakBefore?: true;
}

export interface WordCell {
  paras: WordPara[];
  colSpan: number;
  rowSpan: number;
}

export interface WordRow {
  header: boolean;
  /** cells as they show: a cell merged into the one above (w:vMerge continue) is left out, its top cell has rowSpan > 1 */
  cells: WordCell[];
}

export interface WordTable {
  t: 'table';
  /** 第N个表格, 1-based */
  n: number;
  rows: WordRow[];
}

export type WordBlock = WordPara | WordTable;

export interface WordDoc {
  blocks: WordBlock[];
}

export interface DocxReadResult {
  doc: WordDoc | undefined;
  diagnostics: Diagnostic[];
}

// ---- a small element tree over saxes ----

interface XNode {
  name: string;
  attrs: Record<string, string>;
  children: XChild[];
}
type XChild = XNode | string;

function parseXml(xml: string): XNode {
  const root: XNode = { name: '#root', attrs: {}, children: [] };
  const stack: XNode[] = [root];
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const node: XNode = { name: tag.name, attrs: tag.attributes as Record<string, string>, children: [] };
    (stack[stack.length - 1] as XNode).children.push(node);
    if (!tag.isSelfClosing) stack.push(node);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  // only text inside w:t, w:instrText and the like matters; whitespace between elements is dropped below
  parser.on('text', (t) => {
    const top = stack[stack.length - 1] as XNode;
    if (top.name === 'w:t' || top.name === 'w:delText' || top.name === 'w:instrText') top.children.push(t);
  });
  parser.on('cdata', (t) => {
    const top = stack[stack.length - 1] as XNode;
    if (top.name === 'w:t') top.children.push(t);
  });
  parser.write(xml).close();
  return root;
}

const kids = (n: XNode): XNode[] => n.children.filter((c): c is XNode => typeof c !== 'string');
const child = (n: XNode | undefined, name: string): XNode | undefined => n?.children.find((c): c is XNode => typeof c !== 'string' && c.name === name);
const textOf = (n: XNode): string => n.children.map((c) => (typeof c === 'string' ? c : '')).join('');
const val = (n: XNode | undefined): string | undefined => n?.attrs['w:val'];

/** w:b, w:i…: present and not w:val="0"/"false"/"off" */
function on(n: XNode | undefined): boolean | undefined {
  if (!n) return undefined;
  const v = val(n);
  return v === undefined || !['0', 'false', 'off', 'none'].includes(v);
}

// ---- styles and numbering ----

interface StyleDef {
  name: string;
  basedOn?: string;
  align?: WordAlign;
  outline?: number;
  bold?: boolean;
  italic?: boolean;
  numId?: string;
  ilvl?: number;
  noIndent?: boolean;
}

function alignOf(v: string | undefined): WordAlign | undefined {
  switch (v) {
    case 'center':
      return 'center';
    case 'right':
    case 'end':
      return 'right';
    case 'both':
    case 'distribute':
    case 'justify':
    case 'lowKashida':
    case 'mediumKashida':
    case 'highKashida':
    case 'thaiDistribute':
      return 'both';
    case 'left':
    case 'start':
      return 'left';
    default:
      return undefined;
  }
}

function noIndentOf(ind: XNode | undefined): boolean | undefined {
  if (!ind) return undefined;
  const a = ind.attrs;
  if (Number(a['w:hanging'] ?? 0) > 0 || Number(a['w:hangingChars'] ?? 0) > 0) return true;
  const first = a['w:firstLineChars'] ?? a['w:firstLine'];
  if (first === undefined) return undefined;
  return Number(first) <= 0;
}

function readStyles(xml: string | undefined): Map<string, StyleDef> {
  const map = new Map<string, StyleDef>();
  if (!xml) return map;
  const root = parseXml(xml);
  const styles = child(root, 'w:styles');
  for (const s of styles ? kids(styles) : []) {
    if (s.name !== 'w:style') continue;
    const id = s.attrs['w:styleId'];
    if (!id) continue;
    const pPr = child(s, 'w:pPr');
    const rPr = child(s, 'w:rPr');
    const def: StyleDef = { name: val(child(s, 'w:name')) ?? id };
    const based = val(child(s, 'w:basedOn'));
    if (based) def.basedOn = based;
    const align = alignOf(val(child(pPr, 'w:jc')));
    if (align) def.align = align;
    const outline = val(child(pPr, 'w:outlineLvl'));
    if (outline !== undefined) def.outline = Number(outline);
    const b = on(child(rPr, 'w:b'));
    if (b !== undefined) def.bold = b;
    const i = on(child(rPr, 'w:i'));
    if (i !== undefined) def.italic = i;
    const numPr = child(pPr, 'w:numPr');
    const numId = val(child(numPr, 'w:numId'));
    if (numId) {
      def.numId = numId;
      def.ilvl = Number(val(child(numPr, 'w:ilvl')) ?? 0);
    }
    const noIndent = noIndentOf(child(pPr, 'w:ind'));
    if (noIndent !== undefined) def.noIndent = noIndent;
    map.set(id, def);
  }
  return map;
}

/** A style's property, looked up along its basedOn chain. */
function styleProp<K extends keyof StyleDef>(styles: Map<string, StyleDef>, id: string | undefined, key: K): StyleDef[K] | undefined {
  const seen = new Set<string>();
  let s = id ? styles.get(id) : undefined;
  while (s && !seen.has(s.name)) {
    seen.add(s.name);
    if (s[key] !== undefined) return s[key];
    s = s.basedOn ? styles.get(s.basedOn) : undefined;
  }
  return undefined;
}

interface NumLevel {
  format: string;
  text: string;
}

function readNumbering(xml: string | undefined): (numId: string, ilvl: number) => NumLevel | undefined {
  if (!xml) return () => undefined;
  const root = parseXml(xml);
  const top = child(root, 'w:numbering');
  const abstract = new Map<string, Map<number, NumLevel>>();
  const nums = new Map<string, { abstractId: string; overrides: Map<number, NumLevel> }>();
  const levelOf = (lvl: XNode): NumLevel => ({ format: val(child(lvl, 'w:numFmt')) ?? 'decimal', text: val(child(lvl, 'w:lvlText')) ?? '' });
  for (const n of top ? kids(top) : []) {
    if (n.name === 'w:abstractNum') {
      const levels = new Map<number, NumLevel>();
      for (const lvl of kids(n)) if (lvl.name === 'w:lvl') levels.set(Number(lvl.attrs['w:ilvl'] ?? 0), levelOf(lvl));
      abstract.set(n.attrs['w:abstractNumId'] ?? '', levels);
    } else if (n.name === 'w:num') {
      const overrides = new Map<number, NumLevel>();
      for (const o of kids(n)) {
        const lvl = o.name === 'w:lvlOverride' ? child(o, 'w:lvl') : undefined;
        if (lvl) overrides.set(Number(o.attrs['w:ilvl'] ?? 0), levelOf(lvl));
      }
      nums.set(n.attrs['w:numId'] ?? '', { abstractId: val(child(n, 'w:abstractNumId')) ?? '', overrides });
    }
  }
  return (numId, ilvl) => {
    const num = nums.get(numId);
    if (!num || numId === '0') return undefined;
    return num.overrides.get(ilvl) ?? abstract.get(num.abstractId)?.get(ilvl);
  };
}

// ---- the body walk ----

const HEADING_NAME = /^(?:heading|标题)\s*([1-9])$/i;

interface Walk {
  styles: Map<string, StyleDef>;
  numbering: (numId: string, ilvl: number) => NumLevel | undefined;
  paraNo: number;
  tableNo: number;
  images: number;
  nested: number;
}

/** Containers whose children are read as if they stood in place of the container. */
const TRANSPARENT = new Set(['w:hyperlink', 'w:smartTag', 'w:customXml', 'w:ins', 'w:moveTo', 'w:fldSimple', 'w:dir', 'w:bdo', 'w:sdtContent']);
/** Elements with nothing to print (proofing marks, bookmarks, comments, deleted text, properties). */
const SKIP = new Set(['w:proofErr', 'w:bookmarkStart', 'w:bookmarkEnd', 'w:commentRangeStart', 'w:commentRangeEnd', 'w:permStart', 'w:permEnd', 'w:del', 'w:moveFrom', 'w:moveFromRangeStart', 'w:moveFromRangeEnd', 'w:moveToRangeStart', 'w:moveToRangeEnd', 'w:pPr', 'w:rPr', 'w:sectPr', 'w:sdtPr', 'w:sdtEndPr', 'w:lastRenderedPageBreak', 'm:oMath', 'm:oMathPara']);

function pushText(out: WordInline[], text: string, bold: boolean, italic: boolean): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last?.t === 'text' && (last.bold === true) === bold && (last.italic === true) === italic) {
    last.text += text;
    return;
  }
  const r: WordInline = { t: 'text', text };
  if (bold) r.bold = true;
  if (italic) r.italic = true;
  out.push(r);
}

/** The runs of a paragraph (or of a container inside it). Text boxes inside drawings go to `boxes`. */
function runs(w: Walk, node: XNode, out: WordInline[], boxes: XNode[], field: { depth: number; result: boolean[] }): void {
  for (const c of kids(node)) {
    if (SKIP.has(c.name)) continue;
    if (TRANSPARENT.has(c.name)) {
      runs(w, c, out, boxes, field);
      continue;
    }
    if (c.name === 'w:sdt') {
      const content = child(c, 'w:sdtContent');
      if (content) runs(w, content, out, boxes, field);
      continue;
    }
    if (c.name !== 'w:r') continue;
    const rPr = child(c, 'w:rPr');
    const rStyle = val(child(rPr, 'w:rStyle'));
    const bold = on(child(rPr, 'w:b')) ?? styleProp(w.styles, rStyle, 'bold') ?? false;
    const italic = on(child(rPr, 'w:i')) ?? styleProp(w.styles, rStyle, 'italic') ?? false;
    for (const r of kids(c)) {
      switch (r.name) {
        case 'w:fldChar': {
          const type = r.attrs['w:fldCharType'];
          if (type === 'begin') {
            field.depth++;
            field.result.push(false);
          } else if (type === 'separate') field.result[field.result.length - 1] = true;
          else if (type === 'end' && field.depth > 0) {
            field.depth--;
            field.result.pop();
          }
          break;
        }
        case 'w:t':
          // inside a field only its result prints, never its code
          if (field.depth === 0 || field.result[field.result.length - 1]) pushText(out, textOf(r), bold, italic);
          break;
        case 'w:tab':
        case 'w:ptab':
          pushText(out, '\t', bold, italic);
          break;
        case 'w:noBreakHyphen':
          pushText(out, '-', bold, italic);
          break;
        case 'w:sym': {
          const code = parseInt(r.attrs['w:char'] ?? '', 16);
          // symbol fonts map into the private use area (F0xx): not printable text
          if (Number.isFinite(code) && !(code >= 0xe000 && code <= 0xf8ff)) pushText(out, String.fromCodePoint(code), bold, italic);
          break;
        }
        case 'w:br':
        case 'w:cr':
          out.push(r.attrs['w:type'] === 'page' ? { t: 'page' } : r.attrs['w:type'] === 'column' ? { t: 'break' } : { t: 'break' });
          break;
        case 'w:drawing':
        case 'w:pict':
        case 'w:object':
        case 'mc:AlternateContent': {
          const found = collect(r, 'w:txbxContent');
          if (found.length) append(boxes, found);
          else w.images++;
          break;
        }
        default:
          break;
      }
    }
  }
}

/** Every descendant named `name`, not looking inside a match (mc:Fallback repeats mc:Choice: skipped). */
function collect(node: XNode, name: string, out: XNode[] = []): XNode[] {
  for (const c of kids(node)) {
    if (c.name === 'mc:Fallback') continue;
    if (c.name === name) out.push(c);
    else collect(c, name, out);
  }
  return out;
}

function paragraph(w: Walk, p: XNode, inTable: boolean): { para: WordPara; boxes: XNode[] } {
  const pPr = child(p, 'w:pPr');
  const styleId = val(child(pPr, 'w:pStyle'));
  const content: WordInline[] = [];
  const boxes: XNode[] = [];
  runs(w, p, content, boxes, { depth: 0, result: [] });
  const para: WordPara = { t: 'p', n: 0, content };
  const style = styleId ? w.styles.get(styleId) : undefined;
  if (style) para.style = style.name;
  const align = alignOf(val(child(pPr, 'w:jc'))) ?? styleProp(w.styles, styleId, 'align');
  if (align) para.align = align;
  const outline = val(child(pPr, 'w:outlineLvl'));
  let level: number | undefined = outline !== undefined ? Number(outline) + 1 : undefined;
  if (level === undefined) {
    // a heading style by name (Word writes "heading 1" whatever the interface language), else its outline level
    const seen = new Set<string>();
    for (let s = style; s && !seen.has(s.name); s = s.basedOn ? w.styles.get(s.basedOn) : undefined) {
      seen.add(s.name);
      const m = HEADING_NAME.exec(s.name);
      if (m) {
        level = Number(m[1]);
        break;
      }
      if (s.outline !== undefined) {
        level = s.outline + 1;
        break;
      }
    }
  }
  if (level !== undefined && level >= 1 && level <= 9) para.heading = Math.min(4, level) as 1 | 2 | 3 | 4;
  const numPr = child(pPr, 'w:numPr');
  const numId = val(child(numPr, 'w:numId')) ?? styleProp(w.styles, styleId, 'numId');
  if (numId) {
    const ilvl = Number(val(child(numPr, 'w:ilvl')) ?? styleProp(w.styles, styleId, 'ilvl') ?? 0);
    const lvl = w.numbering(numId, ilvl);
    if (lvl && lvl.format !== 'none') para.numbering = { format: lvl.format, text: lvl.text, level: ilvl };
  }
  const noIndent = noIndentOf(child(pPr, 'w:ind')) ?? styleProp(w.styles, styleId, 'noIndent');
  if (noIndent) para.noIndent = true;
  if (on(child(pPr, 'w:pageBreakBefore'))) para.pageBreakBefore = true;
  if (!inTable && hasText(content)) para.n = ++w.paraNo;
  return { para, boxes };
}

export function hasText(content: readonly WordInline[]): boolean {
  return content.some((c) => c.t === 'text' && c.text.trim() !== '');
}

/** Block-level content of the body, a cell or a text box. */
function blocks(w: Walk, node: XNode, out: WordBlock[], inTable: boolean): void {
  for (const c of kids(node)) {
    if (c.name === 'w:p') {
      const { para, boxes } = paragraph(w, c, inTable);
      // text boxes (a 版头 drawn in a box, say) read as paragraphs before the one holding them
      for (const b of boxes) blocks(w, b, out, inTable);
      out.push(para);
    } else if (c.name === 'w:tbl') {
      if (inTable) {
        // a table inside a cell: its text, cell by cell, as paragraphs of the outer cell
        w.nested++;
        const inner: WordBlock[] = [];
        table(w, c, inner, true);
        for (const t of inner) if (t.t === 'table') for (const r of t.rows) for (const cell of r.cells) append(out, cell.paras);
      } else table(w, c, out, false);
    } else if (c.name === 'w:sdt') {
      const content = child(c, 'w:sdtContent');
      if (content) blocks(w, content, out, inTable);
    } else if (c.name === 'w:customXml' || c.name === 'w:ins' || c.name === 'w:moveTo') blocks(w, c, out, inTable);
  }
}

function table(w: Walk, tbl: XNode, out: WordBlock[], nested: boolean): void {
  const t: WordTable = { t: 'table', n: nested ? 0 : ++w.tableNo, rows: [] };
  /** per grid column: the cell a vertical merge continues */
  const above = new Map<number, WordCell>();
  const rowsOf = (n: XNode): XNode[] => kids(n).flatMap((r) => (r.name === 'w:tr' ? [r] : r.name === 'w:sdt' || r.name === 'w:customXml' ? rowsOf(child(r, 'w:sdtContent') ?? r) : []));
  const cellsOf = (n: XNode): XNode[] => kids(n).flatMap((c) => (c.name === 'w:tc' ? [c] : c.name === 'w:sdt' || c.name === 'w:customXml' ? cellsOf(child(c, 'w:sdtContent') ?? c) : []));
  for (const tr of rowsOf(tbl)) {
    const trPr = child(tr, 'w:trPr');
    if (child(trPr, 'w:del')) continue;
    const row: WordRow = { header: on(child(trPr, 'w:tblHeader')) === true, cells: [] };
    let col = Number(val(child(trPr, 'w:gridBefore')) ?? 0);
    for (const tc of cellsOf(tr)) {
      const tcPr = child(tc, 'w:tcPr');
      const span = Math.max(1, Number(val(child(tcPr, 'w:gridSpan')) ?? 1) || 1);
      const vMerge = child(tcPr, 'w:vMerge');
      const hMerge = val(child(tcPr, 'w:hMerge'));
      const paras: WordBlock[] = [];
      blocks(w, tc, paras, true);
      const cell: WordCell = { paras: paras.filter((b): b is WordPara => b.t === 'p'), colSpan: span, rowSpan: 1 };
      const prev = above.get(col);
      if (vMerge && val(vMerge) !== 'restart' && prev) {
        prev.rowSpan++;
      } else if (hMerge === 'continue' && row.cells.length) {
        (row.cells[row.cells.length - 1] as WordCell).colSpan += span;
      } else {
        row.cells.push(cell);
        for (let k = 0; k < span; k++) above.delete(col + k);
        if (vMerge) above.set(col, cell);
      }
      if (!vMerge) above.delete(col);
      col += span;
    }
    t.rows.push(row);
  }
  out.push(t);
}

/** The XML parts of a package, read once. */
async function parts(bytes: Uint8Array): Promise<{ document: string; styles?: string; numbering?: string } | undefined> {
  const zip = await JSZip.loadAsync(bytes);
  // the main part is named in the relationships; Word and WPS both use word/document.xml
  let main = 'word/document.xml';
  const rels = zip.file('_rels/.rels');
  if (rels) {
    const m = /Type="[^"]*\/officeDocument"[^>]*Target="\/?([^"]+)"|Target="\/?([^"]+)"[^>]*Type="[^"]*\/officeDocument"/.exec(await rels.async('string'));
    if (m) main = (m[1] ?? m[2] ?? main).replace(/^\.\//, '');
  }
  const doc = zip.file(main);
  if (!doc) return undefined;
  const dir = main.includes('/') ? main.slice(0, main.lastIndexOf('/') + 1) : '';
  const styles = zip.file(`${dir}styles.xml`);
  const numbering = zip.file(`${dir}numbering.xml`);
  const out: { document: string; styles?: string; numbering?: string } = { document: await doc.async('string') };
  if (styles) out.styles = await styles.async('string');
  if (numbering) out.numbering = await numbering.async('string');
  return out;
}

const isZip = (b: Uint8Array): boolean => b[0] === 0x50 && b[1] === 0x4b;
const isOle = (b: Uint8Array): boolean => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** Reads a .docx. `file` names it in messages. */
export async function readDocx(bytes: Uint8Array, file: string): Promise<DocxReadResult> {
  const diagnostics: Diagnostic[] = [];
  const fail = (code: string, message: string, hint: string): DocxReadResult => {
    diagnostics.push({ severity: 'error', code, file, message, hint });
    return { doc: undefined, diagnostics };
  };
  if (isOle(bytes)) return fail('docx-old-format', `“${file}”是旧版 Word 文件（.doc 格式），不能读取`, '请用 WPS 或 Word 打开它，“另存为” Word 文档（*.docx），再放回原处。');
  if (!isZip(bytes)) return fail('docx-damaged', `“${file}”不是有效的 Word 文件（.docx），可能已损坏`, '请用 WPS 或 Word 打开它并重新“另存为” Word 文档（*.docx）。');
  let p: Awaited<ReturnType<typeof parts>>;
  try {
    p = await parts(bytes);
  } catch {
    return fail('docx-damaged', `“${file}”已损坏，无法解压读取`, '请用 WPS 或 Word 打开它并重新“另存为” Word 文档（*.docx）。');
  }
  if (!p) return fail('docx-damaged', `“${file}”里没有 Word 正文（可能是别的文件改了扩展名）`, '请用 WPS 或 Word 打开它并重新“另存为” Word 文档（*.docx）。');
  const w: Walk = { styles: new Map(), numbering: () => undefined, paraNo: 0, tableNo: 0, images: 0, nested: 0 };
  let body: XNode | undefined;
  try {
    w.styles = readStyles(p.styles);
    w.numbering = readNumbering(p.numbering);
    body = child(child(parseXml(p.document), 'w:document'), 'w:body');
  } catch {
    return fail('docx-damaged', `“${file}”的内容已损坏（XML 无法解析）`, '请用 WPS 或 Word 打开它并重新“另存为” Word 文档（*.docx）。');
  }
  if (!body) return fail('docx-damaged', `“${file}”里没有 Word 正文`, '请用 WPS 或 Word 打开它并重新“另存为” Word 文档（*.docx）。');
  const out: WordBlock[] = [];
  blocks(w, body, out, false);
  if (w.images)
    diagnostics.push({ severity: 'warning', code: 'docx-image', file, message: `“${file}”中有 ${w.images} 处图片或图形，排版时不会印出`, hint: '印章和图片请另行处理；需要装订的扫描件放在 attachments/ 中。' });
  if (w.nested)
    diagnostics.push({ severity: 'warning', code: 'docx-nested-table', file, message: `“${file}”中有表格套在表格里（${w.nested} 处），里层表格的文字已按段落放进外层单元格`, hint: '如需保留表格样式，请把里层表格移出，做成单独的表格。' });
  return { doc: { blocks: out }, diagnostics };
}

/** Plain text of a paragraph's inlines (line breaks as "\n"). */
export function wordText(content: readonly WordInline[]): string {
  return content.map((c) => (c.t === 'text' ? c.text : c.t === 'break' ? '\n' : '')).join('');
}
