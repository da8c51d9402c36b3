//! A Word file → DocModel, as a template (templates/<名称>.docx) or as received text (a .docx filed by
//! `attach:`). The body is written out as one Handlebars source whose structure is marked <p n>…</p>,
//! <t>/<r>/<c> (tables), <b>/<i>, <br>, <pg>; literal text is HTML-escaped and so is every value the
//! template prints, so data is always text — never a mark, never Markdown, never Word XML. {{#each}}
//! that opens at the start of a paragraph (a table row) and closes at the end of a later one repeats
//! those paragraphs (rows). The 公文 elements come from word-elements.ts and go through `assemble`.
import type { Diagnostic } from '../diag/diagnostic.js';
import type { SourceBlock as Block } from '../model/source.js';
import type { Align, HeadingLevel, Inline, TableCell } from '../model/types.js';
import { FrontMatterSchema } from '../schema/front-matter.js';
import { append } from '../util/arrays.js';
import { formatIsoDate, parseIsoDate } from '../util/dates.js';
import { parseCnNumber } from '../util/cn.js';
import { hasText, wordText, type WordBlock, type WordDoc, type WordInline, type WordPara, type WordTable } from '../workspace/readers/docx.js';
import type { FoundDiagnostic } from './diagnostics.js';
import { TemplateError, type RenderFn, type TemplateEnv } from './handlebars.js';
import { parseTarget, party } from './markdown.js';
import { HeadingNumberer, stripHeadingNumber } from './numbering.js';
import { ELEMENT_NAMES, recognizeElements, whereText, type ElementValue, type FoundElement, type WordLoc } from './word-elements.js';
import { normalizeTags, onlyBlockTags, tagsOf, TAG } from './word-tags.js';

/** How a paragraph of the body prints. */
interface ParaAttr {
  /** target/party/copies: the 责任书 paragraph styles 责任目标, 签署栏, 份数说明 */
  kind: 'para' | 'heading' | 'list' | 'target' | 'party' | 'copies';
  level?: HeadingLevel;
  align?: Align;
  indent: boolean;
  ordered?: boolean;
  loc: WordLoc;
}

interface CompiledElement {
  key: string;
  value: ElementValue;
  loc?: WordLoc;
  how: string;
  /** a string value (or list item) compiled; absent for booleans and numbers */
  fns?: RenderFn[];
}

/** A Word template (or received file) ready to render. */
export interface CompiledWord {
  file: string;
  elements: CompiledElement[];
  attrs: ParaAttr[];
  /** the marked body: compiled (template) or as it is (received text) */
  body: RenderFn | string;
  /** source line → where it is in the Word file */
  lines: WordLoc[];
}

