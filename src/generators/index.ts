//! Writer registry: one line per output format. A paged writer reads the encoded pages of a laid-out
//! document into a byte sink; a model writer reads the DocModel. Adding a format is one writer module, one
//! line here and one in formats.ts (names and extensions).
import type { FontSet } from '../fonts/resolve.js';
import { dumpModel } from '../model/dump.js';
import type { Document } from '../model/types.js';
import { writeDocx } from './docx/write.js';
import type { WriterName } from './formats.js';
import type { EncodedDoc } from './pdf/encode.js';
import type { ByteSink, SubsetStore } from './pdf/file.js';
import { writeEncodedPdf } from './pdf/write.js';

export { FORMATS, needsLayout, type WriterName } from './formats.js';
export { layoutDocument } from '../layout/index.js';

export interface WriteContext {
  created: Date;
  fonts: FontSet;
  /** PDF/A-2b (dossier.yaml `pdfa`, default true) */
  pdfa?: boolean;
  /** compressed font subsets kept from the file's last version (a PDF) */
  subsets?: SubsetStore;
}

export type Writer =
  | { input: 'paged'; write: (doc: EncodedDoc, ctx: WriteContext, sink: ByteSink) => Promise<void> }
  | { input: 'model'; write: (doc: Document, ctx: WriteContext) => Promise<Uint8Array> };

const encoder = new TextEncoder();

export const WRITERS: Record<WriterName, Writer> = {
  pdf: { input: 'paged', write: (doc, ctx, sink) => writeEncodedPdf(doc, ctx.fonts, sink, { created: ctx.created, producer: 'dossier 案卷生成器', pdfa: ctx.pdfa !== false, ...(ctx.subsets ? { subsets: ctx.subsets } : {}) }) },
  docx: { input: 'model', write: (doc, ctx) => writeDocx(doc, { created: ctx.created }) },
  model: { input: 'model', write: async (doc) => encoder.encode(dumpModel(doc)) },
};

export { encodeDoc, encodedComplete, ENCODED_HEAD, parseEncodedDoc, serializeEncodedDoc, type EncodedDoc } from './pdf/encode.js';
export { metadataDate, writePdf } from './pdf/write.js';
export type { StoredSubset, SubsetStore } from './pdf/file.js';
