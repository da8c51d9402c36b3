//! The build's cache in out/.dossier/cache, by content hash, a few files rather than thousands (creating
//! a file is the slow part on Windows and on busy disks):
//!  - vol/<卷代码>.bin: the encoded pages of the volume's documents, by model hash — a volume or print set
//!    made again reuses its documents' content streams without laying them out;
//!  - fonts/<file>.bin: the compressed font subsets one PDF (a volume, a print set) embedded, by content
//!    key — binding a volume again whose glyphs did not change does not subset and deflate its fonts again;
//!  - forms/<file>.bin: a volume's forms (封面, 卷内目录, 备考表: models and encoded pages), by the key of its
//!    sheet — binding a volume again whose 卷内目录 did not change does not lay its forms out again;
//!  - scans/<file>.bin: a volume PDF's block of scan objects (bind/scan-block.ts), by the key of its scans —
//!    binding a volume again whose scans did not change copies them without reading them.
//! A pack is rewritten whole (temporary name, then rename) when its volume changes; packs of volumes no
//! longer in the catalog are removed. A cache: anything unreadable is simply made again.

import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { VolumeForms } from '../bind/assemble.js';
import type { ScanBlock } from '../bind/scan-block.js';
import { parseEncodedDoc, serializeEncodedDoc, type EncodedDoc } from '../generators/encoded.js';
import type { StoredSubset, SubsetStore } from '../generators/encoded.js';
import { safeFileName } from '../util/file-names.js';
import { sha256 } from '../util/hash.js';
import { writeAtomic } from './atomic.js';

/** Bump when the encoding of pages or subsets changes: old entries are then never read. */
export const CACHE_FORMAT = 3;

/** `stateDir`: the workspace's (or a unit's) out/.dossier */
export function cacheRoot(stateDir: string): string {
  return path.join(stateDir, 'cache');
}

/** The pack of a volume's encoded documents. */
export function volumePackPath(stateDir: string, code: string): string {
  return path.join(cacheRoot(stateDir), 'vol', `${safeFileName(code)}.bin`);
}

/** A reference to a document's encoded pages: its volume's pack and its entry there. */
export function encodedRef(pack: string, entry: string): string {
  return `${pack}#${entry}`;
}

/** The subsets file of an output PDF. */
export function subsetsPath(stateDir: string, target: string): string {
  return path.join(cacheRoot(stateDir), 'fonts', `${sha256(path.relative(stateDir, target)).slice(0, 32)}.bin`);
}

/** The forms file of a volume. */
export function formsPath(stateDir: string, target: string): string {
  return path.join(cacheRoot(stateDir), 'forms', `${sha256(path.relative(stateDir, target)).slice(0, 32)}.bin`);
}

/** A volume's forms as kept: pack entries "forms" (JSON: key, models, pages, warnings) and "0", "1", "2" (encoded pages). */
export class FormsFile {
  constructor(private readonly file: string) {}

  get(key: string): VolumeForms | undefined {
    const pack = readPack(this.file);
    const head = pack.get('forms');
    if (!head) return undefined;
    try {
      const j = JSON.parse(Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('utf8')) as Omit<VolumeForms, 'encoded'>;
      if (j.key !== key) return undefined;
      const encoded = ['0', '1', '2'].map((k) => {
        const b = pack.get(k);
        return b ? parseEncodedDoc(b) : undefined;
      });
      if (encoded.some((e) => e === undefined)) return undefined;
      return { ...j, encoded: encoded as [EncodedDoc, EncodedDoc, EncodedDoc] };
    } catch {
      return undefined;
    }
  }

  put(forms: VolumeForms): void {
    const { encoded, ...head } = forms;
    try {
      writePack(this.file, new Map([['forms', Buffer.from(JSON.stringify(head), 'utf8')], ...encoded.map((e, i) => [String(i), serializeEncodedDoc(e)] as [string, Uint8Array])]));
    } catch {
      // not kept: made again next time
    }
  }
}

/** The scan block file of a volume PDF. */
export function scanBlockPath(stateDir: string, target: string): string {
  return path.join(cacheRoot(stateDir), 'scans', `${sha256(path.relative(stateDir, target)).slice(0, 32)}.bin`);
}

/** Entries of a pack: name → bytes. "DSP<format>", index length, index JSON [[name, length]…], blobs. */
export function readPack(file: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let b: Buffer;
  try {
    b = readFileSync(file);
  } catch {
    return out;
  }
  try {
    if (b.toString('latin1', 0, 4) !== `DSP${CACHE_FORMAT}`) return out;
    const n = b.readUInt32BE(4);
    const index = JSON.parse(b.toString('utf8', 8, 8 + n)) as [string, number][];
    let at = 8 + n;
    for (const [name, len] of index) {
      if (at + len > b.length) return new Map();
      out.set(name, new Uint8Array(b.buffer, b.byteOffset + at, len));
      at += len;
    }
    return at === b.length ? out : new Map();
  } catch {
    return new Map();
  }
}

/** Writes a pack (entries sorted by name: the same entries give the same bytes). */
export function writePack(file: string, entries: ReadonlyMap<string, Uint8Array>): void {
  const names = [...entries.keys()].sort();
  const index = Buffer.from(JSON.stringify(names.map((k) => [k, (entries.get(k) as Uint8Array).length])), 'utf8');
  const head = Buffer.alloc(8);
  head.write(`DSP${CACHE_FORMAT}`, 0, 'latin1');
  head.writeUInt32BE(index.length, 4);
  mkdirSync(path.dirname(file), { recursive: true });
  writeAtomic(file, Buffer.concat([head, index, ...names.map((k) => entries.get(k) as Uint8Array)]));
}

