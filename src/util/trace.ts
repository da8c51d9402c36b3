//! Phase timings for profiling builds: `DOSSIER_TRACE=1 dossier build` prints each phase's
//! milliseconds since the process started to stderr. Off (and free) otherwise.
const on = Boolean(process.env['DOSSIER_TRACE']);
let last = 0;

export function trace(label: string): void {
  if (!on) return;
  const now = performance.now();
  process.stderr.write(`[trace] ${now.toFixed(0).padStart(6)} ms  +${(now - last).toFixed(0).padStart(5)}  ${label}\n`);
  last = now;
}