// ---- writing the marked source ----

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const UNESCAPE: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#x60;': '`', '&#x3D;': '=', '&#39;': "'" };
const unescapeText = (s: string): string => s.replace(/&(?:amp|lt|gt|quot|#x27|#x60|#x3D|#39);/g, (m) => UNESCAPE[m] ?? m);

/** Typed heading numbers (一、（一）1.（1）) → level; only short lines are headings, longer ones stay text. */
const TYPED: [RegExp, HeadingLevel][] = [
  [/^[一二三四五六七八九十]+[、.．]/, 1],
  [/^[（(][一二三四五六七八九十]+[)）]/, 2],
  [/^\d+[.．](?!\d)/, 3],
  [/^[（(]\d+[)）]/, 4],
];
const HEADING_MAX_CHARS = 40;

function typedLevel(text: string): HeadingLevel | undefined {
  const t = text.replace(TAG, '字').trim();
  if (t.length > HEADING_MAX_CHARS || /[。；;]./.test(t)) return undefined;
  for (const [re, level] of TYPED) if (re.test(t)) return level;
  return undefined;
}

/** Automatic numbering formats that are the 公文 heading levels. */
function numberingLevel(n: NonNullable<WordPara['numbering']>): HeadingLevel | undefined {
  const chinese = /chinese|ideograph|japaneseCounting|taiwaneseCounting/i.test(n.format);
  const t = n.text.trim();
  if (chinese && /^%\d[、.．]$/.test(t)) return 1;
  if (chinese && /^[（(]%\d[)）]$/.test(t)) return 2;
  if (n.format === 'decimal' && /^%\d[.．]$/.test(t)) return 3;
  if (n.format === 'decimal' && /^[（(]%\d[)）]$/.test(t)) return 4;
  return undefined;
}

/** The 公文 heading level of a paragraph: Word's heading style, a heading-like numbering, or a typed number. */
export function headingLevelOf(p: WordPara): HeadingLevel | undefined {
  const centred = p.align === 'center' || p.align === 'right';
  return p.heading ?? (p.numbering ? numberingLevel(p.numbering) : undefined) ?? (centred ? undefined : typedLevel(wordText(p.content)));
}

/** Paragraph styles of a 责任书 (as export-template writes them; a clerk may apply them in WPS/Word). */
export const RESPONSIBILITY_STYLES = { target: '责任目标', party: '签署栏', copies: '份数说明' } as const;

function attrOf(p: WordPara, loc: WordLoc): ParaAttr {
  // flush left without an indent is a line kept to the left (a 填报单位 line); justified text otherwise
  const align: Align | undefined = p.align === 'center' ? 'center' : p.align === 'right' ? 'right' : p.align === 'left' && p.noIndent ? 'left' : undefined;
  const a: ParaAttr = { kind: 'para', indent: !p.noIndent && align === undefined, loc };
  if (align) a.align = align;
  for (const [kind, style] of Object.entries(RESPONSIBILITY_STYLES)) {
    if (p.style === style) {
      a.kind = kind as ParaAttr['kind'];
      return a;
    }
  }
  const level = headingLevelOf(p);
  if (level) {
    a.kind = 'heading';
    a.level = level;
  } else if (p.numbering) {
    a.kind = 'list';
    a.ordered = p.numbering.format !== 'bullet';
  }
  return a;
}

/** Unmatched block tags at the very start / end of a text: they belong around the paragraph (row). */
function edges(text: string): { lead: string[]; trail: string[] } {
  const tags = tagsOf(text);
  const open: { i: number; matched: boolean }[] = [];
  const matched = new Set<number>();
  tags.forEach((t, i) => {
    if (t.kind === 'open') open.push({ i, matched: false });
    else if (t.kind === 'close') {
      const o = open.pop();
      if (o) {
        matched.add(o.i);
        matched.add(i);
      }
    }
  });
  const lead: string[] = [];
  let pos = 0;
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i] as (typeof tags)[number];
    if (text.slice(pos, t.index).trim() !== '' || t.kind !== 'open' || matched.has(i)) break;
    lead.push(t.tag);
    pos = t.index + t.tag.length;
  }
  const trail: string[] = [];
  let end = text.length;
  for (let i = tags.length - 1; i >= lead.length; i--) {
    const t = tags[i] as (typeof tags)[number];
    if (text.slice(t.index + t.tag.length, end).trim() !== '' || t.kind !== 'close' || matched.has(i)) break;
    trail.unshift(t.tag);
    end = t.index;
  }
  return { lead, trail };
}

/** Remove `lead` tags from the start and `trail` tags from the end of a paragraph's runs. */
function trimTags(content: WordInline[], lead: readonly string[], trail: readonly string[]): WordInline[] {
  const out = content.map((c) => ({ ...c }));
  let drop = lead.join('').length;
  for (const c of out) {
    if (drop <= 0) break;
    if (c.t !== 'text') continue;
    const lead0 = c.text.length - c.text.trimStart().length;
    const n = Math.min(c.text.length, drop + lead0);
    drop -= n - lead0;
    c.text = c.text.slice(n);
  }
  drop = trail.join('').length;
  for (let k = out.length - 1; k >= 0 && drop > 0; k--) {
    const c = out[k] as WordInline;
    if (c.t !== 'text') continue;
    const trail0 = c.text.length - c.text.trimEnd().length;
    const n = Math.min(c.text.length, drop + trail0);
    drop -= n - trail0;
    c.text = c.text.slice(0, c.text.length - n);
  }
  return out.filter((c) => c.t !== 'text' || c.text !== '');
}

