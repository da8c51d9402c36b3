//! Writer registry: one line per output format. A paged writer reads the laid-out pages (PagedDoc),
//! a model writer reads the DocModel. Adding a format is one writer module and one line here.
import type { FontSet } from '../fonts/resolve.js';
import { layoutDocument } from '../layout/index.js';
import type { PagedDoc } from '../layout/types.js';
import { dumpModel } from '../model/dump.js';
import type { Document } from '../model/types.js';
import { writeDocx } from './docx/write.js';
import { writePdf } from './pdf/write.js';

export interface WriteContext {
  created: Date;
  /** PDF/A-2b (dossier.yaml `pdfa`, default true) */
  pdfa?: boolean;
  /** loaded only when a paged format is requested */
  fonts?: FontSet;
}

export type Writer =
  | { input: 'paged'; extension: string; write: (paged: PagedDoc, ctx: WriteContext) => Promise<Uint8Array> }
  | { input: 'model'; extension: string; write: (doc: Document, ctx: WriteContext) => Promise<Uint8Array> };

const encoder = new TextEncoder();

export const WRITERS = {
  pdf: {
    input: 'paged',
    extension: '.pdf',
    write: (paged, ctx) => {
      if (!ctx.fonts) throw new Error('bug: fonts not loaded for a paged writer');
      return writePdf(paged, ctx.fonts, { created: ctx.created, producer: 'dossier 案卷生成器', pdfa: ctx.pdfa !== false });
    },
  },
  docx: { input: 'model', extension: '.docx', write: (doc, ctx) => writeDocx(doc, { created: ctx.created }) },
  model: { input: 'model', extension: '.model.json', write: async (doc) => encoder.encode(dumpModel(doc)) },
} satisfies Record<string, Writer>;

export type WriterName = keyof typeof WRITERS;

export function needsLayout(formats: readonly WriterName[]): boolean {
  return formats.some((f) => WRITERS[f].input === 'paged');
}

export { layoutDocument };
