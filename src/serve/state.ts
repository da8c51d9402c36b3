//! What the page shows, as one JSON snapshot: unit and year, every volume with its progress, 件数, 页数 and
//! bound PDFs, every item with its 缺件 status (the same facts as 缺件清单, via assessPlan), its files, its
//! upload folder, and the build's messages placed next to the item they concern.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadAttachment } from '../bind/index.js';
import { volumeStem } from '../build/build.js';
import { readManifest } from '../build/manifest.js';
import { assessPlan, percentText, type ItemStatus } from '../build/report.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { planBuild } from '../plan/plan.js';
import type { AttachmentDocument, PlannedDocument, PlannedVolume } from '../plan/types.js';
import type { CatalogItem } from '../schema/catalog.js';
import { safeFileName } from '../util/file-names.js';
import { loadWorkspace } from '../workspace/load.js';
import type { Workspace } from '../workspace/types.js';
import { uploadFolder } from './uploads.js';

export interface Message {
  severity: Diagnostic['severity'];
  message: string;
  hint?: string;
  /** file:line, when known */
  where?: string;
}

export interface FileLink {
  title: string;
  /** URL under /files/ (workspace-relative path, each segment encoded) */
  href: string;
  kind: 'pdf' | 'docx' | 'image';
  pages?: number;
  /** an attached file the page may move to 回收站/ (workspace-relative path) */
  removable?: string;
  /** a received Word file typeset as text (workspace-relative path): the page shows what was recognised */
  received?: string;
}

export interface ItemView {
  index: number;
  title: string;
  source: 'template' | 'attach' | 'table' | 'cases';
  required: boolean;
  status: ItemStatus;
  statusText: string;
  note: string;
  remark?: string;
  files: FileLink[];
  /** attach items: the folder uploads go to, workspace-relative ("attachments/综合资料卷/上级文件/") */
  uploadTo?: string;
  messages: Message[];
}

export interface VolumeView {
  code: string;
  title: string;
  retention: string;
  required: number;
  present: number;
  partial: number;
  missing: number;
  progress: number;
  progressText: string;
  /** 件数 */
  documents: number;
  /** 页数 (numbered pages), when every document's count is known */
  pages?: number;
  bound: FileLink[];
  items: ItemView[];
  messages: Message[];
}

export interface DossierView {
  unit?: string;
  year?: number;
  catalog?: string;
  dir: string;
  volumes: VolumeView[];
  /** problems not tied to one item (settings, catalog, data), and load errors */
  messages: Message[];
  progress: number;
  progressText: string;
  /** out/<year>/缺件清单.html and the zip, when present */
  missingReport?: string;
  zip?: string;
}

const STATUS_TEXT: Record<ItemStatus, string> = { present: '齐全', partial: '部分缺', missing: '缺', optional: '缺（非必备）' };

/** /files/<rel>, each segment percent-encoded. */
export function fileHref(rel: string): string {
  return `/files/${rel.split('/').map(encodeURIComponent).join('/')}`;
}

function toMessage(d: Diagnostic): Message {
  const m: Message = { severity: d.severity, message: d.message };
  if (d.hint) m.hint = d.hint;
  if (d.file) m.where = d.line !== undefined ? `${d.file}:${d.line}` : d.file;
  return m;
}

const pageCache = new Map<string, { stamp: string; pages: number }>();

/** Page count of an attachment (PDF pages, 1 per image, 0 for Word), cached by size and time. */
async function attachmentPages(d: AttachmentDocument): Promise<number | undefined> {
  let stamp: string;
  try {
    const st = statSync(d.path);
    stamp = `${st.size}:${st.mtimeMs}`;
  } catch {
    return undefined;
  }
  const hit = pageCache.get(d.path);
  if (hit?.stamp === stamp) return hit.pages;
  const a = await loadAttachment(d);
  if ('error' in a) return undefined;
  pageCache.set(d.path, { stamp, pages: a.pages });
  return a.pages;
}

function rel(ws: Workspace, abs: string): string {
  return path.relative(ws.dir, abs).split(path.sep).join('/');
}

/** Which item (index) of which volume a diagnostic concerns; undefined when it is about the whole workspace. */
function placeOf(d: Diagnostic, ws: Workspace, volumes: PlannedVolume[]): { volume: string; item?: number } | undefined {
  for (const v of volumes) {
    for (const doc of v.documents) {
      if (doc.kind === 'attachment' && d.file === doc.file) return { volume: v.code, item: doc.itemIndex };
      if (d.message.startsWith(`${doc.fileStem}：`)) return { volume: v.code, item: doc.itemIndex };
      if (doc.kind === 'template' && d.file !== undefined && ws.templates.get(doc.template)?.file === d.file) return { volume: v.code, item: doc.itemIndex };
      if (doc.kind === 'table' && d.file !== undefined && doc.dataFile === d.file) return { volume: v.code, item: doc.itemIndex };
    }
  }
  if (d.file?.startsWith('attachments/')) {
    const inner = d.file.slice('attachments/'.length);
    for (const v of volumes) {
      const cat = ws.catalog.volumes.find((c) => c.code === v.code);
      for (const it of v.items) {
        const folder = cat?.items[it.index] ? uploadFolder(cat.items[it.index] as CatalogItem) : undefined;
        if (folder && inner.startsWith(folder)) return { volume: v.code, item: it.index };
      }
    }
  }
  for (const v of volumes) if (d.message.includes(`（${v.title}）`)) return { volume: v.code };
  return undefined;
}

