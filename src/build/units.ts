//! A workspace with units (a township's villages, a county's townships — DESIGN.md §8): every unit is built
//! as a dossier of its own (one `build` each, with its own manifest, so a unit is rebuilt only when its own
//! inputs change), depth first; then the workspace itself, whose `collect:` items file the units' documents,
//! with the 各村缺件汇总 among its outputs. One font load and one worker pool serve every build. `only`
//! builds the named units (with their own units) and leaves the others as they are — planned, not built —
//! so the summary and the parent's `collect:` items still see them. Nothing here knows a catalog or a form.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import { loadFonts, type FontReport, type FontSet } from '../fonts/resolve.js';
import { FORMATS } from '../generators/formats.js';
import { planBuild } from '../plan/plan.js';
import type { BuildPlan } from '../plan/types.js';
import { hashJson, sha256 } from '../util/hash.js';
import { loadWorkspace } from '../workspace/load.js';
import { builtinFile, builtinList } from '../util/builtin-files.js';
import { outDirOf, stateDirOf, toolVersion } from '../workspace/paths.js';
import type { SubunitDocument, Workspace } from '../workspace/types.js';
import { parentName } from '../workspace/parent-items.js';
import { filterTables, matchUnit, UnitLayer, unitsOf, unitSpecOf } from '../workspace/units.js';
import { commitFiles, type OutputFile } from './atomic.js';
import { build, prepare, volumeStem, withBuildLock, type BuildOptions, type BuildReport } from './build.js';
import { readManifest } from './manifest.js';
import { filesFingerprint, outputsIntact, outputsRecord, readStamp, removeStamp, writeStamp } from './stamp.js';
import { defaultJobs, JobPool } from './pool.js';
import { missingReport, summaryRow, unitsSummaryReport, type UnitSummaryRow } from './report.js';

export interface UnitsOptions extends BuildOptions {
  /** build only these units (names, or paths 澧源镇/青龙村), each with its own units */
  only?: string[];
  /** told when a unit's build starts: its path, its name (the workspace's own 立档单位 for itself) and place
   *  among the units built this run */
  onUnit?: (u: { path: string[]; name: string; index: number; total: number }) => void;
}

/** What became of one unit (or of the workspace itself: `path` empty). */
export interface UnitOutcome {
  /** names from the top: [青龙村]; [] for the workspace itself */
  path: string[];
  /** 立档单位 */
  unit: string;
  /** 村 | 乡镇; '' for the workspace itself */
  label: string;
  /** built this run (false: `only` left it as it was; it was planned for the summary) */
  built: boolean;
  ok: boolean;
  documents: number;
  rebuilt: { id: string; reason: string }[];
  reused: number;
  written: string[];
  removed: string[];
  diagnostics: Diagnostic[];
  /** its line of the units' summary */
  summary?: UnitSummaryRow;
  /** out/<年度>/村/<名> */
  outDir: string;
}

export interface UnitsReport {
  ok: boolean;
  /** the workspace's own build (absent when `only` left it out or it has no settings) */
  top?: BuildReport;
  /** every unit, built or planned, depth first (a unit's units before it) */
  units: UnitOutcome[];
  /** problems of the workspace (settings, the units' table) when it could not be built at all */
  diagnostics: Diagnostic[];
  fonts?: FontReport;
}

/** The units' documents of the plan, by item title, for the parent's `collect:` items. */
export function documentsOf(ws: Workspace, plan: BuildPlan, formats: readonly string[], mustExist: boolean): SubunitDocument[] {
  const out: SubunitDocument[] = [];
  const ext = formats.includes('pdf') ? 'pdf' : 'docx';
  // what the unit's last build recorded of each generated document: its 公文 elements and model hash
  const state = stateDirOf(ws);
  const recorded = readManifest(ws.dir, state)?.documents ?? {};
  for (const v of plan.volumes) {
    const items = ws.catalog.volumes.find((c) => c.code === v.code)?.items;
    for (const d of v.documents) {
      const item = items?.[d.itemIndex]?.title ?? d.title;
      const file = d.kind === 'attachment' ? d.path : path.join(outDirOf(ws), volumeStem(v), `${d.fileStem}${FORMATS[ext].extension}`);
      if (mustExist && !existsSync(file)) continue;
      const e = d.kind === 'attachment' ? undefined : recorded[d.id];
      const meta = e?.meta ? { title: e.meta.title, ...(e.meta.number ? { number: e.meta.number } : {}), ...(e.meta.date ? { date: e.meta.date } : {}), ...(e.meta.issuer ? { issuer: e.meta.issuer } : {}) } : undefined;
      out.push({ unit: ws.unitOf?.name ?? '', item, title: d.title, path: file, format: d.kind === 'attachment' ? d.format : ext, responsible: ws.unit.name, ...(meta ? { meta } : {}), ...(e?.modelKey ? { model: { state, volume: v.code, id: d.id, key: e.modelKey } } : {}) });
    }
  }
  return out;
}

