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

function workerFile(): string | undefined {
  const f = path.join(builtinRoot(), 'dist', 'src', 'build', 'worker.js');
  return existsSync(f) ? f : undefined;
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

type Reply = { ok: true; result: WriteResult } | { ok: false; id: string; error: string };

export async function runWriteJobs(
  jobs: readonly WriteJob[],
  opts: { jobs: number; fonts: FontSet | undefined; fontConfig: FontConfig | undefined; minDocs?: number },
): Promise<Map<string, WriteResult>> {
  const results = new Map<string, WriteResult>();
  const file = workerFile();
  const n = Math.min(opts.jobs, jobs.length);
  if (n <= 1 || jobs.length < (opts.minDocs ?? MIN_DOCS_FOR_WORKERS) || !file) {
    for (const j of jobs) results.set(j.id, await writeDocument(j, opts.fonts));
    return results;
  }
  const queue = [...jobs];
  const workers = Array.from({ length: n }, () => new Worker(file, { workerData: { fonts: opts.fontConfig } }));
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const job = queue.shift();
              if (!job) return resolve();
              w.postMessage(job);
            };
            w.on('message', (reply: Reply) => {
              if (!reply.ok) return reject(new Error(`worker failed on ${reply.id}: ${reply.error}`));
              const r = reply.result;
              for (const k of Object.keys(r.outputs) as (keyof typeof r.outputs)[]) {
                const b = r.outputs[k];
                if (b) r.outputs[k] = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
              }
              results.set(r.id, r);
              next();
            });
            w.on('error', reject);
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
