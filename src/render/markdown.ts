//! Markdown body → DocModel blocks (mdast with GFM tables and directives). Headings are numbered
//! 一、（一）1.（1） here; anything the model cannot express is reported, never silently dropped.
import type { Nodes, PhrasingContent, RootContent } from 'mdast';
import type { ContainerDirective, LeafDirective } from 'mdast-util-directive';
import { directiveFromMarkdown } from 'mdast-util-directive';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { directive } from 'micromark-extension-directive';
import { gfmTable } from 'micromark-extension-gfm-table';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { SignatureParty, SourceBlock } from '../model/source.js';
import type { Align, HeadingLevel, Inline, TableCell, Target } from '../model/types.js';
import { HeadingNumberer, stripHeadingNumber } from './numbering.js';

export interface MarkdownResult {
  blocks: SourceBlock[];
  diagnostics: Diagnostic[];
}

interface Ctx {
  file: string;
  lineOffset: number;
  diagnostics: Diagnostic[];
  numberer: HeadingNumberer;
}

function lineOf(ctx: Ctx, node: { position?: { start: { line: number } } | undefined }): number | undefined {
  return node.position ? node.position.start.line + ctx.lineOffset : undefined;
}

function src(ctx: Ctx, node: { position?: { start: { line: number } } | undefined }): { file: string; line: number } | undefined {
  const line = lineOf(ctx, node);
  return line === undefined ? undefined : { file: ctx.file, line };
}

function report(ctx: Ctx, node: Nodes, severity: 'error' | 'warning', code: string, message: string, hint: string): void {
  const d: Diagnostic = { severity, code, file: ctx.file, message, hint };
  const line = lineOf(ctx, node);
  if (line !== undefined) d.line = line;
  ctx.diagnostics.push(d);
}

/** Plain text of inlines (for titles, targets, parties). */
export function inlineText(xs: readonly Inline[]): string {
  return xs.map((x) => (x.t === 'text' ? x.text : x.t === 'break' ? '\n' : inlineText(x.children))).join('');
}

function inlines(ctx: Ctx, nodes: readonly PhrasingContent[]): Inline[] {
  const out: Inline[] = [];
  const push = (x: Inline) => {
    const last = out[out.length - 1];
    if (x.t === 'text' && last?.t === 'text') last.text += x.text;
    else out.push(x);
  };
  for (const n of nodes) {
    switch (n.type) {
      case 'text':
        push({ t: 'text', text: n.value.replace(/\n/g, '') });
        break;
      case 'strong':
        out.push({ t: 'strong', children: inlines(ctx, n.children) });
        break;
      case 'emphasis':
        out.push({ t: 'emph', children: inlines(ctx, n.children) });
        break;
      case 'break':
        out.push({ t: 'break' });
        break;
      case 'inlineCode':
        push({ t: 'text', text: n.value });
        break;
      case 'link':
        report(ctx, n, 'warning', 'markdown-link', `链接“${n.url}”不能打印成链接，只保留了文字`, '公文中请直接写出网址或删除链接标记。');
        for (const c of inlines(ctx, n.children)) push(c);
        break;
      case 'image':
        report(ctx, n, 'error', 'markdown-image', `正文中不支持图片“${n.url}”`, '扫描件和照片请放在 attachments/ 中，由目录的 attach 编入案卷。');
        break;
      case 'html':
        report(ctx, n, 'error', 'markdown-html', `正文中不支持 HTML 标记“${n.value.slice(0, 30)}”`, '删除 HTML 标记，只用文字和 Markdown。');
        break;
      case 'textDirective':
        // "备注:abc" is text, not a directive: put the colon back.
        push({ t: 'text', text: `:${n.name}` });
        for (const c of inlines(ctx, n.children)) push(c);
        break;
      default:
        report(ctx, n, 'error', 'markdown-unsupported', `正文中不支持这种写法（${n.type}）`, '只用段落、标题（## 至 #####）、列表、表格和 ::: 块。');
    }
  }
  return out;
}