/** Every output file of a built unit (for the parent's --zip). */
function outputsOf(ws: Workspace): string[] {
  const m = readManifest(ws.dir, stateDirOf(ws));
  return Object.keys(m?.outputs ?? {})
    .filter((rel) => !rel.endsWith('.zip'))
    .map((rel) => path.join(ws.dir, rel));
}

/** What a unit's stamp keeps of its last good build: its line of the summary and its documents. */
interface StampValue {
  count: number;
  /** paths relative to the workspace */
  documents: SubunitDocument[];
  summary: UnitSummaryRow;
  /** the parent's data keys its from: documents read (part of its key) */
  parentKeys?: string[];
}

/** The parent's data keys a unit's documents read (its manifest's `data:澧源镇/<key>` dependencies). */
function parentDataKeys(parent: Workspace, manifest: ReturnType<typeof readManifest>): string[] {
  const prefix = `data:${parentName(parent, '')}`;
  const keys = new Set<string>();
  for (const d of Object.values(manifest?.documents ?? {})) for (const k of Object.keys(d.deps)) if (k.startsWith(prefix)) keys.add(k.slice(prefix.length));
  return [...keys].sort();
}

interface Level {
  outcomes: UnitOutcome[];
  /** the units' documents, for the parent's collect: items */
  documents: SubunitDocument[];
  names: string[];
  rows: UnitSummaryRow[];
  /** the units' output files (for the parent's --zip) */
  files: string[];
}

/**
 * dossier build of a workspace and its units, holding the workspace's build lock throughout (one build
 * per workspace: a second waits, or says who holds it). A workspace without units is one plain build.
 */
export async function buildAll(dir: string, opts: UnitsOptions = {}): Promise<UnitsReport> {
  const wsDir = path.resolve(dir);
  // not a workspace: the loader says so (and nothing is created in that folder)
  if (!opts.loaded && !existsSync(path.join(wsDir, 'dossier.yaml'))) {
    const top = await build(dir, opts);
    return { ok: false, top, units: [], diagnostics: [] };
  }
  if (opts.lockHeld) return buildUnits(dir, opts);
  return withBuildLock(
    wsDir,
    opts,
    () => buildUnits(dir, { ...opts, lockHeld: true }),
    (r) => r.ok || (r.top?.written.length ?? 0) > 0 || r.units.some((u) => u.written.length > 0),
    (error) => ({ ok: false, units: [], diagnostics: [error] }),
  );
}

