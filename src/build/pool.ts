//! The build's threads for layout and writing: the main thread plus `jobs − 1` worker threads
//! (`--jobs N`, default one per core). Every batch is shared out job by job, largest first, and
//! results come back keyed by job id, so output order and bytes never depend on the thread count.
//! Workers are started as soon as the build knows there is enough work (`warmUp`), so they load their
//! modules and fonts while the main thread is still rendering; with little work none is started.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FontSet } from '../fonts/resolve.js';
import { tracing, traceDetail } from '../util/trace.js';
import { builtinWorker } from '../util/builtin-files.js';
import { writeDocument, type FontConfig, type WriteJob, type WriteResult } from './render-job.js';

/**
 * Less work than this (documents to write, plus the documents of the volumes to rebind) is done faster
 * on the main thread alone: a fresh worker runs cold (unoptimised) code for its first second, and on a
 * 2-core machine it takes the core V8 uses for compiling and collecting garbage. Measured: a template
 * edit (74) and a row edit (175) were 10–15 % slower with a worker; a cold township build 28 % faster.
 */
export const MIN_WORK_FOR_WORKERS = 300;

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

type Reply = { ok: true; result: WriteResult } | { ok: false; id: string; error: string };

export interface PoolOptions {
  /** threads in all, the main thread included */
  jobs: number;
  fonts: FontSet | undefined;
  fontConfig: FontConfig | undefined;
  /** start workers from this much work on (default MIN_WORK_FOR_WORKERS; tests lower it) */
  minWork?: number;
}

/** Rough cost of a job, to hand out the largest first (a bound volume before a one-page letter). */
function weight(j: WriteJob): number {
  const pages = j.paged?.pages.length ?? (j.document ? j.document.blocks.length / 8 : 1);
  return pages * j.formats.length;
}

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

export class WritePool {
  private workers: Worker[] = [];

  constructor(private readonly opts: PoolOptions) {}

  /** Start the workers now if `work` (documents to write) makes them worth it; they load while the caller goes on. */
  warmUp(work: number): void {
    if (this.workers.length || this.opts.jobs <= 1 || work < (this.opts.minWork ?? MIN_WORK_FOR_WORKERS)) return;
    // the compiled worker file, or (inside dossier.exe) its code
    const src = builtinWorker();
    if (!src) return;
    const workerData = { fonts: this.opts.fontConfig };
    this.workers = Array.from({ length: this.opts.jobs - 1 }, () => ('code' in src ? new Worker(src.code, { eval: true, workerData }) : new Worker(src.file, { workerData })));
  }

  /** Lay out and write `jobs` on the main thread and the workers (if started), largest first. */
  async run(jobs: readonly WriteJob[]): Promise<Map<string, WriteResult>> {
    const results = new Map<string, WriteResult>();
    const queue = [...jobs].sort((a, b) => weight(b) - weight(a));
    const failures: Error[] = [];
    const onWorker = (w: Worker) =>
      new Promise<void>((resolve) => {
        const finish = (e?: Error) => {
          w.off('message', onMessage);
          w.off('error', finish);
          if (e) failures.push(e);
          resolve();
        };
        const onMessage = (reply: Reply) => {
          if (!reply.ok) return finish(new Error(`worker failed on ${reply.id}: ${reply.error}`));
          const r = reply.result;
          for (const k of Object.keys(r.outputs) as (keyof typeof r.outputs)[]) {
            const b = r.outputs[k];
            if (b) r.outputs[k] = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
          }
          results.set(r.id, r);
          if (tracing) traceDetail(`worker: ${r.id} ${(performance.now() - sentAt).toFixed(0)} ms`);
          next();
        };
        let sentAt = 0;
        const next = () => {
          const job = failures.length ? undefined : queue.shift();
          if (!job) return finish();
          sentAt = performance.now();
          w.postMessage(job);
        };
        w.on('message', onMessage);
        w.on('error', finish);
        next();
      });
    const onMain = async () => {
      for (let job = queue.shift(); job; job = failures.length ? undefined : queue.shift()) {
        const t = performance.now();
        results.set(job.id, await writeDocument(job, this.opts.fonts));
        if (tracing) traceDetail(`main: ${job.id} ${(performance.now() - t).toFixed(0)} ms`);
        if (this.workers.length) await yieldToEvents(); // let the workers' replies in, so they are handed their next job
      }
    };
    await Promise.all([...this.workers.map(onWorker), onMain()]);
    if (failures.length) throw failures[0];
    return results;
  }

  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = [];
    await Promise.all(ws.map((w) => w.terminate()));
  }
}
