//! One PDF file, written front to back into a byte sink: pages as they come (content streams already
//! deflated, encode.ts), then per face one subset of exactly the glyphs the file's streams use (made once
//! per file, or taken from a cache of compressed subsets), then the page tree, the catalog and an xref
//! stream. Small objects go into object streams; the trailer's /ID is the MD5 of the file's own bytes (with
//! a fixed placeholder where the /ID goes, ISO 19005-2 6.1.3), so the same input always gives the same file.
//! PDF/A-2b (`pdfa`): an XMP packet mirroring the Info dictionary and the sRGB OutputIntent (pdfa/); subset
//! tags are derived from each subset's content. `extend` may write more objects and catalog entries.
//! Knows nothing of DocModel or pdf-lib.

import { createHash, type Hash } from 'node:crypto';
import { srgbProfile, SRGB_DESCRIPTION } from './pdfa/icc.js';
import { xmpPacket } from './pdfa/xmp.js';
import type { FontFace } from '../../fonts/face.js';
import type { FontSet } from '../../fonts/resolve.js';
import { deflate, FONT_DEFLATE_LEVEL } from './deflate.js';
import { mergeGlyphs, type EncodedPage, type EncodedStream, type GlyphUse } from './encode.js';
import { subsetFace, type FaceProgram } from './subset.js';
import { date, literal, name, num, ref, text } from './syntax.js';

/** Where the bytes go: a file being written (the build's staging) or memory. */
export interface ByteSink {
  write(chunk: Uint8Array): void;
}

/** Document information (ISO 32000-1 §14.3.3), dates fixed by the caller. */
export interface PdfInfo {
  title: string;
  author?: string;
  subject?: string;
  creator?: string;
  producer?: string;
  /** 档号 or 发文字号 */
  keywords?: string;
  /** CreationDate and ModDate: the document's own date (成文日期) or the build's */
  created: Date;
  /** natural language of the text (catalog /Lang) */
  lang?: string;
}

/** A compressed font program as a file embeds it. */
export interface StoredSubset {
  kind: FaceProgram['kind'];
  /** deflated program */
  data: Uint8Array;
  /** uncompressed length (/Length1) */
  length: number;
  /** TrueType: the deflated CIDToGIDMap (else /Identity) */
  cidToGid?: Uint8Array;
  /** the subset tag, from the program's content (the same glyphs of the same font give the same tag on any machine) */
  tag: string;
}

/** A cache of compressed subsets by content key (the build keeps one on disk, out/.dossier/cache). */
export interface SubsetStore {
  get(key: string): StoredSubset | undefined;
  put(key: string, subset: StoredSubset): void;
}

/** The object-level API importers (scanned pages) and extensions (PDF/A) write through. */
export interface PdfObjects {
  /** a fresh object number */
  alloc(): number;
  /** reserve every number up to and including `n` (objects numbered by someone else) */
  reserveTo(n: number): void;
  /** the next number `alloc` would give */
  readonly nextNumber: number;
  /** a non-stream object: `body` is its PDF syntax */
  object(num: number, body: string): void;
  /** a stream: `entries` is the inside of its dictionary without /Length; `data` as it is stored */
  stream(num: number, entries: string, data: Uint8Array): void;
  /** an object already serialised as `<<…>> stream … endstream` (or any other body), written as it is */
  raw(num: number, body: Uint8Array, isStream: boolean): void;
  /** the object number of face `i`'s font (written at the end, with the file's subset) */
  fontRef(faceIndex: number): number;
  /** record glyphs drawn by a stream written through `stream` (an imported page's stamp) */
  useGlyphs(glyphs: GlyphUse): void;
  /** a shared stream holding just `q` (or `Q`): wraps foreign content before our own is drawn on it */
  saveRestore(which: 'q' | 'Q'): number;
  /** the page tree's object number (every page's /Parent) */
  readonly pagesRef: number;
  /** a page written through `raw`, appended to the page tree */
  addPageRef(page: number): void;
}

export interface PdfWriterOptions {
  fonts: FontSet;
  info: PdfInfo;
  subsets?: SubsetStore;
  /** PDF/A-2b: XMP metadata and the sRGB output intent (dossier.yaml `pdfa`, default true) */
  pdfa?: boolean;
  /** more objects and catalog entries (e.g. `/Metadata 12 0 R`), called before the catalog is written */
  extend?: (o: PdfObjects) => { catalog?: string } | Promise<{ catalog?: string }>;
}

const OBJECTS_PER_STREAM = 100;
const latin1 = (s: string): Uint8Array => Buffer.from(s, 'latin1');

