//! --zip: the year's outputs as out/<year>/<unit>-<year>.zip (archiver 8, UTF-8 names flagged with bit 11,
//! so Windows Explorer and `unzip -l` show the Chinese names). Deterministic: sorted entries, the build
//! date on every entry (UTC), fixed compression level and file mode.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ZipArchive as ZipArchiveType } from 'archiver';

export interface ZipEntry {
  /** absolute path of the output file */
  path: string;
  /** its bytes when still in memory; otherwise read from disk */
  data?: Uint8Array | string;
}

/** Name of the year's archive: <unit>-<year>.zip. */
export function zipFileName(unit: string, year: number): string {
  return `${unit}-${year}.zip`.replace(/[\\/:*?"<>|]/g, '_');
}

/** Packs `entries` with names relative to `baseDir` ("/" separators). */
export async function zipOutputs(entries: ZipEntry[], baseDir: string, created: Date): Promise<Uint8Array> {
  const named = entries
    .map((e) => ({ ...e, name: path.relative(baseDir, e.path).split(path.sep).join('/') }))
    .filter((e) => e.name !== '' && !e.name.startsWith('..'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // archiver is loaded only when a zip is asked for (it costs 0.2 s of start-up)
  const { ZipArchive } = (await import('archiver')) as { ZipArchive: typeof ZipArchiveType };
  const zip = new ZipArchive({ zlib: { level: 6 }, forceLocalTime: false });
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    zip.on('data', (c: Buffer) => chunks.push(c));
    zip.on('end', () => resolve());
    zip.on('error', reject);
  });
  for (const e of named) {
    const data = e.data ?? readFileSync(e.path);
    zip.append(typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength), { name: e.name, date: created, mode: 0o644 });
  }
  await zip.finalize();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
