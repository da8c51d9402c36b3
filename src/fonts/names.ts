//! Cheap font-name reader: reads only the table directory and the `name` table of TTF/OTF/TTC files,
//! so the system font folders can be matched by family name without loading whole fonts.

import { closeSync, openSync, readSync } from 'node:fs';

/** Names of one font (or one TTC member). */
export interface FontNames {
  /** family names in every language the file carries (nameID 1, 4 and 16) */
  families: string[];
  /** nameID 1 in English (as fontkit's familyName), when the file has it */
  family?: string;
  postscriptName: string;
  /** a member of a TrueType collection */
  collection?: boolean;
}

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
type ReadAt = (offset: number, length: number) => Buffer;

function fileReader(fd: number): ReadAt {
  return (offset, length) => {
    const buf = Buffer.alloc(length);
    const n = readSync(fd, buf, 0, length, offset);
    return n === length ? buf : buf.subarray(0, n);
  };
}

/** Reads the names of every font in a file; [] if it is not a font or cannot be read. */
export function readFontNames(path: string): FontNames[] {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    return namesOf(fileReader(fd));
  } catch {
    return [];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The names of every font in a file held in memory (a font a packaged program carries). */
export function readFontNamesFromBytes(buf: Buffer): FontNames[] {
  try {
    return namesOf((offset, length) => buf.subarray(offset, Math.min(buf.length, offset + length)));
  } catch {
    return [];
  }
}

function namesOf(readAt: ReadAt): FontNames[] {
  const head = readAt(0, 12);
  if (head.length < 12) return [];
  const tag = head.toString('latin1', 0, 4);
  if (tag === 'ttcf') {
    const count = Math.min(head.readUInt32BE(8), 64);
    const offs = readAt(12, 4 * count);
    const out: FontNames[] = [];
    for (let i = 0; i < count && 4 * i + 4 <= offs.length; i++) {
      const names = readSfntNames(readAt, offs.readUInt32BE(4 * i));
      if (names) out.push({ ...names, collection: true });
    }
    return out;
  }
  const names = readSfntNames(readAt, 0);
  return names ? [names] : [];
}

function readSfntNames(readAt: ReadAt, base: number): FontNames | undefined {
  const head = readAt(base, 12);
  if (head.length < 12) return undefined;
  const numTables = head.readUInt16BE(4);
  const dir = readAt(base + 12, 16 * numTables);
  for (let i = 0; i < numTables && 16 * i + 16 <= dir.length; i++) {
    if (dir.toString('latin1', 16 * i, 16 * i + 4) !== 'name') continue;
    const offset = dir.readUInt32BE(16 * i + 8);
    const length = Math.min(dir.readUInt32BE(16 * i + 12), 1 << 20);
    return parseNameTable(readAt(offset, length));
  }
  return undefined;
}

function parseNameTable(t: Buffer): FontNames {
  const count = t.readUInt16BE(2);
  const strings = t.readUInt16BE(4);
  const families = new Set<string>();
  let postscriptName = '';
  let family: string | undefined;
  let familyRank = 9;
  for (let i = 0; i < count; i++) {
    const r = 6 + 12 * i;
    if (r + 12 > t.length) break;
    const platform = t.readUInt16BE(r);
    const nameId = t.readUInt16BE(r + 6);
    const len = t.readUInt16BE(r + 8);
    const off = strings + t.readUInt16BE(r + 10);
    if (![1, 4, 6, 16].includes(nameId) || off + len > t.length) continue;
    const raw = t.subarray(off, off + len);
    const text = platform === 0 || platform === 3 ? decodeUtf16be(raw) : raw.toString('latin1');
    if (nameId === 6) postscriptName ||= text;
    else families.add(text);
    if (nameId === 1) {
      // English first (Windows en-US, then Mac English), as fontkit's familyName
      const lang = t.readUInt16BE(r + 4);
      const rank = platform === 3 && lang === 0x409 ? 0 : platform === 1 && lang === 0 ? 1 : 2;
      if (rank < familyRank) {
        family = text;
        familyRank = rank;
      }
    }
  }
  return { families: [...families], postscriptName, ...(family !== undefined ? { family } : {}) };
}

function decodeUtf16be(raw: Buffer): string {
  const swapped = Buffer.from(raw.subarray(0, raw.length & ~1));
  swapped.swap16();
  return swapped.toString('utf16le');
}
