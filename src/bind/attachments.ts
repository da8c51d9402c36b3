//! Attachments (件 received or scanned) for binding: PDF pages counted and checked (encrypted or damaged →
//! a Chinese error naming the file), cleared of scripts, actions and embedded files; JPG/PNG recognised by
//! their bytes, their size checked before any decoding, large PNGs averaged down to the page's 300 dpi
//! while streaming, phone photos turned as their EXIF says; a received .docx that could not be read is an
//! error like a damaged PDF (readable ones are typeset as documents, src/build/word-templates.ts).
//! The one place of the binder that reads input files (the attachment paths the planner matched).

import { stat, readFile } from 'node:fs/promises';
import { concatTransformationMatrix, drawObject, EncryptedPDFError, PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, popGraphicsState, pushGraphicsState, type PDFImage, type PDFObject, type PDFPage } from 'pdf-lib';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { AttachmentDocument } from '../plan/types.js';
import { SCAN_MARGIN_MM } from '../standards/dat22.js';
import { MM_PER_PT, PAGE } from '../standards/gbt9704.js';
import { jpegInfo, orientedMatrix, quarterTurned } from './jpeg.js';
import { fitPng, PngDataError, pngHeader } from './png.js';

export type LoadedAttachment =
  | { kind: 'pdf'; doc: AttachmentDocument; pdf: PDFDocument; pages: number; warnings: Diagnostic[] }
  | {
      kind: 'image';
      doc: AttachmentDocument;
      bytes: Uint8Array;
      type: 'jpg' | 'png';
      /** size as seen on the page (after the EXIF orientation) */
      widthPx: number;
      heightPx: number;
      /** EXIF orientation of a JPEG (1: as stored) */
      orientation: number;
      pages: 1;
      warnings: Diagnostic[];
    }
  | { kind: 'docx'; doc: AttachmentDocument; pages: 0; warnings: Diagnostic[] };

/** Files larger than this are not read (a township's scans are a few MB; 200 MB is a mistake). */
export const MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024;
/** Pictures with more pixels than this are refused before decoding (an A4 page at 1200 dpi has 140 million). */
export const MAX_IMAGE_PIXELS = 300_000_000;
/** Scans are printed at up to this resolution: finer PNGs are averaged down to it. */
export const SCAN_DPI = 300;
/** Page sizes outside these bounds (points) are named in a warning: 50 mm to 594 mm (A2). */
const PAGE_MIN_PT = 50 / MM_PER_PT;
const PAGE_MAX_PT = 594 / MM_PER_PT;

const isJpeg = (b: Uint8Array): boolean => b[0] === 0xff && b[1] === 0xd8;
const isPng = (b: Uint8Array): boolean => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

/** Pixel size of a PNG (IHDR) or JPEG (first SOFn marker); undefined when the header is broken. */
export function imageSize(b: Uint8Array): { w: number; h: number } | undefined {
  if (isPng(b)) {
    const h = pngHeader(b);
    return h ? { w: h.width, h: h.height } : undefined;
  }
  const j = jpegInfo(b);
  return j ? { w: j.width, h: j.height } : undefined;
}

/** The scan box of a page (A4 less the scan margins) in pixels at SCAN_DPI, for a portrait or landscape picture. */
export function scanBoxPx(landscape: boolean): { w: number; h: number } {
  const m = SCAN_MARGIN_MM;
  const px = (mm: number) => Math.floor((mm / 25.4) * SCAN_DPI);
  const w = PAGE.widthMm - m.left - m.right;
  const h = PAGE.heightMm - m.top - m.bottom;
  return landscape ? { w: px(h), h: px(w) } : { w: px(w), h: px(h) };
}

function error(doc: AttachmentDocument, code: string, message: string, hint: string): Diagnostic {
  return { severity: 'error', code, file: doc.file, message, hint };
}

const DAMAGED_IMAGE_HINT = '请重新扫描，或用看图软件另存为 JPG/PNG 后放回原处。';

