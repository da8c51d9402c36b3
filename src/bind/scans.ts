//! Scans in a bound volume: the pages of an attached PDF (or a JPG/PNG placed on an A4 page) copied into
//! the volume's block of scan objects (scan-block.ts), which the volume's PDF is written with — one pass,
//! no second parse and save. Each page keeps its own resources and content; its 页号 is added when the
//! page is written. The one place that copies foreign PDF objects (pdf-lib's copier).

import { PDFArray, PDFContext, PDFDict, PDFDocument, PDFName, PDFNull, PDFObjectCopier, PDFRef, PDFStream, type PDFObject, type PDFPage } from 'pdf-lib';
import { SCAN_MARGIN_MM } from '../standards/dat22.js';
import { MM_PER_PT, PAGE } from '../standards/gbt9704.js';
import type { AttachmentDocument } from '../plan/types.js';
import { opaquePng, prepareAttachmentForPdfA } from './attachment-pdfa.js';
import { drawScanImage, loadAttachment } from './attachments.js';
import type { ScanBlock, ScanPageTemplate } from './scan-block.js';
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

const latin1 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');

/** A dictionary's entries but `skip`, as PDF syntax (without the << >>). */
function entriesOf(ctx: PDFContext, d: PDFDict | undefined, skip: readonly string[]): string {
  if (!d) return '';
  const kept = PDFDict.withContext(ctx);
  for (const [k, v] of d.entries()) if (!skip.includes(k.asString())) kept.set(k, v);
  // (pdf-lib writes "<<\n/Key value\n…>>")
  return latin1(bytesOf(kept)).slice(2, -2).trim();
}

/**
 * The block of a volume's scans (scan-block.ts): each scan opened (`open`: as this thread read it), its
 * pages copied into one numbering from `first` on (objects the pages of one scan share copied once),
 * and what each page dictionary keeps of its own.
 */
export async function makeScanBlock(key: string, first: number, open: readonly (() => Promise<PDFDocument>)[]): Promise<ScanBlock> {
  const ctx = PDFContext.create();
  ctx.largestObjectNumber = first - 1;
  const resolve = (o: PDFObject | undefined): PDFObject | undefined => (o instanceof PDFRef ? ctx.lookup(o) : o);
  const scans: ScanPageTemplate[][] = [];
  for (const openOne of open) {
    const src = await openOne();
    const copier = PDFObjectCopier.for(src.context, ctx);
    const pages: ScanPageTemplate[] = [];
    for (let k = 0; k < src.getPageCount(); k++) {
      const srcPage: PDFPage = src.getPage(k);
      const page = copier.copy(srcPage.node) as PDFDict;
      const box = srcPage.getMediaBox();
      const resources = resolve(page.get(PDFName.of('Resources')));
      const res = resources instanceof PDFDict ? resources : undefined;
      const fontsDict = resolve(res?.get(PDFName.of('Font')));
      const fonts = fontsDict instanceof PDFDict ? fontsDict : undefined;
      const contents = resolve(page.get(PDFName.of('Contents')));
      const own = contents instanceof PDFArray ? contents.asArray() : contents ? [page.get(PDFName.of('Contents')) as PDFObject] : [];
      pages.push({
        entries: entriesOf(ctx, page, ['/Resources', '/Contents', '/Parent']),
        resources: entriesOf(ctx, res, ['/Font']),
        fonts: entriesOf(ctx, fonts, []),
        fontNames: fonts ? fonts.keys().map((n) => n.asString().slice(1)) : [],
        contents: own.map((o) => latin1(bytesOf(o))).join(' '),
        box: { x0: box.x, y0: box.y, widthPt: box.width, heightPt: box.height },
        rotate: srcPage.getRotation().angle,
      });
    }
    scans.push(pages);
  }
  // a reference to nothing in a scan is copied as a number with no object: write null (§7.3.10)
  for (let n = first; n <= ctx.largestObjectNumber; n++) if (!ctx.lookup(PDFRef.of(n))) ctx.assign(PDFRef.of(n), PDFNull);
  const objects: ScanBlock['objects'] = ctx
    .enumerateIndirectObjects()
    .sort((a, b) => a[0].objectNumber - b[0].objectNumber)
    .map(([ref, obj]) => [ref.objectNumber, bytesOf(obj), obj instanceof PDFStream]);
  return { key, first, objects, scans };
}