class Writer {
  src = '';
  readonly lines: WordLoc[] = [];
  readonly attrs: ParaAttr[] = [];
  constructor(
    readonly template: boolean,
    readonly file: string,
  ) {}

  line(text: string, loc: WordLoc): void {
    this.src += `${text}\n`;
    this.lines.push(loc);
  }

  inline(content: readonly WordInline[]): string {
    let s = '';
    for (const c of content) {
      if (c.t === 'break') s += '<br>';
      else if (c.t === 'page') s += '<pg>';
      else {
        let t = '';
        let last = 0;
        if (this.template) {
          for (const m of c.text.matchAll(TAG)) {
            t += escapeText(c.text.slice(last, m.index)) + m[0];
            last = (m.index ?? 0) + m[0].length;
          }
        }
        t += escapeText(c.text.slice(last)).replace(/\t/g, '　');
        s += c.bold ? `<b>${t}</b>` : c.italic ? `<i>${t}</i>` : t;
      }
    }
    return s;
  }

  para(p: WordPara, loc: WordLoc, prefix = '', suffix = ''): void {
    let content = p.content;
    let lead: string[] = [];
    let trail: string[] = [];
    if (this.template && onlyBlockTags(wordText(content))) {
      // {{else}}, {{/if}}{{#each …}}: structure only, no paragraph of its own
      this.line(`${prefix}${wordText(content).trim()}${suffix}`, loc);
      return;
    }
    if (this.template) {
      ({ lead, trail } = edges(wordText(content)));
      if (lead.length || trail.length) content = trimTags(content, lead, trail);
    }
    const head = prefix + lead.join('');
    const tail = trail.join('') + suffix;
    const id = this.attrs.push(attrOf({ ...p, content }, loc)) - 1;
    if (p.pageBreakBefore) this.line('<pg>', loc);
    if (hasText(content) || content.some((c) => c.t === 'page')) this.line(`${head}<p ${id}>${this.inline(content)}</p>${tail}`, loc);
    else if (head || tail) this.line(`${head}${tail}`, loc);
  }

  table(t: WordTable): void {
    const tloc: WordLoc = { table: t.n };
    this.line(`<t ${t.n}>`, tloc);
    const anyHeader = t.rows.some((r) => r.header);
    /** grid columns still covered by a cell merged from above, per row: col → remaining rows */
    const covered = new Map<number, { rows: number; span: number }>();
    t.rows.forEach((r, ri) => {
      const rloc: WordLoc = { table: t.n, row: ri + 1 };
      const texts = r.cells.map((c) => c.paras.map((p) => wordText(p.content)).join('\n'));
      // a row of nothing but {{#each}}/{{/each}}/{{else}}: the tags, without the row
      if (this.template && texts.every((x) => x.replace(TAG, '').trim() === '') && texts.some((x) => tagsOf(x).length) && texts.every((x) => tagsOf(x).every((g) => g.kind !== 'value'))) {
        this.line(texts.join(''), rloc);
        return;
      }
      let lead: string[] = [];
      let trail: string[] = [];
      const cells = r.cells.map((c) => ({ ...c, paras: c.paras.slice() }));
      if (this.template && cells.length) {
        const first = cells[0] as (typeof cells)[number];
        const last = cells[cells.length - 1] as (typeof cells)[number];
        const fp = first.paras[0];
        if (fp) {
          lead = edges(wordText(fp.content)).lead;
          if (lead.length) first.paras[0] = { ...fp, content: trimTags(fp.content, lead, []) };
        }
        const lp = last.paras[last.paras.length - 1];
        if (lp) {
          trail = edges(wordText(lp.content)).trail;
          if (trail.length) last.paras[last.paras.length - 1] = { ...lp, content: trimTags(lp.content, [], trail) };
        }
      }
      if (lead.length) this.line(lead.join(''), rloc);
      const header = r.header || (!anyHeader && ri === 0 && t.rows.length > 1 && lead.length === 0);
      this.line(header ? '<r h>' : '<r>', rloc);
      let col = 0;
      const placeholders = () => {
        for (let c = covered.get(col); c; c = covered.get(col)) {
          this.line(`<c m ${c.span}></c>`, rloc);
          c.rows--;
          if (c.rows <= 0) covered.delete(col);
          col += c.span;
        }
      };
      cells.forEach((c, ci) => {
        placeholders();
        const cloc = (k: number): WordLoc => ({ table: t.n, row: ri + 1, col: ci + 1, text: wordText(c.paras[k]?.content ?? []).trim() });
        const paras = c.paras.filter((p) => hasText(p.content));
        if (paras.length === 0) {
          // an empty cell keeps its paragraph: its alignment is the cell's
          const p0 = c.paras[0];
          const id = p0 ? this.attrs.push(attrOf(p0, cloc(0))) - 1 : -1;
          this.line(`<c ${c.colSpan}>${p0 ? `<p ${id}></p>` : ''}</c>`, cloc(0));
        }
        paras.forEach((p, k) => this.para(p, cloc(c.paras.indexOf(p)), k === 0 ? `<c ${c.colSpan}>` : '', k === paras.length - 1 ? '</c>' : ''));
        if (c.rowSpan > 1) covered.set(col, { rows: c.rowSpan - 1, span: c.colSpan });
        col += c.colSpan;
      });
      placeholders();
      this.line('</r>', rloc);
      if (trail.length) this.line(trail.join(''), rloc);
    });
    this.line('</t>', tloc);
  }