function damagedImage(doc: AttachmentDocument, why = ''): { error: Diagnostic } {
  return { error: error(doc, 'attachment-damaged', `附件“${doc.file}”不是有效的 JPG 或 PNG 图片（文件已损坏或格式不符${why ? `：${why}` : ''}），未能装订进案卷`, DAMAGED_IMAGE_HINT) };
}

function loadImage(doc: AttachmentDocument, bytes: Uint8Array): LoadedAttachment | { error: Diagnostic } {
  const type = isJpeg(bytes) ? 'jpg' : isPng(bytes) ? 'png' : undefined;
  if (!type) return damagedImage(doc);
  const tooBig = (w: number, h: number) => ({
    error: error(doc, 'attachment-image-too-large', `附件“${doc.file}”图片有 ${w}×${h} 像素（${((w * h) / 1e8).toFixed(1)} 亿），超过上限 ${MAX_IMAGE_PIXELS / 1e8} 亿像素，未能装订进案卷`, `用看图软件把图片缩小后放回原处：打印只需 ${SCAN_DPI} dpi，一页 A4 约 2500×3500 像素。`),
  });
  if (type === 'jpg') {
    const j = jpegInfo(bytes);
    if (!j || j.width === 0 || j.height === 0) return damagedImage(doc);
    if (j.width * j.height > MAX_IMAGE_PIXELS) return tooBig(j.width, j.height);
    // at least a bit for every few 8×8 blocks: a header without its picture is not a photo
    if (j.scanBytes < Math.max(16, (j.width * j.height) / 2048)) return damagedImage(doc, '图片数据不完整');
    const turned = quarterTurned(j.orientation);
    return { kind: 'image', doc, bytes, type, widthPx: turned ? j.height : j.width, heightPx: turned ? j.width : j.height, orientation: j.orientation, pages: 1, warnings: [] };
  }
  const h = pngHeader(bytes);
  if (!h || h.width === 0 || h.height === 0) return damagedImage(doc);
  if (h.width * h.height > MAX_IMAGE_PIXELS) return tooBig(h.width, h.height);
  const box = scanBoxPx(h.width > h.height);
  if (h.interlaced) {
    // pdf-lib reads interlaced PNGs whole; only those within the page's resolution are taken
    if (h.width > box.w || h.height > box.h)
      return { error: error(doc, 'attachment-image-interlaced', `附件“${doc.file}”是隔行扫描的 PNG 图片，尺寸 ${h.width}×${h.height} 像素，太大无法装订`, '用看图软件另存为普通（非隔行）PNG 或 JPG 后放回原处。') };
    return { kind: 'image', doc, bytes, type, widthPx: h.width, heightPx: h.height, orientation: 1, pages: 1, warnings: [] };
  }
  try {
    const fitted = fitPng(bytes, h, box.w, box.h);
    if (!fitted) return { kind: 'image', doc, bytes, type, widthPx: h.width, heightPx: h.height, orientation: 1, pages: 1, warnings: [] };
    return { kind: 'image', doc, bytes: fitted.bytes, type, widthPx: fitted.width, heightPx: fitted.height, orientation: 1, pages: 1, warnings: [] };
  } catch (e) {
    if (e instanceof PngDataError) return damagedImage(doc, e.message);
    throw e;
  }
}

/** Action types that stay: a plain jump within the document. */
const SAFE_ACTIONS = new Set(['GoTo']);
/** Annotations that carry files, media or scripts: removed with everything they hold. */
const UNSAFE_ANNOTATIONS = new Set(['FileAttachment', 'Sound', 'Movie', 'Screen', 'RichMedia', '3D']);
/** Keys that hold scripts, automatic actions or embedded files, wherever they appear. */
const UNSAFE_KEYS = ['AA', 'OpenAction', 'JS', 'JavaScript', 'EmbeddedFiles', 'EF', 'RichMediaContent', 'XFA'];

/**
 * Clears what could run or leave the paper: JavaScript, automatic actions (/AA, /OpenAction), link actions
 * other than a plain internal GoTo, embedded files, media and form scripts — in everything the pages reach
 * (annotations, form fields and their parents), which is what copying a page brings along. Returns how many
 * of the dangerous kind (scripts, launches, form submissions, files) were removed.
 */
