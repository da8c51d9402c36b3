//! The few tables of an OpenType/TrueType font (or a TTC member) that layout and the PDF writer read: the
//! table directory, head, hhea, maxp, hmtx, OS/2, post and the Unicode cmap (formats 4 and 12). Read
//! straight from the file's bytes, on first use of each: laying out a document needs no font library, and
//! fontkit (≈100 ms to load, with its Unicode tables) is loaded only to subset CFF outlines.

export interface TableRecord {
  offset: number;
  length: number;
}

/** What the PDF font descriptor says of a face (ISO 32000-1 §9.8), in font units. */
export interface FaceMetrics {
  unitsPerEm: number;
  bbox: [number, number, number, number];
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  /** degrees */
  italicAngle: number;
  fixedPitch: boolean;
  italic: boolean;
  /** OS/2 sFamilyClass (high byte: the class) */
  familyClass: number;
}

export class Sfnt {
  readonly tables = new Map<string, TableRecord>();
  readonly unitsPerEm: number;
  readonly numGlyphs: number;
  private readonly numberOfHMetrics: number;
  private readonly hmtx: number;
  private cmap: ((cp: number) => number) | undefined;
  private metricsCache: FaceMetrics | undefined;

  /** `base`: where the font's table directory starts (0, or a TTC member's offset). */
  constructor(
    readonly buf: Buffer,
    base = 0,
  ) {
    const n = buf.readUInt16BE(base + 4);
    for (let i = 0; i < n; i++) {
      const r = base + 12 + 16 * i;
      this.tables.set(buf.toString('latin1', r, r + 4), { offset: buf.readUInt32BE(r + 8), length: buf.readUInt32BE(r + 12) });
    }
    this.unitsPerEm = buf.readUInt16BE(this.table('head').offset + 18);
    this.numGlyphs = buf.readUInt16BE(this.table('maxp').offset + 4);
    this.numberOfHMetrics = buf.readUInt16BE(this.table('hhea').offset + 34);
    this.hmtx = this.table('hmtx').offset;
  }

  /** The members of a file: one table directory offset per font (a TTC has several). */
  static memberOffsets(buf: Buffer): number[] {
    if (buf.toString('latin1', 0, 4) !== 'ttcf') return [0];
    const count = buf.readUInt32BE(8);
    return Array.from({ length: count }, (_, i) => buf.readUInt32BE(12 + 4 * i));
  }

  table(tag: string): TableRecord {
    const t = this.tables.get(tag);
    if (!t) throw new Error(`font has no ${tag} table`);
    return t;
  }

  get isCff(): boolean {
    return this.tables.has('CFF ') || this.tables.has('CFF2');
  }

  /** Advance width of a glyph, in font units. */
  advance(gid: number): number {
    const i = Math.min(gid, this.numberOfHMetrics - 1);
    return this.buf.readUInt16BE(this.hmtx + 4 * i);
  }

  /** The glyph the Unicode cmap gives a code point (0, .notdef, when it has none). */
  glyphId(cp: number): number {
    this.cmap ??= this.readCmap();
    return this.cmap(cp);
  }

  /**
   * The Unicode subtable, as fontkit chooses it: (3,10) or (0,4)/(0,6) full Unicode first, then (3,1) or
   * (0,3) BMP; formats 12 and 4 (those every CJK font we meet carries).
   */
  private readCmap(): (cp: number) => number {
    const b = this.buf;
    const at = this.table('cmap').offset;
    const n = b.readUInt16BE(at + 2);
    const subs: { platform: number; encoding: number; offset: number; format: number }[] = [];
    for (let i = 0; i < n; i++) {
      const r = at + 4 + 8 * i;
      const offset = at + b.readUInt32BE(r + 4);
      subs.push({ platform: b.readUInt16BE(r), encoding: b.readUInt16BE(r + 2), offset, format: b.readUInt16BE(offset) });
    }
    const pick = (p: number, e: number) => subs.find((s) => s.platform === p && s.encoding === e && (s.format === 12 || s.format === 4));
    const sub = pick(3, 10) ?? pick(0, 6) ?? pick(0, 4) ?? pick(3, 1) ?? pick(0, 3) ?? pick(0, 2) ?? pick(0, 1) ?? pick(0, 0);
    if (!sub) return () => 0;
    return sub.format === 12 ? format12(b, sub.offset) : format4(b, sub.offset);
  }

  metrics(): FaceMetrics {
    if (this.metricsCache) return this.metricsCache;
    const b = this.buf;
    const head = this.table('head').offset;
    const hhea = this.table('hhea').offset;
    const post = this.tables.get('post');
    const os2 = this.tables.get('OS/2');
    const ascent = b.readInt16BE(hhea + 4);
    const os2Version = os2 ? b.readUInt16BE(os2.offset) : 0;
    this.metricsCache = {
      unitsPerEm: this.unitsPerEm,
      bbox: [b.readInt16BE(head + 36), b.readInt16BE(head + 38), b.readInt16BE(head + 40), b.readInt16BE(head + 42)],
      ascent,
      descent: b.readInt16BE(hhea + 6),
      capHeight: os2 && os2Version >= 2 && os2.length >= 90 ? b.readInt16BE(os2.offset + 88) || ascent : ascent,
      xHeight: os2 && os2Version >= 2 && os2.length >= 88 ? b.readInt16BE(os2.offset + 86) : 0,
      italicAngle: post ? b.readInt32BE(post.offset + 4) / 65536 : 0,
      fixedPitch: post ? b.readUInt32BE(post.offset + 12) !== 0 : false,
      italic: (b.readUInt16BE(head + 44) & 2) !== 0,
      familyClass: os2 ? b.readInt16BE(os2.offset + 30) >> 8 : 0,
    };
    return this.metricsCache;
  }
}

/** Format 12: sequential map groups (startChar, endChar, startGlyph), binary searched. */
function format12(b: Buffer, at: number): (cp: number) => number {
  const n = b.readUInt32BE(at + 12);
  const groups = new Uint32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const r = at + 16 + 12 * i;
    groups[3 * i] = b.readUInt32BE(r);
    groups[3 * i + 1] = b.readUInt32BE(r + 4);
    groups[3 * i + 2] = b.readUInt32BE(r + 8);
  }
  return (cp) => {
    let lo = 0;
    let hi = n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const start = groups[3 * mid] as number;
      if (cp < start) hi = mid - 1;
      else if (cp > (groups[3 * mid + 1] as number)) lo = mid + 1;
      else return (groups[3 * mid + 2] as number) + cp - start;
    }
    return 0;
  };
}

/** Format 4: segments (endCode, startCode, idDelta, idRangeOffset) over the BMP. */
function format4(b: Buffer, at: number): (cp: number) => number {
  const segX2 = b.readUInt16BE(at + 6);
  const segs = segX2 / 2;
  const ends = at + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const ranges = deltas + segX2;
  return (cp) => {
    if (cp > 0xffff) return 0;
    let lo = 0;
    let hi = segs - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cp > b.readUInt16BE(ends + 2 * mid)) lo = mid + 1;
      else hi = mid - 1;
    }
    if (lo >= segs) return 0;
    const start = b.readUInt16BE(starts + 2 * lo);
    if (cp < start) return 0;
    const delta = b.readInt16BE(deltas + 2 * lo);
    const rangeOffset = b.readUInt16BE(ranges + 2 * lo);
    if (rangeOffset === 0) return (cp + delta) & 0xffff;
    const g = b.readUInt16BE(ranges + 2 * lo + rangeOffset + 2 * (cp - start));
    return g === 0 ? 0 : (g + delta) & 0xffff;
  };
}
