//! Writing a bound volume and a print set from pages already encoded: the volume PDF is its forms
//! (封面, 卷内目录, 备考表: laid out here), each document's encoded pages with the 页号 (and the archive
//! copy's mark) as one more small stream on top, and the scans copied in — one pass, one font subset per
//! face for the whole file. The volume DOCX is its DocModel (volumeDocument). These are the jobs the
//! build hands to its threads: plain data in, files out.

import type { FontSet } from '../fonts/resolve.js';
import { contentsOf } from '../generators/archive/contents.js';
import { coverOf, type CoverStyle } from '../generators/archive/cover.js';
import { remarksOf } from '../generators/archive/remarks.js';
import type { VolumeSheet } from '../generators/archive/types.js';
import { writeDocx } from '../generators/docx/write.js';
import { encodeDoc, encodeItems, PT_PER_MM, type EncodedDoc, type EncodedPage, type EncodedStream } from '../generators/pdf/encode.js';
import { PdfWriter, type ByteSink, type SubsetStore } from '../generators/pdf/file.js';
import { metadataDate } from '../generators/pdf/write.js';
import { layoutDocument } from '../layout/index.js';
import { topRightMark, type MarkOptions } from '../layout/mark.js';
import type { LayoutWarning, Page, PageItem } from '../layout/types.js';
import type { Document } from '../model/types.js';
import type { AttachmentDocument, PlannedDocument } from '../plan/types.js';
import { PAGE } from '../standards/gbt9704.js';
import { hashJson } from '../util/hash.js';
import { pageNoRun } from './page-numbers.js';
import { scanBlockKey, writeScanObjects, writeScanPage, type ScanBlock } from './scan-block.js';
import { arrangeSheets, type Part, type PrintMode } from './sheets.js';
import { volumeDocument, type BindItem } from './volume.js';

export const PRODUCER = 'dossier 案卷生成器';

/** A file written by a job: its hash and size. */
export interface WrittenFile {
  sha256: string;
  size: number;
}

/** What a job needs from the thread it runs on. */
export interface AssembleEnv {
  fonts: FontSet;
  /** a generated document's encoded pages, by the reference the build gave it (where it is cached) */
  encoded(ref: string): EncodedDoc;
  /** the compressed subsets an output PDF embedded last time (and keeps for next time: `save`) */
  subsets(file: string): SubsetStore & { save(): void };
  /** a file being written, by temporary path */
  sink(tmp: string): ByteSink & { close(): WrittenFile };
  /** a small file written at once */
  put(tmp: string, data: Uint8Array): WrittenFile;
  /** scans read on this thread, by content (the same scan filed in several volumes is read once) */
  scans: Map<string, Promise<unknown>>;
  /** the forms a volume was written with last time (and keeps for next time: `put`) */
  forms(file: string): { get(key: string): VolumeForms | undefined; put(forms: VolumeForms): void };
  /** the scan block a volume PDF was written with last time (and keeps for next time: `put`) */
  scanBlocks(file: string): { get(key: string): ScanBlock | undefined; put(block: ScanBlock): void };
}

/** One 件 of a volume job. */
export interface AssembleItem {
  planned: PlannedDocument;
  pages: number;
  /** a generated document: its encoded pages (reference) and, for the Word volume, its model */
  encoded?: string;
  document?: Document;
  /** a scan or received file */
  attachment?: { kind: 'pdf' | 'image' | 'docx'; path: string; file: string; sha256?: string };
  /** the archive copy's mark on every page (a document printed in copies) */
  copyMark?: string;
  itemRemark?: string;
}

/** One bound volume (or part) to write. */
export interface VolumeJob {
  kind: 'volume';
  id: string;
  sheet: VolumeSheet;
  cover: CoverStyle;
  items: AssembleItem[];
  /** temporary paths to write the PDF and the DOCX to (absent: that format is not made) */
  pdf?: string;
  docx?: string;
  /** where the PDF's font subsets are cached */
  subsetCache?: string;
  /** where the PDF's block of scan objects is cached (scan-block.ts) */
  scanCache?: string;
  /** where its forms are cached, and what else they depend on (the build's tool key: version, settings, fonts) */
  formsCache?: { file: string; salt: string };
  created: number;
  /** PDF/A-2b: dossier.yaml `pdfa`, and no attachment of the part prevents it (a character no font has still does) */
  pdfa: boolean;
  /** duplex: each part on the front of a sheet, blank backs inserted; simplex: every page a front (dossier.yaml `print`) */
  print: PrintMode;
}

