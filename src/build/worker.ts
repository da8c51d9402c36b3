//! Worker thread of the pool: loads fonts once, then lays out and writes the documents it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import type { FontSet } from '../fonts/resolve.js';
import { fontsFor, writeDocument, type FontConfig, type WriteJob } from './render-job.js';

const config = workerData as { fonts?: FontConfig };
let fonts: Promise<FontSet> | undefined;

parentPort?.on('message', (job: WriteJob) => {
  void (async () => {
    try {
      fonts ??= config.fonts ? fontsFor(config.fonts) : undefined;
      const result = await writeDocument(job, fonts ? await fonts : undefined);
      const transfer = Object.values(result.outputs).map((b) => b.buffer as ArrayBuffer);
      parentPort?.postMessage({ ok: true, result }, transfer);
    } catch (e) {
      parentPort?.postMessage({ ok: false, id: job.id, error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) });
    }
  })();
});
