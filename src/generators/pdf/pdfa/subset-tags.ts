//! Subset tags derived from the subset's content (ISO 32000-1 9.6.4: distinct subsets, distinct tags): every
//! embedded font whose name carries a tag (`ABCDEF+Name`) is renamed to a tag hashed from its font program,
//! in its font dictionary and its descriptor. Our own subsets and those of attached PDFs alike.
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFName, PDFStream, type PDFDocument } from 'pdf-lib';

const TAGGED = /^[A-Z]{6}\+/;
const FONT_FILES = ['FontFile', 'FontFile2', 'FontFile3'].map((k) => PDFName.of(k));

/** The dictionaries that describe one font: itself and, for a composite font, its descendant. */
export function fontDicts(font: PDFDict): PDFDict[] {
  const out = [font];
  const desc = font.lookup(PDFName.of('DescendantFonts'));
  if (desc instanceof PDFArray) {
    const d = desc.lookup(0);
    if (d instanceof PDFDict) out.push(d);
  }
  return out;
}

/** The font descriptor of a font (a composite font's from its descendant). */
export function fontDescriptor(font: PDFDict): PDFDict | undefined {
  for (const d of fontDicts(font).reverse()) {
    const fd = d.lookup(PDFName.of('FontDescriptor'));
    if (fd instanceof PDFDict) return fd;
  }
  return undefined;
}

/** The embedded program of a font, if any. */
export function fontProgram(font: PDFDict): PDFStream | undefined {
  const fd = fontDescriptor(font);
  if (!fd) return undefined;
  for (const k of FONT_FILES) {
    const s = fd.lookup(k);
    if (s instanceof PDFStream) return s;
  }
  return undefined;
}

/** Six capital letters from a digest. */
function tagOf(digest: Buffer): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += String.fromCharCode(65 + ((digest[i] as number) % 26));
  return s;
}

function retag(d: PDFDict, key: string, tag: string): void {
  const v = d.lookup(PDFName.of(key));
  if (v instanceof PDFName && TAGGED.test(v.decodeText())) d.set(PDFName.of(key), PDFName.of(`${tag}+${v.decodeText().slice(7)}`));
}

/** Renames every tagged embedded font of the document by its program's bytes; returns how many were renamed. */
export function contentSubsetTags(doc: PDFDocument): number {
  const byTag = new Map<string, string>();
  let n = 0;
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.lookup(PDFName.of('Type')) !== PDFName.of('Font')) continue;
    const base = obj.lookup(PDFName.of('BaseFont'));
    if (!(base instanceof PDFName) || !TAGGED.test(base.decodeText())) continue;
    const program = fontProgram(obj);
    if (!program) continue;
    const content = createHash('sha256').update(program.getContents()).digest('hex');
    let tag = '';
    for (let salt = 0; ; salt++) {
      tag = tagOf(createHash('sha256').update(`${content}/${salt}`).digest());
      const owner = byTag.get(tag);
      if (owner === undefined || owner === content) break;
    }
    byTag.set(tag, content);
    for (const d of fontDicts(obj)) {
      retag(d, 'BaseFont', tag);
      const fd = d.lookup(PDFName.of('FontDescriptor'));
      if (fd instanceof PDFDict) retag(fd, 'FontName', tag);
    }
    n++;
  }
  return n;
}