function paragraphText(ctx: Ctx, children: readonly RootContent[]): string {
  return children
    .map((c) => {
      if (c.type === 'paragraph') return inlineText(inlines(ctx, c.children));
      if (c.type === 'list') return c.children.map((li) => paragraphText(ctx, li.children)).join('\n');
      return '';
    })
    .join('\n')
    .trim();
}

function listItemsText(ctx: Ctx, d: ContainerDirective): string[] {
  const items: string[] = [];
  for (const c of d.children) {
    if (c.type === 'list') for (const li of c.children) items.push(paragraphText(ctx, li.children));
    else if (c.type === 'paragraph') for (const line of inlineText(inlines(ctx, c.children)).split('\n')) if (line.trim()) items.push(line.trim());
  }
  return items;
}

const SCORE = /[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*[。；;]?$/;

/** "符合政策生育率达到90%以上（10分）" → indicator, text, score */
export function parseTarget(text: string): Target {
  const m = SCORE.exec(text);
  const body = m ? text.slice(0, m.index).trim() : text;
  const clean = body.replace(/[；;。]$/, '');
  const indicator = (/^(.+?)(?:：|:|达到|控制在|不低于|不高于|不超过|低于|高于)/.exec(clean)?.[1] ?? clean).trim();
  const t: Target = { indicator, text: body };
  if (m) t.score = Number(m[1]);
  return t;
}

/** "授书人：澧源镇人民政府" → role and name */
export function party(text: string): SignatureParty {
  const m = /^(.+?)[：:]\s*(.*)$/.exec(text);
  return m ? { role: (m[1] ?? '').trim(), name: (m[2] ?? '').trim() } : { role: '', name: text.trim() };
}

function container(ctx: Ctx, d: ContainerDirective): SourceBlock[] {
  const s = src(ctx, d);
  const at = s ? { src: s } : {};
  switch (d.name) {
    case 'targets': {
      const items = listItemsText(ctx, d).map(parseTarget);
      if (items.length === 0) report(ctx, d, 'error', 'targets-empty', ':::targets 块里没有任何目标', '在块内用“- ”逐条列出目标。');
      return [{ t: 'targets', items, ...at }];
    }
    case 'signatures': {
      const parties = listItemsText(ctx, d).map(party);
      const date = d.attributes?.['date'];
      return [{ t: 'signatures', parties, ...(date ? { date } : {}), ...at }];
    }
    case 'copies':
    case 'copy-clause':
      return [{ t: 'copyClause', text: paragraphText(ctx, d.children), ...at }];
    case 'note':
      return [{ t: 'note', text: paragraphText(ctx, d.children), ...at }];
    case 'attachments':
      return [{ t: 'attachments', items: listItemsText(ctx, d), ...at }];
    case 'center':
    case 'right':
    case 'noindent': {
      const align: Align = d.name === 'noindent' ? 'left' : d.name;
      return d.children.flatMap((c) => {
        if (c.type === 'paragraph') return [{ t: 'para' as const, content: inlines(ctx, c.children), indent: false, align, ...(src(ctx, c) ? { src: src(ctx, c) } : {}) }];
        return block(ctx, c);
      });
    }
    default:
      report(ctx, d, 'error', 'directive-unknown', `不认识的块“:::${d.name}”`, '可用的块：targets（责任目标）、signatures（签字）、copies（份数说明）、note（附注）、attachments（附件说明）、center、right、noindent。');
      return d.children.flatMap((c) => block(ctx, c));
  }
}

function leaf(ctx: Ctx, d: LeafDirective): SourceBlock[] {
  if (d.name === 'pagebreak') return [{ t: 'pageBreak', ...(src(ctx, d) ? { src: src(ctx, d) } : {}) }];
  report(ctx, d, 'error', 'directive-unknown', `不认识的指令“::${d.name}”`, '另起一页请写 ::pagebreak 或单独一行 ***。');
  return [];
}

function cells(ctx: Ctx, row: { children: { children: PhrasingContent[] }[] }, aligns: (Align | undefined)[]): TableCell[] {
  return row.children.map((c, i) => {
    const cell: TableCell = { content: inlines(ctx, c.children) };
    const a = aligns[i];
    if (a) cell.align = a;
    return cell;
  });
}

function block(ctx: Ctx, n: RootContent): SourceBlock[] {
  const s = src(ctx, n);
  const at = s ? { src: s } : {};
  switch (n.type) {
    case 'paragraph':
      return [{ t: 'para', content: inlines(ctx, n.children), indent: true, ...at }];
    case 'heading': {
      if (n.depth === 1) {
        report(ctx, n, 'error', 'heading-level-1', '正文中不能用一级标记“# ”', '公文标题写在开头的 title: 中；正文的“一、”级标题写成“## ”。');
        return [];
      }
      if (n.depth === 6) {
        report(ctx, n, 'error', 'heading-too-deep', '标题层级太深：公文标题只有四级（一、（一）1.（1））', '用 ## 到 ##### 表示四个层级。');
        return [];
      }
      const level = (n.depth - 1) as HeadingLevel;
      const content = inlines(ctx, n.children);
      const { content: stripped, given } = stripHeadingNumber(content, level);
      const number = ctx.numberer.next(level);
      if (given !== undefined && given !== number)
        report(ctx, n, 'warning', 'heading-number-changed', `标题自带的序号“${given}”已改为自动编号“${number}”`, '标题序号由系统自动编排，模板中不必手写。');
      return [{ t: 'heading', level, number, content: stripped, ...at }];
    }
    case 'list': {
      const start = n.start ?? 1;
      return [
        {
          t: 'list',
          ordered: n.ordered === true,
          items: n.children.map((li, i) => ({ marker: n.ordered ? `${start + i}.` : '●', blocks: li.children.flatMap((c) => block(ctx, c)).map((b) => (b.t === 'para' ? { ...b, indent: false } : b)) })),
          ...at,
        },
      ];
    }
    case 'table': {
      const aligns = (n.align ?? []).map((a) => a ?? undefined) as (Align | undefined)[];
      const [head, ...rows] = n.children;
      return [{ t: 'table', header: head ? [cells(ctx, head, aligns)] : [], rows: rows.map((r) => cells(ctx, r, aligns)), ...at }];
    }
    case 'thematicBreak':
      return [{ t: 'pageBreak', ...at }];
    case 'blockquote':
      report(ctx, n, 'warning', 'markdown-blockquote', '公文不用引用块“> ”，已按普通段落排版', '删除行首的“> ”。');
      return n.children.flatMap((c) => block(ctx, c));
    case 'containerDirective':
      return container(ctx, n);
    case 'leafDirective':
      return leaf(ctx, n);
    case 'html':
      if (/^<!--[\s\S]*-->$/.test(n.value.trim())) return [];
      report(ctx, n, 'error', 'markdown-html', `正文中不支持 HTML 标记“${n.value.slice(0, 30)}”`, '删除 HTML 标记，只用文字和 Markdown。');
      return [];
    case 'code':
      report(ctx, n, 'error', 'markdown-code', '正文中不支持代码块', '删除代码块标记（```），或把行首的空格去掉（行首 4 个空格也会变成代码块）。');
      return [];
    case 'definition':
      return [];
    default:
      report(ctx, n as Nodes, 'error', 'markdown-unsupported', `正文中不支持这种写法（${n.type}）`, '只用段落、标题（## 至 #####）、列表、表格和 ::: 块。');
      return [];
  }
}

/** The parser's syntax extensions (GFM tables, directives), made once: they hold no state between documents. */
let parseOptions: Parameters<typeof fromMarkdown>[1] | undefined;

/** Parse a rendered Markdown body into blocks; `lineOffset` maps body lines to template lines. */
export function markdownToBlocks(markdown: string, file: string, lineOffset: number): MarkdownResult {
  parseOptions ??= { extensions: [gfmTable(), directive()], mdastExtensions: [gfmTableFromMarkdown(), directiveFromMarkdown()] };
  const tree = fromMarkdown(markdown, parseOptions);
  const ctx: Ctx = { file, lineOffset, diagnostics: [], numberer: new HeadingNumberer() };
  const blocks = tree.children.flatMap((c) => block(ctx, c));
  return { blocks, diagnostics: ctx.diagnostics };
}
