//! Staging: every output of a build is first written, as it is produced, to a numbered temporary file in
//! out/.dossier/tmp/<build>/ (short names: no path is ever too long there), hashed on the way. Nothing
//! under out/<year>/ changes until the commit (commit.ts) renames the staged files into place; a build
//! that fails before then just removes its staging folder. The folder is on the same disk as the
//! outputs, so each rename is atomic.

import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import path from 'node:path';

/** <state>/tmp (out/.dossier/tmp; a unit's out/.dossier/村/<名>/tmp): staging folders of builds (at most one live: the build lock). */
export function stagingRoot(stateDir: string): string {
  return path.join(stateDir, 'tmp');
}

/** A file written to staging: where it is, what it holds, where it goes. */
export interface StagedFile {
  /** absolute target path under out/ */
  target: string;
  /** absolute temporary path */
  tmp: string;
  sha256: string;
  size: number;
  /** hash of what the file was made from, when the maker can skip an unchanged file next time */
  key?: string;
}

/** Bytes written to a temporary file in chunks, hashed as they go. */
export class FileSink {
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  private buffered: Uint8Array[] = [];
  private bufferedBytes = 0;
  private size = 0;
  private closed = false;

  constructor(readonly tmp: string) {
    this.fd = openSync(tmp, 'w');
  }

  write(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.length;
    if (this.bufferedBytes >= 1 << 18) this.flush();
  }

  private flush(): void {
    if (!this.bufferedBytes) return;
    const b = this.buffered.length === 1 ? (this.buffered[0] as Uint8Array) : Buffer.concat(this.buffered);
    let off = 0;
    while (off < b.length) off += writeSync(this.fd, b, off, b.length - off);
    this.buffered = [];
    this.bufferedBytes = 0;
  }

  /**
   * Flushes and closes; the file's hash and size. (Not fsync'd: a killed build loses nothing the kernel
   * has, and a sync per file cost seconds on a township; the journal makes a half commit repairable.)
   */
  close(): { sha256: string; size: number } {
    if (!this.closed) {
      this.closed = true;
      try {
        this.flush();
      } finally {
        closeSync(this.fd);
      }
    }
    return { sha256: this.hash.digest('hex'), size: this.size };
  }

  /** Closes without keeping anything (a failed write). */
  abandon(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.fd);
    } catch {
      // already gone
    }
  }
}

/** Writes `data` to `tmp`: its hash and size. */
export function writeStagedBytes(tmp: string, data: Uint8Array | string): { sha256: string; size: number } {
  const sink = new FileSink(tmp);
  try {
    sink.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    return sink.close();
  } catch (e) {
    sink.abandon();
    throw e;
  }
}

/** One build's staging folder. */
export class Staging {
  private n = 0;
  /** staged files by target path */
  readonly files = new Map<string, StagedFile>();

  private constructor(readonly dir: string) {}

  /** Creates this build's staging folder (throws the file system's error when out/.dossier cannot be written). */
  static open(stateDir: string): Staging {
    const dir = path.join(stagingRoot(stateDir), `${process.pid}-${Date.now().toString(36)}`);
    mkdirSync(dir, { recursive: true });
    return new Staging(dir);
  }

  /** Removes staging folders left by earlier builds (killed or failed); only called under the build lock. */
  static sweep(stateDir: string, keep?: string): void {
    const root = stagingRoot(stateDir);
    let names: string[];
    try {
      names = readdirSync(root);
    } catch {
      return;
    }
    for (const n of names) {
      const abs = path.join(root, n);
      if (abs !== keep) rmSync(abs, { recursive: true, force: true });
    }
  }

  /** A fresh temporary path in this build's folder. */
  tmpPath(): string {
    return path.join(this.dir, String(this.n++));
  }

  /** Writes a small output now. */
  put(target: string, data: Uint8Array | string, key?: string): StagedFile {
    const tmp = this.tmpPath();
    const { sha256, size } = writeStagedBytes(tmp, data);
    return this.adopt({ target, tmp, sha256, size, ...(key !== undefined ? { key } : {}) });
  }

  /** Writes a text given in pieces (the manifest: never made whole), encoded as UTF-8 a few pieces at a time. */
  putText(target: string, pieces: Iterable<string>): StagedFile {
    const tmp = this.tmpPath();
    const sink = new FileSink(tmp);
    try {
      let batch: string[] = [];
      let length = 0;
      for (const piece of pieces) {
        batch.push(piece);
        length += piece.length;
        if (length < 1 << 16) continue;
        sink.write(Buffer.from(batch.join(''), 'utf8'));
        batch = [];
        length = 0;
      }
      sink.write(Buffer.from(batch.join(''), 'utf8'));
      return this.adopt({ target, tmp, ...sink.close() });
    } catch (e) {
      sink.abandon();
      throw e;
    }
  }

  /** Records a file staged by someone else (a worker thread wrote `tmp`). */
  adopt(f: StagedFile): StagedFile {
    const old = this.files.get(f.target);
    if (old && old.tmp !== f.tmp) rmSync(old.tmp, { force: true });
    this.files.set(f.target, f);
    return f;
  }

  /** Forgets (and deletes) what was staged for these targets: a volume that failed keeps its old files. */
  drop(targets: Iterable<string>): void {
    for (const t of targets) {
      const f = this.files.get(t);
      if (!f) continue;
      rmSync(f.tmp, { force: true });
      this.files.delete(t);
    }
  }

  /** Removes the whole staging folder. */
  discard(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
