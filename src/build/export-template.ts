//! `dossier export-template <名称>`: a Markdown template (built-in or the workspace's) → a Word template that
//! looks like the 公文 it makes (版头, 发文字号, 标题, 主送, body, 落款, 版记 where recognition will find them
//! again) and re-imports to the same document: what the document itself cannot show (公文种类 when the title
//! does not name it, 加盖印章, 封面, …) goes into the elements table at the top. Partials are written in.
import type { Diagnostic } from '../diag/diagnostic.js';
import type { SourceBlock as Block } from '../model/source.js';
import type { Inline } from '../model/types.js';
import { arabicDate } from '../util/cn.js';
import { frontMatterText } from '../render/document.js';
import { markdownToBlocks } from '../render/markdown.js';
import { ELEMENT_NAMES, kindOfTitle } from '../render/word-elements.js';
import { RESPONSIBILITY_STYLES } from '../render/word-template.js';
import { onlyBlockTags } from '../render/word-tags.js';
import { readYaml } from '../workspace/readers/yaml.js';
import type { WordBlock, WordDoc, WordInline, WordPara, WordRow } from '../workspace/readers/docx.js';
import type { TemplateSource } from '../workspace/types.js';

const para = (text: string, o: Partial<WordPara> = {}): WordPara => ({ t: 'p', n: 0, content: text ? [{ t: 'text', text }] : [], ...o });

function inlines(xs: readonly Inline[], bold = false, italic = false): WordInline[] {
  const out: WordInline[] = [];
  for (const x of xs) {
    if (x.t === 'text') {
      const r: WordInline = { t: 'text', text: x.text };
      if (bold) r.bold = true;
      if (italic) r.italic = true;
      out.push(r);
    } else if (x.t === 'break') out.push({ t: 'break' });
    else out.push(...inlines(x.children, bold || x.t === 'strong', italic || x.t === 'emph'));
  }
  return out;
}

/** {{> name}} lines replaced by the partial's text (partials may use partials). */
function expandPartials(body: string, partials: ReadonlyMap<string, TemplateSource>, problems: string[], depth = 0): string {
  return body.replace(/\{\{>\s*([^\s}]+)\s*\}\}/g, (m, name: string) => {
    const p = partials.get(name);
    if (!p || depth > 8) {
      problems.push(`找不到片段“${name}”`);
      return m;
    }
    return expandPartials(p.text.replace(/\r\n?/g, '\n'), partials, problems, depth + 1).replace(/\n+$/, '\n');
  });
}

const isRow = (l: string | undefined): boolean => l !== undefined && /^\s*\|/.test(l);
const isTagLine = (l: string | undefined): boolean => l !== undefined && onlyBlockTags(l.trim());

/** Block tags on lines of their own inside a Markdown table go into the first / last cell of a row,
 *  where a Word table keeps them ({{#each}} at the start of the row it repeats, {{/each}} at its end);
 *  tags around a table stay paragraphs of their own, a blank line away (else Markdown reads them as rows). */