/** Where the /ID goes while the file is hashed (pdfa/ids.ts: the same placeholder). */
const ID_PLACEHOLDER = '0D055E400D055E400D055E400D055E40';

/** Tracks offsets and the running MD5 of everything written (the trailer /ID). */
class Counter {
  offset = 0;
  readonly hash: Hash = createHash('md5');
  constructor(private readonly sink: ByteSink) {}
  write(b: Uint8Array | string): void {
    const bytes = typeof b === 'string' ? latin1(b) : b;
    this.sink.write(bytes);
    this.hash.update(bytes);
    this.offset += bytes.length;
  }
}

export class PdfWriter implements PdfObjects {
  private readonly out: Counter;
  private next = 1;
  /** xref: object number → [type, field2, field3] */
  private readonly xref = new Map<number, [1, number] | [2, number, number]>();
  private pending: { num: number; body: string }[] = [];
  private readonly streams = new Map<EncodedStream, number>();
  private readonly fonts = new Map<number, number>();
  private readonly glyphs: GlyphUse = new Map();
  private readonly kids: number[] = [];
  private readonly qq = new Map<'q' | 'Q', number>();
  readonly pagesRef: number;
  private readonly resourcesRef: number;
  /** content keys of the subsets this file embeds (a cache keeps them) */
  readonly subsetKeys: string[] = [];

  constructor(
    sink: ByteSink,
    private readonly opts: PdfWriterOptions,
  ) {
    this.out = new Counter(sink);
    // header; the comment's bytes above 127 mark the file as binary (§7.5.2)
    this.out.write(new Uint8Array([...latin1('%PDF-1.7\n%'), 0xe2, 0xe3, 0xcf, 0xd3, 0x0a]));
    this.pagesRef = this.alloc();
    this.resourcesRef = this.alloc();
  }

  get nextNumber(): number {
    return this.next;
  }

  alloc(): number {
    return this.next++;
  }

  reserveTo(n: number): void {
    if (n >= this.next) this.next = n + 1;
  }

  object(num: number, body: string): void {
    this.pending.push({ num, body });
    if (this.pending.length >= OBJECTS_PER_STREAM) this.flushObjects();
  }

  stream(num: number, entries: string, data: Uint8Array): void {
    this.xref.set(num, [1, this.out.offset]);
    this.out.write(`${num} 0 obj\n<<${entries} /Length ${data.length}>>\nstream\n`);
    this.out.write(data);
    this.out.write('\nendstream\nendobj\n');
  }

