//! The commit: staged files renamed into place, outdated outputs retired, the manifest last — all or
//! nothing in effect. Before the first rename a journal (out/.dossier/commit.json) lists every step; each
//! file it replaces is first moved aside into the staging folder, so a rename that fails (a folder in
//! the way; on Windows a PDF open in WPS) rolls back what was done, and a build killed half-way is
//! finished — or, if that cannot be done, rolled back — by the next build (`recoverCommit`). Messages
//! say exactly what happened. This and staging.ts are the only code that changes files under out/.

import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import { explainWriteError } from './atomic.js';
import { Staging, stagingRoot } from './staging.js';

/** `stateDir`: the workspace's (or a unit's) out/.dossier */
export function journalPath(stateDir: string): string {
  return path.join(stateDir, 'commit.json');
}

/** What a commit does, in order: moves (the manifest's last), then removals. Absolute paths. */
export interface CommitPlan {
  moves: { tmp: string; target: string }[];
  removes: string[];
}

interface Journal {
  version: 1;
  /** workspace-relative paths */
  moves: [tmp: string, target: string, backup: string][];
  removes: [target: string, backup: string][];
}

export interface CommitResult {
  ok: boolean;
  /** files a failed commit could not restore (its journal stays; the next build repairs them) */
  unrestored: number;
  diagnostics: Diagnostic[];
  /** targets written and removed (absolute), when ok */
  written: string[];
  removed: string[];
}

/**
 * Test hook (fault injection, never set in use): DOSSIER_FAULT=kill-after-renames:N kills the process
 * after N renames of a commit; fail-rename:N makes the N-th rename fail as a locked file does on Windows;
 * kill-before-commit kills it with everything staged, before the journal.
 */
function fault(): { kind: 'kill' | 'fail'; n: number } | undefined {
  const m = /^(kill-after-renames|fail-rename):(\d+)$/.exec(process.env['DOSSIER_FAULT'] ?? '');
  if (!m) return undefined;
  return { kind: m[1] === 'fail-rename' ? 'fail' : 'kill', n: Number(m[2]) };
}

class Renamer {
  count = 0;
  private readonly f = fault();
  rename(from: string, to: string): void {
    this.count++;
    if (this.f?.kind === 'fail' && this.count === this.f.n) {
      const e = new Error(`EPERM: operation not permitted, rename '${from}' -> '${to}'`) as NodeJS.ErrnoException;
      e.code = 'EPERM';
      throw e;
    }
    renameSync(from, to);
    if (this.f?.kind === 'kill' && this.count === this.f.n) process.kill(process.pid, 'SIGKILL');
  }
}

const rel = (wsDir: string, abs: string): string => path.relative(wsDir, abs).split(path.sep).join('/');
const abs = (wsDir: string, r: string): string => path.join(wsDir, ...r.split('/'));

function writeJournal(stateDir: string, staging: Staging, j: Journal): void {
  const tmp = staging.tmpPath();
  writeFileSync(tmp, `${JSON.stringify(j)}\n`);
  renameSync(tmp, journalPath(stateDir));
}

/** Longest file name (bytes) most file systems take (a long path is fine: Node hands Windows the long form). */
const NAME_MAX = 255;

