//! Test helper: reads a PDF back with pdfjs-dist (text, positions in mm, page sizes) and with pdf-lib's
//! parser (embedded font files), so PDF tests need nothing outside npm.

import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
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

/**
 * The body rows of the ruled tables of a PDF, as printed: the cell grid comes from the drawn rules (every
 * vertical and horizontal line segment), each text item goes to the cell holding the start of its baseline,
 * and a cell's text is its items in reading order with spaces removed (wrapped and justified lines rejoin).
 * Rows whose first cell is not a number (headers, group titles) are left out.
 */
/** The x of every vertical and the y of every horizontal rule drawn on `page` (pt; table borders). */
async function rulesOf(page: Awaited<ReturnType<Awaited<ReturnType<typeof getDocument>['promise']>['getPage']>>): Promise<{ xs: number[]; ys: number[] }> {
  const ops = await page.getOperatorList();
  const xs = new Set<number>();
  const ys = new Set<number>();
  for (let i = 0; i < ops.fnArray.length; i++) {
    if (ops.fnArray[i] !== OPS.constructPath) continue;
    const paths = (ops.argsArray[i] as [number, (ArrayLike<number> | null)[]])[1];
    for (const d of paths) {
      if (!d || d.length !== 6 || d[0] !== 0 || d[3] !== 1) continue; // one moveTo + one lineTo
      const [x1, y1, x2, y2] = [d[1] as number, d[2] as number, d[4] as number, d[5] as number];
      if (Math.abs(x1 - x2) < 0.01) xs.add(Math.round(x1 * 10) / 10);
      else if (Math.abs(y1 - y2) < 0.01) ys.add(Math.round(y1 * 10) / 10);
    }
  }
  return { xs: [...xs].sort((a, b) => a - b), ys: [...ys].sort((a, b) => b - a) };
}

/** The rules drawn on page `n` (1-based): x of the vertical ones (left to right), y of the horizontal ones (pt
 *  from the bottom, top first), rounded to 0.1 pt. */
export async function readPdfRules(bytes: Uint8Array, n: number): Promise<{ xs: number[]; ys: number[] }> {
  const pdf = await getDocument({ data: bytes.slice(), disableFontFace: true, useSystemFonts: false, verbosity: 0, isEvalSupported: false }).promise;
  return rulesOf(await pdf.getPage(n));
}

/** The horizontal rules drawn on page `n` (1-based) as segments: y (pt from the bottom) and x1 < x2, rounded to
 *  0.1 pt — to see where a rule stops (a vertically merged table cell has none across it). */
export async function readPdfHorizontalRules(bytes: Uint8Array, n: number): Promise<{ y: number; x1: number; x2: number }[]> {
  const pdf = await getDocument({ data: bytes.slice(), disableFontFace: true, useSystemFonts: false, verbosity: 0, isEvalSupported: false }).promise;
  const ops = await (await pdf.getPage(n)).getOperatorList();
  const out: { y: number; x1: number; x2: number }[] = [];
  const r = (v: number): number => Math.round(v * 10) / 10;
  for (let i = 0; i < ops.fnArray.length; i++) {
    if (ops.fnArray[i] !== OPS.constructPath) continue;
    const paths = (ops.argsArray[i] as [number, (ArrayLike<number> | null)[]])[1];
    for (const d of paths) {
      if (!d || d.length !== 6 || d[0] !== 0 || d[3] !== 1) continue;
      const [x1, y1, x2, y2] = [d[1] as number, d[2] as number, d[4] as number, d[5] as number];
      if (Math.abs(y1 - y2) < 0.01 && Math.abs(x1 - x2) >= 0.01) out.push({ y: r(y1), x1: r(Math.min(x1, x2)), x2: r(Math.max(x1, x2)) });
    }
  }
  return out;
}

/** The column edges (pt from the left, in order) of the table on page `n` (1-based): its vertical rules. */
export async function readPdfColumnEdges(bytes: Uint8Array, n: number): Promise<number[]> {
  return (await readPdfRules(bytes, n)).xs;
}

export async function readPdfTableRows(bytes: Uint8Array): Promise<string[][]> {
  const pdf = await getDocument({ data: bytes.slice(), disableFontFace: true, useSystemFonts: false, verbosity: 0, isEvalSupported: false }).promise;
  const out: string[][] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const { xs: colEdges, ys: rowEdges } = await rulesOf(page); // PDF y grows upwards: top row first
    if (colEdges.length < 2 || rowEdges.length < 2) continue;
    const grid = rowEdges.slice(1).map(() => colEdges.slice(1).map(() => [] as { x: number; y: number; s: string }[]));
    const content = await page.getTextContent();
    for (const it of content.items) {
      if (!('str' in it) || it.str.trim() === '') continue;
      const t = it.transform as number[];
      const x = (t[4] ?? 0) + 0.5;
      const y = t[5] ?? 0;
      const c = colEdges.findIndex((e, k) => k + 1 < colEdges.length && x >= e && x < (colEdges[k + 1] as number));
      const r = rowEdges.findIndex((e, k) => k + 1 < rowEdges.length && y <= e && y > (rowEdges[k + 1] as number));
      if (c >= 0 && r >= 0) grid[r]?.[c]?.push({ x: t[4] ?? 0, y, s: it.str });
    }
    for (const row of grid) {
      const cells = row.map((items) => items.sort((a, b) => b.y - a.y || a.x - b.x).map((i) => i.s).join('').replace(/\s+/g, ''));
      if (/^\d+$/.test(cells[0] ?? '')) out.push(cells);
    }
  }
  return out;
}
