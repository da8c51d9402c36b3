//! dossier build, in named phases over one BuildSession:
//!   lock → load → plan → decide reuse → render ⇄ write ⇄ bind (overlapped, pipeline.ts) → derive lists
//!   → record (the manifest) → commit (commit.ts) → caches.
//! Every document records what it was made from; one whose inputs hash as before and whose files are
//! intact is reused without rendering. Outputs are staged as they are made and renamed into place only
//! when the workspace is free of errors, all or nothing, the manifest last: a bad edit never damages the
//! outputs of the last good build. `prepare` (check, tests) renders everything and writes nothing.

import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import { loadFonts } from '../fonts/resolve.js';
import type { WriterName } from '../generators/formats.js';
import { printRunPath, printSetPath } from '../bind/copies.js';
import { volumeStem as stemOf, type VolumeRecord } from '../bind/index.js';
import { planBuild } from '../plan/plan.js';
import type { BuildPlan, PlannedVolume, TableDocument, TemplateDocument } from '../plan/types.js';
import type { Workspace } from '../workspace/types.js';
import { validateData, validateDocuments, mergeTargetFindings } from '../render/validate/index.js';
import type { OutputEntry } from '../schema/manifest.js';
import { keepHeapNearLive } from '../util/heap-budget.js';
import { loadedParts } from '../util/loaded.js';
import { trace, traceStartup } from '../util/trace.js';
import { buildDate } from '../workspace/clock.js';
import { loadWorkspace, type LoadResult } from '../workspace/load.js';
import { isInside, outDirOf, outRootOf, stateDirOf, toolVersion } from '../workspace/paths.js';
import { parseCachePath } from '../workspace/parse-cache.js';
import { explainRecordsError, writeAtomic } from './atomic.js';
import { forgetOutputCaches, formsPath, pruneCache, scanBlockPath, subsetsPath, volumePackPath } from './cache.js';
import { commit, recoverCommit, sweepStrayTmp, type CommitPlan } from './commit.js';
import { fillIssuedTables, ISSUED_FILE, issuedFilesKey, issuedRegisterOf, metaEntry } from './issued-register.js';
import { acquireLock, type Acquired } from './lock.js';
import { checksumPath, emptyManifest, manifestChecksum, manifestPath, manifestText, readManifest } from './manifest.js';
import { ModelCache } from './model-cache.js';
import { runPipeline, type PipelineResult } from './pipeline.js';
import { defaultJobs, JobPool } from './pool.js';
import { missingReport } from './report.js';
import { decideReuse, isDeferred, SourceHashes } from './reuse.js';
import { FileChecks, intactBefore, toolKeyOf, volumeFolders, type BuildSession } from './session.js';
import { FileSink, Staging, stagingRoot } from './staging.js';
import { emptyReport, type BuildOptions, type BuildReport, type DocumentOutcome } from './types.js';
import { zipFileName, zipOutputs } from './zip.js';

export type { BuildOptions, BuildReport, BuildSummary, DocumentOutcome, RenderedDocument } from './types.js';

/** Folder of a volume: <code>-<卷名> */
export function volumeStem(v: PlannedVolume): string {
  return stemOf(v.code, v.title);
}

const displayOf = (wsDir: string) => (abs: string) => path.relative(wsDir, abs).split(path.sep).join('/');

/** Received .docx files matched by attach: are read as text documents (issue 18); the Word reader is loaded only for them. */
async function receivedDocuments(ws: Workspace, plan: BuildPlan): Promise<Diagnostic[]> {
  if (!plan.volumes.some((v) => v.documents.some((d) => d.kind === 'template' && d.received))) return [];
  const { fileReceivedDocuments } = await import('./word-templates.js');
  return fileReceivedDocuments(ws, plan);
}

/** When only data files have errors: the problems of the rest of the workspace (QA S10); loaded only then. */
async function problemsBeside(partial: Workspace): Promise<Diagnostic[]> {
  const { problemsBesideData } = await import('./partial-check.js');
  return problemsBesideData(partial);
}

