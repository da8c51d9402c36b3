//! A TrueType subset for a simple (single-byte) PDF font: the glyphs of some characters, a (3,1) Unicode cmap
//! (ISO 19005-2 6.2.11.6 asks it of non-symbolic TrueType fonts), and advance widths set to the widths the
//! PDF's /Widths give, so font program and dictionary agree (6.2.11.5). Composite glyphs keep their parts.
//! Knows nothing of PDF objects: bytes in, bytes out.

export interface SubsetChar {
  /** the character's Unicode code point */
  unicode: number;
  /** glyph id in the source font (from its cmap) */
  gid: number;
  /** advance in 1/1000 em (the PDF width); absent: the font's own */
  width?: number;
}

export interface TrueTypeSubset {
  bytes: Uint8Array;
  /** advance of each character in 1/1000 em as written into hmtx (rounded as the font stores it) */
  widths: Map<number, number>;
}

interface Table {
  tag: string;
  data: Uint8Array;
}

function tables(font: Uint8Array): Map<string, Uint8Array> {
  const dv = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const n = dv.getUint16(4);
  const out = new Map<string, Uint8Array>();
  for (let i = 0; i < n; i++) {
    const rec = 12 + i * 16;
    const tag = String.fromCharCode(font[rec] as number, font[rec + 1] as number, font[rec + 2] as number, font[rec + 3] as number);
    const off = dv.getUint32(rec + 8);
    const len = dv.getUint32(rec + 12);
    out.set(tag, font.subarray(off, off + len));
  }
  return out;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

function checksum(b: Uint8Array): number {
  let sum = 0;
  const padded = new Uint8Array((b.length + 3) & ~3);
  padded.set(b);
  const dv = view(padded);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + dv.getUint32(i)) >>> 0;
  return sum;
}

