//! --zip: the year's outputs as out/<year>/<unit>-<year>.zip (archiver 8, UTF-8 names flagged with bit 11,
//! so Windows Explorer and `unzip -l` show the Chinese names). Deterministic: sorted entries, the build
//! date on every entry (UTC), fixed compression level and file mode.

import type { ZipArchive as ZipArchiveType } from 'archiver';

export interface ZipEntry {
  /** name inside the archive ("/" separators) */
  name: string;
  /** where its bytes are read from (the staged file, or the output left as it was) */
  source: string;
}

/** Name of the year's archive: <unit>-<year>.zip. */
export function zipFileName(unit: string, year: number): string {
  return `${unit}-${year}.zip`.replace(/[\\/:*?"<>|]/g, '_');
}

/** Packs `entries` (sorted by name) into `sink`, reading each file only when its turn comes. */
export async function zipOutputs(entries: readonly ZipEntry[], created: Date, sink: { write(chunk: Uint8Array): void }): Promise<void> {
  const named = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // archiver is loaded only when a zip is asked for (it costs 0.2 s of start-up)
  const { ZipArchive } = (await import('archiver')) as { ZipArchive: typeof ZipArchiveType };
  // one stat at a time: entries go in exactly in this order
  const zip = new ZipArchive({ zlib: { level: 6 }, forceLocalTime: false, statConcurrency: 1 });
  const done = new Promise<void>((resolve, reject) => {
    zip.on('data', (c: Buffer) => sink.write(c));
    zip.on('end', () => resolve());
    zip.on('error', reject);
  });
  for (const e of named) zip.file(e.source, { name: e.name, date: created, mode: 0o644 });
  await zip.finalize();
  await done;
}
