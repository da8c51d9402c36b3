//! build / check: load → plan → render every document → (writers) → commit outputs atomically.
//! Nothing is written unless the whole workspace is free of errors, so a bad edit never damages
//! the outputs of the last good build.
import path from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Document } from '../model/types.js';
import { dumpModel } from '../model/dump.js';
import { planBuild } from '../plan/plan.js';
import type { BuildPlan, PlannedDocument, PlannedVolume } from '../plan/types.js';
import { Renderer } from '../render/document.js';
import type { OutputFormat } from '../schema/dossier.js';
import { safeFileName } from '../util/file-names.js';
import { loadWorkspace } from '../workspace/load.js';
import type { Workspace } from '../workspace/types.js';
import { writeAtomic } from './atomic.js';
import { missingReport } from './report.js';

export interface BuildOptions {
  formats?: OutputFormat[];
  /** only these volume codes */
  volumes?: string[];
  force?: boolean;
  /** also write each DocModel as JSON under out/<year>/.model/ (debugging aid) */
  model?: boolean;
  onProgress?: (done: number, total: number, label: string) => void;
}

/** A rendered document with where it goes. */
export interface RenderedDocument {
  planned: PlannedDocument;
  volume: PlannedVolume;
  document: Document;
}

export interface BuildReport {
  ok: boolean;
  diagnostics: Diagnostic[];
  plan?: BuildPlan;
  workspace?: Workspace;
  rendered: RenderedDocument[];
  /** output files written, relative to the workspace */
  written: string[];
  timings: { loadMs: number; planMs: number; renderMs: number; writeMs: number };
}

/** Folder of a volume: <code>-<卷名> */
export function volumeStem(v: PlannedVolume): string {
  return safeFileName(`${v.code}-${v.title}`);
}

/** Load, plan and render everything; no file is written. */
export async function prepare(dir: string, opts: BuildOptions = {}): Promise<BuildReport> {
  const t0 = performance.now();
  const { workspace, diagnostics } = await loadWorkspace(dir);
  const t1 = performance.now();
  const report: BuildReport = { ok: false, diagnostics, rendered: [], written: [], timings: { loadMs: t1 - t0, planMs: 0, renderMs: 0, writeMs: 0 } };
  if (!workspace) return report;
  report.workspace = workspace;
  if (opts.volumes?.length) {
    const codes = workspace.catalog.volumes.map((v) => v.code);
    for (const c of opts.volumes)
      if (!codes.includes(c)) diagnostics.push({ severity: 'error', code: 'volume-unknown', file: workspace.catalogFile, message: `目录中没有代码为“${c}”的案卷`, hint: `可用的卷代码：${codes.join('、')}。` });
  }
  const { plan, diagnostics: planDiags } = planBuild(workspace, opts.volumes);
  diagnostics.push(...planDiags);
  const t2 = performance.now();
  report.plan = plan;
  report.timings.planMs = t2 - t1;
  const renderer = new Renderer(workspace);
  const jobs = plan.volumes.flatMap((v) => v.documents.flatMap((d) => (d.kind === 'attachment' ? [] : [{ d, v }])));
  let done = 0;
  for (const { d, v } of jobs) {
    const r = renderer.render(d);
    diagnostics.push(...r.diagnostics);
    if (r.document) report.rendered.push({ planned: d, volume: v, document: r.document });
    opts.onProgress?.(++done, jobs.length, d.title);
  }
  report.timings.renderMs = performance.now() - t2;
  report.ok = !diagnostics.some((d) => d.severity === 'error');
  return report;
}

/** dossier build */
export async function build(dir: string, opts: BuildOptions = {}): Promise<BuildReport> {
  const report = await prepare(dir, opts);
  const ws = report.workspace;
  if (!report.ok || !ws || !report.plan) return report;
  const t = performance.now();
  const outDir = path.join(ws.dir, 'out', String(ws.config.year));
  const files: { path: string; data: Uint8Array | string }[] = [];
  for (const r of report.rendered) {
    if (opts.model !== false) files.push({ path: path.join(outDir, '.model', volumeStem(r.volume), `${r.planned.fileStem}.json`), data: dumpModel(r.document) });
  }
  const missing = missingReport(report.plan);
  files.push({ path: path.join(outDir, '缺件清单.md'), data: missing.markdown });
  files.push({ path: path.join(outDir, '缺件清单.html'), data: missing.html });
  for (const f of files) {
    writeAtomic(f.path, f.data);
    report.written.push(path.relative(ws.dir, f.path).split(path.sep).join('/'));
  }
  report.timings.writeMs = performance.now() - t;
  return report;
}