  blocks(blocks: readonly WordBlock[]): void {
    for (const b of blocks) {
      if (b.t === 'table') this.table(b);
      else this.para(b, { para: b.n, text: wordText(b.content).trim() });
    }
  }
}

// ---- reading the rendered marks back ----

const MARK = /<(\/?)(p|b|i|br|pg|t|r|c)(?: ([^>]*))?>/g;

interface OutPara {
  attr: ParaAttr;
  content: Inline[];
}
interface OutCell {
  paras: OutPara[];
  span: number;
  merged: boolean;
}
type OutBlock = { t: 'p'; p: OutPara } | { t: 'pg' } | { t: 'table'; n: number; rows: { header: boolean; cells: OutCell[] }[] };

function pushInline(out: Inline[], text: string, bold: boolean, italic: boolean): void {
  if (!text) return;
  const wrap = (x: Inline): Inline => (bold ? { t: 'strong', children: [x] } : italic ? { t: 'emph', children: [x] } : x);
  const last = out[out.length - 1];
  if (!bold && !italic && last?.t === 'text') last.text += text;
  else if (bold && last?.t === 'strong' && last.children.length === 1 && last.children[0]?.t === 'text') (last.children[0] as { text: string }).text += text;
  else out.push(wrap({ t: 'text', text }));
}

