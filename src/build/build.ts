//! build / check: load → plan → render → lay out → write → commit, rebuilding only what changed.
//! Every document records what it was made from (template, partials, catalog item, row, the data keys
//! it read, tool+fonts+settings); a document whose inputs hash as before and whose files are intact is
//! reused without rendering. Nothing is written unless the workspace is free of errors, so a bad edit
//! never damages the outputs of the last good build; the manifest is written last.
import { readFileSync, rmSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import { loadFonts, type FontReport, type FontSet } from '../fonts/resolve.js';
import { needsLayout, WRITERS, type WriterName } from '../generators/index.js';
import type { PagedDoc } from '../layout/types.js';
import type { Document } from '../model/types.js';
import type { IssuedEntry } from '../plan/issued-register.js';
import { planBuild } from '../plan/plan.js';
import type { BuildPlan, PlannedDocument, PlannedVolume, TableDocument, TemplateDocument } from '../plan/types.js';
import { bindVolumes, type VolumeRecord } from '../bind/index.js';
import { printRunPath, printSetPath } from '../bind/copies.js';
import type { VolumeSheet } from '../generators/archive/types.js';
import { Renderer } from '../render/document.js';
import { validateData, validateDocuments } from '../render/validate/index.js';
import type { CatalogItem } from '../schema/catalog.js';
import type { OutputFormat } from '../schema/dossier.js';
import type { DocumentEntry, Manifest } from '../schema/manifest.js';
import { safeFileName } from '../util/file-names.js';
import { buildDate } from '../workspace/clock.js';
import { loadWorkspace, type LoadResult } from '../workspace/load.js';
import { isInside, outDirOf, outRootOf, stateDirOf, toolVersion } from '../workspace/paths.js';
import { parseCachePath } from '../workspace/parse-cache.js';
import { fileReceivedDocuments } from './word-templates.js';
import { problemsBesideData } from './partial-check.js';
import type { Workspace } from '../workspace/types.js';
import { commitFiles, explainWriteError, writeAtomic, type OutputFile } from './atomic.js';
import { canonicalJson, hashJson, hashParts, sha256 } from '../util/hash.js';
import { ModelCache } from './model-cache.js';
import { printSets } from './print-sets.js';
import { trace } from '../util/trace.js';
import { emptyManifest, readManifest, writeManifest } from './manifest.js';
import { defaultJobs, WritePool } from './pool.js';
import type { WriteJob } from './render-job.js';
import { fillIssuedTables, ISSUED_TABLE, issuedRegisterFiles, issuedRegisterOf, metaEntry } from './issued-register.js';
import { missingReport } from './report.js';
import { zipFileName, zipOutputs } from './zip.js';

export interface BuildOptions {
  formats?: OutputFormat[];
  /** only these volume codes */
  volumes?: string[];
  /** rebuild everything, ignoring the manifest */
  force?: boolean;
  /** also write each DocModel as JSON beside the documents (debugging aid) */
  model?: boolean;
  /** also pack the year's outputs into out/<year>/<unit>-<year>.zip */
  zip?: boolean;
  onProgress?: (done: number, total: number, label: string) => void;
  /** worker threads for layout and writing (default: one per core) */
  jobs?: number;
  /** use workers from this many documents on (default 60; tests lower it) */
  workersFrom?: number;
  /** the workspace already loaded (a unit's, made by src/workspace/units.ts; or the caller's) */
  loaded?: LoadResult;
  /** fonts and worker pool shared by several builds (the units of one workspace, src/build/units.ts);
   *  a pool passed in is left open */
  fonts?: FontSet;
  pool?: WritePool;
  /** more outputs of this build, committed and recorded with the others (各村缺件汇总) */
  extraFiles?: OutputFile[];
  /** more files for --zip (the units' outputs, absolute paths under out/<年度>) */
  zipAlso?: string[];
}

/** A rendered document with where it goes. */
export interface RenderedDocument {
  planned: PlannedDocument;
  volume: PlannedVolume;
  document: Document;
}

/** Every generated document of the build, fresh or reused, with its files. */
export interface DocumentOutcome {
  planned: TemplateDocument | TableDocument;
  volume: PlannedVolume;
  /** laid-out page count (when PDF was made) */
  pages?: number;
  /** output files by writer, absolute paths */
  files: Partial<Record<WriterName, string>>;
  /** true when nothing was re-rendered or re-written for it */
  reused: boolean;
  /** why it was rebuilt (Chinese), when it was */
  reason?: string;
}

export interface BuildSummary {
  rebuilt: { id: string; reason: string }[];
  reused: number;
  removed: string[];
}

export interface BuildReport {
  ok: boolean;
  diagnostics: Diagnostic[];
  plan?: BuildPlan;
  workspace?: Workspace;
  /** documents rendered in this run (reused documents are not rendered) */
  rendered: RenderedDocument[];
  /** every generated document, fresh or reused */
  documents: DocumentOutcome[];
  /** output files written, relative to the workspace */
  written: string[];
  /** role → font file mapping, when PDF was made */
  fonts?: FontReport;
  /** pages per generated document id (PDF layout) */
  pages: Record<string, number>;
  /** 发文登记: every 文号 of the year (issue 19) */
  issued?: IssuedEntry[];
  summary: BuildSummary;
  timings: { loadMs: number; planMs: number; renderMs: number; layoutMs: number; writeMs: number };
}

/** Folder of a volume: <code>-<卷名> */
export function volumeStem(v: PlannedVolume): string {
  return safeFileName(`${v.code}-${v.title}`);
}

/** What a previous build knew, for reuse decisions in `prepare`. */
interface Incremental {
  previous: Manifest | undefined;
  toolKey: string;
  /** output files each document must have, by writer */
  expectedFiles: (d: PlannedDocument, v: PlannedVolume) => Partial<Record<WriterName, string>>;
  display: (abs: string) => string;
  /** why everything is rebuilt, when the previous manifest was set aside */
  allReason?: string;
  /** told how much writing is coming (documents to write plus those of the volumes to rebind), before rendering */
  onStale?: (work: number) => void;
  /** `--volume`: only these volumes are built; the others keep what the last build (`last`) made of them */
  only?: ReadonlySet<string>;
  /** the manifest on disk, even when `previous` was set aside (--force, new settings) */
  last?: Manifest;
}

interface Job {
  d: TemplateDocument | TableDocument;
  v: PlannedVolume;
  deps: Record<string, string>;
  inputKey: string;
  reused: boolean;
  reason?: string;
  reads?: string[];
  /** in a volume not selected by --volume: left exactly as the last build made it */
  frozen?: boolean;
}

const DEP_NAMES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^tool$/, () => '工具、字体或设置变化'],
  [/^template:(.+)$/, (m) => `模板“${m[1]}”已修改`],
  [/^partials$/, () => '模板片段已修改'],
  [/^item$/, () => '目录中的这一项已修改'],
  [/^row$/, (m) => `数据行已修改${m[1] ?? ''}`],
  [/^data:(.+)$/, (m) => `数据“${m[1]}”已修改`],
];

