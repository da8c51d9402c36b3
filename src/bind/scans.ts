//! Scans in a bound volume: the pages of an attached PDF (or a JPG/PNG placed on an A4 page) copied into
//! the volume's PDF as it is written — one pass, no second parse and save — each with its 页号 drawn on
//! top. The page keeps its own resources and content; ours is added after a q … Q around it, with font
//! names its resources do not use. The one place that copies foreign PDF objects (pdf-lib's copier).

import { PDFArray, PDFContext, PDFDict, PDFDocument, PDFName, PDFNull, PDFObjectCopier, PDFRef, PDFStream, type PDFObject, type PDFPage } from 'pdf-lib';
import type { FontSet } from '../fonts/resolve.js';
import { encodeMatrixText } from '../generators/pdf/encode.js';
import type { PdfObjects } from '../generators/pdf/file.js';
import { SCAN_MARGIN_MM } from '../standards/dat22.js';
import { MM_PER_PT, PAGE } from '../standards/gbt9704.js';
import type { AttachmentDocument } from '../plan/types.js';
import { opaquePng, prepareAttachmentForPdfA } from './attachment-pdfa.js';
import { drawScanImage, loadAttachment } from './attachments.js';
import { scanPageNo } from './page-numbers.js';
import type { Side } from './sheets.js';
import '../generators/pdf/native-deflate.js';
import { markLoaded } from '../util/loaded.js';

markLoaded('pdf-lib');

/**
 * The scan as a PDF: the attached PDF itself (with PDF/A, its safe fixes made in memory), or one A4 page
 * (turned to the picture as seen) with the image fitted in the scan margins, turned as its EXIF says.
 * Read as the binder read it (attachments.ts): sanitised, large PNGs averaged down.
 */
export async function openScan(d: AttachmentDocument, pdfa: boolean): Promise<PDFDocument> {
  const a = await loadAttachment(d);
  if ('error' in a) throw new Error(a.error.message);
  if (a.kind === 'docx') throw new Error(`bug: a Word attachment has no pages to place: ${d.file}`);
  if (a.kind === 'pdf') {
    if (pdfa) prepareAttachmentForPdfA(a.pdf);
    return a.pdf;
  }
  const landscape = a.widthPx > a.heightPx;
  const doc = await PDFDocument.create({ updateMetadata: false });
  const pw = (landscape ? PAGE.heightMm : PAGE.widthMm) / MM_PER_PT;
  const ph = (landscape ? PAGE.widthMm : PAGE.heightMm) / MM_PER_PT;
  const page = doc.addPage([pw, ph]);
  const img = a.type === 'jpg' ? await doc.embedJpg(a.bytes) : await doc.embedPng(pdfa ? opaquePng(a.bytes) : a.bytes);
  const m = SCAN_MARGIN_MM;
  const boxW = pw - (m.left + m.right) / MM_PER_PT;
  const boxH = ph - (m.top + m.bottom) / MM_PER_PT;
  // the picture as seen (a phone photo turned by its EXIF orientation) fits the box
  const turned = a.orientation >= 5;
  const seenW = turned ? img.height : img.width;
  const seenH = turned ? img.width : img.height;
  const scale = Math.min(boxW / seenW, boxH / seenH);
  const w = seenW * scale;
  const h = seenH * scale;
  drawScanImage(page, img, a.orientation, { x: m.left / MM_PER_PT + (boxW - w) / 2, y: m.bottom / MM_PER_PT + (boxH - h) / 2, width: w, height: h });
  // pdf-lib embeds the picture's stream only when flushed
  await doc.flush();
  return doc;
}

/** Serialised bytes of a pdf-lib object. */
function bytesOf(o: PDFObject): Uint8Array {
  const buf = new Uint8Array(o.sizeInBytes());
  o.copyBytesInto(buf, 0);
  return buf;
}