/**
 * Runs `fn` holding the workspace's build lock (a second build waits, or says who holds it). A build that
 * found no out/ and committed nothing leaves none behind (the lock and staging live there).
 */
export async function withBuildLock<T>(wsDir: string, opts: Pick<BuildOptions, 'lockWaitMs' | 'onWait'>, fn: () => Promise<T>, committed: (r: T) => boolean, failed: (d: Diagnostic) => T): Promise<T> {
  const out = path.join(wsDir, 'out');
  const lock: Acquired = await acquireLock(wsDir, { display: displayOf(wsDir), ...(opts.lockWaitMs !== undefined ? { waitMs: opts.lockWaitMs } : {}), ...(opts.onWait ? { onWait: opts.onWait } : {}) });
  if ('error' in lock) return failed(lock.error);
  trace('locked');
  // (judged under the lock: a build that held it before may have made out/)
  const fresh = onlyTheLock(out);
  let result: T | undefined;
  try {
    result = await fn();
    if (lock.note && typeof result === 'object' && result && 'diagnostics' in result) (result as { diagnostics: Diagnostic[] }).diagnostics.unshift(lock.note);
    return result;
  } finally {
    lock.release();
    if (fresh && (result === undefined || !committed(result))) rmSync(out, { recursive: true, force: true });
  }
}

/** out/ holds nothing but the lock just taken (out/.dossier/build.lock). */
function onlyTheLock(out: string): boolean {
  try {
    const top = readdirSync(out);
    return top.length === 1 && top[0] === '.dossier' && readdirSync(path.join(out, '.dossier')).every((n) => n === 'build.lock');
  } catch {
    return false;
  }
}

/** dossier build */
export async function build(dir: string, opts: BuildOptions = {}): Promise<BuildReport> {
  traceStartup();
  keepHeapNearLive();
  trace('build start');
  const wsDir = path.resolve(dir);
  // not a workspace: the loader says so (and nothing is created in that folder)
  if (!opts.loaded && !existsSync(path.join(wsDir, 'dossier.yaml'))) return prepare(dir, opts);
  if (opts.lockHeld) return locked(dir, opts);
  // phase: lock — one build per workspace; a second waits (or says who holds it)
  return withBuildLock(
    wsDir,
    opts,
    () => locked(dir, opts),
    (r) => r.ok || r.written.length > 0,
    (error) => ({ ...emptyReport(), diagnostics: [error] }),
  );
}

/** A build under the workspace's lock. */
async function locked(dir: string, opts: BuildOptions): Promise<BuildReport> {
  const report = emptyReport();
  const t0 = performance.now();
  const loaded: LoadResult = opts.loaded ?? (await loadWorkspace(dir, { parseCache: true }));
  report.diagnostics.push(...loaded.diagnostics);
  report.timings.loadMs = performance.now() - t0;
  trace('workspace loaded');
  const ws = loaded.workspace;
  if (!ws) {
    // a data file's errors do not hide the templates' (QA S10): the rest is still rendered, for messages
    if (loaded.partial) report.diagnostics.push(...(await problemsBeside(loaded.partial)));
    return report;
  }
  const stateDir = stateDirOf(ws);
  // a commit a killed build left half done is finished (or undone) first
  const recovered = recoverCommit(ws.dir, stateDir, displayOf(ws.dir));
  if (recovered) report.diagnostics.push(recovered);
  if (recovered?.severity === 'error') return report;
  Staging.sweep(stateDir);
  const s = await openSession(ws, opts, report);
  if (!s) return report;
  try {
    return await runPhases(s, report);
  } finally {
    s.staging.discard();
    if (!opts.pool) await s.pool.close();
  }
}

