//! PagedDoc → PDF bytes: encode the pages (encode.ts), then write one file of them (file.ts).
//! Deterministic: fixed dates from the caller, a trailer /ID derived from the content, no random names.
//! Knows nothing of DocModel.

import type { FontSet } from '../../fonts/resolve.js';
import type { PagedDoc } from '../../layout/types.js';
import { encodeDoc, type EncodedDoc } from './encode.js';
import { MemorySink, PdfWriter, type ByteSink, type SubsetStore } from './file.js';
import { markLoaded } from '../../util/loaded.js';

markLoaded('PDF writer');

export interface WritePdfOptions {
  /** CreationDate and ModDate (from workspace/clock.ts) */
  created: Date;
  /** PDF Creator / Producer, e.g. "dossier 0.1.0" */
  producer?: string;
  subsets?: SubsetStore;
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
    info: { title: doc.title, ...(doc.author ? { author: doc.author } : {}), subject: doc.kind, creator: producer, producer, created: opts.created, lang: 'zh-CN' },
    ...(opts.subsets ? { subsets: opts.subsets } : {}),
  });
  for (const p of doc.pages) w.addPage(p);
  await w.finish();
}