function why(changed: string[]): string {
  return changed
    .map((k) => {
      for (const [re, f] of DEP_NAMES) {
        const m = re.exec(k);
        if (m) return f(m);
      }
      return k;
    })
    .join('，');
}

/** The inputs of one document, hashed by name. `dataKeys` are the data keys it reads. */
/** Hashes of the workspace's templates and partials, computed once per load (not once per document). */
const sourceHashes = new WeakMap<Workspace, { templates: Map<string, string>; partials: string; items: Map<string, CatalogItem | undefined> }>();
function hashesOf(ws: Workspace): { templates: Map<string, string>; partials: string; items: Map<string, CatalogItem | undefined> } {
  let h = sourceHashes.get(ws);
  if (!h) {
    h = { templates: new Map(), partials: hashJson([...ws.partials.values()].map((p) => [p.name, p.text])), items: new Map() };
    for (const [name, t] of ws.templates) h.templates.set(name, sha256(t.text));
    for (const v of ws.catalog.volumes) v.items.forEach((it, i) => h?.items.set(`${v.code}/${i}`, it));
    sourceHashes.set(ws, h);
  }
  return h;
}

function depsOf(ws: Workspace, d: TemplateDocument | TableDocument, v: PlannedVolume, toolKey: string, dataKeys: readonly string[], dataHash: (k: string) => string): Record<string, string> {
  const hashes = hashesOf(ws);
  const item = hashes.items.get(`${v.code}/${d.itemIndex}`);
  const deps: Record<string, string> = {
    tool: toolKey,
    item: hashJson({ item, volume: { code: v.code, title: v.title, retention: v.retention }, seq: d.seq, stem: d.fileStem }),
  };
  if (d.kind === 'template') {
    deps[`template:${d.template}`] = hashes.templates.get(d.template) ?? sha256('');
    deps['partials'] = hashes.partials;
    if (d.row) deps['row'] = hashJson(d.row);
    if (d.case) deps['case'] = hashJson(d.case);
  } else deps[`data:${d.dataKey}`] = dataHash(d.dataKey);
  for (const k of dataKeys) deps[`data:${k}`] = dataHash(k);
  return deps;
}

const shaCache = new Map<string, string | null>();

/** stat, or undefined when the path is missing or a parent is not a folder. */
function statOf(abs: string): Stats | undefined {
  try {
    return statSync(abs);
  } catch {
    return undefined;
  }
}

/** sha256 of a file, read at most once per build (null when missing). */
function fileSha(abs: string): string | null {
  let h = shaCache.get(abs);
  if (h === undefined) {
    h = statOf(abs)?.isFile() ? sha256(readFileSync(abs)) : null;
    shaCache.set(abs, h);
  }
  return h;
}

