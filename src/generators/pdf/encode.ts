//! Pages → content streams, encoded once: text is drawn as glyph ids of its face (Identity-H, CID = the
//! face's own glyph id), so a stream does not depend on the font subset of the file it lands in. A
//! document's own PDF, the bound volume and the print sets all reuse the same deflated bytes; each file
//! then embeds one subset per face, made from the glyphs its streams use (file.ts). Fonts are named
//! /F<n> by their index in the FontSet's face list, the same in every file. Knows nothing of DocModel.

import type { FontSet } from '../../fonts/resolve.js';
import type { Page, PagedDoc, PageItem, Rgb, Rule, TextRun } from '../../layout/types.js';
import { deflate } from './deflate.js';
import { gidHex, num } from './syntax.js';

export const PT_PER_MM = 72 / 25.4;

/** Glyphs a stream draws, by face index (FontSet.list): glyph id → the text it shows (for ToUnicode). */
export type GlyphUse = Map<number, Map<number, string>>;

/** One content stream: deflated, self-contained (wrapped in q … Q), with the glyphs it draws. */
export interface EncodedStream {
  data: Uint8Array;
  glyphs: GlyphUse;
}

/** A page as the file writer takes it: its size and content streams, drawn in order. */
export interface EncodedPage {
  widthPt: number;
  heightPt: number;
  /** a page that shares another's drawing (a print set's copies) lists that stream first */
  contents: EncodedStream[];
}

/** A laid-out document, encoded. */
export interface EncodedDoc {
  title: string;
  author?: string;
  kind: string;
  /** 成文日期 (ISO): the file's dates */
  date?: string;
  /** 发文字号 (or 档号): the file's Keywords */
  keywords?: string;
  /** a character no font has was drawn as .notdef: the file cannot be PDF/A (ISO 19005-2 6.2.11.8) */
  missingGlyph?: boolean;
  pages: EncodedPage[];
}

const BLACK: Rgb = { r: 0, g: 0, b: 0 };
const round = (v: number): number => Math.round(v * 1000) / 1000;

/** Face index by FontFace.id for a FontSet (its list order). */
const indexes = new WeakMap<FontSet, Map<string, number>>();
export function faceIndex(fonts: FontSet, faceId: string): number {
  let m = indexes.get(fonts);
  if (!m) {
    m = new Map(fonts.list.map((f, i) => [f.id, i]));
    indexes.set(fonts, m);
  }
  const i = m.get(faceId);
  if (i === undefined) throw new Error(`font face not in FontSet: ${faceId}`);
  return i;
}

/** Resource name of face `i`. */
export function fontResource(i: number): string {
  return `/F${i}`;
}

/** Encodes a laid-out document: each page once; pages sharing an underlay share its stream. */
export function encodeDoc(paged: PagedDoc, fonts: FontSet): EncodedDoc {
  const underlays = new Map<Page, EncodedStream>();
  const pages = paged.pages.map((p): EncodedPage => {
    const contents: EncodedStream[] = [];
    if (p.underlay) {
      let u = underlays.get(p.underlay);
      if (!u) {
        u = encodeItems(p.underlay.items, p.underlay.heightMm, fonts);
        underlays.set(p.underlay, u);
      }
      contents.push(u);
      if (p.items.length) contents.push(encodeItems(p.items, p.heightMm, fonts));
    } else contents.push(encodeItems(p.items, p.heightMm, fonts));
    return { widthPt: round(p.widthMm * PT_PER_MM), heightPt: round(p.heightMm * PT_PER_MM), contents };
  });
  return {
    title: paged.title,
    ...(paged.author ? { author: paged.author } : {}),
    kind: paged.kind,
    ...(paged.date ? { date: paged.date } : {}),
    ...(paged.keywords ? { keywords: paged.keywords } : {}),
    ...(paged.warnings.some((w) => w.code === 'missing-glyph') ? { missingGlyph: true } : {}),
    pages,
  };
}

/** Items of a page of height `heightMm` as one content stream (rules under the text). */
export function encodeItems(items: readonly PageItem[], heightMm: number, fonts: FontSet): EncodedStream {
  const glyphs: GlyphUse = new Map();
  return { data: deflate(contentOf(items, heightMm * PT_PER_MM, fonts, glyphs)), glyphs };
}

