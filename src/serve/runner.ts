//! Builds for the page: one at a time (a request during a build runs once more afterwards), incremental,
//! always with the year's zip (下载全部), reporting progress and the outcome to listeners.
import type { BuildOptions, BuildReport } from '../build/build.js';
import { buildAll } from '../build/units.js';
import type { Diagnostic } from '../diag/diagnostic.js';

export interface BuildStatus {
  running: boolean;
  done: number;
  total: number;
  label: string;
  /** outcome of the last finished build */
  last?: {
    ok: boolean;
    at: string;
    seconds: number;
    rebuilt: number;
    reused: number;
    written: number;
    errors: number;
    warnings: number;
    /** one Chinese line for the status bar */
    text: string;
  };
}

/**
 * A workspace and its units (villages:), as one report for the page: the workspace's own build, with every
 * unit's messages marked 【村名】 (the unit's page shows those, the workspace's page the others).
 */
export async function buildWithUnits(dir: string, opts: BuildOptions = {}): Promise<BuildReport> {
  const r = await buildAll(dir, opts);
  const marked = r.units.flatMap((u) => u.diagnostics.map((d) => ({ ...d, message: `【${u.path.join('/')}】${d.message}` })));
  const top: BuildReport = r.top ?? { ok: r.ok, diagnostics: [], rendered: [], documents: [], written: [], pages: {}, summary: { rebuilt: [], reused: 0, removed: [] }, timings: { loadMs: 0, planMs: 0, renderMs: 0, layoutMs: 0, writeMs: 0 } };
  const units = r.units.filter((u) => u.built);
  return {
    ...top,
    ok: r.ok,
    diagnostics: [...r.diagnostics, ...marked, ...top.diagnostics],
    written: [...units.flatMap((u) => u.written), ...top.written],
    summary: { rebuilt: [...units.flatMap((u) => u.rebuilt), ...top.summary.rebuilt], reused: units.reduce((n, u) => n + u.reused, top.summary.reused), removed: [...units.flatMap((u) => u.removed), ...top.summary.removed] },
  };
}

export type RunnerEvent = { type: 'progress'; status: BuildStatus } | { type: 'finished'; status: BuildStatus; report?: BuildReport };

export class BuildRunner {
  readonly status: BuildStatus = { running: false, done: 0, total: 0, label: '' };
  /** diagnostics of the last finished build */
  diagnostics: Diagnostic[] = [];
  private again = false;
  private current: Promise<void> | undefined;
  private lastProgress = 0;

  constructor(
    private readonly dir: string,
    private readonly emit: (e: RunnerEvent) => void,
    private readonly buildFn: typeof buildWithUnits = buildWithUnits,
  ) {}

  /** Starts a build, or asks for one more after the running one. Resolves when no build is left to run. */
  request(): Promise<void> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = this.loop().finally(() => {
      this.current = undefined;
    });
    return this.current;
  }

  /** Resolves when the running build (and any requested after it) has finished. */
  idle(): Promise<void> {
    return this.current ?? Promise.resolve();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.once();
    } while (this.again);
  }

  private async once(): Promise<void> {
    const t0 = performance.now();
    Object.assign(this.status, { running: true, done: 0, total: 0, label: '正在读取工作区' });
    this.emit({ type: 'progress', status: this.status });
    let report: BuildReport | undefined;
    try {
      report = await this.buildFn(this.dir, {
        zip: true,
        keepModels: false,
        onWait: (message) => {
          Object.assign(this.status, { label: message });
          this.emit({ type: 'progress', status: this.status });
        },
        onProgress: (done, total, label) => {
          Object.assign(this.status, { done, total, label });
          const now = performance.now();
          if (done === total || now - this.lastProgress > 100) {
            this.lastProgress = now;
            this.emit({ type: 'progress', status: this.status });
          }
        },
      });
      this.diagnostics = report.diagnostics;
    } catch (e) {
      this.diagnostics = [{ severity: 'error', code: 'internal', message: `程序内部出错：${e instanceof Error ? e.message : String(e)}`, hint: '这是程序的缺陷，请把这条信息发给维护人员。' }];
    }
    const seconds = (performance.now() - t0) / 1000;
    const errors = this.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = this.diagnostics.length - errors;
    const ok = report?.ok === true;
    const rebuilt = report?.summary.rebuilt.length ?? 0;
    const reused = report?.summary.reused ?? 0;
    const written = report?.written.length ?? 0;
    // a failed volume does not stop the others: say what was written, never “nothing” when something was
    const text = ok
      ? `已生成：重新生成 ${rebuilt} 份，沿用 ${reused} 份，写出 ${written} 个文件，用时 ${seconds.toFixed(1)} 秒${warnings ? `；${warnings} 条提示` : ''}。`
      : written > 0
        ? `部分生成：${errors} 个错误，出错的案卷没有装订；其余已生成，写出 ${written} 个文件。错误已标在相关材料旁。`
        : `生成失败：${errors} 个错误，未写出任何文件，上次的结果保持不变。错误已标在相关材料旁。`;
    this.status.running = false;
    this.status.label = '';
    this.status.last = { ok, at: new Date().toISOString(), seconds, rebuilt, reused, written, errors, warnings, text };
    this.emit({ type: 'finished', status: this.status, ...(report ? { report } : {}) });
  }
}