/** The file is still as the manifest recorded it: same size and mtime (as make and git judge), else same sha256. */
function fileIntact(abs: string, display: string, previous: Manifest): boolean {
  const entry = previous.outputs[display];
  if (entry === undefined) return false;
  const st = statOf(abs);
  if (!st) return false;
  if (entry.size === st.size && entry.mtimeMs === st.mtimeMs) return true;
  if (fileSha(abs) !== entry.sha256) return false;
  // same bytes (touched, or recorded before sizes were): remember size and mtime for the next build
  entry.size = st.size;
  entry.mtimeMs = st.mtimeMs;
  return true;
}

/** Load, plan and render everything (or, with a previous manifest, only what changed). No file is written. */
export async function prepare(dir: string, opts: BuildOptions = {}, incremental?: Incremental, loaded?: LoadResult): Promise<BuildReport> {
  const t0 = performance.now();
  const { workspace, diagnostics, partial } = loaded ?? (await loadWorkspace(dir, { parseCache: true }));
  const t1 = performance.now();
  const report: BuildReport = {
    ok: false,
    diagnostics,
    rendered: [],
    documents: [],
    written: [],
    pages: {},
    summary: { rebuilt: [], reused: 0, removed: [] },
    timings: { loadMs: t1 - t0, planMs: 0, renderMs: 0, layoutMs: 0, writeMs: 0 },
  };
  if (!workspace) {
    // fixC (S10): a data file's errors do not hide the templates' — the rest is still rendered, for messages
    if (partial) diagnostics.push(...(await problemsBesideData(partial)));
    return report;
  }
  report.workspace = workspace;
  if (opts.volumes?.length) {
    const codes = workspace.catalog.volumes.map((v) => v.code);
    for (const c of opts.volumes)
      if (!codes.includes(c)) diagnostics.push({ severity: 'error', code: 'volume-unknown', file: workspace.catalogFile, message: `目录中没有代码为“${c}”的案卷`, hint: `可用的卷代码：${codes.join('、')}。` });
  }
  // every volume is planned (卷号, 案卷目录 and 缺件清单 cover the whole catalog); --volume limits what is built
  const { plan, diagnostics: planDiags } = planBuild(workspace);
  diagnostics.push(...planDiags);
  // received .docx files matched by attach: are read as text documents (issue 18)
  diagnostics.push(...(await fileReceivedDocuments(workspace, plan)));
  const t2 = performance.now();
  trace('planned');
  report.plan = plan;
  report.timings.planMs = t2 - t1;

  const dataHashes = new Map<string, string>();
  const dataHash = (k: string): string => {
    let h = dataHashes.get(k);
    if (h === undefined) {
      h = hashJson(workspace.data[k] ?? null);
      dataHashes.set(k, h);
    }
    return h;
  };
  const toolKey = incremental?.toolKey ?? '';
  const previous = incremental?.previous;
  const only = incremental?.only ?? (opts.volumes?.length ? new Set(opts.volumes) : undefined);
  const makeJob = (d: TemplateDocument | TableDocument, v: PlannedVolume): Job[] => {
    if (only && !only.has(v.code)) {
      // not selected: keep what the last build made of it, or nothing if it was never built
      const kept = incremental?.last?.documents[d.id];
      return kept ? [{ d, v, deps: kept.deps, inputKey: kept.inputKey, reused: true, frozen: true }] : [];
    }
    const prev = previous?.documents[d.id];
    const deps = depsOf(workspace, d, v, toolKey, prev ? Object.keys(prev.deps).filter((k) => k.startsWith('data:')).map((k) => k.slice(5)) : [], dataHash);
    const inputKey = hashParts(deps);
    const job: Job = { d, v, deps, inputKey, reused: false };
    if (!incremental || !prev) job.reason = incremental ? (incremental.allReason ?? '新增') : '';
    else if (prev.inputKey !== inputKey) job.reason = why(Object.keys({ ...deps, ...prev.deps }).filter((k) => deps[k] !== prev.deps[k]).sort());
    else {
      const files = incremental.expectedFiles(d, v);
      const intact = Object.values(files).every((abs) => abs !== undefined && fileIntact(abs, incremental.display(abs), previous as Manifest));
      if (intact) job.reused = true;
      else job.reason = '输出文件缺失或被改动';
    }
    return [job];
  };
  // the 发文登记 register item is made last, from every other document's 文号 (src/build/issued-register.ts)
  const deferred: { d: TableDocument; v: PlannedVolume }[] = [];
  const jobs: Job[] = plan.volumes.flatMap((v) =>
    v.documents.flatMap((d) => {
      if (d.kind === 'attachment') return [];
      if (d.kind === 'table' && d.derived === 'issued') {
        deferred.push({ d, v });
        return [];
      }
      return makeJob(d, v);
    }),
  );

  trace('reuse decided');
  const stale = jobs.filter((j) => !j.reused);
  if (stale.length) {
    const touched = new Set(stale.map((j) => j.v.code));
    incremental?.onStale?.(stale.length + plan.volumes.filter((v) => touched.has(v.code)).reduce((n, v) => n + v.documents.length, 0));
  }

  const renderer = new Renderer(workspace);
  let done = 0;
  const total = jobs.length + deferred.length;
  const renderJob = (job: Job): void => {
    if (!job.reused) {
      const r = renderer.render(job.d);
      diagnostics.push(...r.diagnostics);
      if (r.document) report.rendered.push({ planned: job.d, volume: job.v, document: r.document });
      // the data keys actually read replace the ones recorded last time
      job.deps = depsOf(workspace, job.d, job.v, toolKey, r.reads ?? [], dataHash);
      job.inputKey = hashParts(job.deps);
    }
    opts.onProgress?.(++done, total, job.d.title);
  };
  for (const job of jobs) renderJob(job);
  trace('rendered');
  // 发文登记 (issue 19): every 文号 of the year checked, then the register item rendered from them
  const issued = issuedRegisterOf(workspace, jobs, report.rendered, (j) => (j.frozen ? incremental?.last : previous)?.documents[j.d.id]?.meta, renderer);
  diagnostics.push(...issued.diagnostics);
  report.issued = issued.entries;
  if (deferred.length) {
    dataHashes.set(ISSUED_TABLE, hashJson(fillIssuedTables(deferred.map((x) => x.d), issued.entries)));
    const late = deferred.flatMap(({ d, v }) => makeJob(d, v));
    for (const job of late) renderJob(job);
    jobs.push(...late);
    const order = new Map(plan.volumes.flatMap((v) => v.documents).map((d, i) => [d.id, i] as const));
    jobs.sort((a, b) => (order.get(a.d.id) ?? 0) - (order.get(b.d.id) ?? 0));
  }
  // 责任目标 and statistics checks (issue 6): data files once, rendered target lists deduplicated
  diagnostics.push(...validateData(workspace), ...validateDocuments(report.rendered.map((r) => ({ document: r.document, rowName: r.planned.kind === 'template' ? r.planned.rowName : undefined }))));
  report.timings.renderMs = performance.now() - t2;
  report.ok = !diagnostics.some((d) => d.severity === 'error');
  jobsOf.set(report, jobs);
  return report;
}