/** The operators of a page's items (pdf-lib's operators, byte for byte, but glyph ids of the face). */
export function contentOf(items: readonly PageItem[], height: number, fonts: FontSet, glyphs: GlyphUse): string {
  const ops: string[] = ['q'];
  const rules = items.filter((i): i is Rule => i.kind === 'rule');
  if (rules.length) {
    ops.push('q');
    let stroke: Rgb | undefined;
    let lineWidth = -1;
    for (const r of rules) {
      const c = r.color ?? BLACK;
      if (!stroke || !sameColor(stroke, c)) ops.push(`${num(c.r)} ${num(c.g)} ${num(c.b)} RG`);
      stroke = c;
      if (r.widthPt !== lineWidth) ops.push(`${num(r.widthPt)} w`);
      lineWidth = r.widthPt;
      ops.push(`${num(r.x1Mm * PT_PER_MM)} ${num(height - r.y1Mm * PT_PER_MM)} m`, `${num(r.x2Mm * PT_PER_MM)} ${num(height - r.y2Mm * PT_PER_MM)} l`, 'S');
    }
    ops.push('Q');
  }
  const texts = items.filter((i): i is TextRun => i.kind === 'text');
  if (texts.length) {
    ops.push('BT');
    let font = -1;
    let size = -1;
    let tc = 0;
    let fill: Rgb = BLACK;
    for (const t of texts) {
      const fi = faceIndex(fonts, t.faceId);
      if (fi !== font || t.sizePt !== size) {
        ops.push(`${fontResource(fi)} ${num(t.sizePt)} Tf`);
        font = fi;
        size = t.sizePt;
      }
      const c = t.color ?? BLACK;
      if (!sameColor(fill, c)) ops.push(`${num(c.r)} ${num(c.g)} ${num(c.b)} rg`);
      fill = c;
      const spacing = round(t.charSpacingPt);
      if (spacing !== tc) ops.push(`${num(spacing)} Tc`);
      tc = spacing;
      ops.push(`1 0 0 1 ${num(t.xMm * PT_PER_MM)} ${num(height - t.yMm * PT_PER_MM)} Tm`, `<${glyphHex(t.text, fi, fonts, glyphs)}> Tj`);
    }
    ops.push('ET');
  }
  ops.push('Q');
  return ops.map((o) => `${o}\n`).join('');
}

/** The glyph ids of `text` in face `fi`, as hex, recording each glyph's text. */
export function glyphHex(text: string, fi: number, fonts: FontSet, glyphs: GlyphUse): string {
  const face = fonts.list[fi];
  if (!face) throw new Error(`bug: no face ${fi}`);
  let used = glyphs.get(fi);
  if (!used) {
    used = new Map();
    glyphs.set(fi, used);
  }
  let hex = '';
  for (const ch of text) {
    const gid = face.glyphId(ch.codePointAt(0) ?? 0);
    if (!used.has(gid)) used.set(gid, ch);
    hex += gidHex(gid);
  }
  return hex;
}

/** Text placed by a full text matrix (a 页号 on a rotated scan), in face `faceIndex`. */
export interface MatrixText {
  text: string;
  faceIndex: number;
  sizePt: number;
  /** a b c d e f of Tm */
  matrix: readonly [number, number, number, number, number, number];
}

/**
 * Text drawn on a page that is not ours (an imported scan), as one stream: fonts are named by
 * `fontName` (the page's own resources may already use /F0, /F1 …).
 */
export function encodeMatrixText(runs: readonly MatrixText[], fonts: FontSet, fontName: (faceIndex: number) => string): EncodedStream {
  const glyphs: GlyphUse = new Map();
  const ops = ['q', 'BT'];
  for (const r of runs) ops.push(`${fontName(r.faceIndex)} ${num(r.sizePt)} Tf`, `${r.matrix.map(num).join(' ')} Tm`, `<${glyphHex(r.text, r.faceIndex, fonts, glyphs)}> Tj`);
  ops.push('ET', 'Q');
  return { data: deflate(ops.map((o) => `${o}\n`).join('')), glyphs };
}