function tagsIntoRows(body: string): string {
  const lines = body.split('\n');
  const out: string[] = [];
  /** opening tags moved into rows of the current table, not closed yet */
  let open = 0;
  const delimiter = (l: string) => /^\s*\|(\s*:?-+:?\s*\|)+\s*$/.test(l);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    const prevRow = isRow(out[out.length - 1]);
    if (!isTagLine(l) || !prevRow) {
      if (!isRow(l)) open = 0;
      out.push(l);
      continue;
    }
    const tag = l.trim();
    let k = i + 1;
    while (isTagLine(lines[k])) k++;
    const nextRow = isRow(lines[k]);
    if (/^\{\{\//.test(tag) && open > 0 && !delimiter(out[out.length - 1] as string)) {
      out[out.length - 1] = (out[out.length - 1] as string).replace(/\s*\|\s*$/, `${tag} |`);
      open--;
    } else if (/^\{\{[#^]/.test(tag) && nextRow) {
      lines[k] = (lines[k] as string).replace(/^(\s*\|\s*)/, `$1${tag}`);
      open++;
    } else {
      // the table ends here: the tag is a paragraph between blocks
      open = 0;
      out.push('', l);
      if (lines[i + 1] !== undefined && lines[i + 1] !== '') out.push('');
    }
  }
  // a tag on a line of its own is a paragraph of its own in Word (Markdown would join it to the next line)
  const spaced: string[] = [];
  for (const l of out) {
    if (isTagLine(l) && !isRow(l)) {
      if (spaced.length && spaced[spaced.length - 1] !== '') spaced.push('');
      spaced.push(l, '');
    } else if (l === '' && spaced[spaced.length - 1] === '') continue;
    else spaced.push(l);
  }
  return spaced.join('\n');
}

function cellParas(content: Inline[], align: WordPara['align']): WordPara[] {
  return [{ t: 'p', n: 0, content: inlines(content), ...(align ? { align } : {}) }];
}

/** Model blocks (of the unrendered template) → Word paragraphs and tables. */
function toWord(blocks: readonly Block[], out: WordBlock[], problems: string[]): void {
  for (const b of blocks) {
    switch (b.t) {
      case 'para': {
        const p: WordPara = { t: 'p', n: 0, content: inlines(b.content) };
        if (b.align === 'center' || b.align === 'right') p.align = b.align;
        else if (b.align === 'left') {
          p.align = 'left';
          p.noIndent = true;
        } else if (!b.indent) p.noIndent = true;
        out.push(p);
        break;
      }
      case 'heading':
        out.push({ t: 'p', n: 0, content: inlines(b.content), heading: b.level });
        break;
      case 'list':
        for (const item of b.items) {
          const first = item.blocks[0];
          const content = first && first.t === 'para' ? inlines(first.content) : [];
          out.push({ t: 'p', n: 0, content, numbering: { format: b.ordered ? 'decimal' : 'bullet', text: b.ordered ? '%1)' : '●', level: 0 } });
        }
        break;
      case 'table': {
        const rows: WordRow[] = [...b.header.map((r) => ({ header: true, r })), ...b.rows.map((r) => ({ header: false, r }))].map(({ header, r }) => ({
          header,
          cells: r.map((c) => ({ paras: cellParas(c.content, c.align === 'center' || c.align === 'right' ? c.align : undefined), colSpan: c.colSpan ?? 1, rowSpan: c.rowSpan ?? 1 })),
        }));
        out.push({ t: 'table', n: 0, rows });
        break;
      }
      case 'pageBreak':
        out.push({ t: 'p', n: 0, content: [{ t: 'page' }] });
        break;
      case 'targets':
        for (const t of b.items) {
          const text = `${t.text}${t.score !== undefined ? `（${t.score}分）` : ''}`;
          out.push(para(text, onlyBlockTags(text) ? {} : { style: RESPONSIBILITY_STYLES.target }));
        }
        break;
      case 'signatures':
        for (const s of b.parties) out.push(para(s.role ? `${s.role}：${s.name}` : s.name, { style: RESPONSIBILITY_STYLES.party }));
        if (b.date) out.push(para(`签署日期：${b.date}`, { style: RESPONSIBILITY_STYLES.party }));
        break;
      case 'copyClause':
        out.push(para(b.text, { style: RESPONSIBILITY_STYLES.copies }));
        break;
      default:
        problems.push(`正文中的“${b.t}”块不能写进 Word 模板`);
    }
  }
}

/** {{x}} → {{cnDate x}} (the 落款 shows the date as written); an ISO date → 2025年3月1日. */
function writtenDate(v: string): string | undefined {
  const tag = /^\{\{\s*([^\s}]+)\s*\}\}$/.exec(v.trim());
  if (tag) return `{{cnDate ${tag[1]}}}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? arabicDate(v.trim()) : undefined;
}

export interface ExportResult {
  doc: WordDoc | undefined;
  diagnostics: Diagnostic[];
}

/** The Word outline of a Markdown template. */
export function templateToWord(source: TemplateSource, partials: ReadonlyMap<string, TemplateSource>): ExportResult {
  const problems: string[] = [];
  const fail = (): ExportResult => ({
    doc: undefined,
    diagnostics: problems.map((m) => ({ severity: 'error', code: 'export-template', file: source.file, message: `${m}，无法写成 Word 模板`, hint: '这个模板请继续用文字模板（.md.hbs）修改。' })),
  });
  const { text, body, bodyLineOffset } = frontMatterText(source.text);
  const y = readYaml(text, source.file);
  const fm = (y.value ?? {}) as Record<string, unknown>;
  if (y.diagnostics.some((d) => d.severity === 'error')) return { doc: undefined, diagnostics: y.diagnostics };
  const md = markdownToBlocks(tagsIntoRows(expandPartials(body, partials, problems)), source.file, bodyLineOffset);
  if (md.diagnostics.some((d) => d.severity === 'error')) return { doc: undefined, diagnostics: md.diagnostics };
  const bodyOut: WordBlock[] = [];
  toWord(md.blocks, bodyOut, problems);
  if (problems.length) return fail();

  const str = (k: string): string | undefined => (typeof fm[k] === 'string' ? (fm[k] as string) : undefined);
  const settings: [string, string][] = [];
  const set = (k: string, v: unknown) => settings.push([ELEMENT_NAMES[k] ?? k, typeof v === 'boolean' ? (v ? '是' : '否') : Array.isArray(v) ? v.join('、') : String(v)]);
  const head: WordPara[] = [];
  const foot: WordPara[] = [];
  const title = str('title') ?? '';
  const issuer = str('issuer');
  let issuerShown = false;

  // 版头
  const masthead = fm['masthead'];
  if (fm['header'] === true) {
    if (Array.isArray(masthead)) {
      set('header', true);
      set('masthead', masthead);
    } else {
      const text2 = typeof masthead === 'string' ? masthead : issuer ? `${issuer}文件` : undefined;
      if (text2 && /文件$/.test(text2)) {
        head.push(para(text2, { style: '版头', align: 'center' }));
        issuerShown = typeof masthead !== 'string' || masthead === `${issuer}文件`;
        if (typeof masthead === 'string' && !issuerShown) set('masthead', masthead);
      } else {
        set('header', true);
        if (typeof masthead === 'string') set('masthead', masthead);
      }
    }
  }
  const number = str('number');
  if (number && /[〔［\[﹝【(（]\s*(?:\d{4}|\{\{[^}]*\}\})\s*[〕］\]﹞】)）].*号$/.test(number)) head.push(para(`${number}${str('signer') ? `　　签发人：${str('signer')}` : ''}`, { style: '发文字号', align: 'center' }));
  else {
    if (number) set('number', number);
    if (str('signer')) set('signer', str('signer'));
  }
  head.push(para(title, { style: 'Title', align: 'center' }));
  if (str('subtitle')) set('subtitle', str('subtitle'));
  if (kindOfTitle(title) !== (str('kind') ?? '通知')) set('kind', str('kind') ?? '通知');
  const to = str('to');
  if (to) head.push(para(`${to}：`, { noIndent: true }));

  // 落款 and 附注
  const attachments = Array.isArray(fm['attachments']) ? (fm['attachments'] as string[]) : undefined;
  if (attachments?.length) set('attachments', attachments.join('；'));
  const date = str('date');
  const dateText = date ? writtenDate(date) : undefined;
  const signature = fm['signature'];
  if (signature === false) set('signature', false);
  if (date && dateText && signature !== false) {
    const name = typeof signature === 'string' ? signature : issuer;
    if (name) foot.push(para(name, { style: '落款', align: 'right' }));
    foot.push(para(dateText, { style: '落款', align: 'right' }));
    if (typeof signature !== 'string' && issuer) issuerShown = true;
    else if (typeof signature === 'string' && !issuerShown && issuer === signature) issuerShown = true;
    if (str('note')) foot.push(para(`（${str('note')}）`));
  } else {
    if (date) set('date', date);
    if (str('note')) set('note', str('note'));
  }
  if (fm['sealed'] === true) set('sealed', true);
  if (issuer && !issuerShown) set('issuer', issuer);

  // 版记
  if (str('cc')) foot.push(para(`抄送：${str('cc')}。`, { noIndent: true }));
  const printer = str('printer');
  const printDate = str('printDate');
  const printText = printDate ? writtenDate(printDate) : undefined;
  if (printer && printText) foot.push(para(`${printer}　　${printText}印发`, { noIndent: true }));
  else {
    if (printer) set('printer', printer);
    if (printDate) set('printDate', printDate);
  }
  for (const k of ['copyNo', 'secret', 'urgency', 'cover', 'total'] as const) if (fm[k] !== undefined && fm[k] !== false) set(k, fm[k]);

  const blocks: WordBlock[] = [];
  if (settings.length) {
    blocks.push({ t: 'table', n: 0, rows: settings.map(([k, v]) => ({ header: false, cells: [{ paras: [para(k, { noIndent: true })], colSpan: 1, rowSpan: 1 }, { paras: [para(v, { noIndent: true })], colSpan: 1, rowSpan: 1 }] })) });
  }
  blocks.push(...head, ...bodyOut, ...foot);
  return { doc: { blocks }, diagnostics: [] };
}
