//! PagedDoc → PDF bytes with pdf-lib: text runs (Tc for grid pitch and justification), rules, metadata.
//! Deterministic: fixed dates from the caller, no trailer ID, no random names. Knows nothing of DocModel.

import {
  beginText,
  endText,
  lineTo,
  moveTo,
  PDFDocument,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSpacing,
  setFillingRgbColor,
  setFontAndSize,
  setLineWidth,
  setStrokingRgbColor,
  setTextMatrix,
  showText,
  stroke,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';
import type { FontSet } from '../../fonts/resolve.js';
import type { Page, PagedDoc, Rgb } from '../../layout/types.js';
import { FontEmbedder } from './fonts.js';
import './native-deflate.js';

const PT_PER_MM = 72 / 25.4;

export interface WritePdfOptions {
  /** CreationDate and ModDate (from workspace/clock.ts) */
  created: Date;
  /** PDF Creator / Producer, e.g. "dossier 0.1.0" */
  producer?: string;
}

const BLACK: Rgb = { r: 0, g: 0, b: 0 };
const round = (v: number): number => Math.round(v * 1000) / 1000;

/** 生成 PDF: one PDF page per PagedDoc page. */
export async function writePdf(paged: PagedDoc, fonts: FontSet, opts: WritePdfOptions): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const producer = opts.producer ?? 'dossier';
  doc.setTitle(paged.title, { showInWindowTitleBar: true });
  if (paged.author) doc.setAuthor(paged.author);
  doc.setSubject(paged.kind);
  doc.setCreator(producer);
  doc.setProducer(producer);
  doc.setCreationDate(opts.created);
  doc.setModificationDate(opts.created);
  doc.setLanguage('zh-CN');

  const embedder = new FontEmbedder(doc, fonts);
  for (const p of paged.pages) {
    const page = doc.addPage([p.widthMm * PT_PER_MM, p.heightMm * PT_PER_MM]);
    await drawPage(page, p, embedder);
  }
  return doc.save({ useObjectStreams: true, objectsPerTick: Number.POSITIVE_INFINITY });
}

async function drawPage(page: PDFPage, p: Page, embedder: FontEmbedder): Promise<void> {
  const height = p.heightMm * PT_PER_MM;
  const ops: PDFOperator[] = [];
  const fontKeys = new Map<PDFFont, PDFName>();

  // rules first (under the text)
  let stroke_: Rgb | undefined;
  let lineWidth = -1;
  const rules = p.items.filter((i) => i.kind === 'rule');
  if (rules.length) ops.push(pushGraphicsState());
  for (const r of rules) {
    const c = r.color ?? BLACK;
    if (!stroke_ || !sameColor(stroke_, c)) ops.push(setStrokingRgbColor(c.r, c.g, c.b));
    stroke_ = c;
    if (r.widthPt !== lineWidth) ops.push(setLineWidth(round(r.widthPt)));
    lineWidth = r.widthPt;
    ops.push(moveTo(round(r.x1Mm * PT_PER_MM), round(height - r.y1Mm * PT_PER_MM)), lineTo(round(r.x2Mm * PT_PER_MM), round(height - r.y2Mm * PT_PER_MM)), stroke());
  }
  if (rules.length) ops.push(popGraphicsState());

  const texts = p.items.filter((i) => i.kind === 'text');
  if (texts.length) {
    ops.push(beginText());
    let font: PDFFont | undefined;
    let size = -1;
    let tc = 0;
    let fill: Rgb = BLACK;
    for (const t of texts) {
      const f = await embedder.font(t.faceId);
      if (f !== font || t.sizePt !== size) {
        let key = fontKeys.get(f);
        if (!key) {
          key = page.node.newFontDictionary(f.name, f.ref);
          fontKeys.set(f, key);
        }
        ops.push(setFontAndSize(key, t.sizePt));
        font = f;
        size = t.sizePt;
      }
      const c = t.color ?? BLACK;
      if (!sameColor(fill, c)) ops.push(setFillingRgbColor(c.r, c.g, c.b));
      fill = c;
      const spacing = round(t.charSpacingPt);
      if (spacing !== tc) ops.push(setCharacterSpacing(spacing));
      tc = spacing;
      ops.push(setTextMatrix(1, 0, 0, 1, round(t.xMm * PT_PER_MM), round(height - t.yMm * PT_PER_MM)), showText(f.encodeText(t.text)));
    }
    ops.push(endText());
  }
  page.pushOperators(...ops);
}

function sameColor(a: Rgb, b: Rgb): boolean {
  return a.r === b.r && a.g === b.g && a.b === b.b;
}
