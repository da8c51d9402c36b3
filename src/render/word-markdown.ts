//! `dossier import`: a Word template → the text of a <名称>.md.hbs (front matter from the recognised 公文
//! elements, the body as Markdown with the same tags). Recognition is word-elements.ts's, so the Word file
//! and its import make the same document; what Markdown cannot hold (merged cells, several paragraphs in
//! a cell) is said in a warning, never dropped silently.
import { stringify } from 'yaml';
import type { Diagnostic } from '../diag/diagnostic.js';
import { hasText, wordText, type WordBlock, type WordDoc, type WordInline, type WordPara, type WordTable } from '../workspace/readers/docx.js';
import { escapeMarkdown } from './handlebars.js';
import { stripHeadingNumber } from './numbering.js';
import { isoOfWrittenDate } from './word-template.js';
import { recognizeElements, whereText, type ElementValue } from './word-elements.js';
import { normalizeTags, onlyBlockTags, TAG, tagsOf } from './word-tags.js';
import { headingLevelOf } from './word-template.js';

/** Literal text escaped for Markdown, tags kept as they are. */
function mdText(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(TAG)) {
    out += escapeMarkdown(text.slice(last, m.index)) + m[0];
    last = (m.index ?? 0) + m[0].length;
  }
  return out + escapeMarkdown(text.slice(last));
}

function mdInline(content: readonly WordInline[], inCell = false): string {
  let s = '';
  for (const c of content) {
    if (c.t === 'break') s += inCell ? '　' : '\\\n';
    else if (c.t === 'page') continue;
    else {
      const t = mdText(c.text.replace(/\t/g, '　'));
      const trimmed = t.trim();
      if (!trimmed) s += t;
      else if (c.bold) s += `**${trimmed}**`;
      else if (c.italic) s += `*${trimmed}*`;
      else s += t;
    }
  }
  return s.trim();
}

const normPara = (p: WordPara): WordPara => ({ ...p, content: normalizeTags(p.content) });

function dateValue(v: string): string {
  const iso = isoOfWrittenDate(v);
  if (iso) return iso;
  // {{cnDate x}} prints 2025年3月1日; front matter wants the ISO date itself
  const m = /^\{\{\s*cnDate\s+([^\s}]+)\s*\}\}$/.exec(v.trim());
  return m ? `{{${m[1]}}}` : v;
}

/** The .md.hbs text of a Word template, and what could not be kept exactly. */
export function wordToMarkdown(doc: WordDoc, file: string): { text: string; diagnostics: Diagnostic[] } {
  const norm: WordDoc = { blocks: doc.blocks.map((b) => (b.t === 'p' ? normPara(b) : { ...b, rows: b.rows.map((r) => ({ ...r, cells: r.cells.map((c) => ({ ...c, paras: c.paras.map(normPara) })) })) })) };
  const rec = recognizeElements(norm, file);
  const diagnostics = [...rec.diagnostics];
  const fm: Record<string, ElementValue> = {};
  for (const e of rec.elements) fm[e.key] = e.key === 'date' || e.key === 'printDate' ? dateValue(String(e.value)) : e.value;
  if (typeof fm['masthead'] === 'string' && fm['issuer'] === undefined) {
    const m = /^(.+?)文件$/.exec(fm['masthead']);
    if (m) {
      fm['issuer'] = m[1] ?? '';
      delete fm['masthead'];
    }
  }
  if (fm['signature'] === true) delete fm['signature'];
  if (fm['issuer'] === undefined && typeof fm['signature'] === 'string') {
    fm['issuer'] = fm['signature'];
    delete fm['signature'];
  }
  if (fm['signature'] !== undefined && fm['signature'] === fm['issuer']) delete fm['signature'];
  if (fm['title'] === undefined)
    diagnostics.push({ severity: 'warning', code: 'word-no-title', file, message: '没有认出公文标题（开头没有居中的一段），已写成“（请填写标题）”', hint: '打开生成的 .md.hbs，改写 title 一行。' });
  const order = ['kind', 'issuer', 'header', 'masthead', 'number', 'signer', 'title', 'subtitle', 'to', 'date', 'signature', 'sealed', 'attachments', 'note', 'cc', 'printer', 'printDate', 'copyNo', 'secret', 'urgency', 'cover', 'total'];
  const front: Record<string, ElementValue> = { kind: fm['kind'] ?? '通知', title: fm['title'] ?? '（请填写标题）' };
  for (const k of order) if (fm[k] !== undefined && k !== 'kind' && k !== 'title') front[k] = fm[k] as ElementValue;
  const sorted = Object.fromEntries(order.filter((k) => front[k] !== undefined).map((k) => [k, front[k]]));
  const yaml = stringify(sorted, { lineWidth: 0 });

  const out: string[] = [];
  const blank = () => {
    if (out.length && out[out.length - 1] !== '') out.push('');
  };
  let listKind: string | undefined;
  let listNo = 0;
  for (const b of rec.body) {
    if (b.t === 'table') {
      listKind = undefined;
      blank();
      table(b, out, diagnostics, file);
      blank();
      continue;
    }
    const text = wordText(b.content).trim();
    if (b.pageBreakBefore) {
      blank();
      out.push('::pagebreak', '');
    }
    if (!hasText(b.content)) {
      if (b.content.some((c) => c.t === 'page')) {
        blank();
        out.push('::pagebreak', '');
      }
      continue;
    }
    if (onlyBlockTags(text)) {
      listKind = undefined;
      blank();
      out.push(text);
      out.push('');
      continue;
    }
    const level = headingLevelOf(b);
    const pages = b.content.filter((c) => c.t === 'page').length;
    if (level) {
      listKind = undefined;
      const stripped = stripHeadingNumber([{ t: 'text', text: mdInline(b.content) }], level).content;
      blank();
      out.push(`${'#'.repeat(level + 1)} ${stripped.map((x) => (x.t === 'text' ? x.text : '')).join('')}`, '');
    } else if (b.numbering && !level) {
      const kind = b.numbering.format === 'bullet' ? '-' : 'ol';
      if (kind !== listKind) {
        blank();
        listNo = 0;
      }
      listKind = kind;
      listNo++;
      out.push(`${kind === '-' ? '-' : `${listNo}.`} ${mdInline(b.content)}`);
    } else {
      listKind = undefined;
      blank();
      const body = mdInline(b.content);
      if (b.align === 'center' || b.align === 'right') out.push(`:::${b.align}`, body, ':::', '');
      else if (b.noIndent) out.push(':::noindent', body, ':::', '');
      else out.push(body, '');
    }
    if (pages) out.push('::pagebreak', '');
  }
  while (out[out.length - 1] === '') out.pop();
  return { text: `---\n${yaml}---\n${out.join('\n')}\n`, diagnostics };
}