  raw(num: number, body: Uint8Array, isStream: boolean): void {
    if (!isStream) {
      this.object(num, Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1'));
      return;
    }
    this.xref.set(num, [1, this.out.offset]);
    this.out.write(`${num} 0 obj\n`);
    this.out.write(body);
    this.out.write('\nendobj\n');
  }

  fontRef(faceIndex: number): number {
    let n = this.fonts.get(faceIndex);
    if (n === undefined) {
      n = this.alloc();
      this.fonts.set(faceIndex, n);
    }
    return n;
  }

  useGlyphs(glyphs: GlyphUse): void {
    mergeGlyphs(this.glyphs, glyphs);
    for (const fi of glyphs.keys()) this.fontRef(fi);
  }

  saveRestore(which: 'q' | 'Q'): number {
    let n = this.qq.get(which);
    if (n === undefined) {
      n = this.alloc();
      this.stream(n, '', latin1(`${which}\n`));
      this.qq.set(which, n);
    }
    return n;
  }

  /** A content stream, written once however many pages draw it. */
  private contentRef(s: EncodedStream): number {
    let n = this.streams.get(s);
    if (n === undefined) {
      n = this.alloc();
      this.stream(n, ' /Filter /FlateDecode', s.data);
      this.useGlyphs(s.glyphs);
      this.streams.set(s, n);
    }
    return n;
  }

  /** A page of our own drawing. */
  addPage(p: EncodedPage): void {
    const contents = p.contents.map((s) => this.contentRef(s));
    const page = this.alloc();
    const c = contents.length === 1 ? ref(contents[0] as number) : `[${contents.map(ref).join(' ')}]`;
    this.object(page, `<</Type /Page /Parent ${ref(this.pagesRef)} /MediaBox [0 0 ${num(p.widthPt)} ${num(p.heightPt)}] /Resources ${ref(this.resourcesRef)} /Contents ${c}>>`);
    this.kids.push(page);
  }

  /** A page written by someone else (an imported scan), already pointing at `pagesRef`. */
  addPageRef(page: number): void {
    this.kids.push(page);
  }

  get pageCount(): number {
    return this.kids.length;
  }

  /** Fonts, page tree, catalog, info, object streams, xref stream and trailer. */
  async finish(): Promise<void> {
    const { fonts, info } = this.opts;
    const used = [...this.fonts.keys()].sort((a, b) => a - b);
    for (const fi of used) {
      const face = fonts.list[fi];
      if (!face) throw new Error(`bug: no face ${fi}`);
      await this.writeFont(this.fonts.get(fi) as number, face, this.glyphs.get(fi) ?? new Map());
    }
    const fontDict = used.map((fi) => `/F${fi} ${ref(this.fonts.get(fi) as number)}`).join(' ');
    this.object(this.resourcesRef, `<</Font <<${fontDict}>>>>`);
    this.object(this.pagesRef, `<</Type /Pages /Kids [${this.kids.map(ref).join(' ')}] /Count ${this.kids.length}>>`);
    const extra = this.opts.extend ? await this.opts.extend(this) : {};
    const pdfa = this.opts.pdfa ? this.writePdfA() : '';
    const catalog = this.alloc();
    this.object(catalog, `<</Type /Catalog /Pages ${ref(this.pagesRef)}${info.lang ? ` /Lang ${literal(info.lang)}` : ''} /ViewerPreferences <</DisplayDocTitle true>>${pdfa}${extra.catalog ? ` ${extra.catalog}` : ''}>>`);
    const infoRef = this.alloc();
    const entries = [`/Title ${text(info.title)}`];
    if (info.author) entries.push(`/Author ${text(info.author)}`);
    if (info.subject) entries.push(`/Subject ${text(info.subject)}`);
    if (info.keywords) entries.push(`/Keywords ${text(info.keywords)}`);
    if (info.creator) entries.push(`/Creator ${text(info.creator)}`);
    if (info.producer) entries.push(`/Producer ${text(info.producer)}`);
    entries.push(`/CreationDate ${date(info.created)}`, `/ModDate ${date(info.created)}`);
    this.object(infoRef, `<<${entries.join(' ')}>>`);
    this.flushObjects();

    // xref stream (§7.5.8): W [1 4 2]; the /ID is the hash of everything before it
    const xrefNum = this.alloc();
    const xrefAt = this.out.offset;
    this.xref.set(xrefNum, [1, xrefAt]);
    const size = this.next;
    const rows = Buffer.alloc(7 * size);
    for (let n = 0; n < size; n++) {
      const e = this.xref.get(n);
      const at = 7 * n;
      if (n === 0) {
        rows.writeUInt8(0, at);
        rows.writeUInt16BE(0xffff, at + 5);
        continue;
      }
      if (!e) throw new Error(`bug: PDF object ${n} allocated but never written`);
      rows.writeUInt8(e[0], at);
      rows.writeUInt32BE(e[1], at + 1);
      rows.writeUInt16BE(e[0] === 2 ? e[2] : 0, at + 5);
    }
    // the tail holds the /ID: hashed with the placeholder in its place, then written with the digest
    const data = deflate(rows);
    const tail = Buffer.concat([
      Buffer.from(`${xrefNum} 0 obj\n<</Type /XRef /Size ${size} /W [1 4 2] /Root ${ref(catalog)} /Info ${ref(infoRef)} /ID [<${ID_PLACEHOLDER}> <${ID_PLACEHOLDER}>] /Filter /FlateDecode /Length ${data.length}>>\nstream\n`, 'latin1'),
      data,
      Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'),
    ]);
    const id = this.out.hash.copy().update(tail).digest('hex').toUpperCase();
    const at = tail.indexOf(ID_PLACEHOLDER, 0, 'latin1');
    tail.write(id, at + 0, 'latin1');
    tail.write(id, at + ID_PLACEHOLDER.length + 3, 'latin1');
    this.out.write(tail);
  }

  /** XMP packet and output intent (ISO 19005-2 6.6, 6.2.3): the catalog entries that point at them. */
  private writePdfA(): string {
    const { info } = this.opts;
    const xmp = this.alloc();
    this.stream(
      xmp,
      ' /Type /Metadata /Subtype /XML',
      xmpPacket(
        { title: info.title, ...(info.author ? { author: info.author } : {}), ...(info.subject ? { subject: info.subject } : {}), ...(info.keywords ? { keywords: info.keywords } : {}), ...(info.creator ? { creator: info.creator } : {}), ...(info.producer ? { producer: info.producer } : {}), created: info.created, modified: info.created, ...(info.lang ? { language: info.lang } : {}) },
        { part: 2, conformance: 'B' },
      ),
    );
    const profile = this.alloc();
    this.stream(profile, ' /N 3 /Filter /FlateDecode', deflatedProfile());
    const intent = this.alloc();
    this.object(intent, `<</Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier ${literal(SRGB_DESCRIPTION)} /Info ${literal(SRGB_DESCRIPTION)} /RegistryName ${literal('http://www.color.org')} /DestOutputProfile ${ref(profile)}>>`);
    return ` /Metadata ${ref(xmp)} /OutputIntents [${ref(intent)}]`;
  }

  private flushObjects(): void {
    if (!this.pending.length) return;
    const objs = this.pending;
    this.pending = [];
    const streamNum = this.alloc();
    let header = '';
    let body = '';
    let offset = 0;
    objs.forEach((o, i) => {
      header += `${o.num} ${offset} `;
      const b = `${o.body}\n`;
      body += b;
      offset += Buffer.byteLength(b, 'latin1');
      this.xref.set(o.num, [2, streamNum, i]);
    });
    const first = Buffer.byteLength(header, 'latin1');
    this.stream(streamNum, ` /Type /ObjStm /N ${objs.length} /First ${first} /Filter /FlateDecode`, deflate(header + body));
  }

  /** Type0 font, CIDFont, descriptor, subset program and ToUnicode of one face. */
  private async writeFont(type0: number, face: FontFace, gids: Map<number, string>): Promise<void> {
    const sorted = [...gids.keys()].sort((a, b) => a - b);
    const key = subsetKey(face, sorted);
    this.subsetKeys.push(key);
    let stored = this.opts.subsets?.get(key) ?? memo.get(key);
    if (!stored) {
      const program = await subsetFace(face, sorted);
      const content = createHash('sha256').update(program.bytes);
      if (program.cidToGid) content.update(program.cidToGid);
      stored = { kind: program.kind, data: deflate(program.bytes, FONT_DEFLATE_LEVEL), length: program.bytes.length, ...(program.cidToGid ? { cidToGid: deflate(program.cidToGid, FONT_DEFLATE_LEVEL) } : {}), tag: subsetTag(content.digest('hex')) };
      this.opts.subsets?.put(key, stored);
    }
    remember(key, stored);
    const m = metricsOf(face);
    const base = name(`${stored.tag}+${face.postscriptName.replace(/[^\x21-\x7e]|[()<>[\]{}/%#]/g, '')}`).slice(1);
    const cid = this.alloc();
    const descriptor = this.alloc();
    const file = this.alloc();
    const toUnicode = this.alloc();
    const map = stored.cidToGid ? this.alloc() : undefined;
    this.object(type0, `<</Type /Font /Subtype /Type0 /BaseFont /${base} /Encoding /Identity-H /DescendantFonts [${ref(cid)}] /ToUnicode ${ref(toUnicode)}>>`);
    const cff = stored.kind === 'cff';
    this.object(cid, `<</Type /Font /Subtype /${cff ? 'CIDFontType0' : 'CIDFontType2'} /BaseFont /${base} /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor ${ref(descriptor)} /W ${widths(face, sorted)}${cff ? '' : ` /CIDToGIDMap ${map === undefined ? '/Identity' : ref(map)}`}>>`);
    this.object(
      descriptor,
      `<</Type /FontDescriptor /FontName /${base} /Flags ${m.flags} /FontBBox [${m.bbox.map(num).join(' ')}] /ItalicAngle ${num(m.italicAngle)} /Ascent ${num(m.ascent)} /Descent ${num(m.descent)} /CapHeight ${num(m.capHeight)} /XHeight ${num(m.xHeight)} /StemV 0 /${cff ? 'FontFile3' : 'FontFile2'} ${ref(file)}>>`,
    );
    this.stream(file, cff ? ' /Subtype /CIDFontType0C /Filter /FlateDecode' : ` /Length1 ${stored.length} /Filter /FlateDecode`, stored.data);
    if (map !== undefined && stored.cidToGid) this.stream(map, ' /Filter /FlateDecode', stored.cidToGid);
    this.stream(toUnicode, ' /Filter /FlateDecode', deflate(toUnicodeCMap(sorted.flatMap((g) => { const t = gids.get(g); return g === 0 || !t ? [] : [[g, t] as const]; }))));
  }
}

let profileDeflated: Uint8Array | undefined;
/** The sRGB profile, compressed once per thread (the same in every file). */
function deflatedProfile(): Uint8Array {
  profileDeflated ??= deflate(srgbProfile(), 9);
  return profileDeflated;
}

/** The last few subsets made on this thread (a document and its print set often share one). */
const memo = new Map<string, StoredSubset>();
function remember(key: string, s: StoredSubset): void {
  memo.delete(key);
  memo.set(key, s);
  if (memo.size > 8) memo.delete(memo.keys().next().value as string);
}

/** Cache key of a subset: the face (file, size and time) and its glyphs. */
export function subsetKey(face: FontFace, sortedGids: readonly number[]): string {
  return createHash('sha256').update(`${face.id}\0${face.fingerprint}\0`).update(Uint32Array.from(sortedGids)).digest('hex');
}

/** Six capitals from the hash of a subset's program (ISO 32000-1 §9.6.4): different subsets, different tags. */
export function subsetTag(key: string): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += String.fromCharCode(65 + (parseInt(key.slice(2 * i, 2 * i + 2), 16) % 26));
  return s;
}