export interface VolumeResult {
  kind: 'volume';
  id: string;
  /** printed sheets including cover and forms (for the spine width) */
  sheets: number;
  pdf?: WrittenFile;
  docx?: WrittenFile;
  warnings: LayoutWarning[];
}

/** A volume's forms (封面, 卷内目录, 备考表): their models, page counts, layout warnings and encoded pages. */
export interface VolumeForms {
  key: string;
  docs: [Document, Document, Document];
  pages: [number, number, number];
  warnings: LayoutWarning[];
  encoded: [EncodedDoc, EncodedDoc, EncodedDoc];
}

/** Bump when what the forms say or how they are laid out changes without the tool key changing. */
const FORMS_FORMAT = 1;

/** The forms of a volume: as kept for exactly this sheet, cover and tool, or made now (and kept). */
function formsOf(job: VolumeJob, env: AssembleEnv): VolumeForms {
  const key = job.formsCache ? hashJson({ format: FORMS_FORMAT, salt: job.formsCache.salt, sheet: job.sheet, cover: job.cover }) : '';
  const store = job.formsCache ? env.forms(job.formsCache.file) : undefined;
  const kept = store?.get(key);
  if (kept) return kept;
  const docs: [Document, Document, Document] = [coverOf(job.sheet, job.cover), contentsOf(job.sheet), remarksOf(job.sheet)];
  const laid = docs.map((d) => layoutDocument(d, env.fonts));
  const made: VolumeForms = {
    key,
    docs,
    pages: laid.map((p) => p.pages.length) as [number, number, number],
    warnings: laid.flatMap((p) => p.warnings),
    encoded: laid.map((p) => encodeDoc(p, env.fonts)) as [EncodedDoc, EncodedDoc, EncodedDoc],
  };
  store?.put(made);
  return made;
}

/** The page a mark or 页号 is placed on, as layout sees it. */
function pageOf(p: EncodedPage): Page {
  const widthMm = p.widthPt / PT_PER_MM;
  const heightMm = p.heightPt / PT_PER_MM;
  return { widthMm, heightMm, landscape: widthMm > heightMm, number: null, items: [] };
}

/** A blank back (a part that ended on a front, printed duplex): A4 portrait, nothing on it. */
const BLANK_BACK: EncodedPage = { widthPt: PAGE.widthMm * PT_PER_MM, heightPt: PAGE.heightMm * PT_PER_MM, contents: [] };

