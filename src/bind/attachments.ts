//! Attachments (件 received or scanned) for binding: PDF pages counted and checked (encrypted or damaged →
//! a Chinese error naming the file), JPG/PNG recognised by their bytes, DOCX listed only.
//! The one place of the binder that reads input files (the attachment paths the planner matched).

import { readFile } from 'node:fs/promises';
import type { PDFDocument } from 'pdf-lib';
import { markLoaded } from '../util/loaded.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { AttachmentDocument } from '../plan/types.js';

export type LoadedAttachment =
  | { kind: 'pdf'; doc: AttachmentDocument; pdf: PDFDocument; pages: number }
  | { kind: 'image'; doc: AttachmentDocument; bytes: Uint8Array; type: 'jpg' | 'png'; widthPx: number; heightPx: number; pages: 1 }
  | { kind: 'docx'; doc: AttachmentDocument; pages: 0 };

const isJpeg = (b: Uint8Array): boolean => b[0] === 0xff && b[1] === 0xd8;
const isPng = (b: Uint8Array): boolean => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

/** Pixel size of a PNG (IHDR) or JPEG (first SOFn marker); undefined when the header is broken. */
export function imageSize(b: Uint8Array): { w: number; h: number } | undefined {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (isPng(b)) return b.length >= 24 ? { w: dv.getUint32(16), h: dv.getUint32(20) } : undefined;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1] as number;
    const len = dv.getUint16(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { h: dv.getUint16(i + 5), w: dv.getUint16(i + 7) };
    i += 2 + len;
  }
  return undefined;
}

function error(doc: AttachmentDocument, code: string, message: string, hint: string): Diagnostic {
  return { severity: 'error', code, file: doc.file, message, hint };
}

/** Reads and checks one attachment. */
export async function loadAttachment(doc: AttachmentDocument): Promise<LoadedAttachment | { error: Diagnostic }> {
  if (doc.format === 'docx') return { kind: 'docx', doc, pages: 0 };
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(doc.path));
  } catch {
    return { error: error(doc, 'attachment-unreadable', `附件“${doc.file}”无法读取，未能装订进案卷`, '请确认文件存在且没有被其他程序占用，然后重新生成。') };
  }
  if (doc.format === 'image') {
    const type = isJpeg(bytes) ? 'jpg' : isPng(bytes) ? 'png' : undefined;
    const size = type ? imageSize(bytes) : undefined;
    if (!type || !size || size.w === 0 || size.h === 0)
      return { error: error(doc, 'attachment-damaged', `附件“${doc.file}”不是有效的 JPG 或 PNG 图片（文件已损坏或格式不符），未能装订进案卷`, '请重新扫描，或用看图软件另存为 JPG/PNG 后放回原处。') };
    return { kind: 'image', doc, bytes, type, widthPx: size.w, heightPx: size.h, pages: 1 };
  }
  // pdf-lib only when a PDF is read (a build that binds nothing never loads it)
  const { EncryptedPDFError, PDFDocument } = await import('pdf-lib');
  markLoaded('pdf-lib');
  try {
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    const pages = pdf.getPageCount();
    if (pages === 0) throw new Error('没有页面');
    return { kind: 'pdf', doc, pdf, pages };
  } catch (e) {
    // instanceof fails when pdf-lib's CJS and ESM builds are both loaded; the message is pdf-lib's own
    if (e instanceof EncryptedPDFError || (e instanceof Error && /is encrypted/.test(e.message)))
      return {
        error: error(doc, 'attachment-encrypted', `附件“${doc.file}”是加密的 PDF，无法装订进案卷`, '请用 PDF 阅读器去掉密码（或“打印”为一份不加密的 PDF）放回原处，然后重新生成。'),
      };
    return { error: error(doc, 'attachment-damaged', `附件“${doc.file}”已损坏或不是有效的 PDF，无法装订进案卷`, '请重新扫描或重新下载这个文件，放回原处后重新生成。') };
  }
}