function table(t: WordTable, out: string[], diagnostics: Diagnostic[], file: string): void {
  let warnedMerge = false;
  let warnedParas = false;
  const ncols = Math.max(1, ...t.rows.map((r) => r.cells.reduce((n, c) => n + c.colSpan, 0)));
  const covered = new Map<number, number>();
  let headerDone = false;
  t.rows.forEach((r, ri) => {
    const texts = r.cells.map((c) => c.paras.map((p) => wordText(p.content)).join('\n'));
    if (texts.every((x) => x.replace(TAG, '').trim() === '') && texts.some((x) => tagsOf(x).length) && texts.every((x) => tagsOf(x).every((g) => g.kind !== 'value'))) {
      out.push(texts.join(''));
      return;
    }
    const cells: string[] = [];
    let col = 0;
    const fill = () => {
      while (covered.get(col)) {
        covered.set(col, (covered.get(col) ?? 1) - 1);
        cells.push('');
        col++;
      }
    };
    r.cells.forEach((c) => {
      fill();
      const paras = c.paras.filter((p) => hasText(p.content));
      if (paras.length > 1 && !warnedParas) {
        warnedParas = true;
        diagnostics.push({ severity: 'warning', code: 'import-cell-paragraphs', file, message: `${whereText({ table: t.n, row: ri + 1 })}：单元格里有几段文字，Markdown 表格只能写成一行，已用空格连起来`, hint: '需要分段的单元格请保留 Word 模板，不必导入。' });
      }
      cells.push(paras.map((p) => mdInline(p.content, true).replace(/\|/g, '\\|')).join('　'));
      if (c.colSpan > 1 || c.rowSpan > 1) {
        if (!warnedMerge) {
          warnedMerge = true;
          diagnostics.push({ severity: 'warning', code: 'import-merged-cells', file, message: `${whereText({ table: t.n, row: ri + 1 })}：合并的单元格在 Markdown 表格中写不出来，已拆成普通单元格`, hint: '需要合并单元格的表格请保留 Word 模板，不必导入。' });
        }
        for (let k = 1; k < c.colSpan; k++) cells.push('');
        if (c.rowSpan > 1) for (let k = 0; k < c.colSpan; k++) covered.set(col + k, c.rowSpan - 1);
      }
      col += c.colSpan;
    });
    fill();
    while (cells.length < ncols) cells.push('');
    // loop tags at the ends of a row go on lines of their own around it
    const first = cells[0] ?? '';
    const last = cells[cells.length - 1] ?? '';
    const lead = /^((?:\{\{[#^][^}]*\}\})+)/.exec(first)?.[1] ?? '';
    const trail = /((?:\{\{\/[^}]*\}\})+)$/.exec(last)?.[1] ?? '';
    if (lead && !tagsOf(first).some((g) => g.kind === 'close')) cells[0] = first.slice(lead.length);
    else if (lead) void 0;
    if (trail && !tagsOf(last.slice(0, last.length - trail.length)).some((g) => g.kind === 'open')) cells[cells.length - 1] = last.slice(0, last.length - trail.length);
    const leadOut = cells[0] !== first ? lead : '';
    const trailOut = cells[cells.length - 1] !== last ? trail : '';
    if (leadOut) out.push(leadOut);
    out.push(`| ${cells.map((c) => c || ' ').join(' | ')} |`);
    if (!headerDone) {
      headerDone = true;
      out.push(`|${' --- |'.repeat(ncols)}`);
    }
    if (trailOut) out.push(trailOut);
  });
}

export type { WordBlock };