async function buildUnits(dir: string, opts: UnitsOptions): Promise<UnitsReport> {
  const loaded = opts.loaded ?? (await loadWorkspace(dir, { parseCache: true }));
  const ws = loaded.workspace;
  if (!ws || !unitSpecOf(ws.config)) {
    if (opts.only?.length && ws) loaded.diagnostics.push(unknownOnly(opts.only, []));
    const top = await build(dir, { ...opts, loaded });
    return { ok: top.ok && !(opts.only?.length && ws), top, units: [], diagnostics: [], ...(top.fonts ? { fonts: top.fonts } : {}) };
  }
  const formats = opts.formats ?? ws.config.formats;
  const fonts: FontSet = opts.fonts ?? (await loadFonts({ overrides: ws.config.fonts ?? {}, baseDir: ws.dir }));
  const fontConfig = { overrides: ws.config.fonts ?? {}, baseDir: ws.dir };
  const pool = opts.pool ?? new JobPool({ jobs: opts.jobs ?? defaultJobs(), fonts: async () => fonts, fontConfig, ...(opts.workersFrom !== undefined ? { minWork: opts.workersFrom } : {}) });
  const only = opts.only?.length ? opts.only : undefined;
  const selectedTop = !only || only.some((o) => o === '.' || o === ws.unit.short || o === ws.unit.name);
  const matched = new Set<string>();
  const planned = countUnits(ws, only, selectedTop);
  let index = 0;
  const sameFonts = (u: Workspace) => hashJson(u.config.fonts ?? {}) === hashJson(ws.config.fonts ?? {});
  // stamps (src/build/stamp.ts) only for plain builds: --force, --volume, --format, --model and --zip build as asked
  const stamps = !opts.force && !opts.volumes?.length && !opts.formats && !opts.model && !opts.zip;
  const builtin = () => [...builtinList('catalog'), ...builtinList('templates')].map((f) => [f, sha256(builtinFile(f) ?? '')]);
  const runKey = stamps ? hashJson({ version: toolVersion(), fonts: fonts?.report.entries.map((e) => [e.role, e.file]) ?? [], builtin: builtin() }) : '';

  const level = async (parent: Workspace, selected: boolean): Promise<Level & { diagnostics: Diagnostic[] }> => {
    const { spec, units, diagnostics, withheld } = unitsOf(parent);
    const res: Level & { diagnostics: Diagnostic[] } = { outcomes: [], documents: [], names: [], rows: [], files: [], diagnostics };
    if (!spec) return res;
    // a unit withheld for an error in its row is still a known name for --only (the error says why)
    if (only) for (const name of withheld ?? []) for (const o of only) if (matchUnit([...(parent.unitOf?.path ?? []), name], o)) matched.add(o);
    const layer = new UnitLayer(parent, spec);
    // what every unit of this level reads besides its own rows and folder (for the stamps)
    const levelKey = stamps
      ? hashJson({
          run: runKey,
          config: parent.config,
          templates: [...parent.templates.values()].map((t) => [t.name, t.file, sha256(t.text)]),
          partials: [...parent.partials.values()].map((t) => [t.name, sha256(t.text)]),
          files: filesFingerprint(parent.dir, ['dossier.yaml', 'catalog/**', `${spec.folder}/data/**`, `${spec.folder}/templates/**`]),
        })
      : '';
    for (const ref of units) {
      const upath0 = [...(parent.unitOf?.path ?? []), ref.name];
      const wanted0 = !only || selected || only.some((o) => matchUnit(upath0, o));
      const stateDir = path.join(stateDirOf(parent), spec.folder, ref.name);
      // a unit whose inputs and outputs are all as its last good build left them is not loaded at all; its
      // inputs include the parent's data its from: documents read (named in its stamp by its last build)
      const stampKey = (parentKeys: readonly string[]) =>
        hashJson({ level: levelKey, row: ref.row, index: ref.index, data: hashJson(filterTables(parent.data, spec.name, ref.name)), own: filesFingerprint(parent.dir, [`${spec.folder}/${ref.name}/**`]), ...(parentKeys.length ? { parent: hashJson(parentKeys.map((k) => [k, parent.data[k] ?? null])) } : {}) });
      const stamp = stamps && wanted0 ? readStamp(stateDir) : undefined;
      const key = stamps && wanted0 ? stampKey((stamp?.value as StampValue | undefined)?.parentKeys ?? []) : '';
      const kept = stamp && stamp.key === key && outputsIntact(parent.dir, stamp.outputs) ? (stamp.value as StampValue) : undefined;
      if (kept) {
        if (only) for (const o of only) if (matchUnit(upath0, o)) matched.add(o);
        res.names.push(ref.name);
        const outDir = path.join(outDirOf(parent), spec.folder, ref.name);
        res.documents.push(...kept.documents.map((d) => ({ ...d, path: path.join(parent.dir, d.path), ...(d.model ? { model: { ...d.model, state: path.join(parent.dir, d.model.state) } } : {}) })));
        res.rows.push(kept.summary);
        res.outcomes.push({ path: upath0, unit: kept.summary.unit, label: spec.folder, built: true, ok: true, documents: kept.count, rebuilt: [], reused: kept.count, written: [], removed: [], diagnostics: [], summary: kept.summary, outDir });
        opts.onUnit?.({ path: upath0, name: ref.name, index: ++index, total: planned });
        continue;
      }
      const unitLoaded = await layer.load(ref);
      const uws = unitLoaded.workspace;
      const upath = [...(parent.unitOf?.path ?? []), ref.name];
      const wanted = !only || selected || only.some((o) => matchUnit(upath, o));
      if (only) for (const o of only) if (matchUnit(upath, o)) matched.add(o);
      res.names.push(ref.name);
      const outDir = path.join(outDirOf(parent), spec.folder, ref.name);
      if (!uws) {
        res.outcomes.push({ path: upath, unit: ref.name, label: spec.folder, built: false, ok: false, documents: 0, rebuilt: [], reused: 0, written: [], removed: [], diagnostics: unitLoaded.diagnostics, outDir });
        res.rows.push({ name: ref.name, unit: ref.name, required: 0, present: 0, partial: 0, missing: 0, progress: 0, failed: true });
        continue;
      }
      // a unit's own units first: its collect: items file their documents
      const sub = await level(uws, wanted);
      res.outcomes.push(...sub.outcomes);
      const summaryFiles = subSummary(uws, sub);
      if (sub.names.length) uws.subunits = { label: unitSpecOf(uws.config)?.folder ?? '', names: sub.names, documents: sub.documents };
      const href = `${spec.folder}/${ref.name}/缺件清单.html`;
      let outcome: UnitOutcome;
      let plan: BuildPlan | undefined;
      if (wanted) {
        pool.remaining = planned - index;
        opts.onUnit?.({ path: upath, name: ref.name, index: ++index, total: planned });
        const share = sameFonts(uws);
        const report = await build(parent.dir, {
          ...opts,
          loaded: unitLoaded,
          ...(share ? { fonts } : {}),
          ...(share ? { pool } : {}),
          zip: false,
          ...(summaryFiles ? { extraFiles: summaryFiles } : {}),
          ...(opts.onProgress ? { onProgress: (d: number, t: number, label: string) => opts.onProgress?.(d, t, `${upath.join('/')}：${label}`) } : {}),
        });
        plan = report.plan;
        outcome = { path: upath, unit: uws.unit.name, label: spec.folder, built: true, ok: report.ok, documents: report.documents.length, rebuilt: report.summary.rebuilt, reused: report.summary.reused, written: report.written, removed: report.summary.removed, diagnostics: report.diagnostics, outDir };
        if (key && report.ok && plan && !sub.names.length && !report.diagnostics.some((d) => d.severity === 'warning')) {
          // a clean build: remembered, so the next one with nothing changed does not even load the unit
          const documents = documentsOf(uws, plan, formats, true).map((d) => ({ ...d, path: path.relative(parent.dir, d.path), ...(d.model ? { model: { ...d.model, state: path.relative(parent.dir, d.model.state) } } : {}) }));
          const manifest = readManifest(uws.dir, stateDirOf(uws));
          const parentKeys = parentDataKeys(parent, manifest);
          const value: StampValue = { count: report.documents.length, documents, summary: summaryRow(ref.name, missingReport(plan, uws), uws.unit.name, href), ...(parentKeys.length ? { parentKeys } : {}) };
          writeStamp(stateDirOf(uws), { key: stampKey(parentKeys), outputs: outputsRecord(parent.dir, Object.keys(manifest?.outputs ?? {})), value });
        } else if (key) removeStamp(stateDirOf(uws));
        if (opts.zip) res.files.push(...outputsOf(uws), ...sub.files);
      } else {
        const p = planBuild(uws);
        plan = p.plan;
        outcome = { path: upath, unit: uws.unit.name, label: spec.folder, built: false, ok: !p.diagnostics.some((d) => d.severity === 'error'), documents: 0, rebuilt: [], reused: 0, written: [], removed: [], diagnostics: [], outDir };
        if (opts.zip) res.files.push(...outputsOf(uws), ...sub.files);
      }
      if (plan) {
        res.documents.push(...documentsOf(uws, plan, formats, true));
        outcome.summary = summaryRow(ref.name, missingReport(plan, uws), uws.unit.name, href);
        res.rows.push(outcome.summary);
      } else res.rows.push({ name: ref.name, unit: uws.unit.name, required: 0, present: 0, partial: 0, missing: 0, progress: 0, failed: true });
      res.outcomes.push(outcome);
    }
    return res;
  };

  try {
    const top = await level(ws, false);
    const diagnostics = [...top.diagnostics];
    if (only) {
      const unmatched = only.filter((o) => !matched.has(o) && !(o === '.' || o === ws.unit.short || o === ws.unit.name));
      if (unmatched.length) diagnostics.push(unknownOnly(unmatched, top.names));
    }
    if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, units: top.outcomes, diagnostics, ...(fonts ? { fonts: fonts.report } : {}) };
    ws.subunits = { label: unitSpecOf(ws.config)?.folder ?? '', names: top.names, documents: top.documents };
    const summary = subSummary(ws, top);
    let report: BuildReport | undefined;
    if (selectedTop) {
      pool.remaining = 1;
      opts.onUnit?.({ path: [], name: ws.unit.name, index: ++index, total: planned });
      const unitsChanged = top.outcomes.some((u) => u.written.length > 0 || u.removed.length > 0);
      report = await build(dir, { ...opts, loaded, fonts, pool, ...(summary ? { extraFiles: summary } : {}), ...(opts.zip ? { zipAlso: top.files } : {}), ...(unitsChanged ? { unitsChanged } : {}) });
    } else if (summary) {
      // only some units were built: their summary is still brought up to date
      diagnostics.push(...commitFiles(summary, (abs) => path.relative(ws.dir, abs).split(path.sep).join('/')));
    }
    const ok = (report?.ok ?? true) && top.outcomes.every((u) => u.ok) && !diagnostics.some((d) => d.severity === 'error');
    return { ok, ...(report ? { top: report } : {}), units: top.outcomes, diagnostics, ...(fonts ? { fonts: fonts.report } : {}) };
  } finally {
    if (!opts.pool) await pool.close();
  }
}