/** Phase plan; the session, or undefined when the workspace cannot be built (report says why). */
async function openSession(ws: Workspace, opts: BuildOptions, report: BuildReport): Promise<BuildSession | undefined> {
  report.workspace = ws;
  if (opts.volumes?.length) {
    const codes = ws.catalog.volumes.map((v) => v.code);
    for (const c of opts.volumes)
      if (!codes.includes(c)) report.diagnostics.push({ severity: 'error', code: 'volume-unknown', file: ws.catalogFile, message: `目录中没有代码为“${c}”的案卷`, hint: `可用的卷代码：${codes.join('、')}。` });
  }
  // every volume is planned (卷号, 案卷目录 and 缺件清单 cover the whole catalog); --volume limits what is built
  const t1 = performance.now();
  const { plan, diagnostics } = planBuild(ws);
  report.diagnostics.push(...diagnostics);
  report.diagnostics.push(...(await receivedDocuments(ws, plan)));
  report.plan = plan;
  report.timings.planMs = performance.now() - t1;
  trace('planned');
  // fonts are part of every key: resolved (names only; parsed when something is laid out)
  const fonts = opts.fonts ?? (await loadFonts({ overrides: ws.config.fonts ?? {}, baseDir: ws.dir }));
  report.fonts = fonts.report;
  const toolKey = toolKeyOf(toolVersion(), ws, fonts);
  const display = displayOf(ws.dir);
  const stateDir = stateDirOf(ws);
  const last = readManifest(ws.dir, stateDir);
  let previous = opts.force ? undefined : last;
  let allReason: string | undefined = opts.force && last ? '要求全部重新生成（--force）' : undefined;
  // --force: the files' kept subsets, scans and forms are made again too (a cache is never the reason a forced build differs)
  if (opts.force) forgetOutputCaches(stateDir);
  if (previous && previous.toolKey !== toolKey) {
    previous = undefined;
    allReason = '设置、字体或程序版本已变化';
  }
  trace('fonts resolved, manifest read');
  let staging: Staging;
  try {
    staging = Staging.open(stateDir);
  } catch (e) {
    report.diagnostics.push(explainRecordsError(e, display(stagingRoot(stateDir))));
    return undefined;
  }
  const fontConfig = { overrides: ws.config.fonts ?? {}, baseDir: ws.dir };
  const pool = opts.pool ?? new JobPool({ jobs: opts.jobs ?? defaultJobs(), fonts: async () => fonts, fontConfig, ...(opts.workersFrom !== undefined ? { minWork: opts.workersFrom } : {}) });
  const formats: WriterName[] = [...(opts.formats ?? ws.config.formats), ...(opts.model ? (['model'] as const) : [])];
  const outDir = outDirOf(ws);
  return {
    dir: ws.dir,
    opts,
    ws,
    plan,
    formats,
    restricted: opts.formats !== undefined,
    only: opts.volumes?.length ? new Set(opts.volumes) : undefined,
    toolKey,
    outDir,
    outRoot: outRootOf(ws),
    stateDir,
    last,
    previous,
    allReason,
    manifest: emptyManifest(toolKey),
    files: new FileChecks(display),
    diagnostics: report.diagnostics,
    staging,
    pool,
    fontConfig,
    fontReport: fonts.report,
    fonts: async () => fonts,
    display,
    folder: volumeFolders(outDir),
    item: (v, d) => ws.catalog.volumes.find((c) => c.code === v.code)?.items[d.itemIndex],
  };
}