function parseMarked(s: string, attrs: readonly ParaAttr[]): OutBlock[] {
  const out: OutBlock[] = [];
  let para: OutPara | undefined;
  let table: Extract<OutBlock, { t: 'table' }> | undefined;
  let cell: OutCell | undefined;
  let bold = false;
  let italic = false;
  const target = (): OutPara[] | undefined => (cell ? cell.paras : undefined);
  const close = () => {
    if (!para) return;
    const p = para;
    para = undefined;
    const t = target();
    if (t) t.push(p);
    else out.push({ t: 'p', p });
  };
  const text = (raw: string) => {
    const str = unescapeText(raw).replace(/\r/g, '');
    if (!para) {
      // text outside a paragraph (a value printed between two paragraphs): a paragraph of its own
      if (!str.trim()) return;
      para = { attr: { kind: 'para', indent: true, loc: {} }, content: [] };
    }
    // data with blank lines is several paragraphs; a single line break stays a line break
    const chunks = str.split(/\n[ \t\u3000]*\n+/);
    chunks.forEach((chunk, k) => {
      if (k > 0 && para) {
        const attr = para.attr;
        close();
        para = { attr, content: [] };
      }
      chunk.split('\n').forEach((line, li) => {
        if (li > 0 && para) para.content.push({ t: 'break' });
        if (para) pushInline(para.content, line, bold, italic);
      });
    });
  };
  let last = 0;
  for (const m of s.matchAll(MARK)) {
    text(s.slice(last, m.index));
    last = (m.index ?? 0) + m[0].length;
    const closing = m[1] === '/';
    const arg = m[3] ?? '';
    switch (m[2]) {
      case 'p':
        if (closing) close();
        else {
          close();
          para = { attr: attrs[Number(arg)] ?? { kind: 'para', indent: true, loc: {} }, content: [] };
          bold = false;
          italic = false;
        }
        break;
      case 'b':
        bold = !closing;
        break;
      case 'i':
        italic = !closing;
        break;
      case 'br':
        if (para) para.content.push({ t: 'break' });
        break;
      case 'pg': {
        const attr = para?.attr;
        close();
        if (!cell) out.push({ t: 'pg' });
        if (attr) para = { attr, content: [] };
        break;
      }
      case 't':
        close();
        if (!closing) {
          table = { t: 'table', n: Number(arg), rows: [] };
          out.push(table);
        } else table = undefined;
        break;
      case 'r':
        close();
        if (!closing && table) table.rows.push({ header: arg === 'h', cells: [] });
        break;
      case 'c':
        close();
        if (!closing) {
          const merged = arg.startsWith('m');
          cell = { paras: [], span: Math.max(1, Number(merged ? arg.slice(2) : arg) || 1), merged };
          table?.rows[table.rows.length - 1]?.cells.push(cell);
        } else cell = undefined;
        break;
    }
  }
  text(s.slice(last));
  close();
  return out;
}

function isEmpty(content: readonly Inline[]): boolean {
  const t = (xs: readonly Inline[]): string => xs.map((x) => (x.t === 'text' ? x.text : x.t === 'break' ? '' : t(x.children))).join('');
  return t(content).trim() === '';
}

/** Trim a paragraph's ends: breaks, ASCII spaces, and (justified text) the full-width spaces clerks indent
 *  with — the layout indents. Full-width spaces at the end of a right-aligned line are an inset: kept. */
function trimInlines(content: Inline[], body = true): Inline[] {
  const out = content.slice();
  while (out[0]?.t === 'break') out.shift();
  while (out[out.length - 1]?.t === 'break') out.pop();
  const first = out[0];
  if (first?.t === 'text') out[0] = { t: 'text', text: first.text.replace(body ? /^[\s\u3000]+/ : /^[ \t]+/, '') };
  const lastI = out.length - 1;
  const last = out[lastI];
  if (last?.t === 'text') out[lastI] = { t: 'text', text: last.text.replace(body ? /[\s\u3000]+$/ : /[ \t]+$/, '') };
  return out.filter((x) => x.t !== 'text' || x.text !== '');
}

const text = (xs: readonly Inline[]): string => xs.map((x) => (x.t === 'text' ? x.text : x.t === 'break' ? '\n' : text(x.children))).join('');

/** Word's vertical merges: a covered cell (`<c m …>`) adds a row to the cell above it in the same columns,
 *  which takes `rowSpan`, and leaves its row (model/table-grid.ts). A covered cell with nothing above it in its
 *  part of the table (a merge from the header into the body) stays an empty cell. */
function foldMerged(rows: readonly { merged: boolean[]; cells: TableCell[] }[]): TableCell[][] {
  /** col → the cell that starts a merge there and its column span */
  const above = new Map<number, TableCell>();
  return rows.map((r) => {
    const out: TableCell[] = [];
    let col = 0;
    r.cells.forEach((c, i) => {
      const span = Math.max(1, c.colSpan ?? 1);
      const top = above.get(col);
      if (r.merged[i] && top && Math.max(1, top.colSpan ?? 1) === span) {
        top.rowSpan = (top.rowSpan ?? 1) + 1;
      } else {
        out.push(c);
        for (let k = 0; k < span; k++) above.delete(col + k);
        if (!r.merged[i]) above.set(col, c);
        else delete c.rowSpan;
      }
      col += span;
    });
    return out;
  });
}

