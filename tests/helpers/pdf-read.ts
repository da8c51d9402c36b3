//! Test helper: reads a PDF back with pdfjs-dist (text, positions in mm, page sizes) and with pdf-lib's
//! parser (embedded font files), so PDF tests need nothing outside npm.

import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef } from 'pdf-lib';

const MM_PER_PT = 25.4 / 72;

export interface PdfTextItem {
  text: string;
  /** left edge of the text, mm from the page's left edge */
  xMm: number;
  /** baseline, mm from the page's top edge */
  yMm: number;
  widthMm: number;
  sizePt: number;
}

export interface PdfPageText {
  widthMm: number;
  heightMm: number;
  items: PdfTextItem[];
}

/** Text items of every page (empty strings dropped). */
export async function readPdfText(bytes: Uint8Array): Promise<PdfPageText[]> {
  const pdf = await getDocument({ data: bytes.slice(), disableFontFace: true, useSystemFonts: false, verbosity: 0, isEvalSupported: false }).promise;
  const pages: PdfPageText[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const [x0, y0, x1, y1] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const items: PdfTextItem[] = [];
    for (const it of content.items) {
      if (!('str' in it) || it.str === '') continue;
      const t = it.transform as number[];
      items.push({
        text: it.str,
        xMm: ((t[4] ?? 0) - x0) * MM_PER_PT,
        yMm: (y1 - (t[5] ?? 0)) * MM_PER_PT,
        widthMm: it.width * MM_PER_PT,
        sizePt: Math.hypot(t[0] ?? 0, t[1] ?? 0),
      });
    }
    pages.push({ widthMm: (x1 - x0) * MM_PER_PT, heightMm: (y1 - y0) * MM_PER_PT, items });
  }
  await pdf.destroy();
  return pages;
}

export interface PdfLine {
  yMm: number;
  text: string;
  xMm: number;
  rightMm: number;
  sizePt: number;
}

/** Groups a page's items into lines by baseline (±0.3 mm), left to right. */
export function linesOf(page: PdfPageText): PdfLine[] {
  const sorted = [...page.items].sort((a, b) => a.yMm - b.yMm || a.xMm - b.xMm);
  const lines: { yMm: number; items: PdfTextItem[] }[] = [];
  for (const it of sorted) {
    const line = lines.find((l) => Math.abs(l.yMm - it.yMm) < 0.3);
    if (line) line.items.push(it);
    else lines.push({ yMm: it.yMm, items: [it] });
  }
  return lines.map((l) => {
    const items = l.items.sort((a, b) => a.xMm - b.xMm);
    const first = items[0] as PdfTextItem;
    const last = items[items.length - 1] as PdfTextItem;
    return {
      yMm: l.yMm,
      text: items.map((i) => i.text).join('').replace(/\s+/g, ''),
      xMm: first.xMm,
      rightMm: last.xMm + last.widthMm,
      sizePt: Math.max(...items.map((i) => i.sizePt)),
    };
  });
}

export interface EmbeddedFont {
  baseFont: string;
  /** decoded FontFile2/FontFile3 bytes */
  file: Uint8Array | undefined;
  /** CID → Unicode text from the ToUnicode CMap */
  toUnicode: Map<number, string>;
  /** CID → glyph id in `file` (the CIDToGIDMap; identity when the map is /Identity or absent) */
  gidOf: (cid: number) => number;
}

/** Every Type0 font of the PDF with its embedded font program and ToUnicode map. */
export async function readEmbeddedFonts(bytes: Uint8Array): Promise<EmbeddedFont[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const ctx = doc.context;
  const fonts: EmbeddedFont[] = [];
  const deref = (o: unknown): unknown => (o instanceof PDFRef ? ctx.lookup(o) : o);
  for (const [, obj] of ctx.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
    const baseFont = (obj.get(PDFName.of('BaseFont')) as PDFName).decodeText();
    const descendants = deref(obj.get(PDFName.of('DescendantFonts'))) as { asArray(): unknown[] };
    const cid = deref(descendants.asArray()[0]) as PDFDict;
    const desc = deref(cid.get(PDFName.of('FontDescriptor'))) as PDFDict;
    const ff = deref(desc.get(PDFName.of('FontFile2')) ?? desc.get(PDFName.of('FontFile3')));
    const file = ff instanceof PDFRawStream ? decodePDFRawStream(ff).decode() : undefined;
    const tu = deref(obj.get(PDFName.of('ToUnicode')));
    const toUnicode = new Map<number, string>();
    if (tu instanceof PDFRawStream) {
      const cmap = new TextDecoder('latin1').decode(decodePDFRawStream(tu).decode());
      for (const m of cmap.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
        const hex = m[2] as string;
        const units: number[] = [];
        for (let i = 0; i < hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
        toUnicode.set(parseInt(m[1] as string, 16), String.fromCharCode(...units));
      }
    }
    const map = deref(cid.get(PDFName.of('CIDToGIDMap')));
    const table = map instanceof PDFRawStream ? decodePDFRawStream(map).decode() : undefined;
    const gidOf = (c: number): number => (table ? ((table[2 * c] ?? 0) << 8) | (table[2 * c + 1] ?? 0) : c);
    fonts.push({ baseFont, file, toUnicode, gidOf });
  }
  return fonts;
}
