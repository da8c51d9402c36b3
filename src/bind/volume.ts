//! One bound volume (案卷) or part: 封面, 卷内目录 (页号 from the real pages), documents and scans in order,
//! 备考表, with 页号 stamped on every document page; as one PDF (pdf-lib) and one DOCX (our DocModel).
//! The 目录 is not numbered, so page numbers need no fixpoint (ARCHITECTURE.md §8.7).

import { PDFDocument, type PDFPage } from 'pdf-lib';
import type { FontSet } from '../fonts/resolve.js';
import { contentsOf } from '../generators/archive/contents.js';
import { coverOf, type CoverStyle } from '../generators/archive/cover.js';
import { remarksOf } from '../generators/archive/remarks.js';
import type { ContentsEntry, VolumeSheet } from '../generators/archive/types.js';
import { FontEmbedder } from '../generators/pdf/fonts.js';
import { savePdf } from '../generators/pdf/pdfa/index.js';
import { writePdf } from '../generators/pdf/write.js';
import { writeDocx } from '../generators/docx/write.js';
import { layoutDocument, normaliseDocNumber, type Page, type PagedDoc } from '../layout/index.js';
import { topRightMark } from '../layout/mark.js';
import type { Block, Document } from '../model/types.js';
import type { PlannedDocument } from '../plan/types.js';
import { SCAN_MARGIN_MM } from '../standards/dat22.js';
import { MM_PER_PT, PAGE } from '../standards/gbt9704.js';
import { opaquePng } from './attachment-pdfa.js';
import { drawScanImage, type LoadedAttachment } from './attachments.js';
import { pageNoRun, stampPdfPage } from './page-numbers.js';

/** One 件 ready for binding. */
export interface BindItem {
  planned: PlannedDocument;
  /** generated documents: the DocModel and its pages */
  document?: Document;
  paged?: PagedDoc;
  attachment?: LoadedAttachment;
  /** pages in the bound volume */
  pages: number;
  /** the catalog item's 备注 */
  itemRemark?: string;
  /** a document printed in copies: the mark of the archive copy, which is the one bound (“镇计生办存档 第3份/共3份”) */
  copyMark?: string;
}

export interface BoundVolume {
  sheet: VolumeSheet;
  pdf?: Uint8Array;
  docx?: Uint8Array;
  /** with `docxModel`: the volume as one DocModel, for the caller to write (e.g. in a worker) */
  docxDocument?: Document;
  /** with `pdfPages`: the volume's pages for the caller to write (as PDF/A or not), and the step that places scans after */
  pdfJob?: { paged: PagedDoc; pdfa: boolean; finish: (written: Uint8Array) => Promise<Uint8Array> };
  /** printed sheets incl. cover and forms (for the spine width) */
  sheets: number;
}

export interface BindOptions {
  fonts: FontSet;
  created: Date;
  cover: CoverStyle;
  pdf: boolean;
  docx: boolean;
  /** return the volume's DocModel instead of writing the DOCX here */
  docxModel?: boolean;
  /** return the volume's pages instead of writing the PDF here */
  pdfPages?: boolean;
  /** PDF/A-2b (dossier.yaml `pdfa`, and no attachment of the part prevents it); default true */
  pdfa?: boolean;
}

