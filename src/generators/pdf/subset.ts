//! Font subsets for a file made from content streams that draw the face's own glyph ids (encode.ts):
//! TrueType subsets hold only the glyphs used, renumbered compactly, and the file maps each glyph id (the
//! CID) to the subset's glyph with a CIDToGIDMap (ISO 32000-1 §9.7.4.2); the outlines are copied byte
//! for byte (composite glyphs with their components, renumbered). CFF subsets keep the glyph ids (fontkit's
//! encoder, empty charstrings for the glyphs not used; the CFF charset is the identity).

import type { FontFace } from '../../fonts/face.js';

export interface FaceProgram {
  /** TrueType outlines (FontFile2) or CFF (FontFile3 /CIDFontType0C) */
  kind: 'truetype' | 'cff';
  /** the subset font program, uncompressed */
  bytes: Uint8Array;
  /** TrueType: for each CID (the face's glyph id) up to the largest used, the subset's glyph id, big-endian (the CIDToGIDMap stream) */
  cidToGid?: Uint8Array;
}

interface TableRecord {
  offset: number;
  length: number;
}

/** What the subsetter reads of a face, once per face and process. */
interface FaceTables {
  buf: Buffer;
  tables: Map<string, TableRecord>;
  numGlyphs: number;
  /** glyf offsets, numGlyphs + 1 entries */
  loca: Uint32Array;
  glyf: number;
  numberOfHMetrics: number;
  hmtx: number;
  /** offsets of the component glyph ids of composite glyphs (parsed on demand) */
  components: Map<number, number[]>;
  /** checksums of glyphs' padded bytes, once computed */
  glyphSums: Uint32Array;
  glyphSummed: Uint8Array;
}

const faceTables = new WeakMap<FontFace, FaceTables>();

function tablesOf(face: FontFace): FaceTables {
  let t = faceTables.get(face);
  if (t) return t;
  const buf = face.bytes;
  const tables = face.sfnt.tables;
  const get = (tag: string): TableRecord => {
    const r = tables.get(tag);
    if (!r) throw new Error(`font ${face.id} has no ${tag} table`);
    return r;
  };
  const head = get('head').offset;
  const numGlyphs = buf.readUInt16BE(get('maxp').offset + 4);
  const longLoca = buf.readInt16BE(head + 50) === 1;
  const locaAt = get('loca').offset;
  const loca = new Uint32Array(numGlyphs + 1);
  for (let i = 0; i <= numGlyphs; i++) loca[i] = longLoca ? buf.readUInt32BE(locaAt + 4 * i) : buf.readUInt16BE(locaAt + 2 * i) * 2;
  t = { buf, tables, numGlyphs, loca, glyf: get('glyf').offset, numberOfHMetrics: buf.readUInt16BE(get('hhea').offset + 34), hmtx: get('hmtx').offset, components: new Map(), glyphSums: new Uint32Array(numGlyphs), glyphSummed: new Uint8Array(numGlyphs) };
  faceTables.set(face, t);
  return t;
}

/** Whether a face has CFF outlines (OpenType 'OTTO') rather than TrueType glyphs. */
export function isCff(face: FontFace): boolean {
  return face.sfnt.isCff;
}

/** The subset program of `face` holding `gids` (and .notdef). */
export async function subsetFace(face: FontFace, gids: Iterable<number>): Promise<FaceProgram> {
  if (isCff(face)) return { kind: 'cff', bytes: await cffSubset(face, new Set(gids)) };
  return trueTypeSubset(face, gids);
}

const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

/** Offsets (from the glyph's start) of the glyph indices of a composite glyph's components. */
function componentOffsets(t: FaceTables, gid: number): number[] {
  let c = t.components.get(gid);
  if (c) return c;
  c = [];
  const start = t.glyf + (t.loca[gid] ?? 0);
  const end = t.glyf + (t.loca[gid + 1] ?? 0);
  if (end - start >= 10 && t.buf.readInt16BE(start) < 0) {
    let p = start + 10;
    for (;;) {
      const flags = t.buf.readUInt16BE(p);
      c.push(p + 2 - start);
      p += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
      if (flags & WE_HAVE_A_SCALE) p += 2;
      else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) p += 4;
      else if (flags & WE_HAVE_A_TWO_BY_TWO) p += 8;
      if (!(flags & MORE_COMPONENTS) || p + 4 > end) break;
    }
  }
  t.components.set(gid, c);
  return c;
}

