//! A unit's stamp (issue 19): with twenty villages, a build where nothing changed must not load, plan and
//! check twenty dossiers one by one. A stamp (out/.dossier/村/<村名>/stamp.json) holds the hash of everything
//! a unit's build reads — its effective data (the township's tables filtered to it), its settings, catalog
//! and templates, the size and time of every file of its own folders, the tool and the fonts — and the size
//! and time of every file its last good build left; when both still hold, the unit is as that build left it,
//! and its line of the summary and its documents (for the township's collect: items) come from the stamp.
//! Any difference, or no stamp, means an ordinary (incremental) build of the unit, which writes a new one.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { z } from 'zod';
import { sha256 } from '../util/hash.js';
import { writeAtomic } from './atomic.js';

/** 2: a unit’s documents carry their 公文 elements and model reference (collect: 件 in the parent’s 卷内目录 and Word volume) */
const STAMP_VERSION = 2;

/** [size, mtimeMs] of every file under `root` matching `globs` (relative paths), for a key. */
export function filesFingerprint(root: string, globs: readonly string[]): string {
  const entries = fg.sync([...globs], { cwd: root, onlyFiles: true, stats: true, dot: false, followSymbolicLinks: false, ignore: ['**/回收站/**'] });
  const lines = entries.map((e) => `${e.path}\t${e.stats?.size ?? ''}\t${e.stats?.mtimeMs ?? ''}`).sort();
  return sha256(lines.join('\n'));
}

/** The size and time of each output, to tell later whether it is still as written. */
export function outputsRecord(dir: string, rels: readonly string[]): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const rel of rels) {
    try {
      const st = statSync(path.join(dir, rel));
      out[rel] = [st.size, st.mtimeMs];
    } catch {
      // not there: the stamp will not hold
    }
  }
  return out;
}

export function outputsIntact(dir: string, outputs: Record<string, [number, number]>): boolean {
  for (const [rel, [size, mtime]] of Object.entries(outputs)) {
    try {
      const st = statSync(path.join(dir, rel));
      if (st.size !== size || st.mtimeMs !== mtime) return false;
    } catch {
      return false;
    }
  }
  return true;
}

const StampSchema = z.object({ version: z.literal(STAMP_VERSION), key: z.string(), outputs: z.record(z.string(), z.tuple([z.number(), z.number()])), value: z.unknown() });
export type Stamp = z.infer<typeof StampSchema>;

const fileOf = (stateDir: string) => path.join(stateDir, 'stamp.json');

export function readStamp(stateDir: string): Stamp | undefined {
  try {
    const r = StampSchema.safeParse(JSON.parse(readFileSync(fileOf(stateDir), 'utf8')));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** Written after a good build (a cache: a stamp that cannot be written only costs a full check next time). */
export function writeStamp(stateDir: string, stamp: Omit<Stamp, 'version'>): void {
  try {
    writeAtomic(fileOf(stateDir), `${JSON.stringify({ version: STAMP_VERSION, ...stamp })}\n`);
  } catch {
    // not kept
  }
}

export function removeStamp(stateDir: string): void {
  writeStamp(stateDir, { key: '', outputs: {}, value: null });
}