function toBlocks(parsed: readonly OutBlock[], file: string): Block[] {
  const blocks: Block[] = [];
  const numberer = new HeadingNumberer();
  let list: Extract<Block, { t: 'list' }> | undefined;
  const srcOf = (loc: WordLoc) => ({ file, line: loc.para ?? 0 });
  for (const b of parsed) {
    if (b.t !== 'p' || b.p.attr.kind !== 'list') list = undefined;
    if (b.t === 'pg') {
      if (blocks.length && blocks[blocks.length - 1]?.t !== 'pageBreak') blocks.push({ t: 'pageBreak' });
      continue;
    }
    if (b.t === 'table') {
      const rows = b.rows.map((r) => ({
        header: r.header,
        merged: r.cells.map((c) => c.merged),
        cells: r.cells.map((c): TableCell => {
          const content: Inline[] = [];
          for (const p of c.paras) {
            const inl = trimInlines(p.content);
            if (!inl.length) continue;
            if (content.length) content.push({ t: 'break' });
            append(content, inl);
          }
          const cell: TableCell = { content };
          if (c.span > 1) cell.colSpan = c.span;
          const align = c.paras[0]?.attr.align;
          if (align) cell.align = align;
          return cell;
        }),
      }));
      const headerCount = rows.findIndex((r) => !r.header);
      const split = headerCount < 0 ? 0 : headerCount;
      blocks.push({ t: 'table', header: foldMerged(rows.slice(0, split)), rows: foldMerged(rows.slice(split)) });
      continue;
    }
    const { attr } = b.p;
    const content = trimInlines(b.p.content, attr.align === undefined);
    if (isEmpty(content)) continue;
    const plainText = text(content).trim();
    const last = blocks[blocks.length - 1];
    if (attr.kind === 'target') {
      const target = parseTarget(plainText);
      if (last?.t === 'targets') last.items.push(target);
      else blocks.push({ t: 'targets', items: [target], src: srcOf(attr.loc) });
      continue;
    }
    if (attr.kind === 'party') {
      const date = /^签署日期[:：]\s*(.+)$/.exec(plainText);
      const sig: Extract<Block, { t: 'signatures' }> = last?.t === 'signatures' ? last : { t: 'signatures', parties: [], src: srcOf(attr.loc) };
      if (last !== sig) blocks.push(sig);
      if (date) sig.date = isoOfWrittenDate(date[1] ?? '') ?? (date[1] ?? '').trim();
      else sig.parties.push(party(plainText));
      continue;
    }
    if (attr.kind === 'copies') {
      blocks.push({ t: 'copyClause', text: plainText, src: srcOf(attr.loc) });
      continue;
    }
    if (attr.kind === 'heading' && attr.level) {
      const { content: stripped } = stripHeadingNumber(content, attr.level);
      blocks.push({ t: 'heading', level: attr.level, number: numberer.next(attr.level), content: stripped, src: srcOf(attr.loc) });
    } else if (attr.kind === 'list') {
      if (!list || list.ordered !== (attr.ordered === true)) {
        list = { t: 'list', ordered: attr.ordered === true, items: [], src: srcOf(attr.loc) };
        blocks.push(list);
      }
      list.items.push({ marker: list.ordered ? `${list.items.length + 1}.` : '●', blocks: [{ t: 'para', content, indent: false }] });
    } else {
      const para: Block = { t: 'para', content, indent: attr.indent, src: srcOf(attr.loc) };
      if (attr.align) para.align = attr.align;
      blocks.push(para);
    }
  }
  while (blocks[blocks.length - 1]?.t === 'pageBreak') blocks.pop();
  return blocks;
}

// ---- compile and render ----

function templateError(e: unknown, c: { file: string; lines: readonly WordLoc[] }): FoundDiagnostic {
  if (!(e instanceof TemplateError)) throw e;
  const loc = e.line !== undefined ? c.lines[e.line - 1] : undefined;
  const at = whereText(loc);
  const d: FoundDiagnostic = { severity: 'error', code: e.code, file: c.file, message: `${at ? `${at}：` : ''}${e.message}` };
  if (e.hint) d.hint = e.hint;
  // an empty value: told at its data file (src/render/diagnostics.ts), naming this paragraph
  if (e.subject) d.subject = { ...e.subject, where: at };
  return d;
}