/** Checksum of a glyph's bytes padded to 4 (cached: a glyph's outline is the same in every subset). */
function glyphChecksum(t: FaceTables, gid: number): number {
  let sum = t.glyphSums[gid] ?? 0;
  if (t.glyphSummed[gid]) return sum;
  sum = checksumOf(t.buf, t.glyf + (t.loca[gid] ?? 0), t.glyf + (t.loca[gid + 1] ?? 0));
  t.glyphSums[gid] = sum;
  t.glyphSummed[gid] = 1;
  return sum;
}

/**
 * A TrueType font with only these glyphs (and their components, and .notdef), renumbered in glyph-id
 * order; `cidToGid` maps the face's glyph ids to the subset's.
 */
export function trueTypeSubset(face: FontFace, gids: Iterable<number>): FaceProgram {
  const t = tablesOf(face);
  const keep = new Set<number>([0]);
  const stack = [...gids];
  for (let g = stack.pop(); g !== undefined; g = stack.pop()) {
    if (g < 0 || g >= t.numGlyphs || keep.has(g)) continue;
    keep.add(g);
    const start = t.glyf + (t.loca[g] ?? 0);
    for (const off of componentOffsets(t, g)) stack.push(t.buf.readUInt16BE(start + off));
  }
  const sorted = [...keep].sort((a, b) => a - b);
  const n = sorted.length;
  const newId = new Map<number, number>(sorted.map((g, i) => [g, i]));

  // glyf and loca (long offsets), each glyph padded to 4 bytes; checksums summed as we go
  let glyfLength = 0;
  for (const g of sorted) glyfLength += pad4((t.loca[g + 1] ?? 0) - (t.loca[g] ?? 0));
  const glyf = Buffer.alloc(glyfLength);
  const loca = Buffer.alloc(4 * (n + 1));
  let glyfSum = 0;
  let locaSum = 0;
  let at = 0;
  sorted.forEach((g, i) => {
    loca.writeUInt32BE(at, 4 * i);
    locaSum = (locaSum + at) >>> 0;
    const s = t.glyf + (t.loca[g] ?? 0);
    const e = t.glyf + (t.loca[g + 1] ?? 0);
    t.buf.copy(glyf, at, s, e);
    const comps = componentOffsets(t, g);
    if (comps.length) {
      for (const off of comps) glyf.writeUInt16BE(newId.get(t.buf.readUInt16BE(s + off)) ?? 0, at + off);
      glyfSum = (glyfSum + checksumOf(glyf, at, at + (e - s))) >>> 0;
    } else glyfSum = (glyfSum + glyphChecksum(t, g)) >>> 0;
    at += pad4(e - s);
  });
  loca.writeUInt32BE(at, 4 * n);
  locaSum = (locaSum + at) >>> 0;

  // hmtx: one full metric per glyph
  const hmtx = Buffer.alloc(4 * n);
  let hmtxSum = 0;
  const lastAdvance = t.buf.readUInt16BE(t.hmtx + 4 * (t.numberOfHMetrics - 1));
  sorted.forEach((g, i) => {
    const advance = g < t.numberOfHMetrics ? t.buf.readUInt16BE(t.hmtx + 4 * g) : lastAdvance;
    const lsb = g < t.numberOfHMetrics ? t.buf.readUInt16BE(t.hmtx + 4 * g + 2) : t.buf.readUInt16BE(t.hmtx + 4 * t.numberOfHMetrics + 2 * (g - t.numberOfHMetrics));
    hmtx.writeUInt16BE(advance, 4 * i);
    hmtx.writeUInt16BE(lsb, 4 * i + 2);
    hmtxSum = (hmtxSum + ((advance << 16) >>> 0) + lsb) >>> 0;
  });

  const copy = (tag: string): Buffer | undefined => {
    const r = t.tables.get(tag);
    return r ? Buffer.from(t.buf.subarray(r.offset, r.offset + r.length)) : undefined;
  };
  const head = copy('head') as Buffer;
  head.writeUInt32BE(0, 8); // checkSumAdjustment, set below
  head.writeInt16BE(1, 50); // indexToLocFormat: long
  const hhea = copy('hhea') as Buffer;
  hhea.writeUInt16BE(n, 34);
  const maxp = copy('maxp') as Buffer;
  maxp.writeUInt16BE(n, 4);
  const tables: [string, Buffer, number?][] = [
    ['glyf', glyf, glyfSum],
    ['head', head],
    ['hhea', hhea],
    ['hmtx', hmtx, hmtxSum],
    ['loca', loca, locaSum],
    ['maxp', maxp],
  ];
  for (const tag of ['cvt ', 'fpgm', 'prep']) {
    const b = copy(tag);
    if (b) tables.push([tag, b]);
  }
  const max = sorted[n - 1] ?? 0;
  const map = Buffer.alloc(2 * (max + 1));
  sorted.forEach((g, i) => map.writeUInt16BE(i, 2 * g));
  return { kind: 'truetype', bytes: assembleSfnt(tables), cidToGid: new Uint8Array(map.buffer, map.byteOffset, map.byteLength) };
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

/** Sum of the big-endian 32-bit words of b[start, end) padded with zeros to 4 bytes (OpenType table checksum). */
function checksumOf(b: Buffer, start: number, end: number): number {
  let sum = 0;
  const whole = start + ((end - start) & ~3);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = start; i < whole; i += 4) sum = (sum + dv.getUint32(i)) >>> 0;
  if (whole < end) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (i < end ? (b[i] as number) : 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

/** An sfnt file from tables (sorted by tag, 4-byte aligned, checksums and head.checkSumAdjustment set); a table's checksum may be given. */
function assembleSfnt(tables: [string, Buffer, number?][]): Uint8Array {
  tables.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const n = tables.length;
  const log2 = Math.floor(Math.log2(n));
  const dirLength = 12 + 16 * n;
  const total = dirLength + tables.reduce((s, [, b]) => s + pad4(b.length), 0);
  const out = Buffer.alloc(total);
  out.writeUInt32BE(0x00010000, 0);
  out.writeUInt16BE(n, 4);
  out.writeUInt16BE(16 * 2 ** log2, 6);
  out.writeUInt16BE(log2, 8);
  out.writeUInt16BE(16 * n - 16 * 2 ** log2, 10);
  let offset = dirLength;
  let headAt = -1;
  let fontSum = 0;
  tables.forEach(([tag, b, known], i) => {
    const r = 12 + 16 * i;
    const sum = known ?? checksumOf(b, 0, b.length);
    out.write(tag, r, 4, 'latin1');
    out.writeUInt32BE(sum, r + 4);
    out.writeUInt32BE(offset, r + 8);
    out.writeUInt32BE(b.length, r + 12);
    b.copy(out, offset);
    if (tag === 'head') headAt = offset;
    fontSum = (fontSum + sum) >>> 0;
    offset += pad4(b.length);
  });
  fontSum = (fontSum + checksumOf(out, 0, dirLength)) >>> 0;
  if (headAt >= 0) out.writeUInt32BE((0xb1b0afba - fontSum) >>> 0, headAt + 8);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** fontkit's CFF subset internals this module drives (see @foliojs-fork/fontkit CFFSubset). */
interface CffSubsetter {
  glyphs: number[];
  mapping: Record<number, number>;
  charstrings: Buffer[];
  gsubrs: Buffer[];
  cff: {
    getCharString(gid: number): Buffer;
    fdForGlyph(gid: number): number | null;
    globalSubrIndex: unknown;
    isCIDFont: boolean;
    topDict: { FDArray: Record<string, unknown>[]; Private?: { Subrs?: unknown } };
  };
  font: { getGlyph(gid: number): { path: unknown; _usedGsubrs?: Record<string, boolean>; _usedSubrs?: Record<string, boolean> } };
  subsetSubrs(subrs: unknown, used: Record<string, boolean>): Buffer[];
  subsetCharstrings(): void;
  subsetFontdict(topDict: Record<string, unknown>): void;
  createCIDFontdict(topDict: Record<string, unknown>): void;
  encodeStream(): NodeJS.ReadableStream;
}

const ENDCHAR = Buffer.from([14]);

/**
 * A CID-keyed CFF whose glyph i is the face's glyph i (charset identity, as fontkit writes it): every
 * glyph id up to the largest used is present, those not used as an empty charstring.
 */
async function cffSubset(face: FontFace, used: Set<number>): Promise<Uint8Array> {
  used.add(0);
  const s = (face.font as unknown as { createSubset(): CffSubsetter }).createSubset();
  const max = Math.max(...used);
  s.glyphs = Array.from({ length: max + 1 }, (_, i) => i);
  s.mapping = Object.fromEntries(s.glyphs.map((g) => [g, g]));
  s.subsetCharstrings = function (this: CffSubsetter) {
    this.charstrings = [];
    const gsubrs: Record<string, boolean> = {};
    for (const gid of this.glyphs) {
      if (!used.has(gid)) {
        this.charstrings.push(ENDCHAR);
        continue;
      }
      this.charstrings.push(this.cff.getCharString(gid));
      const glyph = this.font.getGlyph(gid);
      void glyph.path; // parses the glyph, recording the subroutines it calls
      for (const subr in glyph._usedGsubrs) gsubrs[subr] = true;
    }
    this.gsubrs = this.subsetSubrs(this.cff.globalSubrIndex, gsubrs);
  };
  s.subsetFontdict = function (this: CffSubsetter, topDict: Record<string, unknown>) {
    const fdArray: Record<string, unknown>[] = [];
    const fds: number[] = [];
    const usedSubrs: Record<string, boolean>[] = [];
    const select = new Map<number, number>();
    for (const gid of this.glyphs) {
      const fd = this.cff.fdForGlyph(gid);
      if (fd === null || fd === undefined) continue;
      let k = select.get(fd);
      if (k === undefined) {
        k = fdArray.length;
        fdArray.push({ ...this.cff.topDict.FDArray[fd] });
        usedSubrs.push({});
        select.set(fd, k);
      }
      fds.push(k);
      if (!used.has(gid)) continue;
      const glyph = this.font.getGlyph(gid);
      void glyph.path;
      for (const subr in glyph._usedSubrs) (usedSubrs[k] as Record<string, boolean>)[subr] = true;
    }
    fdArray.forEach((dict, i) => {
      delete dict['FontName'];
      const priv = dict['Private'] as { Subrs?: unknown } | undefined;
      if (priv?.Subrs) dict['Private'] = { ...priv, Subrs: this.subsetSubrs(priv.Subrs, usedSubrs[i] ?? {}) };
    });
    topDict['FDArray'] = fdArray;
    topDict['FDSelect'] = { version: 0, fds };
  };
  s.createCIDFontdict = function (this: CffSubsetter, topDict: Record<string, unknown>) {
    const usedSubrs: Record<string, boolean> = {};
    for (const gid of used) {
      const glyph = this.font.getGlyph(gid);
      void glyph.path;
      for (const subr in glyph._usedSubrs) usedSubrs[subr] = true;
    }
    const priv: Record<string, unknown> = { ...this.cff.topDict.Private };
    if (this.cff.topDict.Private?.Subrs) priv['Subrs'] = this.subsetSubrs(this.cff.topDict.Private.Subrs, usedSubrs);
    topDict['FDArray'] = [{ Private: priv }];
    topDict['FDSelect'] = { version: 3, nRanges: 1, ranges: [{ first: 0, fd: 0 }], sentinel: this.charstrings.length };
  };
  const parts: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    const stream = s.encodeStream();
    stream.on('data', (b: Buffer) => parts.push(b));
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  const out = Buffer.concat(parts);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
