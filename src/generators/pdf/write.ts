//! PagedDoc → PDF bytes: encode the pages (encode.ts), then write one file of them (file.ts).
//! Deterministic: dates from the document (成文日期) or the caller, an /ID from the content, no random
//! names. PDF/A-2b by default. Knows nothing of DocModel.

import type { FontSet } from '../../fonts/resolve.js';
import type { PagedDoc } from '../../layout/types.js';
import { markLoaded } from '../../util/loaded.js';
import { encodeDoc, type EncodedDoc } from './encode.js';
import { MemorySink, PdfWriter, type ByteSink, type SubsetStore } from './file.js';

markLoaded('PDF writer');

export interface WritePdfOptions {
  /** CreationDate and ModDate when the document has no date of its own (from workspace/clock.ts) */
  created: Date;
  /** PDF Creator / Producer, e.g. "dossier 0.1.0" */
  producer?: string;
  /** PDF/A-2b (dossier.yaml `pdfa`); default true */
  pdfa?: boolean;
  subsets?: SubsetStore;
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

/** 生成 PDF: one PDF page per PagedDoc page. */
export async function writePdf(paged: PagedDoc, fonts: FontSet, opts: WritePdfOptions): Promise<Uint8Array> {
  const sink = new MemorySink();
  await writeEncodedPdf(encodeDoc(paged, fonts), fonts, sink, opts);
  return sink.bytes();
}

/** An encoded document as one PDF file into `sink`. */
export async function writeEncodedPdf(doc: EncodedDoc, fonts: FontSet, sink: ByteSink, opts: WritePdfOptions): Promise<void> {
  const producer = opts.producer ?? 'dossier';
  const w = new PdfWriter(sink, {
    fonts,
    info: { title: doc.title, ...(doc.author ? { author: doc.author } : {}), subject: doc.kind, ...(doc.keywords ? { keywords: doc.keywords } : {}), creator: producer, producer, created: metadataDate(doc, opts.created), lang: 'zh-CN' },
    pdfa: opts.pdfa !== false && !doc.missingGlyph,
    ...(opts.subsets ? { subsets: opts.subsets } : {}),
  });
  for (const p of doc.pages) w.addPage(p);
  await w.finish();
}