/** Fills the 卷内目录 rows and totals of a sheet from the items, counting real pages. */
export function fillSheet(base: Omit<VolumeSheet, 'entries' | 'itemCount' | 'pageCount' | 'dateFrom' | 'dateTo'>, items: BindItem[], unitName: string): VolumeSheet {
  let next = 1;
  const entries: ContentsEntry[] = items.map((it, i) => {
    const p = it.planned;
    const e: ContentsEntry = { seq: i + 1, title: p.title, pages: it.pages };
    if (it.pages > 0) {
      e.startPage = next;
      next += it.pages;
    }
    const remarks: string[] = [];
    if (it.itemRemark) remarks.push(it.itemRemark);
    if (p.kind === 'template') {
      const m = it.document?.meta;
      if (m?.title) e.title = m.title;
      if (p.rowName && !e.title.includes(p.rowName)) e.title += `（${p.rowName}）`;
      if (m?.number) e.number = normaliseDocNumber(m.number);
      e.responsible = m?.issuer ?? unitName;
      if (m?.date) e.date = m.date;
    } else if (p.kind === 'table') {
      e.responsible = unitName;
    } else {
      if (p.number) e.number = p.number;
      if (p.responsible) e.responsible = p.responsible;
      if (p.format === 'docx') remarks.push('Word文件，另行打印');
    }
    if (remarks.length) e.remark = remarks.join('；');
    return e;
  });
  const dates = entries.flatMap((e) => (e.date ? [e.date] : [])).sort();
  const sheet: VolumeSheet = { ...base, entries, itemCount: entries.length, pageCount: next - 1 };
  if (dates.length) {
    sheet.dateFrom = dates[0] as string;
    sheet.dateTo = dates[dates.length - 1] as string;
  }
  return sheet;
}

/** A blank A4 page in the orientation of an image (placeholder for a scan). */
function blankPage(landscape: boolean): Page {
  return landscape
    ? { widthMm: PAGE.heightMm, heightMm: PAGE.widthMm, landscape: true, number: null, items: [] }
    : { widthMm: PAGE.widthMm, heightMm: PAGE.heightMm, landscape: false, number: null, items: [] };
}

interface ScanSlot {
  index: number;
  pageNo: number;
  att: Extract<LoadedAttachment, { kind: 'pdf' | 'image' }>;
  /** page of the attachment (pdf) */
  k: number;
}

/** Binds one volume (or part): returns the PDF and DOCX bytes and the filled sheet. */
export async function bindVolume(sheet: VolumeSheet, items: BindItem[], opts: BindOptions): Promise<BoundVolume> {
  const { fonts, created } = opts;
  const cover = coverOf(sheet, opts.cover);
  const contents = contentsOf(sheet);
  const remarks = remarksOf(sheet);
  const forms = [cover, contents, remarks].map((d) => layoutDocument(d, fonts));
  const [coverPages, contentsPages, remarksPages] = forms.map((f) => f.pages) as [Page[], Page[], Page[]];
  const out: BoundVolume = { sheet, sheets: coverPages.length + contentsPages.length + remarksPages.length + sheet.pageCount };

  if (opts.pdf) {
    const pages: Page[] = [...coverPages, ...contentsPages];
    const slots: ScanSlot[] = [];
    let n = 0;
    for (const it of items) {
      if (it.paged) {
        for (const p of it.paged.pages) pages.push({ ...p, items: [...p.items, ...(it.copyMark ? topRightMark(it.copyMark, p, fonts) : []), pageNoRun(++n, p, fonts)] });
      } else if (it.attachment && it.attachment.kind !== 'docx') {
        const att = it.attachment;
        for (let k = 0; k < att.pages; k++) {
          slots.push({ index: pages.length, pageNo: ++n, att, k });
          pages.push(blankPage(att.kind === 'image' && att.widthPx > att.heightPx));
        }
      }
    }
    pages.push(...remarksPages);
    const date = sheet.date ?? sheet.dateTo;
    const paged: PagedDoc = { title: `${sheet.unit} ${sheet.title}`, author: sheet.unit, kind: '案卷', ...(date ? { date } : {}), keywords: sheet.archivalCode, pages, warnings: [] };
    // a character no font has (the layout warned) shows .notdef: not PDF/A (ISO 19005-2 6.2.11.8)
    const missingGlyph = [...items.map((it) => it.paged), ...forms].some((p) => p?.warnings.some((w) => w.code === 'missing-glyph'));
    const pdfa = opts.pdfa !== false && !missingGlyph;
    const finish = (written: Uint8Array) => (slots.length ? placeScans(written, slots, fonts, pdfa) : Promise.resolve(written));
    if (opts.pdfPages) out.pdfJob = { paged, pdfa, finish };
    else out.pdf = await finish(await writePdf(paged, fonts, { created, producer: 'dossier 案卷生成器', pdfa }));
  }
  if (opts.docx) {
    const doc = volumeDocument(sheet, items, [cover, contents, remarks]);
    if (opts.docxModel) out.docxDocument = doc;
    else out.docx = await writeDocx(doc, { created });
  }
  return out;
}