const jobsOf = new WeakMap<BuildReport, Job[]>();


/** --volume: the volumes not selected, with what the last build bound of them (absolute file paths). */
function frozenVolumes(plan: BuildPlan, only: ReadonlySet<string>, last: Manifest | undefined, toAbs: (rel: string) => string): Map<string, VolumeRecord | undefined> {
  const out = new Map<string, VolumeRecord | undefined>();
  for (const v of plan.volumes) {
    if (only.has(v.code)) continue;
    const rec = last?.volumes[v.code];
    out.set(v.code, rec ? { key: rec.key, parts: rec.parts.map((p) => ({ sheet: p.sheet as unknown as VolumeSheet, sheets: p.sheets, files: p.files.map(toAbs) })) } : undefined);
  }
  return out;
}

/**
 * --format: the earlier files, in formats not written now, of what was made again — a document whose
 * model changed, a volume bound again and, without PDF, those documents' print sets and the year's
 * lists. They would show the old text, so they go; every other file of another format stays.
 */
function outdatedByFormat(c: {
  fresh: ReadonlySet<string>;
  last: Manifest | undefined;
  manifest: Manifest;
  bound: Record<string, VolumeRecord>;
  jobs: readonly Job[];
  formats: readonly WriterName[];
  outDir: string;
  display: (abs: string) => string;
}): Set<string> {
  const outdated = new Set<string>();
  // (a document written again only because a format's file was missing is still up to date)
  const remade = new Set([...c.fresh].filter((id) => c.last?.documents[id] !== undefined && c.last.documents[id]?.modelKey !== c.manifest.documents[id]?.modelKey));
  for (const id of remade) for (const rel of c.last?.documents[id]?.outputs ?? []) outdated.add(rel);
  let rebound = false;
  for (const [code, v] of Object.entries(c.bound)) {
    const before = c.last?.volumes[code];
    if (before && before.key !== v.key) {
      rebound = true;
      for (const p of before.parts) for (const rel of p.files) outdated.add(rel);
    }
  }
  if (!c.formats.includes('pdf')) {
    for (const job of c.jobs) {
      if (!remade.has(job.d.id) || job.d.kind !== 'template' || !job.d.copies?.length) continue;
      outdated.add(c.display(printSetPath(c.outDir, job.d.title, job.d.rowName)));
      outdated.add(c.display(printRunPath(c.outDir, job.d.title)));
    }
    if (rebound) for (const f of ['案卷目录.pdf', '脊背.pdf']) outdated.add(c.display(path.join(c.outDir, f)));
  }
  return outdated;
}

