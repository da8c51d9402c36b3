//! The CJK subsetting proof (toolchain.md §2): all 3,755 GB 2312 level-1 characters plus Chinese punctuation
//! → the text extracted from the PDF equals the input, every font is embedded and subset, and every
//! subset glyph has the same outline as in the source font (the @pdf-lib/fontkit bug garbles them).

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fontkit, type FontkitFont } from '../../src/fonts/fontkit.js';
import type { FontSet } from '../../src/fonts/resolve.js';
import { writePdf } from '../../src/generators/pdf/write.js';
import { layoutDocument } from '../../src/layout/index.js';
import { CHINESE_PUNCTUATION, docOf, gb2312Level1, para, testFonts } from '../helpers/pdf-docs.js';
import { linesOf, readEmbeddedFonts, readPdfText, type EmbeddedFont } from '../helpers/pdf-read.js';

const HANZI = gb2312Level1();
/** paragraphs of 100 characters, punctuation spread in so line breaking stays legal */
function source(): string[] {
  const paras: string[] = [];
  for (let i = 0; i < HANZI.length; i += 100) paras.push(HANZI.slice(i, i + 100) + '。');
  paras.push(`标点${CHINESE_PUNCTUATION}结束`);
  return paras;
}

let fonts: FontSet;
let bytes: Uint8Array;
const PARAS = source();

beforeAll(async () => {
  fonts = await testFonts();
  const doc = docOf([
    { t: 'title', text: '通用规范汉字一级字表子集测试' },
    ...PARAS.map((p) => para(p)),
  ]);
  bytes = await writePdf(layoutDocument(doc, fonts), fonts, { created: new Date('2025-01-01T00:00:00Z') });
});

describe('CJK subset embedding', () => {
  it('uses all 3,755 GB 2312 level-1 characters', () => {
    expect([...HANZI]).toHaveLength(3755);
    expect(new Set(HANZI).size).toBe(3755);
  });

  it('extracts exactly the input text', async () => {
    const pages = await readPdfText(bytes);
    const body = pages.flatMap((p) => linesOf(p).filter((l) => Math.abs(l.sizePt - 16) < 0.01).map((l) => l.text)).join('');
    expect(body).toBe(PARAS.join(''));
  });

  it('embeds every font as a tagged subset far smaller than the font file', async () => {
    const embedded = await readEmbeddedFonts(bytes);
    expect(embedded.length).toBeGreaterThanOrEqual(2);
    for (const f of embedded) {
      expect(f.baseFont).toMatch(/^[A-Z]{6}\+/);
      expect(f.file).toBeDefined();
      expect((f.file as Uint8Array).length).toBeLessThan(5_000_000);
    }
    const pdfBytes = bytes.length;
    expect(pdfBytes).toBeLessThan(6_000_000);
  });

  it('keeps every subset glyph outline identical to the source font', async () => {
    const embedded = await readEmbeddedFonts(bytes);
    const body = embedded.find((f) => f.baseFont.endsWith('NotoSerifSC-Regular')) as EmbeddedFont;
    expect(body).toBeDefined();
    const subset = fontkit.create(Buffer.from(body.file as Uint8Array)) as FontkitFont;
    const face = fonts.faces.fangsong;
    const original = fontkit.create(readFileSync(face.path)) as FontkitFont;
    let compared = 0;
    for (const [cid, text] of body.toUnicode) {
      const cp = text.codePointAt(0) as number;
      const got = subset.getGlyph(body.gidOf(cid)).path.toSVG();
      const want = original.glyphForCodePoint(cp).path.toSVG();
      if (got !== want) throw new Error(`glyph for ${text} (cid ${cid}) differs from the source font`);
      compared++;
    }
    expect(compared).toBeGreaterThan(3755);
  });
});