async function runPhases(s: BuildSession, report: BuildReport): Promise<BuildReport> {
  // data checks (责任目标, statistics) before anything is written
  s.diagnostics.push(...validateData(s.ws));
  // phase: decide reuse
  const hashes = new SourceHashes(s.ws);
  const { tasks, deferred } = decideReuse(s, hashes);
  trace(`reuse decided (${tasks.filter((t) => !t.reused).length} to render)`);
  // phases: render ⇄ write ⇄ bind
  const t2 = performance.now();
  const pipe = await runPipeline(s, tasks, deferred, hashes);
  report.timings.renderMs = performance.now() - t2;
  trace('documents written, volumes bound');
  report.rendered = pipe.rendered;
  report.issued = pipe.issued;
  // the target lists across documents (found as each was rendered)
  s.diagnostics.push(...mergeTargetFindings([...pipe.states.values()].flatMap((st) => (st.findings ? [{ findings: st.findings, rowName: st.task.d.kind === 'template' ? st.task.d.rowName : undefined }] : []))));
  const blocking = s.diagnostics.some((d) => d.severity === 'error');
  s.diagnostics.push(...pipe.volumeDiagnostics, ...pipe.warnings);
  report.ok = !s.diagnostics.some((d) => d.severity === 'error');
  if (blocking) return report;
  const t3 = performance.now();
  // phase: derive lists (缺件清单, 案卷目录, 脊背)
  await deriveLists(s, pipe);
  trace('lists');
  // phase: record — the manifest, what to rename into place and what to retire
  const { plan: commitPlan, unchanged } = record(s, pipe, report);
  if (s.opts.zip) await zipYear(s, commitPlan);
  // the manifest last (unless it is exactly what is on disk: a build with nothing to do writes nothing),
  // then its checksum; written in pieces, never held whole
  const manifestFile = manifestPath(s.ws.dir, s.stateDir);
  const checksumFile = checksumPath(s.stateDir);
  const changed = commitPlan.moves.length > 0 || commitPlan.removes.length > 0;
  if (changed || !sameText(checksumFile, `${manifestChecksum(s.manifest)}\n`) || !sameText(manifestFile, undefined)) {
    const f = s.staging.putText(manifestFile, manifestText(s.manifest));
    const sum = s.staging.put(checksumFile, `${f.sha256}\n`);
    commitPlan.moves.push({ tmp: f.tmp, target: f.target }, { tmp: sum.tmp, target: sum.target });
  }
  trace(`recorded (${commitPlan.moves.length} to rename, ${unchanged} unchanged)`);
  // phase: commit — all or nothing
  const committed = commitPlan.moves.length || commitPlan.removes.length ? commit(s.ws.dir, s.stateDir, s.staging, commitPlan, s.display) : { ok: true, unrestored: 0, diagnostics: [], written: [], removed: [] };
  report.timings.writeMs = performance.now() - t3;
  if (!committed.ok) {
    report.diagnostics.push(...committed.diagnostics);
    report.ok = false;
    if (committed.unrestored) report.unrestored = committed.unrestored;
    return report;
  }
  const manifests = new Set([manifestFile, checksumFile]);
  report.written = committed.written.filter((f) => !manifests.has(f)).map(s.display);
  report.summary.removed = committed.removed.map(s.display);
  trace('committed');
  // (a build that changed nothing has nothing to tidy)
  if (commitPlan.moves.length || commitPlan.removes.length) keepCaches(s);
  trace(`caches kept; loaded: ${loadedParts().join(', ') || 'no writer, font or pdf-lib'}`);
  return report;
}

/** Phase "derive lists": the 缺件清单 always; the 发文登记簿, the year's 案卷目录 and 脊背 when they changed. */
async function deriveLists(s: BuildSession, pipe: PipelineResult): Promise<void> {
  const missing = missingReport(s.plan, s.ws);
  s.staging.put(path.join(s.outDir, '缺件清单.md'), missing.markdown);
  s.staging.put(path.join(s.outDir, '缺件清单.html'), missing.html);
  for (const f of s.opts.extraFiles ?? []) s.staging.put(f.path, f.data, f.key);
  await issuedFiles(s, pipe);
  const lists = pipe.binder.yearLists();
  if (!lists.make) {
    s.diagnostics.push(...lists.diagnostics);
    pipe.keptFiles.push(...lists.kept);
    return;
  }
  const [{ layoutDocument, writePdf }, { volumeListsOf }, { spineSheets }, fonts] = await Promise.all([import('../generators/index.js'), import('../generators/archive/volume-list.js'), import('../generators/archive/spine.js'), s.fonts()]);
  const created = buildDate(s.ws);
  const opts = { created, producer: 'dossier 案卷生成器', pdfa: s.ws.config.pdfa };
  // one list per 保管期限, each from its own page, in one file
  const laid = volumeListsOf(lists.meta, lists.sheets, lists.notBound).map((d) => layoutDocument(d, fonts));
  const list = { ...(laid[0] as (typeof laid)[number]), pages: laid.flatMap((l) => l.pages), warnings: laid.flatMap((l) => l.warnings) };
  s.staging.put(lists.files[0], await writePdf(list, fonts, opts), lists.key);
  s.staging.put(lists.files[1], await writePdf(spineSheets(lists.labels, fonts, lists.meta), fonts, opts), lists.key);
}

