//! PagedDoc → PDF bytes with pdf-lib: text runs (Tc for grid pitch and justification), rules, metadata.
//! Deterministic: dates from the document (成文日期) or the caller, an /ID from the content, no random names.
//! PDF/A-2b by default (pdfa/index.ts, called at save). Knows nothing of DocModel.

import { PDFDocument, type PDFFont, type PDFPage, type PDFRef } from 'pdf-lib';
import type { FontSet } from '../../fonts/resolve.js';
import type { Page, PagedDoc, Rgb } from '../../layout/types.js';
import { FontEmbedder } from './fonts.js';
import './native-deflate.js';
import { savePdf } from './pdfa/index.js';

const PT_PER_MM = 72 / 25.4;

export interface WritePdfOptions {
  /** CreationDate and ModDate (from workspace/clock.ts) */
  created: Date;
  /** PDF Creator / Producer, e.g. "dossier 0.1.0" */
  producer?: string;
  /** PDF/A-2b (dossier.yaml `pdfa`); default true */
  pdfa?: boolean;
}

/** The date the file's metadata carries: the document's own (成文日期) when it has one, else the build's. */
export function metadataDate(paged: Pick<PagedDoc, 'date'>, created: Date): Date {
  return paged.date && /^\d{4}-\d{2}-\d{2}$/.test(paged.date) && !Number.isNaN(Date.parse(`${paged.date}T00:00:00Z`)) ? new Date(`${paged.date}T00:00:00Z`) : created;
}

/**
 * Whether the file can be PDF/A: asked for, and every character has a glyph (a character no font has
 * would show the .notdef glyph, which ISO 19005-2 6.2.11.8 forbids; the layout has warned about it).
 */
export function pdfaFor(paged: Pick<PagedDoc, 'warnings'>, pdfa: boolean | undefined): boolean {
  return pdfa !== false && !paged.warnings.some((w) => w.code === 'missing-glyph');
}

const BLACK: Rgb = { r: 0, g: 0, b: 0 };
const round = (v: number): number => Math.round(v * 1000) / 1000;

/** 生成 PDF: one PDF page per PagedDoc page. */
export async function writePdf(paged: PagedDoc, fonts: FontSet, opts: WritePdfOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const producer = opts.producer ?? 'dossier';
  doc.setTitle(paged.title, { showInWindowTitleBar: true });
  if (paged.author) doc.setAuthor(paged.author);
  doc.setSubject(paged.kind);
  doc.setCreator(producer);
  doc.setProducer(producer);
  if (paged.keywords) doc.setKeywords([paged.keywords]);
  const date = metadataDate(paged, opts.created);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  doc.setLanguage('zh-CN');

  const embedder = new FontEmbedder(doc, fonts);
  const underlays = new Map<Page, PDFRef>();
  for (const p of paged.pages) {
    const page = doc.addPage([p.widthMm * PT_PER_MM, p.heightMm * PT_PER_MM]);
    await drawPage(doc, page, p, embedder, underlays);
  }
  return savePdf(doc, { pdfa: pdfaFor(paged, opts.pdfa) });
}

/** A number as pdf-lib's operators print it (our coordinates are rounded to 1/1000 pt: never exponents). */
function num(v: number): string {
  return String(v);
}

/**
 * A page: its underlay (drawn once per document as a Form XObject and placed on every page that shares
 * it, as the copies of a print set do), then its own items.
 */
async function drawPage(doc: PDFDocument, page: PDFPage, p: Page, embedder: FontEmbedder, underlays: Map<Page, PDFRef>): Promise<void> {
  const fontKeys = new Map<PDFFont, string>();
  let content = '';
  if (p.underlay) {
    let ref = underlays.get(p.underlay);
    if (!ref) {
      ref = await formXObject(doc, p.underlay, embedder);
      underlays.set(p.underlay, ref);
    }
    content = `q\n${page.node.newXObject('X', ref).toString()} Do\nQ\n`;
  }
  content += await contentOf(p, embedder, (f) => {
    let key = fontKeys.get(f);
    if (!key) {
      key = page.node.newFontDictionary(f.name, f.ref).toString();
      fontKeys.set(f, key);
    }
    return key;
  });
  page.node.addContentStream(doc.context.register(doc.context.flateStream(content)));
}

