//! The heap's budget: how far V8 lets the heap grow past what is live before it collects in full.
//! V8 sizes that by a factor of the live size (up to 4× when the process may have a large heap, as on
//! any PC with 8 GB or more), so peak memory was four times whatever a build keeps — and a build keeps
//! a little per document (its manifest entry, its state) — which made a cold build's peak grow with the
//! number of documents (8× township: a 110 MB live heap in a 430 MB one). Here, once the live heap is
//! past V8_ALONE_BELOW, the heap grows only HEAP_SLACK past it: a township runs exactly as V8 likes (its
//! live heap stays below that), a larger workspace pays a few more full collections for a heap near its
//! live size (measured: no slower at 8×).
//!
//! V8's `--heap-growing-percent` is read each time a full collection sets the next limit, so it can be
//! changed while running; it is process-wide (the worker threads follow the main thread's setting).
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { isMainThread } from 'node:worker_threads';
import { traceDetail } from './trace.js';

/** How far past the live size the heap may grow before a full collection. */
export const HEAP_SLACK = 96 * 1048576;
/** Below this live size V8 chooses (its factor, at most 4×, keeps such a heap under 200 MB; a township's stays below). */
export const V8_ALONE_BELOW = 48 * 1048576;
/** Never less than this growth (percent of the live size): a huge live heap is not collected over and over. */
const MIN_PERCENT = 50;

let observer: PerformanceObserver | undefined;
let percent = 0;

/** The growth allowed after a full collection left `live` bytes: a percentage, or 0 for V8's own choice. */
export function growingPercent(live: number): number {
  if (live < V8_ALONE_BELOW) return 0;
  return Math.max(MIN_PERCENT, Math.round((HEAP_SLACK / live) * 100));
}

/** From now on (once per process, main thread): after each full collection, the next one comes at most HEAP_SLACK later. */
export function keepHeapNearLive(): void {
  if (observer || !isMainThread) return;
  observer = new PerformanceObserver((list) => {
    if (!list.getEntries().some((e) => (e as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) return;
    // (read a moment after the collection: a little more than what it left live)
    const live = getHeapStatistics().used_heap_size;
    const p = growingPercent(live);
    if (p === percent) return;
    percent = p;
    setFlagsFromString(`--heap-growing-percent=${p}`);
    traceDetail(`heap: ${(live / 1048576).toFixed(0)} MiB live, next full collection ${p ? `after ${p} % more` : 'when V8 chooses'}`);
  });
  observer.observe({ entryTypes: ['gc'] });
}
