//! A table broken across pages (QA minor 8: 考核结果通报 left 2 of 11 rows at the foot of a page): at least three
//! rows before the break and two after it, wherever the text before it ends. Laid out for real with the bundled fonts.
import { beforeAll, describe, expect, it } from 'vitest';
import type { FontSet } from '../../src/fonts/resolve.js';
import { layoutDocument } from '../../src/layout/index.js';
import type { SourceBlock } from '../../src/model/source.js';
import { docOf, hanText, para, testFonts } from '../helpers/pdf-docs.js';

let fonts: FontSet;
beforeAll(async () => {
  fonts = await testFonts();
});

const cell = (text: string) => ({ content: [{ t: 'text' as const, text }] });
const ROWS = 11;
const table: SourceBlock = { t: 'table', header: [['名次', '单位', '得分'].map(cell)], rows: Array.from({ length: ROWS }, (_, i) => [`${i + 1}`, `第${i + 1}村`, `${99 - i}`].map(cell)) };

describe('a table across a page break', () => {
  it('keeps ≥ 3 rows before the break and ≥ 2 after it, for every length of the text before it', () => {
    let broken = 0;
    for (let lines = 10; lines <= 22; lines++) {
      const paged = layoutDocument(docOf([para(hanText(28 * lines - 2), false), table]), fonts);
      const perPage = paged.pages.map((p) => p.items.filter((i) => i.kind === 'text' && /^第\d+村$/.test(i.text)).length).filter((n) => n > 0);
      expect(perPage.reduce((a, b) => a + b, 0)).toBe(ROWS);
      if (perPage.length > 1) broken++;
      expect(perPage[0], `after ${lines} lines`).toBeGreaterThanOrEqual(perPage.length > 1 ? 3 : ROWS);
      expect(perPage[perPage.length - 1], `after ${lines} lines`).toBeGreaterThanOrEqual(2);
    }
    expect(broken).toBeGreaterThan(0);
  });
});