/** out/<年度>/发文登记簿.pdf and .xlsx (issue 19): written when the register changed (the writers loaded only then). */
async function issuedFiles(s: BuildSession, pipe: PipelineResult): Promise<void> {
  if (!pipe.issued.length) return;
  const created = buildDate(s.ws);
  const key = issuedFilesKey(s.ws, pipe.issued, created, s.toolKey);
  const targets = [...(s.formats.includes('pdf') ? ['.pdf'] : []), '.xlsx'].map((ext) => path.join(s.outDir, `${ISSUED_FILE}${ext}`));
  const todo = targets.filter((abs) => !(s.previous?.outputs[s.display(abs)]?.key === key && intactBefore(s, abs)));
  pipe.keptFiles.push(...targets.filter((abs) => !todo.includes(abs)));
  if (!todo.length) return;
  const { issuedRegisterFiles } = await import('./issued-files.js');
  for (const f of await issuedRegisterFiles({ ws: s.ws, entries: pipe.issued, targets: todo, fonts: s.fonts, created, pdfa: s.ws.config.pdfa })) s.staging.put(f.path, f.data, key);
}

/**
 * --format: the earlier files, in formats not written now, of what was made again — a document whose
 * model changed, a volume bound again and, without PDF, those documents' print sets and the year's
 * lists. They would show the old text, so they go; every other file of another format stays.
 */
function outdatedByFormat(s: BuildSession, pipe: PipelineResult, bound: Record<string, VolumeRecord>): Set<string> {
  const outdated = new Set<string>();
  const last = s.last;
  // (a document written again only because a format's file was missing is still up to date)
  const remade = [...pipe.states.values()].filter((st) => st.how === 'written' && last?.documents[st.task.d.id] !== undefined && last.documents[st.task.d.id]?.modelKey !== st.modelKey);
  for (const st of remade) for (const rel of last?.documents[st.task.d.id]?.outputs ?? []) outdated.add(rel);
  let rebound = false;
  for (const [code, v] of Object.entries(bound)) {
    const before = last?.volumes[code];
    if (before && before.key !== v.key) {
      rebound = true;
      for (const p of before.parts) for (const rel of p.files) outdated.add(rel);
    }
  }
  if (!s.formats.includes('pdf')) {
    for (const st of remade) {
      const d = st.task.d;
      if (d.kind !== 'template' || !d.copies?.length) continue;
      outdated.add(s.display(printSetPath(s.outDir, d.title, d.rowName)));
      outdated.add(s.display(printRunPath(s.outDir, d.title)));
    }
    if (rebound) for (const f of ['案卷目录.pdf', '脊背.pdf']) outdated.add(s.display(path.join(s.outDir, f)));
  }
  return outdated;
}

/**
 * Phase "record": the manifest of this build (documents, outputs, volumes, attachments) and the commit
 * plan — staged files that differ from what is on disk, and the outputs that no longer belong.
 */