/** Copies the pages of one scan into a PDF being written; objects the pages share are copied once. */
export class ScanImporter {
  private readonly ctx = PDFContext.create();
  private readonly copier: PDFObjectCopier;
  private readonly written = new Set<number>();

  constructor(
    private readonly w: PdfObjects,
    private readonly src: PDFDocument,
    private readonly fonts: FontSet,
  ) {
    this.copier = PDFObjectCopier.for(src.context, this.ctx);
  }

  get pageCount(): number {
    return this.src.getPageCount();
  }

  /** Page `k` of the scan as the next page of the file, stamped with 页号 `pageNo` for that side of its sheet. */
  importPage(k: number, pageNo: number, side: Side): void {
    const srcPage: PDFPage = this.src.getPage(k);
    // number the copies after everything the writer has allocated
    const from = this.w.nextNumber;
    this.ctx.largestObjectNumber = from - 1;
    const page = this.copier.copy(srcPage.node) as PDFDict;
    this.w.reserveTo(this.ctx.largestObjectNumber);
    // a reference to nothing in the scan is copied as a number with no object: write null (§7.3.10)
    for (let n = from; n <= this.ctx.largestObjectNumber; n++) if (!this.ctx.lookup(PDFRef.of(n))) this.ctx.assign(PDFRef.of(n), PDFNull);

    // the 页号, in fonts named apart from the page's own
    const box = srcPage.getMediaBox();
    const stamp = scanPageNo(pageNo, side, { x0: box.x, y0: box.y, widthPt: box.width, heightPt: box.height }, srcPage.getRotation().angle, this.fonts);
    const resources = this.resolve(page.get(PDFName.of('Resources')));
    const ownRes = resources instanceof PDFDict ? (resources.clone(this.ctx) as PDFDict) : this.ctx.obj({});
    const fontsDict = this.resolve(ownRes.get(PDFName.of('Font')));
    const ownFonts = fontsDict instanceof PDFDict ? (fontsDict.clone(this.ctx) as PDFDict) : this.ctx.obj({});
    const taken = new Set(ownFonts.keys().map((k) => k.asString()));
    let prefix = 'DsF';
    while ([...taken].some((n) => n.startsWith(`/${prefix}`))) prefix += 'x';
    const text = encodeMatrixText([stamp], this.fonts, (fi) => `/${prefix}${fi}`);
    for (const fi of text.glyphs.keys()) ownFonts.set(PDFName.of(`${prefix}${fi}`), PDFRef.of(this.w.fontRef(fi)));
    ownRes.set(PDFName.of('Font'), ownFonts);
    page.set(PDFName.of('Resources'), ownRes);
    const stampRef = this.w.alloc();
    this.w.stream(stampRef, ' /Filter /FlateDecode', text.data);
    this.w.useGlyphs(text.glyphs);

    // its content wrapped in q … Q, then the stamp
    const contents = this.resolve(page.get(PDFName.of('Contents')));
    const own = contents instanceof PDFArray ? contents.asArray() : contents ? [page.get(PDFName.of('Contents')) as PDFObject] : [];
    page.set(PDFName.of('Contents'), this.ctx.obj([PDFRef.of(this.w.saveRestore('q')), ...own, PDFRef.of(this.w.saveRestore('Q')), PDFRef.of(stampRef)]));
    page.set(PDFName.of('Parent'), PDFRef.of(this.w.pagesRef));

    // the objects copied for this page, then the page
    for (const [ref, obj] of this.ctx.enumerateIndirectObjects()) {
      if (this.written.has(ref.objectNumber)) continue;
      this.written.add(ref.objectNumber);
      this.w.raw(ref.objectNumber, bytesOf(obj), obj instanceof PDFStream);
    }
    const num = this.w.alloc();
    this.w.raw(num, bytesOf(page), false);
    this.w.addPageRef(num);
  }

  private resolve(o: PDFObject | undefined): PDFObject | undefined {
    return o instanceof PDFRef ? this.ctx.lookup(o) : o;
  }
}
