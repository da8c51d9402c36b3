//! 案件卷: a catalog item with `cases:` holds case files — one per sub-folder `<当事人>-<编号>` of its folder
//! under attachments/, and/or one per row of its `cases.data`. Each case becomes its own 目录 (a generated
//! document listing the parts with their 件号) followed by its parts: the scan filed for a part, else the part
//! generated from the case's row by its template; every 题名 names the party. Parts that are neither are the
//! case's missing parts (the 缺件清单 says “王某某案：缺送达回证”).
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { CasePart, CatalogItem, CatalogVolume } from '../schema/catalog.js';
import { resolveDataPath } from '../util/data-path.js';
import { safeFileName, seqLabel } from '../util/file-names.js';
import { didYouMean } from '../util/suggest.js';
import { displayPath, linkOutside } from '../workspace/paths.js';
import type { Row } from '../workspace/readers/cells.js';
import type { Workspace } from '../workspace/types.js';
import { receivedTemplateName } from './plan.js';
import type { AttachmentDocument, CaseContext, PlannedCase, PlannedDocument, PlannedItem, TemplateDocument } from './types.js';

/** Template of a case's own 目录 unless the item names another. */
export const CASE_CONTENTS_TEMPLATE = '案件目录';

const FORMATS: Record<string, AttachmentDocument['format']> = { pdf: 'pdf', jpg: 'image', jpeg: 'image', png: 'image', docx: 'docx' };
const PARTY_KEYS = ['当事人', '姓名'];
const NUMBER_KEYS = ['编号', '案号', '案件编号'];
const collator = new Intl.Collator('zh-Hans-CN', { numeric: true });

type Part = { title: string; template?: string; when?: string; match?: string[]; required: boolean };
type Where = { file: string; line: number | undefined; column: number | undefined };

export interface CasePlanInput {
  ws: Workspace;
  vol: CatalogVolume;
  item: CatalogItem;
  itemIndex: number;
  docs: PlannedDocument[];
  planned: PlannedItem;
  out: Diagnostic[];
  /** position of the item's `cases:` (or of a key in it) in the catalog */
  where: (...path: (string | number)[]) => Where;
}

function parts(item: CatalogItem): Part[] {
  return (item.cases?.parts ?? []).map((p: CasePart) => (typeof p === 'string' ? { title: p, required: true } : { ...p }));
}

function text(row: Row, keys: readonly string[]): string {
  for (const k of keys) {
    const v = row[k];
    if (v !== undefined && v !== null && String(v).trim() !== '') return String(v).trim();
  }
  return '';
}

/** "王某某-2025-01" → 王某某, 2025-01 (the party never holds a dash; the number may). */
export function parseCaseFolder(name: string): { party: string; number: string } {
  const m = /^([^-－_]+)[-－_](.+)$/.exec(name.trim());
  return m ? { party: (m[1] as string).trim(), number: (m[2] as string).trim() } : { party: name.trim(), number: '' };
}

/** "01立案审批表", "1.立案审批表", "02-询问笔录(王某某)" → the words that say which part a file is. */
function fileWords(file: string): string {
  return path.basename(file, path.extname(file)).replace(/^[\d\s._、，,()（）-]+/, '');
}

/** The part a scan belongs to: the one whose title (without its （…）) or `match:` word is the longest found in the name. */
export function partOfFile(name: string, list: readonly Part[]): number {
  const words = fileWords(name);
  let best = -1;
  let bestLen = 0;
  list.forEach((p, i) => {
    const keys = [p.title.replace(/（[^）]*）|\([^)]*\)/g, ''), ...(p.match ?? [])].filter((k) => k.length > 0);
    for (const k of keys)
      if (words.includes(k) && k.length > bestLen) {
        best = i;
        bestLen = k.length;
      }
  });
  return best;
}

interface CaseIn {
  party: string;
  number: string;
  row?: Row;
  rowIndex?: number;
  folderAbs?: string;
}