function record(s: BuildSession, pipe: PipelineResult, report: BuildReport): { plan: CommitPlan; unchanged: number } {
  const m = s.manifest;
  const last = s.last;
  const old = (rel: string, frozen?: boolean): OutputEntry | undefined => (frozen ? last : s.previous)?.outputs[rel] ?? last?.outputs[rel];
  // documents
  for (const st of pipe.states.values()) {
    const t = st.task;
    const failed = st.how === 'failed' || pipe.failed.has(t.v.code);
    if (t.frozen || (failed && t.prev)) {
      // as the last build left it (a volume not selected, or one whose scan is bad)
      const prev = (t.frozen ? last?.documents[t.d.id] : (last?.documents[t.d.id] ?? t.prev)) as NonNullable<typeof t.prev>;
      m.documents[t.d.id] = prev;
      for (const rel of prev.outputs) {
        const e = last?.outputs[rel];
        if (e) m.outputs[rel] = e;
      }
      if (prev.pages !== undefined) report.pages[t.d.id] = prev.pages;
      report.documents.push({ planned: t.d, volume: t.v, files: st.files, reused: true, ...(prev.pages !== undefined ? { pages: prev.pages } : {}) });
      report.summary.reused++;
      continue;
    }
    if (failed) continue;
    const reused = st.how === 'reused';
    const outputs = Object.values(st.files).map((a) => s.display(a as string));
    // --format: a reused document keeps its other formats' files on record too
    if (s.restricted && reused && t.prev) for (const rel of t.prev.outputs) if (!outputs.includes(rel)) outputs.push(rel);
    m.documents[t.d.id] = { inputKey: t.inputKey, deps: t.deps, modelKey: st.modelKey, ...(st.renderKey !== undefined ? { renderKey: st.renderKey } : {}), outputs, ...(st.pages !== undefined ? { pages: st.pages } : {}), ...(st.meta ? { meta: st.meta } : {}) };
    if (reused) for (const rel of outputs) {
      const e = old(rel);
      if (e) m.outputs[rel] = e;
    }
    if (st.pages !== undefined) report.pages[t.d.id] = st.pages;
    const outcome: DocumentOutcome = { planned: t.d, volume: t.v, files: st.files, reused: t.reused || reused, ...(st.pages !== undefined ? { pages: st.pages } : {}) };
    if (!outcome.reused) outcome.reason = st.how === 'renamed' ? '件号变化，只改了文件名（内容未变）' : t.reason || '新增';
    report.documents.push(outcome);
    if (outcome.reused) report.summary.reused++;
    else report.summary.rebuilt.push({ id: t.d.id, reason: outcome.reason ?? '' });
  }
  // volumes: bound now, kept, or (failed, not selected) as last recorded
  const bound: Record<string, VolumeRecord> = {};
  for (const step of pipe.steps) if (step.record && !step.failed) bound[step.code] = step.record;
  for (const [code, v] of Object.entries(bound)) m.volumes[code] = { key: v.key, parts: v.parts.map((p) => ({ sheet: p.sheet as unknown as Record<string, unknown>, sheets: p.sheets, files: p.files.map(s.display) })) };
  for (const code of pipe.failed) {
    const rec = last?.volumes[code];
    if (rec) m.volumes[code] = rec;
  }
  if (s.only) for (const [rel, a] of Object.entries(last?.attachments ?? {})) m.attachments[rel] ??= a;
  for (const abs of [...pipe.steps.flatMap((st) => st.kept), ...pipe.keptFiles]) {
    const e = old(s.display(abs), true);
    if (e) m.outputs[s.display(abs)] = e;
  }
  // staged files: written unless the same bytes are already there
  const plan: CommitPlan = { moves: [], removes: [] };
  let unchanged = 0;
  for (const f of [...s.staging.files.values()].sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0))) {
    const rel = s.display(f.target);
    const before = s.previous?.outputs[rel];
    if (before?.sha256 === f.sha256 && intactBefore(s, f.target)) {
      m.outputs[rel] = { ...before, key: f.key ?? f.sha256 };
      unchanged++;
      continue;
    }
    const st = statSync(f.tmp);
    m.outputs[rel] = { key: f.key ?? f.sha256, sha256: f.sha256, size: st.size, mtimeMs: st.mtimeMs };
    plan.moves.push({ tmp: f.tmp, target: f.target });
  }
  // --volume / --format: what this build does not make stays as the last build left it (and goes into
  // the zip), except the other formats' files that went out of date
  const outdated = s.restricted ? outdatedByFormat(s, pipe, bound) : new Set<string>();
  if (s.only || s.restricted) for (const [rel, entry] of Object.entries(last?.outputs ?? {})) if (!m.outputs[rel] && !outdated.has(rel) && !rel.endsWith('.zip')) m.outputs[rel] = entry;
  // outputs that no longer belong are retired — except by a build with errors (e.g. a volume not bound
  // because of a bad scan), a --volume build, or --format's other formats: those stay, and stay recorded,
  // until a good full build replaces or retires them
  const outRoot = s.outRoot;
  // the year's zip (made by serve, or --zip) outlives a build without --zip that changes no output: it is
  // still exactly the year's outputs (QA minor 11); once anything changed it is out of date and goes
  const zipRel = s.display(zipPath(s));
  const zipCurrent = !s.opts.zip && !s.opts.unitsChanged && plan.moves.length === 0 && Object.keys(last?.outputs ?? {}).every((rel) => m.outputs[rel] || rel === zipRel);
  for (const [rel, entry] of Object.entries(last?.outputs ?? {})) {
    if (m.outputs[rel]) continue;
    if (!report.ok || s.only || (s.restricted && !outdated.has(rel)) || (rel === zipRel && zipCurrent && existsSync(path.join(s.ws.dir, rel)))) {
      m.outputs[rel] = entry;
      continue;
    }
    const abs = path.join(s.ws.dir, rel);
    if (isInside(outRoot, abs) && !(s.opts.zip && abs === zipPath(s))) plan.removes.push(abs);
  }
  return { plan, unchanged };
}

