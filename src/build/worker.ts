//! Worker thread of the pool: loads fonts once, then runs the jobs it is sent (jobs.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { shareFontFiles } from '../fonts/face.js';
import { loadFonts } from '../fonts/resolve.js';
import type { AssembleEnv } from '../bind/assemble.js';
import { jobEnv, runJob, type FontConfig, type Job } from './jobs.js';

const config = workerData as { fonts: FontConfig; fontFiles: ReadonlyMap<string, SharedArrayBuffer> };
// font files are read once for all the build's threads
shareFontFiles(config.fontFiles);
let env: Promise<AssembleEnv> | undefined;

// jobs are run one after the other, in the order they came (the pool sends the next before this one is done)
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', ({ seq, job }: { seq: number; job: Job }) => {
  queue = queue.then(async () => {
    try {
      env ??= loadFonts({ overrides: config.fonts.overrides, baseDir: config.fonts.baseDir }).then((fonts) => jobEnv(fonts));
      const result = await runJob(job, await env);
      parentPort?.postMessage({ seq, ok: true, result });
    } catch (e) {
      parentPort?.postMessage({ seq, ok: false, id: job.id, error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) });
    }
  });
});