function defined(w: Where): { file: string; line?: number; column?: number } {
  const r: { file: string; line?: number; column?: number } = { file: w.file };
  if (w.line !== undefined) r.line = w.line;
  if (w.column !== undefined) r.column = w.column;
  return r;
}

/** Case folders under the item's folder; files lying loose beside them are reported. */
function caseFolders(input: CasePlanInput, rootRel: string): CaseIn[] {
  const { ws, out, where } = input;
  const bad = rootRel.replace(/\\/g, '/').split('/').some((s) => s === '..') || path.isAbsolute(rootRel) || /^[A-Za-z]:/.test(rootRel);
  if (bad) {
    out.push({ severity: 'error', code: 'path-escape', message: `案件文件夹“${rootRel}”不在工作区的 attachments/ 文件夹内`, hint: '写成 attachments/ 下的相对路径，例如 "行政执法卷/社会抚养费征收案卷/"。', ...defined(where('folder')) });
    return [];
  }
  const root = path.join(ws.attachmentsDir, rootRel);
  if (!existsSync(root)) return [];
  // attachments/, the item's folder or any folder between them leading outside (compared with the
  // workspace's real path, so a workspace opened through a link is not refused)
  if (linkOutside(ws.dir, root) !== undefined) {
    out.push({ severity: 'error', code: 'path-escape', file: displayPath(ws.dir, root), message: '案件文件夹是指向工作区以外的链接，已拒绝读取', hint: '把真实的文件夹复制到 attachments/ 中。' });
    return [];
  }
  const found: CaseIn[] = [];
  for (const name of readdirSync(root).sort((a, b) => collator.compare(a, b))) {
    if (name.startsWith('.') || name.startsWith('~$')) continue;
    const abs = path.join(root, name);
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) {
      out.push({ severity: 'error', code: 'path-escape', file: displayPath(ws.dir, abs), message: '案件材料是链接，已拒绝读取', hint: '把真实的文件或文件夹复制到这里。' });
      continue;
    }
    if (st.isDirectory()) found.push({ ...parseCaseFolder(name), folderAbs: abs });
    else
      out.push({
        severity: 'warning',
        code: 'case-loose-file',
        file: displayPath(ws.dir, abs),
        message: '这个文件没有放在某一案的文件夹里，未编入案卷',
        hint: `每案建一个文件夹，名称写“当事人-编号”（例如 王某某-${ws.config.year}-01），把这一案的材料放进去。`,
      });
  }
  return found;
}

/** Rows of `cases.data`, one per case (当事人 and 编号 columns). */
function caseRows(input: CasePlanInput): CaseIn[] {
  const { ws, item, out, where } = input;
  const key = item.cases?.data;
  if (key === undefined) return [];
  const value = resolveDataPath(ws.data, key);
  if (value === undefined) return [];
  const file = ws.dataFiles[key.split('.')[0] ?? key] ?? `data/${key}`;
  if (!Array.isArray(value)) {
    out.push({ severity: 'error', code: 'cases-not-list', message: `cases 的 data“${key}”不是表格（每案一行）`, hint: '用 CSV/XLSX 表格，每案一行，含“当事人”和“编号”两列。', ...defined(where('data')) });
    return [];
  }
  const rows: CaseIn[] = [];
  value.forEach((r, i) => {
    if (r === null || typeof r !== 'object') return;
    const row = r as Row;
    const party = text(row, PARTY_KEYS);
    if (!party) {
      out.push({ severity: 'error', code: 'case-no-party', file, line: i + 2, message: `第 ${i + 2} 行没有填写当事人`, hint: `每案一行，“当事人”一列必填${Object.keys(row).length ? `（现有的列：${Object.keys(row).join('、')}）` : ''}。` });
      return;
    }
    rows.push({ party, number: text(row, NUMBER_KEYS), row, rowIndex: i + 1 });
  });
  return rows;
}

