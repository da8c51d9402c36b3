//! dossier build [dir]: build with a progress bar, print problems grouped by file. A workspace with units
//! (villages:) builds every unit, then itself; the bar names the unit, and each unit gets a line.
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { BuildOptions, BuildReport } from '../../build/build.js';
import { buildAll, type UnitOutcome, type UnitsOptions } from '../../build/units.js';
import { watchWorkspace } from '../../build/watch.js';
import { OutputFormat } from '../../schema/dossier.js';
import { UsageError } from '../usage-error.js';
import { MSG } from '../messages.js';
import { printDiagnostics } from '../print.js';

export interface BuildFlags {
  format?: string;
  volume?: string;
  force: boolean;
  watch: boolean;
  zip: boolean;
  model: boolean;
  explain?: boolean;
  jobs?: string;
  only?: string;
}

function splitList(s: string | undefined): string[] | undefined {
  return s === undefined ? undefined : s.split(/[,，]/).map((x) => x.trim()).filter(Boolean);
}

export async function runBuild(dir: string, flags: BuildFlags): Promise<number> {
  const formats = splitList(flags.format)?.map((f) => {
    const r = OutputFormat.safeParse(f.toLowerCase());
    if (!r.success) throw new UsageError(MSG.unknownFormat(f));
    return r.data;
  });
  const volumes = splitList(flags.volume);
  const jobs = flags.jobs === undefined ? undefined : Number(flags.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)) throw new UsageError(MSG.badJobs(String(flags.jobs)));
  const only = splitList(flags.only);
  const options: UnitsOptions = { ...(formats ? { formats } : {}), ...(volumes ? { volumes } : {}), force: flags.force, model: flags.model, ...(jobs ? { jobs } : {}), zip: flags.zip, ...(only?.length ? { only } : {}) };
  const code = await buildOnce(dir, options, flags, true);
  if (!flags.watch) return code;
  return watchAndRebuild(dir, { ...options, force: false }, flags);
}

/** --watch: rebuild (incrementally) whenever an input changes, one build at a time, until Ctrl+C. */
function watchAndRebuild(dir: string, options: UnitsOptions, flags: BuildFlags): Promise<number> {
  let running = false;
  let again = false;
  const run = async (changed: string[]) => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    process.stdout.write(`${MSG.watchChanged(changed)}\n`);
    await buildOnce(dir, options, flags, false);
    running = false;
    if (again) {
      again = false;
      await run([]);
    }
  };
  const watcher = watchWorkspace(path.resolve(dir), (changed) => void run(changed));
  process.stdout.write(`${MSG.watchStart}\n`);
  return new Promise((resolve) => {
    process.once('SIGINT', () => {
      watcher.close();
      resolve(0);
    });
  });
}

async function buildOnce(dir: string, options: UnitsOptions, flags: BuildFlags, printFonts: boolean): Promise<number> {
  const t0 = performance.now();
  const tty = process.stderr.isTTY === true;
  const bar = tty ? new cliProgress.SingleBar({ format: `${MSG.rendering} [{bar}] {value}/{total} {label}`, hideCursor: true, clearOnComplete: true }, cliProgress.Presets.shades_classic) : undefined;
  let started = false;
  const result = await buildAll(dir, {
    ...options,
    keepModels: false,
    onWait: (message) => process.stderr.write(`${message}\n`),
    onUnit: (u) => {
      if (started) {
        bar?.stop();
        started = false;
      }
      process.stderr.write(`${MSG.unitStart(u.path.length ? u.path.join('/') : u.name, u.index, u.total)}\n`);
    },
    onProgress: (done, total, label) => {
      if (!bar) return;
      if (!started) {
        bar.start(total, 0, { label: '' });
        started = true;
      }
      bar.update(done, { label });
    },
  });
  if (started) bar?.stop();
  if (result.fonts && printFonts) {
    process.stdout.write(`${MSG.fontsUsed}\n${result.fonts.lines.map((l) => `  ${l}`).join('\n')}\n`);
    for (const w of result.fonts.warnings) process.stderr.write(`警告 ${w}\n`);
  }
  printDiagnostics(result.diagnostics);
  // each unit: its problems under its name, then one line
  for (const u of result.units) {
    if (u.diagnostics.length) {
      process.stderr.write(`${MSG.unitHeading(u.path.join('/'))}\n`);
      printDiagnostics(u.diagnostics);
    }
  }
  for (const u of result.units) {
    if (!u.built) continue;
    process.stdout.write(`${unitLine(u)}\n`);
    if (flags.explain) for (const r of u.rebuilt) process.stdout.write(`  ${r.id}：${r.reason}\n`);
  }
  const kept = result.units.filter((u) => !u.built);
  if (kept.length) process.stdout.write(`${MSG.unitsKept(kept.map((u) => u.path.join('/')))}\n`);
  const report = result.top;
  if (!report) {
    // a problem that stopped the run (an unknown --only name, the units' table): no 完成 line after it
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors) {
      // (units built before the problem was found have their own lines above)
      if (!result.units.some((u) => u.built && u.written.length)) process.stderr.write(`${MSG.failed(errors)}\n`);
      return 1;
    }
    process.stdout.write(`${MSG.unitsDone(result.units.filter((u) => u.built).length, performance.now() - t0)}\n`);
    return result.ok ? 0 : 1;
  }
  if (result.units.length) process.stdout.write(`${MSG.unitHeading(report.workspace?.unit.name ?? MSG.unitSelf)}\n`);
  return reportTop(report, flags, t0, result.ok);
}

function unitLine(u: UnitOutcome): string {
  const name = u.path.join('/');
  if (!u.ok) return MSG.unitFailed(name, u.diagnostics.filter((d) => d.severity === 'error').length);
  const missing = u.summary ? u.summary.missing + u.summary.partial : 0;
  return MSG.unitBuilt(name, u.documents, u.rebuilt.length, u.written.length, missing);
}

function reportTop(report: BuildReport, flags: BuildFlags, t0: number, allOk: boolean): number {
  printDiagnostics(report.diagnostics);
  if (!report.ok) {
    const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
    process.stderr.write(`${report.unrestored ? MSG.commitHalf(errors, report.unrestored) : report.written.length ? MSG.partlyFailed(errors, report.written.length) : MSG.failed(errors)}\n`);
    return 1;
  }
  const ws = report.workspace;
  const { rebuilt, reused, removed } = report.summary;
  process.stdout.write(`${MSG.built(report.documents.length, report.written.length, performance.now() - t0)}\n`);
  process.stdout.write(`${MSG.incremental(rebuilt.length, reused, removed.length)}\n`);
  const reasons = new Map<string, number>();
  for (const r of rebuilt) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
  if (flags.explain) for (const r of rebuilt) process.stdout.write(`  ${r.id}：${r.reason}\n`);
  else for (const [reason, n] of reasons) if (reason) process.stdout.write(`  ${reason}：${n} 份\n`);
  if (flags.explain) for (const r of removed) process.stdout.write(`  删除 ${r}\n`);
  if (ws) process.stdout.write(`${MSG.outDir(path.join(ws.dir, 'out', String(ws.config.year)))}\n`);
  const missing = report.plan?.missing.length ?? 0;
  process.stdout.write(`${missing ? MSG.missing(missing) : MSG.complete}\n`);
  return allOk ? 0 : 1;
}

export type { BuildOptions };