/** A page's drawing as a Form XObject with its own font resources. */
async function formXObject(doc: PDFDocument, p: Page, embedder: FontEmbedder): Promise<PDFRef> {
  const names = new Map<PDFFont, string>();
  const content = await contentOf(p, embedder, (f) => {
    let key = names.get(f);
    if (!key) {
      key = `F${names.size}`;
      names.set(f, key);
    }
    return `/${key}`;
  });
  const font = Object.fromEntries([...names].map(([f, key]) => [key, f.ref]));
  const dict = { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, round(p.widthMm * PT_PER_MM), round(p.heightMm * PT_PER_MM)], Resources: { Font: font } };
  return doc.context.register(doc.context.flateStream(content, dict));
}

/**
 * A page's items as content-stream text (the operators pdf-lib would make, byte for byte, without an
 * object per operator and per number: that was a third of the writer's time on text-heavy pages).
 */
async function contentOf(p: Page, embedder: FontEmbedder, fontKey: (f: PDFFont) => string): Promise<string> {
  const height = p.heightMm * PT_PER_MM;
  const ops: string[] = [];

  // rules first (under the text)
  let stroke_: Rgb | undefined;
  let lineWidth = -1;
  const rules = p.items.filter((i) => i.kind === 'rule');
  if (rules.length) ops.push('q');
  for (const r of rules) {
    const c = r.color ?? BLACK;
    if (!stroke_ || !sameColor(stroke_, c)) ops.push(`${num(c.r)} ${num(c.g)} ${num(c.b)} RG`);
    stroke_ = c;
    if (r.widthPt !== lineWidth) ops.push(`${num(round(r.widthPt))} w`);
    lineWidth = r.widthPt;
    ops.push(`${num(round(r.x1Mm * PT_PER_MM))} ${num(round(height - r.y1Mm * PT_PER_MM))} m`, `${num(round(r.x2Mm * PT_PER_MM))} ${num(round(height - r.y2Mm * PT_PER_MM))} l`, 'S');
  }
  if (rules.length) ops.push('Q');

  const texts = p.items.filter((i) => i.kind === 'text');
  if (texts.length) {
    const faces = new Map<string, PDFFont>();
    for (const t of texts) if (!faces.has(t.faceId)) faces.set(t.faceId, await embedder.font(t.faceId));
    ops.push('BT');
    let font: PDFFont | undefined;
    let size = -1;
    let tc = 0;
    let fill: Rgb = BLACK;
    for (const t of texts) {
      const f = faces.get(t.faceId) as PDFFont;
      if (f !== font || t.sizePt !== size) {
        ops.push(`${fontKey(f)} ${num(t.sizePt)} Tf`);
        font = f;
        size = t.sizePt;
      }
      const c = t.color ?? BLACK;
      if (!sameColor(fill, c)) ops.push(`${num(c.r)} ${num(c.g)} ${num(c.b)} rg`);
      fill = c;
      const spacing = round(t.charSpacingPt);
      if (spacing !== tc) ops.push(`${num(spacing)} Tc`);
      tc = spacing;
      ops.push(`1 0 0 1 ${num(round(t.xMm * PT_PER_MM))} ${num(round(height - t.yMm * PT_PER_MM))} Tm`, `${f.encodeText(t.text).toString()} Tj`);
    }
    ops.push('ET');
  }
  return ops.map((o) => `${o}\n`).join('');
}

function sameColor(a: Rgb, b: Rgb): boolean {
  return a.r === b.r && a.g === b.g && a.b === b.b;
}