/** Writes one volume job's files. */
export async function writeVolume(job: VolumeJob, env: AssembleEnv): Promise<VolumeResult> {
  const { fonts } = env;
  const f = formsOf(job, env);
  const [cover, contents, remarks] = f.docs;
  const [coverPages, contentsPages, remarksPages] = f.pages;
  // the parts of the volume, each starting on the front of a sheet (sheets.ts); only the 件 are numbered
  const parts: Part[] = [
    { pages: coverPages, stamped: false },
    { pages: contentsPages, stamped: false },
    ...job.items.map((it) => ({ pages: it.attachment?.kind === 'docx' ? 0 : it.pages, stamped: true })),
    { pages: remarksPages, stamped: false },
  ];
  const plan = arrangeSheets(parts, job.print);
  const result: VolumeResult = { kind: 'volume', id: job.id, sheets: plan.sheets, warnings: [...f.warnings] };
  if (job.pdf !== undefined) {
    const sink = env.sink(job.pdf);
    const subsets = job.subsetCache !== undefined ? env.subsets(job.subsetCache) : undefined;
    const docs = job.items.map((it) => (it.encoded !== undefined ? env.encoded(it.encoded) : undefined));
    // a character no font has (the layout warned) shows .notdef: not PDF/A (ISO 19005-2 6.2.11.8)
    const missingGlyph = f.warnings.some((x) => x.code === 'missing-glyph') || docs.some((d) => d?.missingGlyph);
    const date = job.sheet.date ?? job.sheet.dateTo;
    const w = new PdfWriter(sink, {
      fonts,
      info: { title: `${job.sheet.unit} ${job.sheet.title}`, author: job.sheet.unit, subject: '案卷', keywords: job.sheet.archivalCode, creator: PRODUCER, producer: PRODUCER, created: metadataDate({ ...(date ? { date } : {}) }, new Date(job.created)), lang: 'zh-CN' },
      pdfa: job.pdfa && !missingGlyph,
      ...(subsets ? { subsets } : {}),
    });
    const formPages = f.encoded.map((e) => e.pages);
    // the scans' objects first (kept from last time, or made: pdf-lib only then), their pages in their places
    const scanItems = job.items.flatMap((it, k) => (isScan(it) ? [k] : []));
    const block = scanItems.length ? await scanBlockOf(job, env, scanItems, w.nextNumber) : undefined;
    if (block) writeScanObjects(w, block);
    for (const slot of plan.slots) {
      if (slot.part < 0) {
        w.addPage(BLANK_BACK);
        continue;
      }
      const k = slot.part - 2;
      const it = k >= 0 && k < job.items.length ? job.items[k] : undefined;
      if (!it) {
        w.addPage(formPages[slot.part === parts.length - 1 ? 2 : slot.part]?.[slot.page] as EncodedPage);
        continue;
      }
      const doc = docs[k];
      if (doc) {
        const p = doc.pages[slot.page] as EncodedPage;
        const page = pageOf(p);
        const items: PageItem[] = [...(it.copyMark ? topRightMark(it.copyMark, page, fonts, {}, result.warnings) : []), pageNoRun(slot.stamp as number, slot.side, page, fonts)];
        w.addPage({ ...p, contents: [...p.contents, encodeItems(items, page.heightMm, fonts)] });
      } else if (isScan(it)) {
        const p = block?.scans[scanItems.indexOf(k)]?.[slot.page];
        if (!p) throw new Error(`bug: page ${slot.page + 1} of scan ${it.attachment?.file} not in the volume's scan block`);
        writeScanPage(w, p, slot.stamp as number, slot.side, fonts);
      }
    }
    await w.finish();
    result.pdf = sink.close();
    subsets?.save();
  }
  if (job.docx !== undefined) {
    const items: BindItem[] = job.items.map((it) => ({ planned: it.planned, pages: it.pages, ...(it.document ? { document: it.document } : {}), ...(it.attachment ? { attachment: { kind: it.attachment.kind, file: it.attachment.file } } : {}) }));
    result.docx = env.put(job.docx, await writeDocx(volumeDocument(job.sheet, items, [cover, contents, remarks], job.print), { created: new Date(job.created) }));
  }
  return result;
}

/** A scan or image filed in the volume (its pages are copied in). */
function isScan(it: AssembleItem): boolean {
  return it.attachment !== undefined && it.attachment.kind !== 'docx' && it.planned.kind === 'attachment';
}

/** The volume's block of scan objects from `first` on: the one kept for exactly these scans, or made now (pdf-lib). */
async function scanBlockOf(job: VolumeJob, env: AssembleEnv, scanItems: readonly number[], first: number): Promise<ScanBlock> {
  const items = scanItems.map((k) => job.items[k] as AssembleItem);
  const key = scanBlockKey(
    items.map((it) => ({ ...(it.attachment?.sha256 !== undefined ? { sha256: it.attachment.sha256 } : {}), kind: it.attachment?.kind === 'pdf' ? 'pdf' : 'image', pages: it.pages })),
    job.pdfa,
    first,
  );
  const store = key !== undefined && job.scanCache !== undefined ? env.scanBlocks(job.scanCache) : undefined;
  const kept = key !== undefined ? store?.get(key) : undefined;
  if (kept) return kept;
  const { openScan, makeScanBlock } = await import('./scans.js');
  const open = items.map((it) => () => {
    // the same scan filed in several volumes is read once on this thread
    const k = it.attachment?.sha256 === undefined ? undefined : `${it.attachment.sha256}:${job.pdfa ? 'A' : ''}`;
    let src = k === undefined ? undefined : (env.scans.get(k) as ReturnType<typeof openScan> | undefined);
    if (!src) {
      src = openScan(it.planned as AttachmentDocument, job.pdfa);
      if (k !== undefined) {
        env.scans.set(k, src);
        if (env.scans.size > 8) env.scans.delete(env.scans.keys().next().value as string);
      }
    }
    return src;
  });
  const block = await makeScanBlock(key ?? '', first, open);
  store?.put(block);
  return block;
}