/** Whether `file` holds exactly `text` (undefined: just that it is a file). */
function sameText(file: string, text: string | undefined): boolean {
  try {
    if (text === undefined) return statSync(file).isFile();
    return readFileSync(file, 'utf8') === text;
  } catch {
    return false;
  }
}

function zipPath(s: BuildSession): string {
  return path.join(s.outDir, zipFileName(s.ws.unit.name, s.ws.config.year));
}

/** --zip: out/<year>/<unit>-<year>.zip of every output of the year, read from staging or from out/. */
async function zipYear(s: BuildSession, plan: CommitPlan): Promise<void> {
  const target = zipPath(s);
  const staged = new Map([...s.staging.files.values()].map((f) => [f.target, f.tmp]));
  const entries = [...Object.keys(s.manifest.outputs).map((rel) => path.join(s.ws.dir, rel)), ...(s.opts.zipAlso ?? [])]
    .filter((abs) => abs !== target && isInside(s.outDir, abs))
    .map((abs) => ({ name: path.relative(s.outDir, abs).split(path.sep).join('/'), source: staged.get(abs) ?? abs }));
  const tmp = s.staging.tmpPath();
  const sink = new FileSink(tmp);
  await zipOutputs(entries, buildDate(s.ws), sink);
  const f = sink.close();
  const rel = s.display(target);
  const before = s.previous?.outputs[rel];
  if (before?.sha256 === f.sha256 && intactBefore(s, target)) {
    s.manifest.outputs[rel] = before;
    return;
  }
  const st = statSync(tmp);
  s.manifest.outputs[rel] = { key: f.sha256, sha256: f.sha256, size: st.size, mtimeMs: st.mtimeMs };
  plan.moves.push({ tmp, target });
}

/** After a commit: the parse cache, and the cache entries this build did not use are dropped. */
function keepCaches(s: BuildSession): void {
  const parsed = s.ws.parseCache?.serialize();
  try {
    if (parsed !== undefined) writeAtomic(parseCachePath(s.ws.dir), parsed);
  } catch {
    // a cache: not keeping it only costs parsing next time
  }
  if (s.only || s.restricted) return;
  ModelCache.prune(s.stateDir, s.plan.volumes.map((v) => v.code));
  const pdfs = Object.keys(s.manifest.outputs).filter((rel) => rel.endsWith('.pdf')).map((rel) => path.join(s.ws.dir, rel));
  const fonts = new Set(pdfs.map((abs) => subsetsPath(s.stateDir, abs)));
  const scans = new Set(pdfs.map((abs) => scanBlockPath(s.stateDir, abs)));
  const forms = new Set(pdfs.map((abs) => formsPath(s.stateDir, abs)));
  pruneCache(s.stateDir, { packs: new Set(s.plan.volumes.map((v) => volumePackPath(s.stateDir, v.code))), fonts, scans, forms });
  sweepStrayTmp(s.outRoot, stagingRoot(s.stateDir));
}