/** Why a target cannot be written, found before anything is renamed (undefined when it can). */
function preflight(target: string, display: string, created: string[]): Diagnostic | undefined {
  const tooLong = (): Diagnostic => explainWriteError(Object.assign(new Error('ENAMETOOLONG'), { code: 'ENAMETOOLONG' }), display);
  if (Buffer.byteLength(path.basename(target)) > NAME_MAX) return tooLong();
  try {
    const made = mkdirSync(path.dirname(target), { recursive: true });
    if (made) created.push(made);
  } catch (e) {
    return explainWriteError(e, display);
  }
  let st;
  try {
    st = lstatSync(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? undefined : explainWriteError(e, display);
  }
  if (st.isDirectory())
    return { severity: 'error', code: 'write-folder-in-the-way', file: display, message: '要写出的文件位置上有一个同名文件夹', hint: '把这个文件夹移走或改名（它不是本程序生成的），然后重新生成。' };
  return undefined;
}

/** Empty folders this commit created, removed again after a rollback. */
function removeCreated(created: string[]): void {
  for (const top of created.reverse()) {
    const prune = (d: string): void => {
      let names: string[];
      try {
        names = readdirSync(d);
      } catch {
        return;
      }
      for (const n of names) {
        const p = path.join(d, n);
        try {
          if (statSync(p).isDirectory()) prune(p);
        } catch {
          // gone
        }
      }
      try {
        rmdirSync(d);
      } catch {
        // not empty: something of the user's is in it
      }
    };
    prune(top);
  }
}

/**
 * Renames the staged files into place and retires `removes`, all or nothing. On failure every step
 * already taken is undone; if even that fails, the journal stays and the next build repairs it.
 */
export function commit(wsDir: string, stateDir: string, staging: Staging, plan: CommitPlan, display: (abs: string) => string): CommitResult {
  if (process.env['DOSSIER_FAULT'] === 'kill-before-commit') process.kill(process.pid, 'SIGKILL');
  const created: string[] = [];
  const result: CommitResult = { ok: false, unrestored: 0, diagnostics: [], written: [], removed: [] };
  for (const m of plan.moves) {
    const problem = preflight(m.target, display(m.target), created);
    if (problem) {
      removeCreated(created);
      result.diagnostics.push(problem);
      return result;
    }
  }
  const backupDir = path.join(staging.dir, 'old');
  mkdirSync(backupDir, { recursive: true });
  let b = 0;
  const journal: Journal = {
    version: 1,
    moves: plan.moves.map((m) => [rel(wsDir, m.tmp), rel(wsDir, m.target), rel(wsDir, path.join(backupDir, String(b++)))]),
    removes: plan.removes.map((r) => [rel(wsDir, r), rel(wsDir, path.join(backupDir, String(b++)))]),
  };
  try {
    writeJournal(stateDir, staging, journal);
  } catch (e) {
    removeCreated(created);
    const d = explainWriteError(e, display(journalPath(stateDir)));
    result.diagnostics.push({ ...d, message: `${d.message}（生成记录文件夹 out/.dossier 不能写入）；未写出任何文件，上次生成的结果保持不变` });
    return result;
  }
  const r = new Renamer();
  /** undo steps, newest last */
  const undo: (() => void)[] = [];
  let failedAt: string | undefined;
  try {
    for (const [tmpRel, targetRel, backupRel] of journal.moves) {
      const target = abs(wsDir, targetRel);
      failedAt = target;
      const backup = abs(wsDir, backupRel);
      if (existsSync(target)) {
        r.rename(target, backup);
        undo.push(() => renameSync(backup, target));
      }
      r.rename(abs(wsDir, tmpRel), target);
      undo.push(() => renameSync(target, abs(wsDir, tmpRel)));
    }
    for (const [targetRel, backupRel] of journal.removes) {
      const target = abs(wsDir, targetRel);
      failedAt = target;
      if (!existsSync(target)) continue;
      const backup = abs(wsDir, backupRel);
      r.rename(target, backup);
      undo.push(() => renameSync(backup, target));
      result.removed.push(target);
    }
  } catch (e) {
    const why = explainWriteError(e, display(failedAt ?? ''));
    let unrestored = 0;
    for (const step of undo.reverse()) {
      try {
        step();
      } catch {
        unrestored++;
      }
    }
    result.removed = [];
    result.unrestored = unrestored;
    if (unrestored === 0) {
      rmSync(journalPath(stateDir), { force: true });
      removeCreated(created);
      result.diagnostics.push({ ...why, message: `${why.message}；已撤回本次已写出的文件，out/ 中的结果和上次生成后一样` });
    } else
      result.diagnostics.push({
        ...why,
        message: `${why.message}；撤回时还有 ${unrestored} 个文件未能复原，out/ 暂时新旧混杂`,
        hint: `${why.hint ?? ''}下次生成时会先把这次中断的写出补完或复原。`,
      });
    return result;
  }
  rmSync(journalPath(stateDir), { force: true });
  result.ok = true;
  result.written = plan.moves.map((m) => m.target);
  return result;
}

/**
 * Finishes a commit that a killed build left half done (its journal is still there): the remaining
 * staged files are renamed into place; if that cannot be done, every step is undone. Returns a note for
 * the user, or undefined when there was nothing to repair.
 */
export function recoverCommit(wsDir: string, stateDir: string, display: (abs: string) => string): Diagnostic | undefined {
  const jp = journalPath(stateDir);
  if (!existsSync(jp)) return undefined;
  let j: Journal;
  try {
    j = JSON.parse(readFileSync(jp, 'utf8')) as Journal;
    if (j.version !== 1 || !Array.isArray(j.moves) || !Array.isArray(j.removes)) throw new Error('journal');
  } catch {
    rmSync(jp, { force: true });
    return undefined;
  }
  const r = new Renamer();
  try {
    for (const [tmpRel, targetRel, backupRel] of j.moves) {
      const tmp = abs(wsDir, tmpRel);
      if (!existsSync(tmp)) continue; // already in place
      const target = abs(wsDir, targetRel);
      const backup = abs(wsDir, backupRel);
      if (existsSync(target) && !existsSync(backup)) r.rename(target, backup);
      mkdirSync(path.dirname(target), { recursive: true });
      r.rename(tmp, target);
    }
    for (const [targetRel, backupRel] of j.removes) {
      const target = abs(wsDir, targetRel);
      const backup = abs(wsDir, backupRel);
      if (existsSync(target) && !existsSync(backup)) r.rename(target, backup);
    }
    rmSync(jp, { force: true });
    return { severity: 'warning', code: 'commit-recovered', message: '上次生成在写出文件时被中断；这次已先把它补完（out/ 中不再有新旧混杂的文件）' };
  } catch (e) {
    // cannot finish: back to the outputs before the interrupted build
    let unrestored = 0;
    for (const [tmpRel, targetRel, backupRel] of [...j.moves].reverse()) {
      const target = abs(wsDir, targetRel);
      const backup = abs(wsDir, backupRel);
      const tmp = abs(wsDir, tmpRel);
      try {
        if (!existsSync(tmp) && existsSync(target)) renameSync(target, tmp);
        if (existsSync(backup)) renameSync(backup, target);
      } catch {
        unrestored++;
      }
    }
    for (const [targetRel, backupRel] of j.removes) {
      const backup = abs(wsDir, backupRel);
      try {
        if (existsSync(backup)) renameSync(backup, abs(wsDir, targetRel));
      } catch {
        unrestored++;
      }
    }
    const why = explainWriteError(e, display(jp));
    if (unrestored) return { ...why, severity: 'error', message: `上次被中断的写出既不能补完也不能完全复原（${unrestored} 个文件）：${why.message}` };
    rmSync(jp, { force: true });
    return { severity: 'warning', code: 'commit-rolled-back', message: `上次生成在写出文件时被中断，且无法补完（${why.message}）；已恢复到那次生成之前的结果` };
  }
}

/**
 * Hidden temporary files (`.name.pid.n.tmp`) that a killed build left beside outputs or caches (builds
 * before the journal wrote them there), anywhere under `dir` but the staging folders.
 */
export function sweepStrayTmp(dir: string, skip: string): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (p !== skip) sweepStrayTmp(p, skip);
    } else if (/^\..+\.\d+\.\d+\.tmp$/.test(e.name)) rmSync(p, { force: true });
  }
}

export { stagingRoot };