export function sanitizePdf(pdf: PDFDocument): number {
  const ctx = pdf.context;
  let removed = 0;
  const seen = new Set<PDFObject>();
  const name = (o: PDFObject | undefined): string | undefined => (o instanceof PDFName ? o.decodeText() : undefined);
  const resolve = (o: PDFObject | undefined): PDFObject | undefined => (o instanceof PDFRef ? ctx.lookup(o) : o);
  const visit = (o: PDFObject | undefined, isPageTree = false): void => {
    const v = resolve(o);
    if (v === undefined || seen.has(v)) return;
    seen.add(v);
    if (v instanceof PDFArray) {
      for (let i = 0; i < v.size(); i++) visit(v.get(i));
      return;
    }
    if (!(v instanceof PDFDict)) return;
    for (const k of UNSAFE_KEYS) {
      if (v.has(PDFName.of(k))) {
        if (k !== 'AA' || (resolve(v.get(PDFName.of(k))) as PDFDict | undefined)?.keys().length) removed++;
        v.delete(PDFName.of(k));
      }
    }
    // an action: only a plain GoTo stays, and nothing chained after it
    const action = resolve(v.get(PDFName.of('A')));
    if (action instanceof PDFDict) {
      const s = name(action.get(PDFName.of('S')));
      if (!s || !SAFE_ACTIONS.has(s)) {
        if (s !== 'URI' && s !== 'Named') removed++;
        v.delete(PDFName.of('A'));
      } else if (action.has(PDFName.of('Next'))) {
        action.delete(PDFName.of('Next'));
        removed++;
      }
    }
    const annots = resolve(v.get(PDFName.of('Annots')));
    if (annots instanceof PDFArray) {
      for (let i = annots.size() - 1; i >= 0; i--) {
        const a = resolve(annots.get(i));
        if (a instanceof PDFDict && UNSAFE_ANNOTATIONS.has(name(a.get(PDFName.of('Subtype'))) ?? '')) {
          annots.remove(i);
          removed++;
        }
      }
    }
    for (const [k, child] of v.entries()) {
      // pages are reached one by one below; a page's Parent would lead to every other page
      if (isPageTree && k.decodeText() === 'Parent') continue;
      visit(child);
    }
  };
  for (const page of pdf.getPages()) visit(page.node, true);
  return removed;
}

/** pdf-lib recovers from a damaged object and says so in English on the console: we count, and say it in Chinese. */
async function loadQuietly(bytes: Uint8Array): Promise<{ pdf: PDFDocument; complaints: number }> {
  const warn = console.warn;
  let complaints = 0;
  console.warn = () => {
    complaints++;
  };
  try {
    return { pdf: await PDFDocument.load(bytes, { updateMetadata: false }), complaints };
  } finally {
    console.warn = warn;
  }
}

function pageSizeWarning(doc: AttachmentDocument, pdf: PDFDocument): Diagnostic | undefined {
  const odd: string[] = [];
  let first = '';
  pdf.getPages().forEach((p, i) => {
    const { width, height } = p.getSize();
    const unit = p.node.get(PDFName.of('UserUnit'));
    const u = unit && 'asNumber' in unit ? (unit as unknown as { asNumber(): number }).asNumber() : 1;
    const w = width * u;
    const h = height * u;
    if (Math.min(w, h) < PAGE_MIN_PT || Math.max(w, h) > PAGE_MAX_PT) {
      odd.push(String(i + 1));
      if (!first) first = `${Math.round(w * MM_PER_PT)}×${Math.round(h * MM_PER_PT)} 毫米`;
    }
  });
  if (odd.length === 0) return undefined;
  const pages = odd.length > 5 ? `${odd.slice(0, 5).join('、')} 等 ${odd.length} 页` : `${odd.join('、')} 页`;
  return {
    severity: 'warning',
    code: 'attachment-page-size',
    file: doc.file,
    message: `附件“${doc.file}”第 ${pages}的页面尺寸不正常（${first}，A4 是 210×297 毫米），打印出来会被缩得看不清或只印出一角`,
    hint: '请核对原件：重新扫描为 A4，或用 PDF 软件“打印”为 A4 的 PDF 后放回原处。',
  };
}

