//! Scans in a bound volume: the pages of an attached PDF (or a JPG/PNG placed on an A4 page) copied into
//! the volume's PDF as it is written — one pass, no second parse and save — each with its 页号 drawn on
//! top. The page keeps its own resources and content; ours is added after a q … Q around it, with font
//! names its resources do not use. The one place that copies foreign PDF objects (pdf-lib's copier).

import { readFile } from 'node:fs/promises';
import { PDFArray, PDFContext, PDFDict, PDFDocument, PDFName, PDFNull, PDFObjectCopier, PDFRef, PDFStream, type PDFObject, type PDFPage } from 'pdf-lib';
import type { FontSet } from '../fonts/resolve.js';
import { encodeMatrixText } from '../generators/pdf/encode.js';
import type { PdfObjects } from '../generators/pdf/file.js';
import { SCAN_MARGIN_MM } from '../standards/dat22.js';
import { MM_PER_PT, PAGE } from '../standards/gbt9704.js';
import { imageSize } from './attachments.js';
import { scanPageNo } from './page-numbers.js';
import '../generators/pdf/native-deflate.js';
import { markLoaded } from '../util/loaded.js';

markLoaded('pdf-lib');

/** A scan to place: an attached PDF, or an image (one page). */
export interface ScanSource {
  path: string;
  kind: 'pdf' | 'image';
}

const isJpeg = (b: Uint8Array): boolean => b[0] === 0xff && b[1] === 0xd8;

/** The scan as a PDF: the attached PDF itself, or one A4 page (turned to the image's orientation) with the image fitted in the scan margins. */
export async function openScan(s: ScanSource): Promise<PDFDocument> {
  const bytes = new Uint8Array(await readFile(s.path));
  if (s.kind === 'pdf') return PDFDocument.load(bytes, { updateMetadata: false });
  const size = imageSize(bytes);
  const landscape = size !== undefined && size.w > size.h;
  const doc = await PDFDocument.create({ updateMetadata: false });
  const pw = (landscape ? PAGE.heightMm : PAGE.widthMm) / MM_PER_PT;
  const ph = (landscape ? PAGE.widthMm : PAGE.heightMm) / MM_PER_PT;
  const page = doc.addPage([pw, ph]);
  const img = isJpeg(bytes) ? await doc.embedJpg(bytes) : await doc.embedPng(bytes);
  const m = SCAN_MARGIN_MM;
  const boxW = pw - (m.left + m.right) / MM_PER_PT;
  const boxH = ph - (m.top + m.bottom) / MM_PER_PT;
  const scale = Math.min(boxW / img.width, boxH / img.height);
  const w = img.width * scale;
  const h = img.height * scale;
  page.drawImage(img, { x: m.left / MM_PER_PT + (boxW - w) / 2, y: m.bottom / MM_PER_PT + (boxH - h) / 2, width: w, height: h });
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

  /** Page `k` of the scan as the next page of the file, stamped with 页号 `pageNo`. */
  importPage(k: number, pageNo: number): void {
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
    const stamp = scanPageNo(pageNo, { x0: box.x, y0: box.y, widthPt: box.width, heightPt: box.height }, srcPage.getRotation().angle, this.fonts);
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