/** Read a Word file's elements and body into a template (`template`), or into literal text (received). */
export function compileWord(env: TemplateEnv | undefined, doc: WordDoc, file: string): { compiled: CompiledWord | undefined; diagnostics: Diagnostic[] } {
  const template = env !== undefined;
  const norm: WordDoc = template ? { blocks: doc.blocks.map((b) => normalizeBlock(b)) } : doc;
  const rec = recognizeElements(norm, file);
  const diagnostics = [...rec.diagnostics];
  const w = new Writer(template, file);
  w.blocks(rec.body);
  const lines = w.lines;
  const elements: CompiledElement[] = [];
  const compileText = (text: string, loc: WordLoc | undefined): RenderFn | undefined => {
    if (!env) return () => text;
    if (/\{\{\s*>/.test(text)) {
      diagnostics.push({ severity: 'error', code: 'word-partial', file, message: `${whereText(loc)}：Word 模板中不能使用片段（{{> …}}）`, hint: '把片段的内容直接写进 Word 模板。' });
      return undefined;
    }
    lines.push(loc ?? {});
    try {
      return env.compile(text, file, lines.length - 1);
    } catch (e) {
      diagnostics.push(templateError(e, { file, lines }));
      return undefined;
    }
  };
  for (const el of rec.elements) {
    const c: CompiledElement = { key: el.key, value: el.value, how: el.how };
    if (el.loc) c.loc = el.loc;
    if (typeof el.value === 'string' || Array.isArray(el.value)) {
      const fns = (Array.isArray(el.value) ? el.value : [el.value]).map((v) => compileText(v, el.loc));
      if (fns.every((f): f is RenderFn => f !== undefined)) c.fns = fns;
    }
    elements.push(c);
  }
  let body: RenderFn | string = w.src;
  if (env) {
    if (/\{\{\s*>/.test(w.src)) {
      const k = w.src.split('\n').findIndex((l) => /\{\{\s*>/.test(l));
      diagnostics.push({ severity: 'error', code: 'word-partial', file, message: `${whereText(lines[k])}：Word 模板中不能使用片段（{{> …}}）`, hint: '把片段的内容直接写进 Word 模板。' });
    } else {
      try {
        body = env.compile(w.src, file, 0, 0, { html: true });
      } catch (e) {
        diagnostics.push(templateError(e, { file, lines }));
      }
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { compiled: undefined, diagnostics };
  return { compiled: { file, elements, attrs: w.attrs, body, lines }, diagnostics };
}

function normalizeBlock(b: WordBlock): WordBlock {
  if (b.t === 'p') return { ...b, content: normalizeTags(b.content) };
  return { ...b, rows: b.rows.map((r) => ({ ...r, cells: r.cells.map((c) => ({ ...c, paras: c.paras.map((p) => ({ ...p, content: normalizeTags(p.content) })) })) })) };
}

/** 2025年3月1日, 二〇二五年三月一日, 2025-03-01, 2025.3.1 → 2025-03-01 */
export function isoOfWrittenDate(s: string): string | undefined {
  const t = s.replace(/\s+/g, '');
  const m = /^([\d〇○零一二三四五六七八九]{4})年([\d一二三四五六七八九十]{1,3})月([\d一二三四五六七八九十]{1,3})日$/.exec(t) ?? /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/.exec(t);
  if (!m) return undefined;
  const p = parseIsoDate(`${parseCnNumber(m[1] ?? '')}-${parseCnNumber(m[2] ?? '')}-${parseCnNumber(m[3] ?? '')}`);
  return p ? formatIsoDate(p) : undefined;
}

export interface WordRenderResult {
  /** front-matter values (validated by the caller with FrontMatterSchema) */
  frontMatter: Record<string, unknown>;
  blocks: Block[];
  diagnostics: FoundDiagnostic[];
}

/** Render a compiled Word file with a template context (ignored for received text). */
export function renderWord(c: CompiledWord, context: unknown, fallbackTitle?: string): WordRenderResult {
  const diagnostics: FoundDiagnostic[] = [];
  const run = (fn: RenderFn, html: boolean): string | undefined => {
    try {
      return fn(context, { markdown: false });
    } catch (e) {
      diagnostics.push(templateError(e, c));
      return html ? undefined : undefined;
    }
  };
  const fm: Record<string, unknown> = {};
  const locs = new Map<string, WordLoc | undefined>();
  for (const el of c.elements) {
    locs.set(el.key, el.loc);
    if (!el.fns) {
      fm[el.key] = el.value;
      continue;
    }
    const vals = el.fns.map((f) => run(f, false)?.trim());
    if (vals.some((v) => v === undefined)) continue;
    fm[el.key] = Array.isArray(el.value) ? vals : vals[0];
  }
  const bodyText = typeof c.body === 'string' ? c.body : run(c.body, true);
  if (bodyText === undefined || diagnostics.length) return { frontMatter: fm, blocks: [], diagnostics };
  const blocks = toBlocks(parseMarked(bodyText, c.attrs), c.file);

  // the elements as the front matter has them
  for (const key of ['date', 'printDate'] as const) {
    const v = fm[key];
    if (typeof v !== 'string') continue;
    const iso = isoOfWrittenDate(v);
    if (iso) fm[key] = iso;
    else if (v === '') delete fm[key];
    else
      diagnostics.push({
        severity: 'error',
        code: 'word-date',
        file: c.file,
        message: `${whereText(locs.get(key)) || ''}：${ELEMENT_NAMES[key]}“${v}”不是日期`,
        hint: '日期写成 2025年3月1日，或用 {{cnDate date}} 这样的标签。',
      });
  }
  if (typeof fm['masthead'] === 'string' && fm['issuer'] === undefined) {
    const m = /^(.+?)文件$/.exec(fm['masthead']);
    if (m) fm['issuer'] = m[1];
  }
  if (fm['issuer'] === undefined && typeof fm['signature'] === 'string') fm['issuer'] = (fm['signature'].split('　')[0] ?? '').trim();
  if (fm['title'] === undefined && fallbackTitle) fm['title'] = fallbackTitle;
  for (const [k, v] of Object.entries(fm)) if (v === '' || (Array.isArray(v) && v.length === 0)) delete fm[k];
  if (fm['title'] === undefined)
    diagnostics.push({
      severity: 'error',
      code: 'word-no-title',
      file: c.file,
      message: '没有认出公文标题：开头没有居中的一段',
      hint: '把标题设为“居中”放在第一段（版头、发文字号之后），或在开头的要素表中写“标题”一行。',
    });
  const parsed = FrontMatterSchema.safeParse(fm);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      if (key === 'title' && fm['title'] === undefined) continue;
      const what = issue.code === 'invalid_type' ? (issue.received === 'undefined' ? '没有填写' : '写法不对') : issue.message;
      diagnostics.push({ severity: 'error', code: 'word-element', file: c.file, message: `${whereText(locs.get(key)) ? `${whereText(locs.get(key))}：` : ''}${ELEMENT_NAMES[key] ?? key}：${what}`, hint: '改正这一要素，或在开头的要素表中写明。' });
    }
  }
  return { frontMatter: fm, blocks, diagnostics };
}

/** What was recognised, for check --explain and the web page: 要素, value as written, where, how. */
export function explainWord(c: CompiledWord): { element: string; value: string; where: string; how: string }[] {
  const order = (e: CompiledElement): number => (e.loc?.para ?? (e.loc?.table ? 1e6 + e.loc.table : 0));
  return [...c.elements].sort((a, b) => order(a) - order(b)).map((e) => ({
    element: ELEMENT_NAMES[e.key] ?? e.key,
    value: typeof e.value === 'boolean' ? (e.value ? '是' : '否') : Array.isArray(e.value) ? e.value.join('；') : String(e.value),
    where: whereText(e.loc),
    how: e.how,
  }));
}

export type { FoundElement };