/** Component glyph ids of a composite glyph, with the byte offset of each id (to rewrite it). */
function components(glyph: Uint8Array): { gid: number; at: number }[] {
  if (glyph.length < 10 || view(glyph).getInt16(0) >= 0) return [];
  const dv = view(glyph);
  const out: { gid: number; at: number }[] = [];
  let p = 10;
  for (;;) {
    const flags = dv.getUint16(p);
    out.push({ gid: dv.getUint16(p + 2), at: p + 2 });
    p += 4 + (flags & 0x1 ? 4 : 2) + (flags & 0x8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
    if (!(flags & 0x20)) break;
  }
  return out;
}

/** A format 4 cmap subtable (platform 3, encoding 1) for code point → glyph id, code points below U+10000. */
function cmapTable(map: [number, number][]): Uint8Array {
  const segs: { start: number; end: number; delta: number }[] = [];
  for (const [cp, gid] of map) {
    const last = segs[segs.length - 1];
    if (last && cp === last.end + 1 && gid - cp === last.delta) last.end = cp;
    else segs.push({ start: cp, end: cp, delta: gid - cp });
  }
  segs.push({ start: 0xffff, end: 0xffff, delta: 1 });
  const segX2 = segs.length * 2;
  const sub = 16 + segs.length * 8;
  const out = new Uint8Array(12 + sub);
  const dv = view(out);
  dv.setUint16(0, 0); // cmap version
  dv.setUint16(2, 1); // one subtable
  dv.setUint16(4, 3);
  dv.setUint16(6, 1);
  dv.setUint32(8, 12);
  const t = 12;
  dv.setUint16(t, 4);
  dv.setUint16(t + 2, sub);
  dv.setUint16(t + 4, 0);
  dv.setUint16(t + 6, segX2);
  const pow = 2 ** Math.floor(Math.log2(segs.length));
  dv.setUint16(t + 8, pow * 2);
  dv.setUint16(t + 10, Math.log2(pow));
  dv.setUint16(t + 12, segX2 - pow * 2);
  segs.forEach((s, i) => {
    dv.setUint16(t + 14 + i * 2, s.end);
    dv.setUint16(t + 16 + segX2 + i * 2, s.start);
    dv.setUint16(t + 16 + segX2 * 2 + i * 2, s.delta & 0xffff);
    dv.setUint16(t + 16 + segX2 * 3 + i * 2, 0);
  });
  return out;
}

function sfnt(list: Table[]): Uint8Array {
  list.sort((a, b) => (a.tag < b.tag ? -1 : 1));
  const n = list.length;
  let offset = 12 + n * 16;
  const size = list.reduce((s, t) => s + ((t.data.length + 3) & ~3), offset);
  const out = new Uint8Array(size);
  const dv = view(out);
  const pow = 2 ** Math.floor(Math.log2(n));
  dv.setUint32(0, 0x00010000);
  dv.setUint16(4, n);
  dv.setUint16(6, pow * 16);
  dv.setUint16(8, Math.log2(pow));
  dv.setUint16(10, n * 16 - pow * 16);
  let headAt = -1;
  list.forEach((t, i) => {
    const rec = 12 + i * 16;
    for (let k = 0; k < 4; k++) out[rec + k] = t.tag.charCodeAt(k);
    dv.setUint32(rec + 4, checksum(t.data));
    dv.setUint32(rec + 8, offset);
    dv.setUint32(rec + 12, t.data.length);
    out.set(t.data, offset);
    if (t.tag === 'head') headAt = offset;
    offset += (t.data.length + 3) & ~3;
  });
  if (headAt >= 0) dv.setUint32(headAt + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}

/** The subset: glyph 0 (.notdef), then the characters' glyphs in code point order, then composite parts. */
export function truetypeSubset(font: Uint8Array, chars: readonly SubsetChar[]): TrueTypeSubset {
  const t = tables(font);
  const need = (tag: string): Uint8Array => {
    const b = t.get(tag);
    if (!b) throw new Error(`bug: TrueType font without ${tag}`);
    return b;
  };
  const head = need('head');
  const hhea = need('hhea');
  const maxp = need('maxp');
  const hmtx = need('hmtx');
  const loca = need('loca');
  const glyf = need('glyf');
  const upem = view(head).getUint16(18);
  const longLoca = view(head).getInt16(50) === 1;
  const numGlyphs = view(maxp).getUint16(4);
  const numMetrics = view(hhea).getUint16(34);
  const offsetOf = (g: number) => (longLoca ? view(loca).getUint32(g * 4) : view(loca).getUint16(g * 2) * 2);
  const glyphData = (g: number) => glyf.subarray(offsetOf(g), offsetOf(g + 1));
  const metricsOf = (g: number): [number, number] => {
    const dv = view(hmtx);
    const adv = dv.getUint16(Math.min(g, numMetrics - 1) * 4);
    const lsb = g < numMetrics ? dv.getInt16(g * 4 + 2) : dv.getInt16(numMetrics * 4 + (g - numMetrics) * 2);
    return [adv, lsb];
  };

  const sorted = [...chars].filter((c) => c.gid > 0 && c.gid < numGlyphs && c.unicode < 0x10000).sort((a, b) => a.unicode - b.unicode);
  const order: number[] = [0];
  const newId = new Map<number, number>([[0, 0]]);
  const advance = new Map<number, number>();
  const include = (g: number): number => {
    let id = newId.get(g);
    if (id === undefined) {
      id = order.length;
      order.push(g);
      newId.set(g, id);
    }
    return id;
  };
  const cmap: [number, number][] = [];
  const widths = new Map<number, number>();
  for (const c of sorted) {
    const id = include(c.gid);
    cmap.push([c.unicode, id]);
    if (c.width !== undefined && !advance.has(id)) advance.set(id, Math.round((c.width * upem) / 1000));
    const adv = advance.get(id) ?? metricsOf(c.gid)[0];
    widths.set(c.unicode, (adv * 1000) / upem);
  }
  // composite glyphs: their parts, renumbered
  const glyphs: Uint8Array[] = [];
  for (let i = 0; i < order.length; i++) {
    const src = glyphData(order[i] as number);
    const parts = components(src);
    if (!parts.length) {
      glyphs.push(src);
      continue;
    }
    const copy = Uint8Array.from(src);
    for (const p of parts) view(copy).setUint16(p.at, include(p.gid));
    glyphs.push(copy);
  }

  const n = order.length;
  const glyfOut = new Uint8Array(glyphs.reduce((s, g) => s + ((g.length + 3) & ~3), 0));
  const locaOut = new Uint8Array((n + 1) * 4);
  let at = 0;
  glyphs.forEach((g, i) => {
    view(locaOut).setUint32(i * 4, at);
    glyfOut.set(g, at);
    at += (g.length + 3) & ~3;
  });
  view(locaOut).setUint32(n * 4, at);
  const hmtxOut = new Uint8Array(n * 4);
  let maxAdvance = 0;
  order.forEach((g, i) => {
    const [adv0, lsb] = metricsOf(g);
    const adv = advance.get(i) ?? adv0;
    maxAdvance = Math.max(maxAdvance, adv);
    view(hmtxOut).setUint16(i * 4, adv);
    view(hmtxOut).setInt16(i * 4 + 2, lsb);
  });
  const headOut = Uint8Array.from(head);
  view(headOut).setUint32(8, 0);
  view(headOut).setInt16(50, 1);
  const hheaOut = Uint8Array.from(hhea);
  view(hheaOut).setUint16(10, maxAdvance);
  view(hheaOut).setUint16(34, n);
  const maxpOut = Uint8Array.from(maxp);
  view(maxpOut).setUint16(4, n);
  const post = new Uint8Array(32);
  view(post).setUint32(0, 0x00030000);
  const src = t.get('post');
  if (src && src.length >= 16) post.set(src.subarray(4, 16), 4); // italic angle, underline, isFixedPitch

  const list: Table[] = [
    { tag: 'head', data: headOut },
    { tag: 'hhea', data: hheaOut },
    { tag: 'maxp', data: maxpOut },
    { tag: 'hmtx', data: hmtxOut },
    { tag: 'loca', data: locaOut },
    { tag: 'glyf', data: glyfOut },
    { tag: 'cmap', data: cmapTable(cmap) },
    { tag: 'post', data: post },
  ];
  for (const tag of ['OS/2', 'cvt ', 'fpgm', 'prep']) {
    const b = t.get(tag);
    if (b) list.push({ tag, data: b });
  }
  return { bytes: sfnt(list), widths };
}
