//! One build per workspace at a time: out/.dossier/build.lock holds the pid, host and start time of the
//! build that owns the workspace. A second build (another command line, or `dossier serve` rebuilding
//! after an edit) waits for it, saying who holds it, and gives up with a clear message after a while. A
//! lock left by a process that no longer runs (killed, crashed) is taken over.

import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import { explainRecordsError } from './atomic.js';

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the build started */
  started: string;
}

export function lockPath(wsDir: string): string {
  return path.join(wsDir, 'out', '.dossier', 'build.lock');
}

/** A lock older than this is stale whoever holds it (a machine that crashed while building on a share). */
const MAX_AGE_MS = 6 * 3600_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // on Linux, a pid reused by some other program is not a build
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
    return /node|dossier/i.test(cmd);
  } catch {
    return true;
  }
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.started === 'string' ? (h as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

function stale(file: string, h: LockHolder | undefined): boolean {
  if (!h) {
    // unreadable (written half by a killed build): stale once it is a few seconds old
    try {
      return Date.now() - statSync(file).mtimeMs > 5000;
    } catch {
      return true;
    }
  }
  if (Date.now() - Date.parse(h.started) > MAX_AGE_MS) return true;
  if (h.host !== hostname()) return false;
  if (h.pid === process.pid) return false;
  return !alive(h.pid);
}

/** Who holds the lock, in Chinese. */
export function describeHolder(h: LockHolder | undefined): string {
  if (!h) return '另一个生成';
  const t = new Date(h.started);
  const at = Number.isNaN(t.getTime()) ? h.started : `${String(t.getHours()).padStart(2, '0')}:${String(t.getMinutes()).padStart(2, '0')}:${String(t.getSeconds()).padStart(2, '0')}`;
  return `另一个生成（进程 ${h.pid}${h.host === hostname() ? '' : `，电脑 ${h.host}`}，${at} 开始）`;
}

/** Builds of this process, by workspace: a second one waits for the first without touching the file. */
const inProcess = new Map<string, Promise<void>>();

export interface LockOptions {
  /** how long to wait for another build (default 10 minutes) */
  waitMs?: number;
  /** told once when the build has to wait, with who holds the lock */
  onWait?: (message: string) => void;
  display: (abs: string) => string;
}

export type Acquired = { release: () => void; note?: Diagnostic } | { error: Diagnostic };

/** Takes the workspace's build lock, waiting for another build if need be. */
export async function acquireLock(wsDir: string, opts: LockOptions): Promise<Acquired> {
  const key = path.resolve(wsDir);
  const waitMs = opts.waitMs ?? 600_000;
  const deadline = Date.now() + waitMs;
  let told = false;
  const tell = (h: LockHolder | undefined): void => {
    if (told) return;
    told = true;
    opts.onWait?.(`${describeHolder(h)}正在生成这个工作区，等它结束后再开始……`);
  };
  // 1. builds of this very process, one after another
  for (let p = inProcess.get(key); p; p = inProcess.get(key)) {
    tell({ pid: process.pid, host: hostname(), started: new Date().toISOString() });
    const left = deadline - Date.now();
    if (left <= 0) return { error: busy(undefined) };
    await Promise.race([p, new Promise((r) => setTimeout(r, left))]);
  }
  let done!: () => void;
  inProcess.set(key, new Promise<void>((r) => (done = r)));
  const releaseInProcess = (): void => {
    inProcess.delete(key);
    done();
  };
  // 2. the lock file, shared with other processes (the folders made for it go again if nothing else is put there)
  const file = lockPath(wsDir);
  const made: string[] = [];
  try {
    const first = mkdirSync(path.dirname(file), { recursive: true });
    if (first) for (let d = path.dirname(file); d.length >= first.length; d = path.dirname(d)) made.push(d);
  } catch (e) {
    releaseInProcess();
    return { error: explainRecordsError(e, opts.display(path.dirname(file))) };
  }
  const me: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  let note: Diagnostic | undefined;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      try {
        writeSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        releaseInProcess();
        return { error: explainRecordsError(e, opts.display(file)) };
      }
    }
    const holder = readHolder(file);
    if (stale(file, holder)) {
      // take the stale lock over: move it aside (atomic), then check it was the stale one we moved
      const aside = `${file}.${process.pid}.stale`;
      try {
        renameSync(file, aside);
        const moved = readHolder(aside);
        rmSync(aside, { force: true });
        if (holder && moved && (moved.pid !== holder.pid || moved.started !== holder.started)) continue; // someone else's fresh lock: try again
        note = { severity: 'warning', code: 'lock-taken-over', message: `${describeHolder(holder)}没有正常结束，留下的生成锁已解除` };
      } catch {
        // another build took it over first
      }
      continue;
    }
    tell(holder);
    if (Date.now() >= deadline) {
      releaseInProcess();
      return { error: busy(holder) };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    release: () => {
      const h = readHolder(file);
      if (h && h.pid === me.pid && h.started === me.started) rmSync(file, { force: true });
      // a build that wrote nothing leaves no empty out/ behind (staging's own folder included)
      for (const d of [path.join(path.dirname(file), 'tmp'), ...made]) {
        try {
          rmdirSync(d);
        } catch {
          // not empty, or not ours
        }
      }
      releaseInProcess();
    },
    ...(note ? { note } : {}),
  };
}

function busy(h: LockHolder | undefined): Diagnostic {
  return { severity: 'error', code: 'build-locked', message: `${describeHolder(h)}正在生成这个工作区，这次没有生成`, hint: '等那次生成结束后再生成；如果确定没有别的生成在运行，删除 out/.dossier/build.lock 后重试。' };
}
