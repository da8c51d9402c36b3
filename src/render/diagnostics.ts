//! What the renderer tells of a document's problems (S10): an empty value a template needs is told at the
//! data file and line where the clerk fills it in (not at the built-in template), and a problem shared by
//! many documents — one empty name in org.yaml, one misspelt tag in a Word template — is told once, with
//! the documents it stops. Knows workspaces and planned documents, never files or writers.
import type { Diagnostic } from '../diag/diagnostic.js';
import type { TemplateDocument } from '../plan/types.js';
import { rowName } from '../plan/plan.js';
import type { Row } from '../workspace/readers/cells.js';
import { locateDataObject, type DataPlace } from '../workspace/locate.js';
import type { Workspace } from '../workspace/types.js';
import type { ValueSubject } from './handlebars.js';

/** A render problem as found: an empty or missing value keeps the data object it belongs to. */
export interface FoundDiagnostic extends Diagnostic {
  /** `where`: the place in the template (第 16 行, 第14段（“…”）) */
  subject?: ValueSubject & { where: string };
}

/** The keys of a YAML path as a clerk reads them: secretary.name, members 第 2 项的 name. */
function pathText(keys: readonly (string | number)[]): string {
  let out = '';
  for (const k of keys) {
    if (typeof k === 'number') out += `${out ? ' ' : ''}第 ${k + 1} 项`;
    else out += out === '' ? k : /项$/.test(out) ? `的 ${k}` : `.${k}`;
  }
  return out;
}

function templatePlace(d: Diagnostic, where: string): string {
  return `模板 ${d.file ?? ''}${where ? ` ${where}` : ''}`;
}

/**
 * An empty value a template needs, told at its data file: the YAML line of the value, or the row of the
 * CSV/XLSX table (a workbook's sheet row). A value that is not there at all stays at the template (it may
 * be a misspelling there), its hint naming where the data is. Other problems are returned as they are.
 */
export function placeInData(ws: Workspace, found: FoundDiagnostic): Diagnostic {
  const { subject, ...d } = found;
  if (!subject) return d;
  let at: DataPlace | undefined;
  try {
    at = locateDataObject(ws, subject.holder, subject.rest, subject.present);
  } catch {
    at = undefined;
  }
  if (!at) return d;
  const key = subject.rest.join('.');
  const sheet = at.sheet !== undefined ? `工作表“${at.sheet}”` : '';
  const name = at.row ? rowName(subject.holder as Row, at.line ?? 0) : '';
  const lineText = at.line !== undefined ? ` 第 ${at.line} 行` : '';
  if (!subject.present) {
    const there = at.row ? `${at.file} ${sheet}的表头没有“${subject.rest[0] ?? key}”这一列` : `数据在 ${at.file}${lineText}${at.path.length ? `（${pathText(at.path)}）` : ''}`;
    return { ...d, hint: `${d.hint ?? ''}${there}。` };
  }
  const what = at.row ? `${sheet}这一行${name ? `（${name}）` : ''}的“${key}”` : `“${pathText(at.path)}”`;
  const out: Diagnostic = {
    severity: d.severity,
    code: 'data-value-empty',
    file: at.file,
    message: `${what}是空的，${templatePlace(d, subject.where)}要用它`,
    hint: `在 ${at.file}${lineText}${at.row ? `的“${key}”一栏` : ''}填上它；如果这一项可以空着，在模板中写成 {{opt ${subject.original}}}，或用 {{#if ${subject.original}}}…{{/if}} 包起来。`,
  };
  if (at.line !== undefined) out.line = at.line;
  if (at.column !== undefined && !at.row) out.column = at.column;
  return out;
}

/** 1、2、3、5 → 1—3、5 */
function runs(ns: readonly number[]): string {
  const sorted = [...new Set(ns)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    const a = sorted[i] as number;
    const b = sorted[j] as number;
    out.push(a === b ? String(a) : b === a + 1 ? `${a}、${b}` : `${a}—${b}`);
    i = j + 1;
  }
  return out.join('、');
}

/**
 * Tells each render problem once for every document that has it: the first occurrence is returned (and
 * later completed in place with the other documents), repeats are dropped. A problem of several documents
 * ends with them: “（用到它的文档：9 份——综合资料卷第2—4、11件，协会工作卷第1件）”; one told at its data
 * file, with its one document: “（用到它的文档：综合资料卷第1件）”; another of one document made per row,
 * with its row: “（villages 中“青龙村”这一行）”.
 */
export class Told {
  private readonly seen = new Map<string, { d: Diagnostic; base: string; docs: TemplateDocument[] }>();

  constructor(private readonly ws: Workspace) {}

  tell(job: TemplateDocument, ds: readonly Diagnostic[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const d of ds) {
      const key = JSON.stringify([d.severity, d.code, d.file ?? '', d.line ?? 0, d.column ?? 0, d.message, d.hint ?? '']);
      const seen = this.seen.get(key);
      // a problem told at its data file names the documents it stops (its row is named already)
      const inData = d.code === 'data-value-empty';
      if (seen) {
        if (!seen.docs.some((x) => x.id === job.id)) {
          seen.docs.push(job);
          seen.d.message = `${seen.base}${this.documentsText(seen.docs, inData)}`;
        }
        continue;
      }
      const told: Diagnostic = { ...d, message: `${d.message}${this.documentsText([job], inData)}` };
      this.seen.set(key, { d: told, base: d.message, docs: [job] });
      out.push(told);
    }
    return out;
  }

  private volumeTitle(code: string): string {
    return this.ws.catalog.volumes.find((v) => v.code === code)?.title ?? code;
  }

  private documentsText(docs: readonly TemplateDocument[], inData: boolean): string {
    const one = docs[0];
    // one document: the template's place says enough; a row of an each: item is named
    if (docs.length === 1 && one && !inData) return one.rowName ? `（${one.eachPath ?? ''} 中“${one.rowName}”这一行）` : '';
    if (docs.length === 1 && one) return `（用到它的文档：${this.volumeTitle(one.volume)}第${one.seq}件）`;
    const byVolume = new Map<string, number[]>();
    for (const d of docs) byVolume.set(d.volume, [...(byVolume.get(d.volume) ?? []), d.seq]);
    const parts = [...byVolume].map(([code, seqs]) => `${this.volumeTitle(code)}第${runs(seqs)}件`);
    return `（用到它的文档：${docs.length} 份——${parts.join('，')}）`;
  }
}
