//! The build's cache in out/.dossier/cache, by content hash: each document's encoded pages (docs/), so a
//! volume or print set made again reuses its documents' content streams without laying them out; and the
//! compressed font subsets of files made from several documents (fonts/), so binding a volume again whose
//! glyphs did not change does not subset and deflate its fonts again. Entries not used by a full build
//! are removed at its end. A cache: anything unreadable is simply made again.

import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { StoredSubset, SubsetStore } from '../generators/index.js';
import { hashParts } from '../util/hash.js';
import { writeAtomic } from './atomic.js';

/** Bump when the encoding of pages or subsets changes: old entries are then never read. */
export const CACHE_FORMAT = 1;

export function cacheRoot(wsDir: string): string {
  return path.join(wsDir, 'out', '.dossier', 'cache');
}

/** Where a document's encoded pages are kept: by tool key (fonts, settings) and model hash. */
export function encodedDocPath(wsDir: string, toolKey: string, modelKey: string): string {
  return path.join(cacheRoot(wsDir), 'docs', `${hashParts({ v: String(CACHE_FORMAT), tool: toolKey, model: modelKey }).slice(0, 40)}.bin`);
}

/** Compressed subsets in out/.dossier/cache/fonts, by the writer's content key. */
export class DiskSubsets implements SubsetStore {
  /** keys read or written by this store (the build keeps them) */
  readonly used = new Set<string>();

  constructor(private readonly dir: string) {}

  static of(wsDir: string): DiskSubsets {
    return new DiskSubsets(path.join(cacheRoot(wsDir), 'fonts'));
  }

  private file(key: string): string {
    return path.join(this.dir, `${key.slice(0, 40)}.bin`);
  }

  get(key: string): StoredSubset | undefined {
    let b: Buffer;
    try {
      b = readFileSync(this.file(key));
    } catch {
      return undefined;
    }
    // "DSF1", kind (0 truetype, 1 cff), u32 uncompressed length, the key, then the data
    if (b.length < 9 + 64 || b.toString('latin1', 0, 4) !== 'DSF1' || b.toString('latin1', 9, 9 + 64) !== key) return undefined;
    this.used.add(key);
    return { kind: b[4] === 1 ? 'cff' : 'truetype', length: b.readUInt32BE(5), data: new Uint8Array(b.buffer, b.byteOffset + 9 + 64, b.length - 9 - 64) };
  }

  put(key: string, s: StoredSubset): void {
    const head = Buffer.alloc(9);
    head.write('DSF1', 0, 'latin1');
    head[4] = s.kind === 'cff' ? 1 : 0;
    head.writeUInt32BE(s.length, 5);
    try {
      mkdirSync(this.dir, { recursive: true });
      writeAtomic(this.file(key), Buffer.concat([head, Buffer.from(key.slice(0, 64).padEnd(64, '0'), 'latin1'), s.data]));
      this.used.add(key);
    } catch {
      // not kept: made again next time
    }
  }
}

/** Removes cache entries a full build did not use (file names as they are stored). */
export function pruneCache(wsDir: string, keep: { docs: ReadonlySet<string>; fonts: ReadonlySet<string> }): void {
  for (const [sub, names] of [
    ['docs', keep.docs],
    ['fonts', keep.fonts],
  ] as const) {
    const dir = path.join(cacheRoot(wsDir), sub);
    let files: string[];
    try {
      files = readdirSync(dir);
    } catch {
      continue;
    }
    for (const f of files) if (!names.has(f)) rmSync(path.join(dir, f), { force: true });
  }
}

/** The file name a subset key is stored under (for `pruneCache`). */
export function subsetFileName(key: string): string {
  return `${key.slice(0, 40)}.bin`;
}