/** dossier build */
export async function build(dir: string, opts: BuildOptions = {}): Promise<BuildReport> {
  shaCache.clear();
  trace('build start');
  // The tool key needs the settings and fonts, which need the workspace: load dossier.yaml first.
  const loaded = opts.loaded ?? (await loadWorkspace(dir, { parseCache: true }));
  const ws0 = loaded.workspace;
  trace('workspace loaded');
  if (!ws0) return prepare(dir, opts, undefined, loaded);
  const formats: WriterName[] = [...(opts.formats ?? ws0.config.formats), ...(opts.model ? (['model'] as const) : [])];
  /** `--format`: only these formats this time; the files of the others stay as they are (unless outdated) */
  const restricted = opts.formats !== undefined;
  let fonts: FontSet | undefined;
  // fonts are part of every key, so they are resolved whenever the workspace makes PDFs at all
  if (needsLayout([...formats, ...ws0.config.formats])) fonts = opts.fonts ?? (await loadFonts({ overrides: ws0.config.fonts ?? {}, baseDir: ws0.dir }));
  // which formats are written is not part of the key: a document whose files for the formats asked
  // for are intact is reused, whatever else was or was not written
  const toolKey = hashJson({
    version: toolVersion(),
    config: ws0.config,
    fonts: fonts?.report.entries.map((e) => [e.role, e.file]) ?? [],
  });
  const outDir = outDirOf(ws0);
  const stateDir = stateDirOf(ws0);
  const display = (abs: string) => path.relative(ws0.dir, abs).split(path.sep).join('/');
  const docFiles = (d: PlannedDocument, v: PlannedVolume): Partial<Record<WriterName, string>> =>
    Object.fromEntries(formats.map((f) => [f, path.join(outDir, volumeStem(v), `${d.fileStem}${WRITERS[f].extension}`)]));
  trace('fonts');
  const last = readManifest(ws0.dir, stateDir);
  trace('manifest read');
  let previous = opts.force ? undefined : last;
  let allReason: string | undefined = opts.force && last ? '要求全部重新生成（--force）' : undefined;
  if (previous && previous.toolKey !== toolKey) {
    previous = undefined;
    allReason = '设置、字体或程序版本已变化';
  }

  // threads for layout and writing: started before rendering when there is enough work (pool.ts)
  const fontConfig = fonts ? { overrides: ws0.config.fonts ?? {}, baseDir: ws0.dir } : undefined;
  const pool = opts.pool ?? new WritePool({ jobs: opts.jobs ?? defaultJobs(), fonts, fontConfig, ...(opts.workersFrom !== undefined ? { minWork: opts.workersFrom } : {}) });
  try {
    const only = opts.volumes?.length ? new Set(opts.volumes) : undefined;
    const report = await prepare(dir, opts, { previous, toolKey, expectedFiles: docFiles, display, onStale: (work) => pool.warmUp(work), ...(allReason ? { allReason } : {}), ...(only ? { only } : {}), ...(last ? { last } : {}) }, loaded);
    const ws = report.workspace;
    if (fonts) report.fonts = fonts.report;
    if (!report.ok || !ws || !report.plan) return report;
    trace(`planned and rendered (${report.rendered.length} documents)`);
    const jobs = jobsOf.get(report) ?? [];
    const created = buildDate(ws);
    const files: OutputFile[] = [];
    const manifest = emptyManifest(toolKey);
    const rendered = new Map(report.rendered.map((r) => [r.planned.id, r]));

    // 1. what must be (re)written: a document whose inputs changed but whose model did not keeps its files
    const t0 = performance.now();
    const modelKeys = new Map<string, string>();
    /** canonical JSON of each model at hand, made once for its hash and reused for the model cache */
    const modelJson = new Map<string, string>();
    const writeJobs: WriteJob[] = [];
    /** documents whose files only changed name (件号): copied, not laid out and written again */
    const movedDocs = new Set<string>();
    /** each expected file's intact earlier file of the same format (another name), or undefined if any is missing */
    const renamedFiles = (expected: Partial<Record<WriterName, string>>, before: readonly string[], prevManifest: Manifest): [string, string][] | undefined => {
      const pairs: [string, string][] = [];
      for (const [f, target] of Object.entries(expected) as [WriterName, string | undefined][]) {
        if (target === undefined) return undefined;
        const ext = WRITERS[f].extension;
        const old = before.find((rel) => rel.endsWith(ext));
        const abs = old === undefined ? undefined : path.join(ws.dir, old);
        if (abs === undefined || abs === target || !fileIntact(abs, display(abs), prevManifest)) return undefined;
        pairs.push([target, abs]);
      }
      return pairs.length ? pairs : undefined;
    };
    for (const job of jobs) {
      const prev = (job.frozen ? last : previous)?.documents[job.d.id];
      const r = rendered.get(job.d.id);
      let modelKey = prev?.modelKey ?? '';
      if (r) {
        const json = canonicalJson(r.document) ?? 'null';
        modelJson.set(job.d.id, json);
        modelKey = sha256(json);
      }
      modelKeys.set(job.d.id, modelKey);
      const expected = docFiles(job.d, job.v);
      if (!job.reused && r && prev && prev.modelKey === modelKey && Object.values(expected).every((abs) => abs !== undefined && fileIntact(abs, display(abs), previous as Manifest))) {
        job.reused = true; // inputs changed, but not what the writers read
      }
      const renamed = !job.reused && r && prev && prev.modelKey === modelKey && previous ? renamedFiles(expected, prev.outputs, previous) : undefined;
      if (renamed) {
        // same document under a new 件号 (a file placed before it): its earlier bytes under the new name
        for (const [target, from] of renamed) files.push({ path: target, data: new Uint8Array(readFileSync(from)) });
        movedDocs.add(job.d.id);
      } else if (!job.reused && r) writeJobs.push({ id: job.d.id, document: r.document, formats, created: created.getTime(), pdfa: ws.config.pdfa, keepPages: true });
    }

    // 2. lay out and write the fresh documents (worker pool; results keyed by document), in memory first
    trace('model hashes');
    const results = await pool.run(writeJobs);
    trace(`documents written (${writeJobs.length})`);
    report.timings.layoutMs = performance.now() - t0;
    const t1 = performance.now();
    const paged = new Map<string, PagedDoc>();
    const fresh = new Set<string>(results.keys());
    for (const job of jobs) {
      const prev = (job.frozen ? last : previous)?.documents[job.d.id];
      const res = results.get(job.d.id);
      const expected = docFiles(job.d, job.v);
      if (job.frozen && prev) {
        // a volume not selected by --volume: recorded exactly as the last build left it
        manifest.documents[job.d.id] = prev;
        if (prev.pages !== undefined) report.pages[job.d.id] = prev.pages;
        report.documents.push({ planned: job.d, volume: job.v, files: expected, reused: true, ...(prev.pages !== undefined ? { pages: prev.pages } : {}) });
        report.summary.reused++;
        continue;
      }
      if (res) {
        if (res.paged) paged.set(job.d.id, res.paged);
        for (const w of res.warnings) {
          const d: Diagnostic = { severity: 'warning', code: `layout-${w.code}`, message: `${job.d.fileStem}：${w.message}` };
          if (w.file) d.file = w.file;
          if (w.line !== undefined) d.line = w.line;
          report.diagnostics.push(d);
        }
        for (const f of formats) {
          const data = res.outputs[f];
          const target = expected[f];
          if (data && target) files.push({ path: target, data });
        }
      }
      const pages = res?.pages ?? prev?.pages;
      if (pages !== undefined) report.pages[job.d.id] = pages;
      const outcome: DocumentOutcome = { planned: job.d, volume: job.v, files: expected, reused: job.reused };
      if (pages !== undefined) outcome.pages = pages;
      if (!job.reused) outcome.reason = movedDocs.has(job.d.id) ? '件号变化，只改了文件名（内容未变）' : job.reason || '新增';
      report.documents.push(outcome);
      const outputs = Object.values(expected).map((a) => display(a));
      // --format: a reused document keeps its other formats' files on record too
      if (restricted && job.reused && prev) for (const rel of prev.outputs) if (!outputs.includes(rel)) outputs.push(rel);
      const entry: DocumentEntry = { inputKey: job.inputKey, deps: job.deps, modelKey: modelKeys.get(job.d.id) ?? '', outputs };
      if (pages !== undefined) entry.pages = pages;
      const meta = rendered.get(job.d.id)?.document ? metaEntry((rendered.get(job.d.id) as RenderedDocument).document) : prev?.meta;
      if (meta) entry.meta = meta;
      manifest.documents[job.d.id] = entry;
      if (job.reused) report.summary.reused++;
      else report.summary.rebuilt.push({ id: job.d.id, reason: outcome.reason ?? '' });
    }
    const keptFiles: string[] = [];
    // 印制 print sets (issue 6, src/bind/copies.ts): each document with copies, and the item's whole run
    const binder = new Renderer(ws);
    const models = previous ? new ModelCache(stateDir) : undefined;
    const modelOf = (d: TemplateDocument | TableDocument): Document | undefined => {
      const fresh = rendered.get(d.id)?.document;
      if (fresh) return fresh;
      const key = manifest.documents[d.id]?.modelKey;
      const kept = key ? models?.get(d.volume, d.id, key) : undefined;
      if (kept) {
        modelJson.set(d.id, canonicalJson(kept) ?? 'null');
        return kept;
      }
      const doc = binder.render(d).document;
      if (doc) modelJson.set(d.id, canonicalJson(doc) ?? 'null');
      return doc;
    };
    if (fonts && formats.includes('pdf')) {
      const out = await printSets({
        ws,
        documents: jobs.filter((j) => !j.frozen).map((j) => ({ d: j.d, v: j.v })),
        paged,
        docKey: (id) => `${manifest.documents[id]?.modelKey ?? ''}:${manifest.documents[id]?.pages ?? ''}`,
        modelOf,
        fonts,
        outDir,
        created,
        pdfa: ws.config.pdfa,
        toolKey,
        pool,
        previousKey: (abs) => previous?.outputs[display(abs)]?.key,
        intact: (abs) => previous !== undefined && fileIntact(abs, display(abs), previous),
      });
      files.push(...out.files);
      keptFiles.push(...out.kept);
    }
    trace('print sets');
    // bound volumes, 案卷目录 and 脊背 (issue 5, src/bind): needs every document's model and pages, fresh or reused
    const toAbs = (rel: string) => path.join(ws.dir, rel);
    const previousVolumes = Object.fromEntries(
      Object.entries(previous?.volumes ?? {}).map(([code, v]) => [code, { key: v.key, parts: v.parts.map((p) => ({ sheet: p.sheet as unknown as VolumeSheet, sheets: p.sheets, files: p.files.map(toAbs) })) }]),
    );
    const bound = await bindVolumes(report, {
      paged,
      created,
      outDir,
      formats,
      render: modelOf,
      previous: previousVolumes,
      docKey: (id) => {
        const e = manifest.documents[id];
        return e ? `${e.modelKey}:${e.pages ?? ''}` : undefined;
      },
      intact: (abs) => previous !== undefined && fileIntact(abs, display(abs), previous),
      previousKey: (abs) => previous?.outputs[display(abs)]?.key,
      toolKey,
      deferDocx: true,
      deferPdf: true,
      attachmentHash: async (abs) => {
        const rel = display(abs);
        const st = statSync(abs);
        const old = last?.attachments[rel];
        const sha = old && old.size === st.size && old.mtimeMs === st.mtimeMs ? old.sha256 : sha256(readFileSync(abs));
        manifest.attachments[rel] = { sha256: sha, size: st.size, mtimeMs: st.mtimeMs };
        return sha;
      },
      ...(fonts ? { fonts } : {}),
      ...(only ? { frozen: frozenVolumes(report.plan, only, last, toAbs) } : {}),
    });
    files.push(...bound.files);
    trace('volumes bound');
    // the volume PDF and DOCX files are the largest jobs of a cold build: written in the worker pool
    const volumeJobs: WriteJob[] = [
      ...bound.pdfJobs.map((j) => ({ id: j.path, paged: j.paged, formats: ['pdf' as const], created: created.getTime(), pdfa: j.pdfa })),
      ...bound.docxJobs.map((j) => ({ id: j.path, document: j.document, formats: ['docx' as const], created: created.getTime() })),
    ];
    const volumeFiles = await pool.run(volumeJobs);
    for (const j of bound.pdfJobs) {
      const data = volumeFiles.get(j.path)?.outputs.pdf;
      if (data) files.push({ path: j.path, data: await j.finish(data) });
    }
    for (const j of bound.docxJobs) {
      const data = volumeFiles.get(j.path)?.outputs.docx;
      if (data) files.push({ path: j.path, data });
    }
    for (const [code, v] of Object.entries(bound.volumes)) manifest.volumes[code] = { key: v.key, parts: v.parts.map((p) => ({ sheet: p.sheet as unknown as Record<string, unknown>, sheets: p.sheets, files: p.files.map(display) })) };
    if (only) for (const [rel, a] of Object.entries(last?.attachments ?? {})) manifest.attachments[rel] ??= a;
    // 发文登记簿.pdf and .xlsx (issue 19)
    const register = await issuedRegisterFiles({ ws, entries: report.issued ?? [], formats, ...(fonts ? { fonts } : {}), outDir, created, toolKey, previousKey: (abs) => previous?.outputs[display(abs)]?.key, intact: (abs) => previous !== undefined && fileIntact(abs, display(abs), previous) });
    files.push(...register.files);
    keptFiles.push(...register.kept);
    for (const abs of [...bound.kept, ...keptFiles]) {
      const old = previous?.outputs[display(abs)];
      if (old) manifest.outputs[display(abs)] = old;
    }
    trace(`volume files written (${volumeJobs.length})`);
    const missing = missingReport(report.plan, ws);
    files.push({ path: path.join(outDir, '缺件清单.md'), data: missing.markdown });
    files.push({ path: path.join(outDir, '缺件清单.html'), data: missing.html });
    if (opts.extraFiles) files.push(...opts.extraFiles);

    // 3. record every output; unchanged files are not rewritten
    const toWrite: OutputFile[] = [];
    for (const f of files) {
      const rel = display(f.path);
      const digest = sha256(f.data);
      const old = previous?.outputs[rel];
      if (old?.sha256 === digest && previous && fileIntact(f.path, rel, previous)) {
        manifest.outputs[rel] = { ...old, key: f.key ?? digest };
        continue;
      }
      manifest.outputs[rel] = { key: f.key ?? digest, sha256: digest };
      toWrite.push(f);
    }
    for (const job of jobs) {
      if (fresh.has(job.d.id)) continue;
      for (const rel of manifest.documents[job.d.id]?.outputs ?? []) {
        const old = (job.frozen ? last : previous)?.outputs[rel];
        if (old) manifest.outputs[rel] = old;
      }
    }

    // --volume / --format: what this build does not make stays as the last build left it (and goes into
    // the zip), except the other formats' files that went out of date
    const outdated = restricted ? outdatedByFormat({ fresh, last, manifest, bound: bound.volumes, jobs, formats, outDir, display }) : new Set<string>();
    if (only || restricted) for (const [rel, entry] of Object.entries(last?.outputs ?? {})) if (!manifest.outputs[rel] && !outdated.has(rel) && !rel.endsWith('.zip')) manifest.outputs[rel] = entry;

    // --zip: out/<year>/<unit>-<year>.zip of every output of the year (issue 5, src/build/zip.ts)
    if (opts.zip) {
      const zipPath = path.join(outDir, zipFileName(ws.unit.name, ws.config.year));
      const inMemory = new Map(files.map((f) => [f.path, f.data]));
      const entries = [...Object.keys(manifest.outputs).map((rel) => path.join(ws.dir, rel)), ...(opts.zipAlso ?? [])].filter((abs) => abs !== zipPath && isInside(outDir, abs));
      const data = await zipOutputs(entries.map((abs) => ({ path: abs, ...(inMemory.has(abs) ? { data: inMemory.get(abs) as Uint8Array | string } : {}) })), outDir, created);
      const rel = display(zipPath);
      manifest.outputs[rel] = { key: sha256(data), sha256: sha256(data) };
      if (!(previous?.outputs[rel]?.sha256 === sha256(data) && fileIntact(zipPath, rel, previous))) toWrite.push({ path: zipPath, data });
    }

    trace(`outputs hashed (${toWrite.length} to write)`);
    // 4. commit: all files or none; then remove outputs that no longer belong; the manifest last
    const problems = commitFiles(toWrite, display);
    if (problems.length) {
      report.diagnostics.push(...problems);
      report.ok = false;
      report.timings.writeMs = performance.now() - t1;
      return report;
    }
    report.written = toWrite.map((f) => display(f.path));
    for (const f of toWrite) {
      const entry = manifest.outputs[display(f.path)];
      const st = statOf(f.path);
      if (entry && st) {
        entry.size = st.size;
        entry.mtimeMs = st.mtimeMs;
      }
    }
    const outRoot = outRootOf(ws);
    for (const [rel, entry] of Object.entries(last?.outputs ?? {})) {
      if (manifest.outputs[rel]) continue;
      if (!report.ok || only || (restricted && !outdated.has(rel))) {
        // a build with errors (e.g. a volume not bound because of a bad scan) removes nothing, nor does
        // a --volume or --format build (the other volumes' and formats' files stay as they are): the
        // earlier file stays, and stays recorded, until a good full build replaces or retires it
        manifest.outputs[rel] = entry;
        continue;
      }
      const abs = path.join(ws.dir, rel);
      if (!isInside(outRoot, abs)) continue; // never touch anything outside out/
      try {
        rmSync(abs, { force: true });
      } catch (e) {
        // held open by another program (Windows): it stays recorded, and a later build removes it
        manifest.outputs[rel] = entry;
        report.diagnostics.push({ ...explainWriteError(e, rel, abs), severity: 'warning' });
        continue;
      }
      report.summary.removed.push(rel);
    }
    trace('committed');
    const parsed = ws.parseCache?.serialize();
    try {
      if (parsed !== undefined) writeAtomic(parseCachePath(ws.dir), parsed);
    } catch {
      // a cache: not keeping it only costs parsing next time
    }
    // the models of every volume bound this time, for the next rebinding
    const rebound = report.plan.volumes.filter((v) => previous?.volumes[v.code] === undefined || previous.volumes[v.code]?.key !== manifest.volumes[v.code]?.key);
    ModelCache.keep(stateDir, rebound, (id) => {
      const json = modelJson.get(id);
      const modelKey = manifest.documents[id]?.modelKey;
      return json !== undefined && modelKey ? { modelKey, json } : undefined;
    });
    if (!opts.volumes?.length) ModelCache.prune(stateDir, report.plan.volumes.map((v) => v.code));
    writeManifest(ws.dir, manifest, stateDir);
    trace('manifest written');
    report.timings.writeMs = performance.now() - t1;
    return report;
  } finally {
    if (!opts.pool) await pool.close();
  }
}