/** Every glyph of several streams, by face: the first text seen for a glyph wins. */
export function mergeGlyphs(into: GlyphUse, from: GlyphUse): void {
  for (const [fi, gids] of from) {
    let m = into.get(fi);
    if (!m) {
      m = new Map();
      into.set(fi, m);
    }
    for (const [gid, t] of gids) if (!m.has(gid)) m.set(gid, t);
  }
}

function sameColor(a: Rgb, b: Rgb): boolean {
  return a.r === b.r && a.g === b.g && a.b === b.b;
}

/** Bytes before the header of a serialised document: magic, header length, whole length. */
export const ENCODED_HEAD = 12;

/** Whether `head` (the first ENCODED_HEAD bytes of a file of `size` bytes) starts a whole serialised document. */
export function encodedComplete(head: Uint8Array, size: number): boolean {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  return b.length >= ENCODED_HEAD && b.toString('latin1', 0, 4) === 'DSE2' && b.readUInt32BE(8) === size;
}

/**
 * An encoded document as bytes (the build keeps them in out/.dossier/cache): "DSE2", the header's length,
 * the whole length, the header as JSON (title, pages, each stream's length and glyphs), then the streams'
 * bytes. Streams shared by several pages are stored once.
 */
export function serializeEncodedDoc(doc: EncodedDoc): Uint8Array {
  const streams: EncodedStream[] = [];
  const index = new Map<EncodedStream, number>();
  const pages = doc.pages.map((p) => [
    p.widthPt,
    p.heightPt,
    p.contents.map((s) => {
      let i = index.get(s);
      if (i === undefined) {
        i = streams.length;
        streams.push(s);
        index.set(s, i);
      }
      return i;
    }),
  ]);
  const header = Buffer.from(
    JSON.stringify({
      title: doc.title,
      ...(doc.author ? { author: doc.author } : {}),
      kind: doc.kind,
      ...(doc.date ? { date: doc.date } : {}),
      ...(doc.keywords ? { keywords: doc.keywords } : {}),
      ...(doc.missingGlyph ? { missingGlyph: true } : {}),
      pages,
      streams: streams.map((s) => [s.data.length, [...s.glyphs].map(([fi, m]) => [fi, [...m]])]),
    }),
    'utf8',
  );
  const head = Buffer.alloc(ENCODED_HEAD);
  head.write('DSE2', 0, 'latin1');
  head.writeUInt32BE(header.length, 4);
  head.writeUInt32BE(ENCODED_HEAD + header.length + streams.reduce((n, s) => n + s.data.length, 0), 8);
  const out = Buffer.concat([head, header, ...streams.map((s) => s.data)]);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** The document `serializeEncodedDoc` wrote; undefined for anything else (a damaged cache file). */
export function parseEncodedDoc(bytes: Uint8Array): EncodedDoc | undefined {
  try {
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (b.toString('latin1', 0, 4) !== 'DSE2' || b.readUInt32BE(8) !== b.length) return undefined;
    const n = b.readUInt32BE(4);
    const h = JSON.parse(b.toString('utf8', ENCODED_HEAD, ENCODED_HEAD + n)) as { title: string; author?: string; kind: string; date?: string; keywords?: string; missingGlyph?: boolean; pages: [number, number, number[]][]; streams: [number, [number, [number, string][]][]][] };
    let at = ENCODED_HEAD + n;
    const streams: EncodedStream[] = h.streams.map(([len, glyphs]) => {
      const data = new Uint8Array(b.buffer, b.byteOffset + at, len);
      at += len;
      return { data, glyphs: new Map(glyphs.map(([fi, m]) => [fi, new Map(m)])) };
    });
    if (at !== b.length) return undefined;
    const pages = h.pages.map(([widthPt, heightPt, ix]): EncodedPage => ({ widthPt, heightPt, contents: ix.map((i) => streams[i] as EncodedStream) }));
    return { title: h.title, ...(h.author ? { author: h.author } : {}), kind: h.kind, ...(h.date ? { date: h.date } : {}), ...(h.keywords ? { keywords: h.keywords } : {}), ...(h.missingGlyph ? { missingGlyph: true } : {}), pages };
  } catch {
    return undefined;
  }
}
