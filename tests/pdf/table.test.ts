//! Tables and 责任书 blocks on real PDFs: a 300-row register paginates with repeated headers and whole rows;
//! a 责任书 has an unnumbered cover; missing glyphs are reported with file and line.

import { beforeAll, describe, expect, it } from 'vitest';
import type { FontSet } from '../../src/fonts/resolve.js';
import { writePdf } from '../../src/generators/pdf/write.js';
import { layoutDocument } from '../../src/layout/index.js';
import type { SourceBlock as Block } from '../../src/model/source.js';
import type { TableCell } from '../../src/model/types.js';
import { docOf, para, testFonts } from '../helpers/pdf-docs.js';
import { linesOf, readPdfText } from '../helpers/pdf-read.js';

const cell = (text: string): TableCell => ({ content: [{ t: 'text', text }] });
const HEAD = ['序号', '户主姓名', '家庭住址', '联系电话', '备注'];
const created = new Date('2025-09-05T00:00:00Z');

let fonts: FontSet;
beforeAll(async () => {
  fonts = await testFonts();
});

function register(rows: number, landscape?: boolean): Block {
  return {
    t: 'table',
    header: [HEAD.map(cell)],
    rows: Array.from({ length: rows }, (_, i) => [
      cell(String(i + 1)),
      cell(`张${'伟芳娜敏静'[i % 5]}${i}`),
      cell(i % 7 === 0 ? '澧源镇澧源村第三村民小组一百二十三号附近的老屋场旧址' : `澧源村${(i % 9) + 1}组`),
      cell(`1380000${String(i).padStart(4, '0')}`),
      cell(i % 11 === 0 ? '低保户' : ''),
    ]),
    widths: [0.1, 0.18, 0.4, 0.2, 0.12],
    caption: '澧源镇农户登记册',
    ...(landscape !== undefined ? { landscape } : {}),
  };
}

describe('300-row register', () => {
  it('repeats the header on every page and prints every row once, whole', async () => {
    const paged = layoutDocument(docOf([register(300)]), fonts);
    const pages = await readPdfText(await writePdf(paged, fonts, { created }));
    expect(pages.length).toBeGreaterThan(5);
    const seen: number[] = [];
    for (const p of pages) {
      const lines = linesOf(p);
      const texts = lines.map((l) => l.text);
      expect(texts.some((t) => t.startsWith('序号户主姓名'))).toBe(true);
      for (const l of lines) {
        const m = /^(\d+)张/.exec(l.text);
        if (m) seen.push(Number(m[1]));
      }
    }
    expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    // rows are whole: every phone number sits on the same page as its row number
    for (const p of pages) {
      const joined = linesOf(p).map((l) => l.text).join('|');
      for (const m of joined.matchAll(/\|(\d+)张/g)) expect(joined).toContain(`1380000${String(Number(m[1]) - 1).padStart(4, '0')}`);
    }
  });

  it('turns the page for a landscape table and back for the text after it', () => {
    const paged = layoutDocument(docOf([para('表格前的正文。'), register(8, true), para('表格后的正文。')]), fonts);
    expect(paged.pages.map((p) => p.landscape)).toEqual([false, true, false]);
    expect(paged.pages[1]?.widthMm).toBe(297);
  });
});

describe('责任书', () => {
  it('has an unnumbered cover, targets, a signature line per party and a copy clause', async () => {
    const doc = docOf(
      [
        { t: 'coverPage', unit: '澧源镇', title: '2025年度人口和计划生育目标管理责任书', issuer: '澧源镇人民政府', date: '2025-02-01' },
        { t: 'title', text: '2025年度人口和计划生育目标管理责任书' },
        para('为确保全年目标任务完成，镇人民政府与各村签订如下责任书。'),
        { t: 'targets', items: [{ indicator: '符合政策生育率', text: '符合政策生育率达到90%以上', score: 20 }], total: 100 },
        { t: 'copyClause', text: '此书一式三份，镇、村和县卫生健康局各执一份。' },
        { t: 'signatures', parties: [{ name: '澧源镇人民政府', role: '授书人' }, { name: '澧源村民委员会', role: '立书人' }], date: '2025-02-01' },
      ],
      '责任书',
      '责任书',
    );
    const paged = layoutDocument(doc, fonts);
    expect(paged.pages[0]?.number).toBeNull();
    expect(paged.pages[1]?.number).toBe(1);
    const pages = await readPdfText(await writePdf(paged, fonts, { created }));
    const cover = linesOf(pages[0] as never).map((l) => l.text).join('');
    expect(cover).toContain('二〇二五年二月');
    const body = linesOf(pages[1] as never);
    // one line per party, as in the seed (授书人 … / 立书人 …), each with its 签字 line flush right
    const parties = body.filter((l) => /授书人|立书人/.test(l.text));
    expect(parties.map((l) => l.text)).toEqual(['授书人：澧源镇人民政府（盖章）签字：', '立书人：澧源村民委员会（盖章）签字：']);
  });
});

describe('missing glyphs', () => {
  it('warns naming the file, the line and the character', () => {
    const paged = layoutDocument(docOf([{ t: 'para', indent: true, content: [{ t: 'text', text: '户主\uE000' }], src: { file: 'templates/名册.md.hbs', line: 12 } }]), fonts);
    expect(paged.warnings).toHaveLength(1);
    expect(paged.warnings[0]?.message).toContain('templates/名册.md.hbs 第 12 行');
    expect(paged.warnings[0]?.message).toContain('U+E000');
  });
});
