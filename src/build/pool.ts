//! A small pool of worker threads for layout and writing: one per core by default (`--jobs N`).
//! Results come back keyed by document, so output order and bytes never depend on the worker count.
//! Runs in-process when there is little work, one job, or no compiled worker (tests on TS sources).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FontSet } from '../fonts/resolve.js';
import { builtinRoot } from '../workspace/paths.js';
import { writeDocument, type FontConfig, type WriteJob, type WriteResult } from './render-job.js';

/** Fewer fresh documents than this are not worth starting workers for (a worker takes ~1 s to load its modules and fonts). */
export const MIN_DOCS_FOR_WORKERS = 60;

/** The compiled worker: the esbuild bundle when built (starts ~150 ms sooner), else tsc's output. */
function workerFile(): string | undefined {
  for (const f of [path.join(builtinRoot(), 'dist', 'bundle', 'worker.mjs'), path.join(builtinRoot(), 'dist', 'src', 'build', 'worker.js')]) if (existsSync(f)) return f;
  return undefined;
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

type Reply = { ok: true; result: WriteResult } | { ok: false; id: string; error: string };

export interface PoolOptions {
  jobs: number;
  fonts: FontSet | undefined;
  fontConfig: FontConfig | undefined;
  minDocs?: number;
}

/**
 * 线程池: started on the first batch that is worth it and kept for the rest of the build, so the
 * documents and then the bound volumes share one start-up (~1 s of module and font loading per worker).
 */
export class WritePool {
  private workers: Worker[] | undefined;

  constructor(private readonly opts: PoolOptions) {}

  async run(jobs: readonly WriteJob[]): Promise<Map<string, WriteResult>> {
    const results = new Map<string, WriteResult>();
    const file = workerFile();
    const n = Math.min(this.opts.jobs, jobs.length);
    if (n <= 1 || jobs.length < (this.opts.minDocs ?? MIN_DOCS_FOR_WORKERS) || !file) {
      for (const j of jobs) results.set(j.id, await writeDocument(j, this.opts.fonts));
      return results;
    }
    this.workers ??= Array.from({ length: Math.max(1, this.opts.jobs) }, () => new Worker(file, { workerData: { fonts: this.opts.fontConfig } }));
    const queue = [...jobs];
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const onMessage = (reply: Reply) => {
              if (!reply.ok) return done(new Error(`worker failed on ${reply.id}: ${reply.error}`));
              const r = reply.result;
              for (const k of Object.keys(r.outputs) as (keyof typeof r.outputs)[]) {
                const b = r.outputs[k];
                if (b) r.outputs[k] = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
              }
              results.set(r.id, r);
              next();
            };
            const done = (e?: Error) => {
              w.off('message', onMessage);
              w.off('error', done);
              if (e) reject(e);
              else resolve();
            };
            const next = () => {
              const job = queue.shift();
              if (!job) return done();
              w.postMessage(job);
            };
            w.on('message', onMessage);
            w.on('error', done);
            next();
          }),
      ),
    );
    return results;
  }

  async close(): Promise<void> {
    const ws = this.workers ?? [];
    this.workers = undefined;
    await Promise.all(ws.map((w) => w.terminate()));
  }
}

/** One batch through a pool of its own. */
export async function runWriteJobs(jobs: readonly WriteJob[], opts: PoolOptions): Promise<Map<string, WriteResult>> {
  const pool = new WritePool(opts);
  try {
    return await pool.run(jobs);
  } finally {
    await pool.close();
  }
}