/** One PDF of print sets: a document's copies (印制), or an item's whole run. */
export interface PrintFile {
  /** the output it becomes (absolute) */
  target: string;
  /** temporary path to write it to */
  pdf: string;
  /** the PDF's title; else the first document's title and `titleSuffix` */
  title?: string;
  titleSuffix: string;
  /** documents in order, each with the marks of its copies, in order */
  parts: { encoded: string; marks: string[] }[];
  /** where its font subsets are cached */
  subsetCache?: string;
}

/** The print sets of one catalog item to write (each document's copies, the whole run). */
export interface PrintSetJob {
  kind: 'printset';
  id: string;
  files: PrintFile[];
  mark?: MarkOptions;
  created: number;
  /** PDF/A-2b (dossier.yaml `pdfa`; a file with a character no font has is not) */
  pdfa: boolean;
  /** duplex: each copy on the front of a sheet (sheets.ts), a blank back after an odd-length copy */
  print: PrintMode;
}

export interface PrintSetResult {
  kind: 'printset';
  id: string;
  files: { target: string; pdf: WrittenFile }[];
  warnings: LayoutWarning[];
}

/** Writes print sets: every copy of each document's pages, the mark its own small stream on each page. */
export async function writePrintSet(job: PrintSetJob, env: AssembleEnv): Promise<PrintSetResult> {
  const { fonts } = env;
  const result: PrintSetResult = { kind: 'printset', id: job.id, files: [], warnings: [] };
  for (const f of job.files) {
    const sink = env.sink(f.pdf);
    const first = f.parts[0] ? env.encoded(f.parts[0].encoded) : undefined;
    const subsets = f.subsetCache !== undefined ? env.subsets(f.subsetCache) : undefined;
    const missingGlyph = f.parts.some((part) => env.encoded(part.encoded).missingGlyph);
    const w = new PdfWriter(sink, {
      fonts,
      info: { title: f.title ?? `${first?.title ?? ''}${f.titleSuffix}`, ...(first?.author ? { author: first.author } : {}), subject: first?.kind ?? '', ...(first?.keywords ? { keywords: first.keywords } : {}), creator: PRODUCER, producer: PRODUCER, created: first ? metadataDate(first, new Date(job.created)) : new Date(job.created), lang: 'zh-CN' },
      pdfa: job.pdfa && !missingGlyph,
      ...(subsets ? { subsets } : {}),
    });
    // every copy of every document a part of its own, each starting on the front of a sheet
    const copies = f.parts.flatMap((part) => part.marks.map((mark) => ({ doc: env.encoded(part.encoded), mark })));
    const plan = arrangeSheets(copies.map((c) => ({ pages: c.doc.pages.length, stamped: false })), job.print);
    // one mark stream per copy and page size: the copy's pages of one size share it
    const marks = new Map<string, EncodedStream>();
    let last: EncodedPage | undefined;
    for (const slot of plan.slots) {
      const copy = slot.part >= 0 ? copies[slot.part] : undefined;
      if (!copy) {
        // the blank back has the size of the page it backs
        w.addPage(last ? { widthPt: last.widthPt, heightPt: last.heightPt, contents: [] } : BLANK_BACK);
        continue;
      }
      const p = copy.doc.pages[slot.page] as EncodedPage;
      const page = pageOf(p);
      const key = `${slot.part}:${p.widthPt}x${p.heightPt}`;
      let m = marks.get(key);
      if (!m) {
        m = encodeItems(topRightMark(copy.mark, page, fonts, job.mark ?? {}, result.warnings), page.heightMm, fonts);
        marks.set(key, m);
      }
      w.addPage({ ...p, contents: [...p.contents, m] });
      last = p;
    }
    await w.finish();
    result.files.push({ target: f.target, pdf: sink.close() });
    subsets?.save();
  }
  return result;
}
