//! The build's threads for layout and writing: worker threads (`--jobs N` means the main thread plus
//! N − 1 workers) and the main thread when it has nothing else to do. Jobs are handed out as they come
//! — rendering streams documents in while the workers write the earlier ones — and results come back
//! keyed by job, so output bytes never depend on the thread count. Workers start only when the build has
//! enough to write to pay for their start (`warmUp`); with little work none is started.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { shareFontFiles } from '../fonts/face.js';
import type { FontSet } from '../fonts/resolve.js';
import { traceDetail, tracing } from '../util/trace.js';
import { builtinWorker } from '../util/builtin-files.js';
import type { AssembleEnv } from '../bind/assemble.js';
import type { FontConfig, Job, JobResult } from './jobs.js';

/**
 * Less work than this (documents to write, plus the documents of the volumes to bind again) is done
 * sooner on the main thread alone: a fresh worker runs cold code for its first second, and on a 2-core
 * machine it takes the core V8 uses for compiling and collecting garbage. See docs/notes/issue-16.md
 * for the measurements behind this and `defaultJobs`.
 */
export const MIN_WORK_FOR_WORKERS = 300;

/** Threads in all by default: one per core. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

type Reply = ({ ok: true; result: JobResult } | { ok: false; id: string; error: string }) & { seq: number };

/**
 * Jobs a worker holds at once: the one it runs and the next, so that it never waits for the main thread
 * (busy rendering a volume) to hand it more work. The worker runs them one after the other.
 */
const JOBS_PER_WORKER = 2;

export interface PoolOptions {
  /** threads in all, the main thread included */
  jobs: number;
  /** the main thread's fonts (loaded when it first runs a job) */
  fonts: () => Promise<FontSet>;
  fontConfig: FontConfig;
  /** start workers from this much work on (default MIN_WORK_FOR_WORKERS; tests lower it) */
  minWork?: number;
}

interface Queued {
  job: Job;
  resolve: (r: JobResult) => void;
  reject: (e: Error) => void;
}

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

export class JobPool {
  /** set by a caller that builds several units with one pool: work still to come after this build */
  remaining = 1;

  /** free job slots of the workers (each worker JOBS_PER_WORKER times) */
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly replies = new Map<Worker, Map<number, (reply: Reply) => void>>();
  private seq = 0;
  private readonly queue: Queued[] = [];
  private inFlight = 0;
  private mainEnv: Promise<AssembleEnv> | undefined;
  private failure: Error | undefined;
  private waiters: (() => void)[] = [];

  constructor(private readonly opts: PoolOptions) {}

  /** Starts the workers now if `work` makes them worth it; they load while the caller goes on. */
  warmUp(work: number): void {
    if (this.all.length || this.opts.jobs <= 1 || work * Math.max(1, this.remaining) < (this.opts.minWork ?? MIN_WORK_FOR_WORKERS)) return;
    // the compiled worker file, or (inside dossier.exe) its code
    const src = builtinWorker();
    if (!src) return;
    // the font files the main thread read, and those any thread reads later, are read once, not per thread
    const workerData = { fonts: this.opts.fontConfig, fontFiles: shareFontFiles() };
    for (let i = 0; i < this.opts.jobs - 1; i++) {
      const w = 'code' in src ? new Worker(src.code, { eval: true, workerData }) : new Worker(src.file, { workerData });
      w.on('error', (e) => this.fail(e));
      const pending = new Map<number, (reply: Reply) => void>();
      this.replies.set(w, pending);
      w.on('message', (reply: Reply) => {
        const handle = pending.get(reply.seq);
        pending.delete(reply.seq);
        handle?.(reply);
      });
      this.all.push(w);
      for (let k = 0; k < JOBS_PER_WORKER; k++) this.idle.push(w);
    }
    if (tracing) traceDetail(`pool: ${this.all.length} worker(s) started`);
  }

  get workers(): number {
    return this.all.length;
  }

  /** Jobs waiting for a thread. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Hands a job to a free worker, or queues it for the next free thread. */
  submit(job: Job): Promise<JobResult> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<JobResult>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
      this.notify();
    });
  }

  private dispatch(): void {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop() as Worker;
      const q = this.queue.shift() as Queued;
      this.inFlight++;
      const sentAt = performance.now();
      const seq = ++this.seq;
      const onMessage = (reply: Reply) => {
        this.inFlight--;
        this.idle.push(w);
        this.notify();
        if (reply.ok) {
          if (tracing) traceDetail(`worker: ${reply.result.kind} ${reply.result.id} ${(performance.now() - sentAt).toFixed(0)} ms`);
          q.resolve(reply.result);
        } else {
          const e = new Error(`worker failed on ${reply.id}: ${reply.error}`);
          this.fail(e);
          q.reject(e);
        }
        this.dispatch();
      };
      this.replies.get(w)?.set(seq, onMessage);
      w.postMessage({ seq, job: q.job });
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const q of this.queue.splice(0)) q.reject(e);
    this.notify();
  }

  /** Wakes whoever waits for a job to be queued or finished. */
  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  private changed(): Promise<void> {
    return new Promise((r) => this.waiters.push(r));
  }

  /** Runs one queued job on the main thread (false when none is queued). */
  private async runOne(): Promise<boolean> {
    const q = this.queue.shift();
    if (!q) return false;
    this.mainEnv ??= (async () => {
      const [{ jobEnv }, fonts] = await Promise.all([import('./jobs.js'), this.opts.fonts()]);
      return jobEnv(fonts);
    })();
    const { runJob } = await import('./jobs.js');
    const t = performance.now();
    try {
      const r = await runJob(q.job, await this.mainEnv);
      if (tracing) traceDetail(`main: ${r.kind} ${r.id} ${(performance.now() - t).toFixed(0)} ms`);
      q.resolve(r);
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      this.fail(err);
      q.reject(err);
    }
    if (this.all.length) await yieldToEvents(); // let the workers' replies in, so they get their next job
    return true;
  }

  /** The main thread works through the queue until at most `limit` jobs wait (keeps memory bounded). */
  async helpUntil(limit: number): Promise<void> {
    while (this.queue.length > limit && !this.failure) await this.runOne();
  }

  /** The main thread runs queued jobs until `p` settles (jobs queued meanwhile included). */
  async runUntil(p: Promise<unknown>): Promise<void> {
    let settled = false;
    const done = p.then(
      () => (settled = true),
      () => (settled = true),
    );
    while (!settled && !this.failure) {
      if (!(await this.runOne())) await Promise.race([done, this.changed()]);
    }
    await p;
  }

  /** Everything queued so far done (the main thread helping). */
  async drain(): Promise<void> {
    while (!this.failure && (this.queue.length || this.inFlight)) {
      if (!(await this.runOne())) await this.changed();
    }
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    const ws = this.all.splice(0);
    this.idle.length = 0;
    await Promise.all(ws.map((w) => w.terminate()));
  }
}