interface DescriptorValues {
  flags: number;
  bbox: [number, number, number, number];
  italicAngle: number;
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  scale: number;
}

const descriptors = new WeakMap<FontFace, DescriptorValues>();

/** The descriptor's values (in 1000ths of an em), from the face's head, hhea, OS/2 and post tables. */
function metricsOf(face: FontFace): DescriptorValues {
  let m = descriptors.get(face);
  if (m) return m;
  const f = face.sfnt.metrics();
  const scale = 1000 / f.unitsPerEm;
  // FontDescriptor /Flags (§9.8.2): FixedPitch 1, Serif 2, Symbolic 4 (always: glyphs by id), Script 8, Italic 64
  const flags = (f.fixedPitch ? 1 : 0) | (f.familyClass >= 1 && f.familyClass <= 7 ? 2 : 0) | 4 | (f.familyClass === 10 ? 8 : 0) | (f.italic ? 64 : 0);
  m = {
    flags,
    bbox: [f.bbox[0] * scale, f.bbox[1] * scale, f.bbox[2] * scale, f.bbox[3] * scale],
    italicAngle: f.italicAngle,
    ascent: f.ascent * scale,
    descent: f.descent * scale,
    capHeight: f.capHeight * scale,
    xHeight: f.xHeight * scale,
    scale,
  };
  descriptors.set(face, m);
  return m;
}

