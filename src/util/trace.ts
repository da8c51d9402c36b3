//! Phase timings for profiling builds: `DOSSIER_TRACE=1 dossier build` prints each phase's
//! milliseconds since the process started to stderr (and the pool's per-job times). Off (and free) otherwise.
export const tracing = Boolean(process.env['DOSSIER_TRACE']);
let last = 0;

export function trace(label: string): void {
  if (!tracing) return;
  const now = performance.now();
  process.stderr.write(`[trace] ${now.toFixed(0).padStart(6)} ms  +${(now - last).toFixed(0).padStart(5)}  ${label}\n`);
  last = now;
}

/** One line of detail (no phase timing). */
export function traceDetail(label: string): void {
  if (tracing) process.stderr.write(`[trace]            ${label}\n`);
}