/** 各村缺件汇总.html and .md in the parent's out/<年度>, when it has units. */
function subSummary(parent: Workspace, level: Level): OutputFile[] | undefined {
  const spec = unitSpecOf(parent.config);
  if (!spec || level.rows.length === 0) return undefined;
  const r = unitsSummaryReport({ parent: parent.unit.name, year: parent.config.year, label: spec.folder }, level.rows);
  const stem = path.join(outDirOf(parent), `各${spec.folder}缺件汇总`);
  return [
    { path: `${stem}.md`, data: r.markdown },
    { path: `${stem}.html`, data: r.html },
  ];
}

/** How many builds a run makes (the workspace's units and itself; a county's townships' villages come on top). */
function countUnits(ws: Workspace, only: readonly string[] | undefined, selectedTop: boolean): number {
  const { units } = unitsOf(ws);
  if (!only) return units.length + 1;
  return units.filter((u) => only.some((o) => matchUnit([u.name], o))).length + (selectedTop ? 1 : 0);
}

function unknownOnly(names: readonly string[], known: readonly string[]): Diagnostic {
  return {
    severity: 'error',
    code: 'only-unknown',
    message: `没有名为“${names.join('、')}”的单位`,
    hint: known.length ? `可以写：${known.join('、')}（或写本单位的名称）。` : '这个工作区没有下级单位（dossier.yaml 中没有 villages 或 townships）。',
  };
}

