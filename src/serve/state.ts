//! What the page shows, as one JSON snapshot: unit and year, every volume with its progress, 件数, 页数 and
//! bound PDFs, every item with its 缺件 status (the same facts as 缺件清单, via assessPlan), its files, its
//! upload folder, and the build's messages placed next to the item they concern.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadAttachment } from '../bind/index.js';
import { volumeStem } from '../build/build.js';
import { documentsOf } from '../build/units.js';
import { readManifest } from '../build/manifest.js';
import { assessPlan, percentText, type ItemStatus } from '../build/report.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { planBuild } from '../plan/plan.js';
import type { AttachmentDocument, PlannedDocument, PlannedItem, PlannedVolume } from '../plan/types.js';
import type { CatalogItem } from '../schema/catalog.js';
import { safeFileName } from '../util/file-names.js';
import { loadWorkspace, type LoadResult } from '../workspace/load.js';
import { outDirOf, stateDirOf } from '../workspace/paths.js';
import type { SubunitDocument, Workspace } from '../workspace/types.js';
import { UnitLayer, unitsOf, unitSpecOf } from '../workspace/units.js';
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
  source: PlannedItem['source'];
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
  /** the units built from this workspace (villages:), with their completeness */
  units?: UnitView[];
  /** 各村缺件汇总.html, when present */
  unitsReport?: string;
  /** for a unit's page: its name (path 澧源镇/青龙村) and its parent's 立档单位 */
  unitPath?: string;
  parent?: string;
  /** the folder of the units' own files (村): their attachments may be served and uploaded into */
  unitsFolder?: string;
}

/** One unit in its parent's page. */
export interface UnitView {
  /** 村名 (path from the top, joined with /) */
  name: string;
  /** 立档单位 */
  unit: string;
  label: string;
  required: number;
  present: number;
  partial: number;
  missing: number;
  progress: number;
  progressText: string;
  /** its 缺件清单.html, when built */
  missingReport?: string;
  /** problems that stop it (it could not be loaded) */
  failed?: boolean;
}

const STATUS_TEXT: Record<ItemStatus, string> = { present: '齐全', partial: '部分缺', missing: '缺', optional: '缺（选备）' };

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

/** The workspace of a unit named by its path (青龙村, or 澧源镇/青龙村), with its parent; undefined when none. */
export async function loadUnitWorkspace(dir: string, unitPath: string): Promise<{ loaded: LoadResult; parent: Workspace } | undefined> {
  let { workspace: ws } = await loadWorkspace(dir, { parseCache: true });
  let found: { loaded: LoadResult; parent: Workspace } | undefined;
  for (const name of unitPath.split('/').filter(Boolean)) {
    if (!ws) return undefined;
    const { spec, units } = unitsOf(ws);
    const ref = units.find((u) => u.name === name);
    if (!spec || !ref) return undefined;
    const parent: Workspace = ws;
    const loaded = await new UnitLayer(parent, spec).load(ref);
    found = { loaded, parent };
    ws = loaded.workspace;
  }
  return found;
}

/** The units of a workspace for its page: each one planned (not built), with its completeness. */
async function unitViews(ws: Workspace): Promise<{ views: UnitView[]; documents: SubunitDocument[] } | undefined> {
  const { spec, units, withheld } = unitsOf(ws);
  if (!spec) return undefined;
  const layer = new UnitLayer(ws, spec);
  const out: UnitView[] = [];
  const documents: SubunitDocument[] = [];
  for (const ref of units) {
    const { workspace: u } = await layer.load(ref);
    const name = [...(ws.unitOf?.path ?? []), ref.name].join('/');
    if (!u) {
      out.push({ name, unit: ref.name, label: spec.folder, required: 0, present: 0, partial: 0, missing: 0, progress: 0, progressText: '—', failed: true });
      continue;
    }
    const plan = planBuild(u).plan;
    documents.push(...documentsOf(u, plan, u.config.formats, true));
    const a = assessPlan(plan, u);
    const sum = (f: (v: (typeof a)[number]) => number) => a.reduce((n, v) => n + f(v), 0);
    const required = sum((v) => v.required);
    const progress = required ? sum((v) => v.progress * v.required) / required : 1;
    const view: UnitView = { name, unit: u.unit.name, label: spec.folder, required, present: sum((v) => v.present), partial: sum((v) => v.partial), missing: sum((v) => v.missing), progress, progressText: percentText(progress) };
    const report = path.join(outDirOf(u), '缺件清单.html');
    if (existsSync(report)) view.missingReport = fileHref(rel(ws, report));
    out.push(view);
  }
  // a unit not built for an error in its row (a blank 委员会 cell) is listed as failing, not left out
  for (const name of withheld ?? []) out.push({ name: [...(ws.unitOf?.path ?? []), name].join('/'), unit: name, label: spec.folder, required: 0, present: 0, partial: 0, missing: 0, progress: 0, progressText: '—', failed: true });
  return { views: out, documents };
}

/**
 * The whole page state, from the workspace on disk and the last build's diagnostics; with `unitPath`, the
 * page of one of its units (the build's messages about it are those marked 【unit】).
 */
export async function dossierView(dir: string, buildDiagnostics: readonly Diagnostic[] = [], unitPath?: string): Promise<DossierView> {
  const view: DossierView = { dir: path.resolve(dir), volumes: [], messages: [], progress: 0, progressText: '0%' };
  let loaded: LoadResult;
  let own = buildDiagnostics;
  if (unitPath) {
    const u = await loadUnitWorkspace(dir, unitPath);
    if (!u) {
      view.messages = [{ severity: 'error', message: `没有名为“${unitPath}”的单位` }];
      return view;
    }
    loaded = u.loaded;
    view.unitPath = unitPath;
    view.parent = u.parent.unit.name;
    const mark = `【${unitPath}】`;
    own = buildDiagnostics.filter((d) => d.message.startsWith(mark)).map((d) => ({ ...d, message: d.message.slice(mark.length) }));
  } else {
    loaded = await loadWorkspace(dir, { parseCache: true });
    own = buildDiagnostics.filter((d) => !/^【[^】]+】/.test(d.message));
  }
  const { workspace: ws, diagnostics } = loaded;
  if (!ws) {
    view.messages = diagnostics.map(toMessage);
    return view;
  }
  view.unit = ws.unit.name;
  view.year = ws.config.year;
  view.catalog = ws.catalog.name;
  const units = await unitViews(ws);
  if (units) {
    view.units = units.views;
    view.unitsFolder = unitSpecOf(ws.config)?.folder;
    // the collect: items see the units' documents as the build did
    ws.subunits = { label: unitSpecOf(ws.config)?.folder ?? '', names: units.views.map((u) => u.name.split('/').pop() ?? u.name), documents: units.documents };
  }
  const { plan, diagnostics: planDiags } = planBuild(ws);
  const outDir = outDirOf(ws);
  const outNames = existsSync(outDir) ? readdirSync(outDir) : [];
  const manifest = readManifest(ws.dir, stateDirOf(ws));
  const summary = unitSpecOf(ws.config) ? path.join(outDir, `各${unitSpecOf(ws.config)?.folder ?? '村'}缺件汇总.html`) : undefined;
  if (summary && existsSync(summary)) view.unitsReport = fileHref(rel(ws, summary));
  const assessed = assessPlan(plan, ws);
  // load and plan problems are current; build problems are the last build's (deduplicated by text)
  const seen = new Set<string>();
  const all = [...diagnostics, ...planDiags, ...own].filter((d) => {
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
        if (folder !== undefined) iv.uploadTo = `${rel(ws, ws.attachmentsDir)}/${folder}`;
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
