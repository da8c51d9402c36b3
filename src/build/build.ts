//! build / check: load → plan → render every document → (writers) → commit outputs atomically.
//! Nothing is written unless the whole workspace is free of errors, so a bad edit never damages
//! the outputs of the last good build.
import path from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import { loadFonts, type FontReport, type FontSet } from '../fonts/resolve.js';
import { layoutDocument, needsLayout, WRITERS, type WriterName } from '../generators/index.js';
import type { PagedDoc } from '../layout/types.js';
import type { Document } from '../model/types.js';
import { planBuild } from '../plan/plan.js';
import type { BuildPlan, PlannedDocument, PlannedVolume } from '../plan/types.js';
import { Renderer } from '../render/document.js';
import type { OutputFormat } from '../schema/dossier.js';
import { safeFileName } from '../util/file-names.js';
import { buildDate } from '../workspace/clock.js';
import { loadWorkspace } from '../workspace/load.js';
import type { Workspace } from '../workspace/types.js';
import { commitFiles } from './atomic.js';
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
  /** role → font file mapping, when PDF was made */
  fonts?: FontReport;
  /** pages per generated document id (PDF layout) */
  pages: Record<string, number>;
  timings: { loadMs: number; planMs: number; renderMs: number; layoutMs: number; writeMs: number };
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
  const report: BuildReport = { ok: false, diagnostics, rendered: [], written: [], pages: {}, timings: { loadMs: t1 - t0, planMs: 0, renderMs: 0, layoutMs: 0, writeMs: 0 } };
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
  const formats: WriterName[] = [...(opts.formats ?? ws.config.formats), ...(opts.model ? (['model'] as const) : [])];
  const created = buildDate(ws);
  const outDir = path.join(ws.dir, 'out', String(ws.config.year));
  const files: { path: string; data: Uint8Array | string }[] = [];

  // 1. lay out (PDF needs pages); layout warnings (missing glyphs…) join the diagnostics
  const t0 = performance.now();
  let fonts: FontSet | undefined;
  const paged = new Map<string, PagedDoc>();
  if (needsLayout(formats)) {
    fonts = await loadFonts({ overrides: ws.config.fonts ?? {}, baseDir: ws.dir });
    report.fonts = fonts.report;
    for (const r of report.rendered) {
      const p = layoutDocument(r.document, fonts);
      paged.set(r.planned.id, p);
      report.pages[r.planned.id] = p.pages.length;
      for (const w of p.warnings) {
        const d: Diagnostic = { severity: 'warning', code: `layout-${w.code}`, message: `${r.planned.fileStem}：${w.message}` };
        if (w.file) d.file = w.file;
        if (w.line !== undefined) d.line = w.line;
        report.diagnostics.push(d);
      }
    }
  }
  report.timings.layoutMs = performance.now() - t0;

  // 2. write every document in every format, in memory first
  const t1 = performance.now();
  for (const r of report.rendered) {
    const folder = path.join(outDir, volumeStem(r.volume));
    for (const f of formats) {
      const w = WRITERS[f];
      const ctx = { created, ...(fonts ? { fonts } : {}) };
      let data: Uint8Array;
      if (w.input === 'paged') {
        const p = paged.get(r.planned.id);
        if (!p) throw new Error(`bug: no layout for ${r.planned.id}`);
        data = await w.write(p, ctx);
      } else data = await w.write(r.document, ctx);
      files.push({ path: path.join(folder, `${r.planned.fileStem}${w.extension}`), data });
    }
  }
  const missing = missingReport(report.plan);
  files.push({ path: path.join(outDir, '缺件清单.md'), data: missing.markdown });
  files.push({ path: path.join(outDir, '缺件清单.html'), data: missing.html });

  // 3. commit: only now touch out/ — all files or none
  const display = (abs: string) => path.relative(ws.dir, abs).split(path.sep).join('/');
  const problems = commitFiles(files, display);
  if (problems.length) {
    report.diagnostics.push(...problems);
    report.ok = false;
  } else for (const f of files) report.written.push(display(f.path));
  report.timings.writeMs = performance.now() - t1;
  return report;
}