/** A subset serialised: kind, uncompressed length, data length, tag (6 bytes), then data and map. */
const SUBSET_HEAD = 15;
function packSubset(s: StoredSubset): Uint8Array {
  const head = Buffer.alloc(SUBSET_HEAD);
  head[0] = s.kind === 'cff' ? 1 : 0;
  head.writeUInt32BE(s.length, 1);
  head.writeUInt32BE(s.data.length, 5);
  head.write(s.tag, 9, 'latin1');
  return Buffer.concat([head, s.data, ...(s.cidToGid ? [s.cidToGid] : [])]);
}

function unpackSubset(b: Uint8Array): StoredSubset | undefined {
  const v = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (v.length < SUBSET_HEAD) return undefined;
  const dataLength = v.readUInt32BE(5);
  if (SUBSET_HEAD + dataLength > v.length) return undefined;
  const tag = v.toString('latin1', 9, SUBSET_HEAD);
  if (!/^[A-Z]{6}$/.test(tag)) return undefined;
  const map = v.length - SUBSET_HEAD - dataLength;
  return { kind: v[0] === 1 ? 'cff' : 'truetype', length: v.readUInt32BE(1), data: v.subarray(SUBSET_HEAD, SUBSET_HEAD + dataLength), tag, ...(map ? { cidToGid: v.subarray(SUBSET_HEAD + dataLength) } : {}) };
}

/**
 * The subsets of one output PDF: those its last version embedded are offered to the writer; those it
 * embeds now are kept for next time (`save`, after the file is written).
 */
export class FileSubsets implements SubsetStore {
  private old: Map<string, Uint8Array> | undefined;
  private readonly now = new Map<string, Uint8Array>();

  constructor(private readonly file: string) {}

  get(key: string): StoredSubset | undefined {
    this.old ??= readPack(this.file);
    const b = this.old.get(key);
    const s = b ? unpackSubset(b) : undefined;
    if (b && s) this.now.set(key, b);
    return s;
  }

  put(key: string, s: StoredSubset): void {
    this.now.set(key, packSubset(s));
  }

  /** Keeps exactly the subsets used now (unless nothing changed). */
  save(): void {
    this.old ??= readPack(this.file);
    if (this.now.size === this.old.size && [...this.now.keys()].every((k) => this.old?.has(k))) return;
    try {
      writePack(this.file, this.now);
    } catch {
      // not kept: made again next time
    }
  }
}

/** A volume PDF's scan block as kept: pack entries "block" (JSON: key, first, objects' numbers and sizes, pages) and "data" (the objects). */
export class ScanBlockFile {
  constructor(private readonly file: string) {}

  get(key: string): ScanBlock | undefined {
    const pack = readPack(this.file);
    const head = pack.get('block');
    const data = pack.get('data');
    if (!head || !data) return undefined;
    try {
      const j = JSON.parse(Buffer.from(head.buffer, head.byteOffset, head.byteLength).toString('latin1')) as { key: string; first: number; objects: [number, number, boolean][]; scans: ScanBlock['scans'] };
      if (j.key !== key) return undefined;
      let at = 0;
      const objects: ScanBlock['objects'] = j.objects.map(([n, len, isStream]) => {
        const body = data.subarray(at, at + len);
        at += len;
        return [n, body, isStream];
      });
      return at === data.length ? { key: j.key, first: j.first, objects, scans: j.scans } : undefined;
    } catch {
      return undefined;
    }
  }

  put(block: ScanBlock): void {
    const head = JSON.stringify({ key: block.key, first: block.first, objects: block.objects.map(([n, b, s]) => [n, b.length, s]), scans: block.scans });
    try {
      writePack(this.file, new Map([['block', Buffer.from(head, 'latin1')], ['data', Buffer.concat(block.objects.map(([, b]) => b))]]));
    } catch {
      // not kept: made again next time
    }
  }
}

/** Forgets what was kept per output file (font subsets, scan blocks, forms): everything is made again. */
export function forgetOutputCaches(stateDir: string): void {
  for (const sub of ['fonts', 'scans', 'forms']) rmSync(path.join(cacheRoot(stateDir), sub), { recursive: true, force: true });
}

/** Removes cache files a full build did not use (packs of volumes gone, subsets of files gone). */
export function pruneCache(stateDir: string, keep: { packs: ReadonlySet<string>; fonts: ReadonlySet<string>; scans: ReadonlySet<string>; forms: ReadonlySet<string> }): void {
  for (const [sub, names] of [
    ['vol', keep.packs],
    ['fonts', keep.fonts],
    ['scans', keep.scans],
    ['forms', keep.forms],
  ] as const) {
    const dir = path.join(cacheRoot(stateDir), sub);
    let files: string[];
    try {
      files = readdirSync(dir);
    } catch {
      continue;
    }
    for (const f of files) if (!names.has(path.join(dir, f))) rmSync(path.join(dir, f), { force: true });
  }
  // the layout of earlier versions of the cache
  rmSync(path.join(cacheRoot(stateDir), 'docs'), { recursive: true, force: true });
}