/** What `dossier check` says of one unit. */
export interface UnitCheck {
  path: string[];
  unit: string;
  label: string;
  report: BuildReport;
}

/**
 * dossier check of a workspace and its units: each unit loaded, planned and rendered (nothing written),
 * then the workspace with its `collect:` items seeing the units' planned documents. Yields each unit's
 * report as it is done (so a caller can print it and let it go).
 */
export async function checkAll(dir: string, onUnit: (u: UnitCheck) => void, only?: readonly string[]): Promise<{ top?: BuildReport; diagnostics: Diagnostic[] }> {
  const loaded = await loadWorkspace(dir);
  const ws = loaded.workspace;
  if (!ws || !unitSpecOf(ws.config)) return { top: await prepare(dir, { loaded }), diagnostics: [] };
  const formats = ws.config.formats;
  const level = async (parent: Workspace, selected: boolean): Promise<{ documents: SubunitDocument[]; names: string[]; diagnostics: Diagnostic[] }> => {
    const { spec, units, diagnostics } = unitsOf(parent);
    const res = { documents: [] as SubunitDocument[], names: [] as string[], diagnostics };
    if (!spec) return res;
    const layer = new UnitLayer(parent, spec);
    for (const ref of units) {
      const unitLoaded = await layer.load(ref);
      const uws = unitLoaded.workspace;
      const upath = [...(parent.unitOf?.path ?? []), ref.name];
      const wanted = selected || !only?.length || only.some((o) => matchUnit(upath, o));
      res.names.push(ref.name);
      if (uws) {
        const sub = await level(uws, wanted);
        if (sub.names.length) uws.subunits = { label: unitSpecOf(uws.config)?.folder ?? '', names: sub.names, documents: sub.documents };
        if (wanted) {
          const report = await prepare(parent.dir, { loaded: unitLoaded });
          if (report.plan) res.documents.push(...documentsOf(uws, report.plan, formats, false));
          onUnit({ path: upath, unit: uws.unit.name, label: spec.folder, report });
        } else res.documents.push(...documentsOf(uws, planBuild(uws).plan, formats, false));
      } else if (wanted) onUnit({ path: upath, unit: ref.name, label: spec.folder, report: { ok: false, diagnostics: unitLoaded.diagnostics, rendered: [], documents: [], written: [], pages: {}, summary: { rebuilt: [], reused: 0, removed: [] }, timings: { loadMs: 0, planMs: 0, renderMs: 0, layoutMs: 0, writeMs: 0 } } });
    }
    return res;
  };
  const top = await level(ws, false);
  ws.subunits = { label: unitSpecOf(ws.config)?.folder ?? '', names: top.names, documents: top.documents };
  const topWanted = !only?.length || only.some((o) => o === '.' || o === ws.unit.short || o === ws.unit.name);
  return { ...(topWanted ? { top: await prepare(dir, { loaded }) } : {}), diagnostics: top.diagnostics };
}
