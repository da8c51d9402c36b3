//! One document through layout and the writers: the unit of work of the worker pool (and of the
//! in-process path, so both give the same bytes).
import { loadFonts, type FontSet } from '../fonts/resolve.js';
import type { FontRole } from '../fonts/roles.js';
import { layoutDocument, WRITERS, type WriterName } from '../generators/index.js';
import type { LayoutWarning, PagedDoc } from '../layout/types.js';
import type { Document } from '../model/types.js';

export interface WriteJob {
  id: string;
  /** a document to lay out and write … */
  document?: Document;
  /** … or pages already laid out (a bound volume) */
  paged?: PagedDoc;
  formats: WriterName[];
  created: number;
  /** PDF/A-2b (dossier.yaml `pdfa`); absent: true */
  pdfa?: boolean;
  /** send the laid-out pages back (print sets and the binder need them) */
  keepPages?: boolean;
}

export interface WriteResult {
  id: string;
  pages?: number;
  paged?: PagedDoc;
  warnings: LayoutWarning[];
  outputs: Partial<Record<WriterName, Uint8Array>>;
}

export interface FontConfig {
  overrides: Partial<Record<FontRole, string>>;
  baseDir: string;
}

export async function writeDocument(job: WriteJob, fonts: FontSet | undefined): Promise<WriteResult> {
  const result: WriteResult = { id: job.id, warnings: [], outputs: {} };
  const paged = job.paged ?? (fonts && job.document && job.formats.some((f) => WRITERS[f].input === 'paged') ? layoutDocument(job.document, fonts) : undefined);
  if (paged) {
    result.pages = paged.pages.length;
    result.warnings = paged.warnings;
    if (job.keepPages && !job.paged) result.paged = paged;
  }
  const ctx = { created: new Date(job.created), pdfa: job.pdfa !== false, ...(fonts ? { fonts } : {}) };
  for (const f of job.formats) {
    const w = WRITERS[f];
    if (w.input === 'paged') {
      if (!paged) throw new Error('bug: no layout for a paged writer');
      result.outputs[f] = await w.write(paged, ctx);
    } else {
      if (!job.document) throw new Error('bug: no document for a model writer');
      result.outputs[f] = await w.write(job.document, ctx);
    }
  }
  return result;
}

export function fontsFor(config: FontConfig): Promise<FontSet> {
  return loadFonts({ overrides: config.overrides, baseDir: config.baseDir });
}
