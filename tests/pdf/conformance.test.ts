//! GB/T 9704 conformance on real PDFs read back with pdfjs-dist: margins, 22 × 28 grid, page numbers,
//! round-trip text. Expected numbers are typed from the standard, not imported from src/standards.

import { beforeAll, describe, expect, it } from 'vitest';
import type { FontSet } from '../../src/fonts/resolve.js';
import { writePdf } from '../../src/generators/pdf/write.js';
import { layoutDocument } from '../../src/layout/index.js';
import { docOf, hanText, para, testFonts } from '../helpers/pdf-docs.js';
import { linesOf, readPdfText, type PdfLine, type PdfPageText } from '../helpers/pdf-read.js';

// GB/T 9704-2012 5.2: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm → right margin 26, bottom 35.
const TOP = 37;
const LEFT = 28;
const RIGHT_EDGE = 210 - 26;
const AREA_BOTTOM = 297 - 35;
const PT = 25.4 / 72;
const BODY = 16; // 三号
const EM_ASCENT = 0.88; // ideographic em box of CJK fonts: top at 0.88 em above the baseline
const CHAR = 156 / 28; // one 字 on the grid, mm
const TOL = 0.5;

const created = new Date('2025-09-05T00:00:00Z');
let fonts: FontSet;
let pages: PdfPageText[];
const SOURCE = hanText(28 * 22 * 3 + 28 * 3 + 11);

beforeAll(async () => {
  fonts = await testFonts();
  const paged = layoutDocument(docOf([para(SOURCE, false)]), fonts);
  pages = await readPdfText(await writePdf(paged, fonts, { created }));
});

const bodyLines = (p: PdfPageText): PdfLine[] => linesOf(p).filter((l) => Math.abs(l.sizePt - BODY) < 0.01);
const numberLine = (p: PdfPageText): PdfLine | undefined => linesOf(p).find((l) => Math.abs(l.sizePt - 14) < 0.01);

describe('GB/T 9704 page grid', () => {
  it('lays out A4 portrait pages', () => {
    expect(pages.length).toBe(4);
    for (const p of pages) {
      expect(p.widthMm).toBeCloseTo(210, 1);
      expect(p.heightMm).toBeCloseTo(297, 1);
    }
  });

  it('has exactly 22 body lines on a full page, 28.99 pt apart, filling 225 mm', () => {
    for (const p of pages.slice(0, 3)) {
      const lines = bodyLines(p);
      expect(lines).toHaveLength(22);
      for (let i = 1; i < lines.length; i++) {
        expect(((lines[i] as PdfLine).yMm - (lines[i - 1] as PdfLine).yMm) / PT).toBeCloseTo(225 / 22 / PT, 1);
      }
    }
  });

  it('puts 28 characters on every full line, from the left to the right margin', () => {
    for (const p of pages.slice(0, 3)) {
      for (const l of bodyLines(p)) {
        expect([...l.text]).toHaveLength(28);
        expect(Math.abs(l.xMm - LEFT)).toBeLessThan(TOL);
        expect(Math.abs(l.rightMm - RIGHT_EDGE)).toBeLessThan(TOL);
      }
    }
  });

  it('keeps the top margin and the bottom of the type area within ±0.5 mm', () => {
    for (const p of pages.slice(0, 3)) {
      const lines = bodyLines(p);
      const firstTop = (lines[0] as PdfLine).yMm - EM_ASCENT * BODY * PT;
      expect(Math.abs(firstTop - TOP)).toBeLessThan(TOL);
      const lastGridBottom = (lines[21] as PdfLine).yMm - EM_ASCENT * BODY * PT + 225 / 22;
      expect(Math.abs(lastGridBottom - AREA_BOTTOM)).toBeLessThan(TOL);
    }
  });

  it('round-trips the text', () => {
    const text = pages.flatMap((p) => bodyLines(p).map((l) => l.text)).join('');
    expect(text).toBe(SOURCE);
  });
});

describe('page numbers (7.5)', () => {
  it('prints "— N —" below the type area, odd right and even left, one character in', () => {
    pages.forEach((p, i) => {
      const n = i + 1;
      const line = numberLine(p);
      expect(line?.text).toBe(`—${n}—`);
      const top = (line as PdfLine).yMm - EM_ASCENT * 14 * PT;
      expect(top).toBeGreaterThan(AREA_BOTTOM);
      expect(Math.abs(top - (AREA_BOTTOM + 7))).toBeLessThan(TOL);
      if (n % 2 === 1) expect(Math.abs((line as PdfLine).rightMm - (RIGHT_EDGE - CHAR))).toBeLessThan(TOL);
      else expect(Math.abs((line as PdfLine).xMm - (LEFT + CHAR))).toBeLessThan(TOL);
    });
  });

  it('gives no number to an empty page', async () => {
    const paged = layoutDocument(docOf([para('正文'), { t: 'pageBreak' }, { t: 'pageBreak' }, para('第二页')]), fonts);
    expect(paged.pages.map((p) => p.number)).toEqual([1, 2]);
  });
});

describe('determinism', () => {
  it('writes byte-identical PDFs for the same input', async () => {
    const doc = docOf([para('为进一步加强全镇人口和计划生育工作，现将有关事项通知如下。')]);
    const a = await writePdf(layoutDocument(doc, fonts), fonts, { created });
    const b = await writePdf(layoutDocument(doc, fonts), fonts, { created });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });
});

describe('glyphs as laid out', () => {
  it('shows each character by its own glyph, at the advance the layout measured (no ligatures, no digit variants)', async () => {
    // Noto's default features would form "ffi" and swap 0 for a proportional digit of another width
    const text = 'JS-00office2025';
    const paged = layoutDocument(docOf([para(text, false)]), fonts);
    const runs = paged.pages[0]?.items.flatMap((i) => (i.kind === 'text' && i.sizePt === BODY ? [i] : [])) ?? [];
    expect(runs.map((r) => r.text)).toEqual([text]);
    const [run] = runs;
    const face = run && fonts.face(run.faceId);
    if (!run || !face) throw new Error('no text run');
    const widthMm = [...run.text].reduce((w, ch) => w + face.advanceEm(ch.codePointAt(0) ?? 0) * run.sizePt + run.charSpacingPt, 0) * PT;
    const [page] = await readPdfText(await writePdf(paged, fonts, { created }));
    const item = page?.items.find((i) => i.sizePt === BODY);
    expect(item?.text).toBe(text);
    expect(item?.widthMm).toBeCloseTo(widthMm, 2);
  });
});