/** The /W array: runs of consecutive glyph ids with their widths. */
function widths(face: FontFace, sorted: readonly number[]): string {
  const scale = metricsOf(face).scale;
  const parts: string[] = [];
  let run: string[] = [];
  let start = -2;
  let prev = -2;
  for (const g of sorted) {
    const w = num(face.sfnt.advance(g) * scale);
    if (g !== prev + 1) {
      if (run.length) parts.push(`${start} [${run.join(' ')}]`);
      run = [];
      start = g;
    }
    run.push(w);
    prev = g;
  }
  if (run.length) parts.push(`${start} [${run.join(' ')}]`);
  return `[${parts.join(' ')}]`;
}

/** ToUnicode CMap (§9.10.3): each glyph id → the text it was drawn for, in blocks of 100. */
function toUnicodeCMap(map: readonly (readonly [number, string])[]): string {
  const lines = ['/CIDInit /ProcSet findresource begin', '12 dict begin', 'begincmap', '/CIDSystemInfo <<', '  /Registry (Adobe)', '  /Ordering (UCS)', '  /Supplement 0', '>> def', '/CMapName /Adobe-Identity-UCS def', '/CMapType 2 def', '1 begincodespacerange', '<0000><ffff>', 'endcodespacerange'];
  for (let i = 0; i < map.length; i += 100) {
    const block = map.slice(i, i + 100);
    lines.push(`${block.length} beginbfchar`);
    for (const [g, t] of block) {
      let hex = '';
      for (let k = 0; k < t.length; k++) hex += t.charCodeAt(k).toString(16).padStart(4, '0');
      lines.push(`<${g.toString(16).padStart(4, '0')}> <${hex}>`);
    }
    lines.push('endbfchar');
  }
  lines.push('endcmap', 'CMapName currentdict /CMap defineresource pop', 'end', 'end');
  return lines.join('\n');
}

/** A sink that keeps the bytes in memory. */
export class MemorySink implements ByteSink {
  private readonly chunks: Uint8Array[] = [];
  write(chunk: Uint8Array): void {
    this.chunks.push(chunk);
  }
  bytes(): Uint8Array {
    const b = Buffer.concat(this.chunks);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
}