function docLink(ws: Workspace, v: PlannedVolume, d: PlannedDocument, outDir: string, pages: number | undefined): FileLink | undefined {
  if (d.kind === 'attachment') {
    const link: FileLink = { title: d.title, href: fileHref(d.file), kind: d.format, removable: d.file };
    if (pages !== undefined) link.pages = pages;
    return link;
  }
  // a received Word file (issue 18): its typeset PDF, removable like any attachment
  const received = d.kind === 'template' && d.received ? { removable: d.received.file, received: d.received.file } : {};
  for (const [ext, kind] of [['.pdf', 'pdf'], ['.docx', 'docx']] as const) {
    const abs = path.join(outDir, volumeStem(v), `${d.fileStem}${ext}`);
    if (existsSync(abs)) {
      const link: FileLink = { title: d.title + (d.kind === 'template' && d.rowName ? `（${d.rowName}）` : ''), href: fileHref(rel(ws, abs)), kind, ...received };
      if (pages !== undefined) link.pages = pages;
      return link;
    }
  }
  if (received.received) return { title: d.title, href: fileHref(received.received), kind: 'docx', ...received };
  return { title: d.title + (d.kind === 'template' && d.rowName ? `（${d.rowName}）` : ''), href: '', kind: 'pdf' };
}

/** Bound volume files: <code>-<卷名>.pdf, or its parts <code>-<卷名>（一）.pdf … */
function boundFiles(ws: Workspace, v: PlannedVolume, outDir: string, names: string[]): FileLink[] {
  const stem = safeFileName(`${v.code}-${v.title}`);
  return names
    .filter((n) => n === `${stem}.pdf` || (n.startsWith(`${stem}（`) && n.endsWith('.pdf')))
    .sort()
    .map((n) => ({ title: n.slice(0, -4), href: fileHref(rel(ws, path.join(outDir, n))), kind: 'pdf' as const }));
}

/** The whole page state, from the workspace on disk and the last build's diagnostics. */
export async function dossierView(dir: string, buildDiagnostics: readonly Diagnostic[] = []): Promise<DossierView> {
  const { workspace: ws, diagnostics } = await loadWorkspace(dir, { parseCache: true });
  const view: DossierView = { dir: path.resolve(dir), volumes: [], messages: [], progress: 0, progressText: '0%' };
  if (!ws) {
    view.messages = diagnostics.map(toMessage);
    return view;
  }
  view.unit = ws.unit.name;
  view.year = ws.config.year;
  view.catalog = ws.catalog.name;
  const { plan, diagnostics: planDiags } = planBuild(ws);
  const outDir = path.join(ws.dir, 'out', String(ws.config.year));
  const outNames = existsSync(outDir) ? readdirSync(outDir) : [];
  const manifest = readManifest(ws.dir);
  const assessed = assessPlan(plan, ws);
  // load and plan problems are current; build problems are the last build's (deduplicated by text)
  const seen = new Set<string>();
  const all = [...diagnostics, ...planDiags, ...buildDiagnostics].filter((d) => {
    const k = `${d.severity}|${d.file ?? ''}|${d.line ?? ''}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const placed = all.map((d) => ({ d, at: placeOf(d, ws, plan.volumes) }));
  view.messages = placed.filter((p) => !p.at).map((p) => toMessage(p.d));

  let reqTotal = 0;
  let score = 0;
  for (const v of plan.volumes) {
    const a = assessed.find((x) => x.code === v.code);
    if (!a) continue;
    const cat = ws.catalog.volumes.find((c) => c.code === v.code);
    let pages: number | undefined = 0;
    const items: ItemView[] = [];
    for (const it of v.items) {
      const ia = a.items[it.index];
      if (!ia) continue;
      const files: FileLink[] = [];
      for (const d of v.documents.filter((x) => x.itemIndex === it.index)) {
        const p = d.kind === 'attachment' ? await attachmentPages(d) : manifest?.documents[d.id]?.pages;
        if (pages !== undefined) pages = p === undefined ? undefined : pages + p;
        const link = docLink(ws, v, d, outDir, p);
        if (link) files.push(link);
      }
      const iv: ItemView = {
        index: it.index,
        title: it.title,
        source: it.source,
        required: it.required,
        status: ia.status,
        statusText: STATUS_TEXT[ia.status],
        note: ia.details ? `${ia.note}：${ia.details.join('；')}` : ia.note,
        files,
        messages: placed.filter((p) => p.at?.volume === v.code && p.at.item === it.index).map((p) => toMessage(p.d)),
      };
      if (ia.remark) iv.remark = ia.remark;
      const catItem = cat?.items[it.index];
      if (catItem?.attach !== undefined) {
        const folder = uploadFolder(catItem);
        if (folder !== undefined) iv.uploadTo = `attachments/${folder}`;
      }
      items.push(iv);
    }
    reqTotal += a.required;
    score += a.progress * a.required;
    const vv: VolumeView = {
      code: v.code,
      title: v.title,
      retention: v.retention,
      required: a.required,
      present: a.present,
      partial: a.partial,
      missing: a.missing,
      progress: a.progress,
      progressText: percentText(a.progress),
      documents: a.documents,
      bound: boundFiles(ws, v, outDir, outNames),
      items,
      messages: placed.filter((p) => p.at?.volume === v.code && p.at.item === undefined).map((p) => toMessage(p.d)),
    };
    if (pages !== undefined && v.documents.length > 0) vv.pages = pages;
    view.volumes.push(vv);
  }
  view.progress = reqTotal ? score / reqTotal : 1;
  view.progressText = percentText(view.progress);
  if (outNames.includes('缺件清单.html')) view.missingReport = fileHref(rel(ws, path.join(outDir, '缺件清单.html')));
  const zip = outNames.find((n) => n.endsWith('.zip'));
  if (zip) view.zip = fileHref(rel(ws, path.join(outDir, zip)));
  return view;
}