/** Reads and checks one attachment. */
export async function loadAttachment(doc: AttachmentDocument): Promise<LoadedAttachment | { error: Diagnostic }> {
  if (doc.format === 'docx') {
    // a received Word file that could be read is typeset as a document; one that could not is damaged
    if (doc.unreadable) return { error: error(doc, 'attachment-docx-damaged', `附件${doc.unreadable.message.replace(/[，。]?$/, '')}，不能装订进案卷`, doc.unreadable.hint ?? '请用 WPS 或 Word 打开它重新“另存为” Word 文档（*.docx），或换成扫描的 PDF，放回原处后重新生成。') };
    return { kind: 'docx', doc, pages: 0, warnings: [] };
  }
  let bytes: Uint8Array;
  try {
    const size = (await stat(doc.path)).size;
    if (size > MAX_ATTACHMENT_BYTES)
      return { error: error(doc, 'attachment-too-large', `附件“${doc.file}”有 ${(size / 1048576).toFixed(0)} MB，超过上限 ${MAX_ATTACHMENT_BYTES / 1048576} MB，未能装订进案卷`, '扫描时选 300 dpi、黑白或灰度，或用 PDF 软件压缩后放回原处。') };
    bytes = new Uint8Array(await readFile(doc.path));
  } catch {
    return { error: error(doc, 'attachment-unreadable', `附件“${doc.file}”无法读取，未能装订进案卷`, '请确认文件存在且没有被其他程序占用，然后重新生成。') };
  }
  if (doc.format === 'image') return loadImage(doc, bytes);
  try {
    const { pdf, complaints } = await loadQuietly(bytes);
    const pages = pdf.getPageCount();
    if (pages === 0) throw new Error('没有页面');
    const warnings: Diagnostic[] = [];
    if (complaints > 0)
      warnings.push({ severity: 'warning', code: 'attachment-repaired', file: doc.file, message: `附件“${doc.file}”有 ${complaints} 处内部结构损坏，已尽量读取后装订`, hint: '请在装订好的案卷中核对这份材料的页面是否完整；不完整就重新扫描或重新下载原件。' });
    const removed = sanitizePdf(pdf);
    if (removed > 0)
      warnings.push({ severity: 'warning', code: 'attachment-scripts-removed', file: doc.file, message: `附件“${doc.file}”含有脚本、自动动作或嵌入的文件（${removed} 处），已去除，只装订页面内容`, hint: '不需要处理；如这份文件来历不明，请向发文单位核实。' });
    const size = pageSizeWarning(doc, pdf);
    if (size) warnings.push(size);
    return { kind: 'pdf', doc, pdf, pages, warnings };
  } catch (e) {
    // instanceof fails when pdf-lib's CJS and ESM builds are both loaded; the message is pdf-lib's own
    if (e instanceof EncryptedPDFError || (e instanceof Error && /is encrypted/.test(e.message)))
      return {
        error: error(doc, 'attachment-encrypted', `附件“${doc.file}”是加密的 PDF，无法装订进案卷`, '请用 PDF 阅读器去掉密码（或“打印”为一份不加密的 PDF）放回原处，然后重新生成。'),
      };
    return { error: error(doc, 'attachment-damaged', `附件“${doc.file}”已损坏或不是有效的 PDF，无法装订进案卷`, '请重新扫描或重新下载这个文件，放回原处后重新生成。') };
  }
}

/** Draws a scan picture into the box (points, as seen on the page), turned as its EXIF orientation says. */
export function drawScanImage(page: PDFPage, img: PDFImage, orientation: number, box: { x: number; y: number; width: number; height: number }): void {
  if (orientation === 1) {
    page.drawImage(img, box);
    return;
  }
  const key = page.node.newXObject('Image', img.ref);
  const [a, b, c, d, e, f] = orientedMatrix(orientation, box.x, box.y, box.width, box.height);
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(a, b, c, d, e, f), drawObject(key), popGraphicsState());
}