/** Load, plan and render everything; no file is written (dossier check, tests). `opts.loaded`: a workspace already loaded (a unit's). */
export async function prepare(dir: string, opts: BuildOptions = {}): Promise<BuildReport> {
  const report = emptyReport();
  const t0 = performance.now();
  const { workspace, diagnostics, partial } = opts.loaded ?? (await loadWorkspace(dir, { parseCache: true }));
  report.diagnostics.push(...diagnostics);
  report.timings.loadMs = performance.now() - t0;
  if (!workspace) {
    if (partial) report.diagnostics.push(...(await problemsBeside(partial)));
    return report;
  }
  report.workspace = workspace;
  if (opts.volumes?.length) {
    const codes = workspace.catalog.volumes.map((v) => v.code);
    for (const c of opts.volumes)
      if (!codes.includes(c)) report.diagnostics.push({ severity: 'error', code: 'volume-unknown', file: workspace.catalogFile, message: `目录中没有代码为“${c}”的案卷`, hint: `可用的卷代码：${codes.join('、')}。` });
  }
  const t1 = performance.now();
  const { plan, diagnostics: planDiags } = planBuild(workspace);
  report.diagnostics.push(...planDiags);
  report.diagnostics.push(...(await receivedDocuments(workspace, plan)));
  // check does not bind: a received .docx that cannot be read is told now, as build will tell it (QA S11)
  for (const v of plan.volumes)
    for (const d of v.documents)
      if (d.kind === 'attachment' && d.unreadable) report.diagnostics.push({ severity: 'error', code: 'attachment-docx-damaged', file: d.file, message: `附件${d.unreadable.message}，生成时${v.title}不会装订`, ...(d.unreadable.hint ? { hint: d.unreadable.hint } : {}) });
  report.plan = plan;
  report.timings.planMs = performance.now() - t1;
  const { Renderer } = await import('../render/document.js');
  const renderer = new Renderer(workspace);
  const docs = plan.volumes.flatMap((v) => v.documents.flatMap((d) => (d.kind === 'attachment' ? [] : [{ d, v }])));
  let done = 0;
  const render = (d: TemplateDocument | TableDocument, v: PlannedVolume): void => {
    const r = renderer.render(d);
    report.diagnostics.push(...r.diagnostics);
    if (r.document) report.rendered.push({ planned: d, volume: v, document: r.document });
    opts.onProgress?.(++done, docs.length, d.title);
  };
  // the 发文登记 items last, from every other document's 文号 (issue 19)
  const deferred: { d: TableDocument; v: PlannedVolume }[] = [];
  for (const { d, v } of docs) {
    if (d.kind === 'table' && isDeferred(d)) deferred.push({ d, v });
    else render(d, v);
  }
  const metas = new Map(report.rendered.map((r) => [r.planned.id, metaEntry(r.document)]));
  const register = await issuedRegisterOf(workspace, docs, async (j) => metas.get(j.d.id));
  report.diagnostics.push(...register.diagnostics);
  report.issued = register.entries;
  if (deferred.length) {
    fillIssuedTables(deferred.map((x) => x.d), register.entries);
    for (const { d, v } of deferred) render(d, v);
    const order = new Map(docs.map((x, i) => [x.d.id, i]));
    report.rendered.sort((a, b) => (order.get(a.planned.id) ?? 0) - (order.get(b.planned.id) ?? 0));
  }
  report.diagnostics.push(...validateData(workspace), ...validateDocuments(report.rendered.map((r) => ({ document: r.document, rowName: r.planned.kind === 'template' ? r.planned.rowName : undefined }))));
  report.timings.renderMs = performance.now() - t1;
  report.ok = !report.diagnostics.some((d: Diagnostic) => d.severity === 'error');
  return report;
}