/** Folders and rows of the same case joined: by 编号 when both have one, else by 当事人. */
function joinCases(folders: CaseIn[], rows: CaseIn[]): CaseIn[] {
  const cases: CaseIn[] = rows.map((r) => ({ ...r }));
  for (const f of folders) {
    const hit = cases.find((c) => c.folderAbs === undefined && (c.number && f.number ? c.number === f.number : c.party === f.party));
    if (hit) hit.folderAbs = f.folderAbs as string;
    else cases.push(f);
  }
  return cases.sort((a, b) => collator.compare(a.number, b.number) || collator.compare(a.party, b.party));
}

function stem(seq: number, title: string): string {
  return safeFileName(`${seqLabel(seq)}-${title}`);
}

function seqRange(seqs: number[]): string {
  if (seqs.length === 0) return '';
  const first = seqs[0] as number;
  const last = seqs[seqs.length - 1] as number;
  return first === last ? String(first) : `${first}—${last}`;
}

export function planCases(input: CasePlanInput): void {
  const { ws, vol, item, itemIndex, docs, planned, out, where } = input;
  const spec = item.cases;
  if (!spec) return;
  const list = parts(item);
  const contentsTemplate = spec.contents ?? CASE_CONTENTS_TEMPLATE;
  for (const t of [contentsTemplate, ...list.flatMap((p) => (p.template ? [p.template] : []))])
    if (!ws.templates.has(t)) {
      out.push({ severity: 'error', code: 'template-unknown', message: `找不到模板“${t}”${didYouMean(t, ws.templates.keys())}`, hint: `在工作区 templates/ 下新建 ${t}.md.hbs，或改用已有模板。`, ...defined(where('parts')) });
      return;
    }
  const kind = spec.kind ?? '';
  const cases = joinCases(caseFolders(input, spec.folder), caseRows(input));
  const parties = new Map<string, number>();
  for (const c of cases) parties.set(c.party, (parties.get(c.party) ?? 0) + 1);
  const planCasesOut: PlannedCase[] = [];
  const dataPath = spec.data ?? spec.folder;

  cases.forEach((c, ci) => {
    const label = (parties.get(c.party) ?? 0) > 1 && c.number ? `${c.party}（${c.number}）` : c.party;
    const caseKey = c.number ? `${c.party}-${c.number}` : c.party;
    const row: Row = c.row ?? { 当事人: c.party, 编号: c.number };
    const ctx: CaseContext = { party: c.party, number: c.number, kind, title: `${label}${kind}案`, parts: [] };
    const pc: PlannedCase = { party: c.party, number: c.number, label: `${label}案`, hasRow: c.row !== undefined, parts: [], missing: [], unmatched: [] };
    if (c.folderAbs) pc.folder = displayPath(ws.dir, c.folderAbs);
    if (c.row && c.rowIndex !== undefined) pc.rowIndex = c.rowIndex;
    const template = (name: string, title: string, id: string): TemplateDocument => {
      const seq = docs.length + 1;
      return { kind: 'template', id, volume: vol.code, seq, itemIndex, title, fileStem: stem(seq, title), template: name, row, rowIndex: c.rowIndex ?? ci + 1, rowName: label, eachPath: dataPath, case: ctx };
    };
    // the case's own 目录 first
    docs.push(template(contentsTemplate, `${ctx.title}卷内目录`, `${vol.code}/${item.title}/${caseKey}/目录`));

    // its scans, sorted to parts
    const byPart = new Map<number, string[]>();
    if (c.folderAbs) {
      const files = fg.sync('**/*', { cwd: c.folderAbs, onlyFiles: true, followSymbolicLinks: false, dot: false }).sort((a, b) => collator.compare(a, b));
      for (const rel of files) {
        const abs = path.join(c.folderAbs, rel);
        const file = displayPath(ws.dir, abs);
        if (path.basename(rel).startsWith('~$')) continue;
        if (lstatSync(abs).isSymbolicLink()) {
          out.push({ severity: 'error', code: 'path-escape', file, message: '案件材料是链接，已拒绝读取', hint: '把真实文件复制到这里。' });
          continue;
        }
        const ext = path.extname(rel).slice(1).toLowerCase();
        if (!FORMATS[ext]) {
          out.push({ severity: 'warning', code: 'attach-unknown-type', file, message: `不支持的附件类型 .${ext}，未编入案卷`, hint: '附件可以是 PDF、JPG、PNG 或 DOCX；其他格式请先转换为 PDF。' });
          continue;
        }
        const k = partOfFile(rel, list);
        if (k < 0) pc.unmatched.push(file);
        byPart.set(k, [...(byPart.get(k) ?? []), abs]);
      }
    }
    const scan = (abs: string, title: string, id: string): AttachmentDocument | TemplateDocument => {
      const seq = docs.length + 1;
      const file = displayPath(ws.dir, abs);
      const format = FORMATS[path.extname(abs).slice(1).toLowerCase()] ?? 'pdf';
      // a Word file is typeset as text, as planAttach does (issue 18)
      if (format === 'docx') return { kind: 'template', id, volume: vol.code, seq, itemIndex, title, fileStem: stem(seq, title), template: receivedTemplateName(displayPath(ws.attachmentsDir, abs)), received: { path: abs, file }, rowName: label };
      return { kind: 'attachment', id, volume: vol.code, seq, itemIndex, title, fileStem: stem(seq, title), path: abs, file, format };
    };
    const seqsOf: number[][] = [];
    list.forEach((p, k) => {
      const files = byPart.get(k) ?? [];
      const seqs: number[] = [];
      const title = `${p.title}（${label}）`;
      if (files.length) {
        for (const abs of files) {
          const t = files.length > 1 ? `${p.title}（${label}，${path.basename(abs, path.extname(abs))}）` : title;
          const d = scan(abs, t, `${vol.code}/${item.title}/${caseKey}/${p.title}/${path.basename(abs)}`);
          seqs.push(d.seq);
          docs.push(d);
        }
        pc.parts.push({ title: p.title, required: p.required, found: 'scan', documents: files.length });
      } else if (p.template && c.row && (p.when === undefined || text(c.row, [p.when]) !== '')) {
        const d = template(p.template, title, `${vol.code}/${item.title}/${caseKey}/${p.title}`);
        seqs.push(d.seq);
        docs.push(d);
        pc.parts.push({ title: p.title, required: p.required, found: 'generated', documents: 1 });
      } else {
        pc.parts.push({ title: p.title, required: p.required, found: 'none', documents: 0 });
        if (p.required) pc.missing.push(p.title);
      }
      seqsOf.push(seqs);
    });
    const extra: number[] = [];
    for (const abs of byPart.get(-1) ?? []) {
      const d = scan(abs, `${path.basename(abs, path.extname(abs))}（${label}）`, `${vol.code}/${item.title}/${caseKey}/其他/${path.basename(abs)}`);
      extra.push(d.seq);
      docs.push(d);
    }
    ctx.parts = list.map((p, k) => {
      const got = pc.parts[k];
      return { no: k + 1, title: p.title, seq: seqRange(seqsOf[k] ?? []), note: got?.found === 'none' ? (p.required ? '缺' : '无') : '' };
    });
    if (extra.length) ctx.parts.push({ no: list.length + 1, title: '其他材料', seq: seqRange(extra), note: '' });
    planCasesOut.push(pc);
  });
  planned.cases = planCasesOut;
  if (cases.length === 0) {
    planned.missing = true;
    const data = spec.data ? `，或在 ${ws.dataFiles[spec.data.split('.')[0] ?? spec.data] ?? `data/${spec.data}.xlsx`} 中每案填一行` : '';
    planned.missingReason = `还没有案件：每案在 attachments/${spec.folder.replace(/\/?$/, '/')} 下建一个“当事人-编号”文件夹放入材料${data}`;
  }
}
