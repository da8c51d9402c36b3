//! Phase timings for profiling builds: `DOSSIER_TRACE=1 dossier build` prints each phase's
//! milliseconds since the process started to stderr (and the pool's per-job times). Off (and free) otherwise.
export const tracing = Boolean(process.env['DOSSIER_TRACE']);
let last = 0;

export function trace(label: string): void {
  if (!tracing) return;
  const now = performance.now();
  const m = process.memoryUsage();
  const mb = (n: number) => (n / 1048576).toFixed(0).padStart(4);
  process.stderr.write(`[trace] ${now.toFixed(0).padStart(6)} ms  +${(now - last).toFixed(0).padStart(5)}  rss ${mb(m.rss)} MiB heap ${mb(m.heapUsed)} ext ${mb(m.external)} MiB  ${label}\n`);
  last = now;
}

/** One line of detail (no phase timing). */
export function traceDetail(label: string): void {
  if (tracing) process.stderr.write(`[trace]            ${label}\n`);
}

let startupTold = false;

/**
 * Once per process: how long the start took before the build began — Node's own start, then our code
 * loaded (performance.timeOrigin is the process start).
 */
export function traceStartup(): void {
  if (!tracing || startupTold) return;
  startupTold = true;
  const nodeReady = performance.nodeTiming.bootstrapComplete;
  process.stderr.write(`[trace] start-up: ${performance.now().toFixed(0)} ms to the build (Node ready at ${nodeReady.toFixed(0)} ms, then loading the program)\n`);
}
