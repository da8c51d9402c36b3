//! The build's side of 印制 (print sets, src/bind/copies.ts): which documents have copies, their pages
//! (fresh, or laid out again from the kept model when only their labels changed), the input keys that let
//! unchanged sets stay as they are, and the set PDFs written in the build's threads.
import { printSetFiles, type PrintSetInput, type PrintSetOutput } from '../bind/copies.js';
import type { FontSet } from '../fonts/resolve.js';
import { layoutDocument } from '../generators/index.js';
import type { PagedDoc } from '../layout/types.js';
import type { Document } from '../model/types.js';
import type { PlannedVolume, TableDocument, TemplateDocument } from '../plan/types.js';
import type { Workspace } from '../workspace/types.js';
import type { WritePool } from './pool.js';

export interface PrintSetsContext {
  ws: Workspace;
  documents: readonly { d: TemplateDocument | TableDocument; v: PlannedVolume }[];
  /** pages laid out this build, by document id (filled in when a set needs pages of a reused document) */
  paged: Map<string, PagedDoc>;
  /** model and page count of a document, as recorded for this build */
  docKey: (id: string) => string;
  modelOf: (d: TemplateDocument | TableDocument) => Document | undefined;
  fonts: FontSet;
  outDir: string;
  created: Date;
  /** PDF/A-2b (dossier.yaml `pdfa`) */
  pdfa: boolean;
  toolKey: string;
  pool: WritePool;
  previousKey: (abs: string) => string | undefined;
  intact: (abs: string) => boolean;
}

export async function printSets(c: PrintSetsContext): Promise<PrintSetOutput> {
  const byId = new Map(c.documents.map((x) => [x.d.id, x]));
  const inputs: PrintSetInput[] = c.documents.flatMap(({ d, v }) => {
    if (d.kind !== 'template' || !d.copies?.length) return [];
    const p = c.paged.get(d.id);
    const format = c.ws.catalog.volumes.find((cv) => cv.code === v.code)?.items[d.itemIndex]?.copyMark;
    return [{ id: d.id, title: d.title, itemKey: `${v.code}/${d.itemIndex}`, copies: d.copies, docKey: c.docKey(d.id), ...(d.rowName ? { rowName: d.rowName } : {}), ...(d.row ? { row: d.row } : {}), ...(format ? { format } : {}), ...(p ? { paged: p } : {}) }];
  });
  const created = c.created.getTime();
  return printSetFiles(inputs, {
    fonts: c.fonts,
    outDir: c.outDir,
    created: c.created,
    toolKey: c.toolKey,
    writePdfs: async (list) => {
      const done = await c.pool.run(list.map((p, i) => ({ id: `印制/${i}`, paged: p, formats: ['pdf' as const], created, pdfa: c.pdfa })));
      return list.map((_, i) => {
        const pdf = done.get(`印制/${i}`)?.outputs.pdf;
        if (!pdf) throw new Error(`bug: print set ${i} was not written`);
        return pdf;
      });
    },
    layout: (input) => {
      const entry = byId.get(input.id);
      const doc = entry && c.modelOf(entry.d);
      if (!entry || !doc) return undefined;
      const p = layoutDocument(doc, c.fonts);
      c.paged.set(entry.d.id, p);
      return p;
    },
    previousKey: c.previousKey,
    intact: c.intact,
  });
}
