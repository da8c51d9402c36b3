//! The heap's budget: how far V8 lets the heap grow past what is live before it collects in full.
//! V8 sizes that by a factor of the live size (up to 4× when the process may have a large heap, as on
//! any PC with 8 GB or more), so peak memory was four times whatever a build keeps — and a build keeps
//! a little per document (its manifest entry, its state) — which made a cold build's peak grow with the
//! number of documents (8× township: a 110 MB live heap in a 430 MB one). Here the growth is held to
//! HEAP_SLACK bytes past the live size instead, once that is less than V8's own factor allows: a small
//! workspace runs exactly as V8 likes (a township's live heap stays under the point where this starts),
//! a large one pays a few more full collections for a heap near its live size.
//!
//! V8's `--heap-growing-percent` is read each time a full collection sets the next limit, so it can be
//! changed while running; it is process-wide (the worker threads follow the main thread's setting).
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { isMainThread } from 'node:worker_threads';
import { traceDetail } from './trace.js';

/** How far past the live size the heap may grow before a full collection. */
export const HEAP_SLACK = 128 * 1048576;
/** Never less than this growth (percent of the live size): a huge live heap is not collected over and over. */
const MIN_PERCENT = 50;
/** V8's own largest growing factor (heap-controller.cc kHighFactor): below HEAP_SLACK / (this − 1) live, V8 is left alone. */
const V8_MAX_FACTOR = 4;

let observer: PerformanceObserver | undefined;
let percent = 0;

/** The growth allowed after a full collection left `live` bytes: a percentage, or 0 for V8's own choice. */
export function growingPercent(live: number): number {
  if (live * (V8_MAX_FACTOR - 1) <= HEAP_SLACK) return 0;
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