/** Imports PDF pages and draws images into the placeholder pages, then stamps their 页号. */
async function placeScans(bytes: Uint8Array, slots: ScanSlot[], fonts: FontSet, pdfa: boolean): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const font = await new FontEmbedder(doc, fonts).font(fonts.faces.songti.id);
  const copied = new Map<PDFDocument, PDFPage[]>();
  for (const s of slots) {
    let page: PDFPage;
    if (s.att.kind === 'pdf') {
      let got = copied.get(s.att.pdf);
      if (!got) {
        got = await doc.copyPages(s.att.pdf, s.att.pdf.getPageIndices());
        copied.set(s.att.pdf, got);
      }
      page = got[s.k] as PDFPage;
      doc.removePage(s.index);
      doc.insertPage(s.index, page);
    } else {
      page = doc.getPage(s.index);
      const img = s.att.type === 'jpg' ? await doc.embedJpg(s.att.bytes) : await doc.embedPng(pdfa ? opaquePng(s.att.bytes) : s.att.bytes);
      const { width: pw, height: ph } = page.getSize();
      const m = SCAN_MARGIN_MM;
      const boxW = pw - (m.left + m.right) / MM_PER_PT;
      const boxH = ph - (m.top + m.bottom) / MM_PER_PT;
      // the picture as seen (a phone photo turned by its EXIF orientation) fits the box
      const turned = s.att.orientation >= 5;
      const seenW = turned ? img.height : img.width;
      const seenH = turned ? img.width : img.height;
      const scale = Math.min(boxW / seenW, boxH / seenH);
      const w = seenW * scale;
      const h = seenH * scale;
      drawScanImage(page, img, s.att.orientation, { x: m.left / MM_PER_PT + (boxW - w) / 2, y: m.bottom / MM_PER_PT + (boxH - h) / 2, width: w, height: h });
    }
    stampPdfPage(page, s.pageNo, font);
  }
  return savePdf(doc, { pdfa });
}

/** The volume as one DocModel for Word: cover, 目录, documents (scans listed), 备考表, each on new pages. */
export function volumeDocument(sheet: VolumeSheet, items: BindItem[], [cover, contents, remarks]: [Document, Document, Document]): Document {
  const blocks: Block[] = [];
  // each part on pages of its own: the forms and the notes on scans unnumbered, each 件 numbered from 1
  const add = (bs: Block[], numbering: 'none' | 'restart' = 'none'): void => {
    blocks.push({ t: 'sectionBreak', numbering }, ...bs);
  };
  add(cover.blocks);
  add(contents.blocks);
  items.forEach((it, i) => {
    const entry = sheet.entries[i];
    if (it.document) {
      const cc = it.document.meta.cc;
      add(
        it.document.blocks.map((b) => (b.t === 'colophon' && !b.cc && cc ? { ...b, cc } : b)),
        'restart',
      );
    } else if (it.attachment) {
      const what = it.attachment.kind === 'docx' ? 'Word 文件，请另行打印后按目录顺序放入本卷' : `扫描件，共${it.pages}页，见 PDF 案卷第${entry?.startPage ?? ''}页起`;
      add([
        { t: 'title', text: entry?.title ?? it.planned.title },
        { t: 'para', indent: true, content: [{ t: 'text', text: `【${what}：${it.attachment.doc.file}】` }] },
      ]);
    }
  });
  add(remarks.blocks);
  return { meta: { kind: '案卷', title: sheet.title, issuer: sheet.unit, header: false }, blocks };
}
