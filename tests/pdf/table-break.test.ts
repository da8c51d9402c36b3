//! QA minor 8, laid out for real with the bundled fonts. A table broken across pages (考核结果通报 left 2 of 11 rows
//! at the foot of a page) keeps ≥ 3 rows before the break and ≥ 2 after it; a paragraph leaves no lone 书。 on its last line.
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

describe('a vertically merged cell across a page break', () => {
  type Page = ReturnType<typeof layoutDocument>['pages'][number];
  /** y (0.1 mm) of the horizontal rules on a page that cross x (mm) */
  const rulesAcross = (page: Page, x: number): number[] =>
    [...new Set(page.items.flatMap((r) => (r.kind === 'rule' && Math.abs(r.y1Mm - r.y2Mm) < 0.01 && Math.min(r.x1Mm, r.x2Mm) <= x && Math.max(r.x1Mm, r.x2Mm) >= x ? [Math.round(r.y1Mm * 10)] : [])))].sort((a, b) => a - b);
  const textX = (page: Page, text: string): number => {
    const it = page.items.find((i) => i.kind === 'text' && i.text === text);
    return it?.kind === 'text' ? it.xMm : Number.NaN;
  };

  it('keeps the merged rows on one page, for every length of the text before it', () => {
    // rows 4–7 (第4村 … 第7村) share one 片区 cell
    const rows = Array.from({ length: 11 }, (_, i) => [`第${i + 1}村`, `${99 - i}`].map(cell) as { content: { t: 'text'; text: string }[]; rowSpan?: number }[]);
    for (let i = 0; i < 11; i++) if (i < 3 || i > 6) rows[i]?.unshift(cell('—'));
    rows[3]?.unshift({ ...cell('第二片区'), rowSpan: 4 });
    const merged: SourceBlock = { t: 'table', header: [['片区', '单位', '得分'].map(cell)], rows };
    let broken = 0;
    for (let lines = 10; lines <= 22; lines++) {
      const paged = layoutDocument(docOf([para(hanText(28 * lines - 2), false), merged]), fonts);
      const pageOf = (name: string) => paged.pages.findIndex((p) => p.items.some((i) => i.kind === 'text' && i.text === name));
      expect(new Set(['第二片区', '第4村', '第5村', '第6村', '第7村'].map(pageOf)).size, `after ${lines} lines`).toBe(1);
      if (pageOf('第1村') !== pageOf('第11村')) broken++;
      expect(paged.pages.flatMap((p) => p.items.filter((i) => i.kind === 'text' && i.text === '第二片区')).length).toBe(1);
    }
    expect(broken).toBeGreaterThan(0);
  });

  it('splits a merged cell taller than a page, ruling it off at the foot of the page and opening it at the top of the next', () => {
    const N = 40;
    const rows = Array.from({ length: N }, (_, i) => [cell(`第${i + 1}村`)] as { content: { t: 'text'; text: string }[]; rowSpan?: number }[]);
    rows[0]?.unshift({ ...cell('全镇'), rowSpan: N });
    const paged = layoutDocument(docOf([{ t: 'table', header: [['片区', '单位'].map(cell)], rows }]), fonts);
    expect(paged.pages.length).toBe(2);
    const [one, two] = paged.pages as [Page, Page];
    const xMerged = textX(one, '全镇') + 1;
    const xVillage = textX(one, '第1村') + 1;
    for (const page of [one, two]) {
      const villages = rulesAcross(page, xVillage);
      const inMerged = rulesAcross(page, xMerged);
      // under the header a rule for every village row; across the merged cell only the header's and the last
      expect(villages.length).toBeGreaterThan(10);
      expect(inMerged).toEqual([villages[0], villages[1], villages[villages.length - 1]]);
    }
    expect(paged.pages.flatMap((p) => p.items.filter((i) => i.kind === 'text' && i.text === '全镇')).length).toBe(1);
  });
});

describe('a paragraph’s last line (QA minor 8: a lone 书。 in 年度工作总结)', () => {
  const lines = (text: string): string[] =>
    layoutDocument(docOf([para(text, false)]), fonts)
      .pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'text' ? [{ y: Math.round(i.yMm * 10), t: i.text }] : [])))
      .reduce<{ y: number; t: string }[]>((acc, it) => {
        const last = acc[acc.length - 1];
        if (last && last.y === it.y) last.t += it.t;
        else acc.push({ ...it });
        return acc;
      }, [])
      .map((l) => l.t)
      .filter((t) => !/^—/.test(t));

  it('does not leave one character alone: it is pulled up when the line’s punctuation can make the room', () => {
    // 28 characters, then a full line holding four commas, then 书。
    const second = `${hanText(6, 7)}，`.repeat(4);
    const got = lines(`${hanText(28, 3)}${second}书。`);
    expect(got).toHaveLength(2);
    expect(got[1]?.endsWith('书。')).toBe(true);
  });

  it('else takes the character before it down too (no punctuation in the line above)', () => {
    const text = hanText(56, 5);
    const got = lines(`${text}书。`);
    expect(got).toHaveLength(3);
    expect(got[2]).toBe(`${text.slice(-1)}书。`);
    expect(got[1]).toBe(text.slice(28, 55));
  });
});
