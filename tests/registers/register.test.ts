//! Registers from Excel: a 10,000-row XLSX sheet (dates, empty cells, renamed and merged headers, widths)
//! paginates landscape with the header rows on every page, 序号 1…10000, and the 制表人/制表日期 footer.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare } from '../../src/build/build.js';
import type { FontSet } from '../../src/fonts/resolve.js';
import { writePdf } from '../../src/generators/pdf/write.js';
import { layoutDocument } from '../../src/layout/index.js';
import type { PagedDoc } from '../../src/layout/types.js';
import type { Document } from '../../src/model/types.js';
import { formatCell } from '../../src/render/register.js';
import { testFonts } from '../helpers/pdf-docs.js';
import { linesOf, readPdfText } from '../helpers/pdf-read.js';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

const N = 10_000;
const COLS = ['姓名', '性别', '出生日期', '身份证号', '村组', '联系电话', '家庭住址', '节育措施', '备注'];

async function xlsx(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(COLS);
  for (let i = 0; i < N; i++) {
    ws.addRow([
      `${'王李张刘陈杨'[i % 6]}${'秀丽建国春梅'[i % 6]}${i % 100}`,
      i % 2 ? '女' : '男',
      new Date(Date.UTC(1980 + (i % 25), i % 12, 1 + (i % 28))),
      `43082119${String(800101 + i).padStart(6, '0')}${String(i % 10000).padStart(4, '0')}`,
      `${'青龙白岩茶园'.slice((i % 3) * 2, (i % 3) * 2 + 2)}村${(i % 9) + 1}组`,
      13907440000 + i,
      i % 50 === 0 ? '澧源镇青龙村第三村民小组一百二十三号老屋场' : `青龙村${(i % 9) + 1}组`,
      ['上环', '女扎', '皮埋', ''][i % 4],
      i % 97 === 0 ? '低保户' : null,
    ]);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

let fonts: FontSet;
let doc: Document;
let paged: PagedDoc;
let layoutMs = 0;
let loadMs = 0;
beforeAll(async () => {
  fonts = await testFonts();
  const dir = makeWorkspace({
    'dossier.yaml': `${BASE_DOSSIER}preparer: 王丽\ndate: 2025-12-30\n`,
    'catalog/test.yaml': catalogWith(`      - title: 育龄妇女花名册
        table: people
        columns: [${COLS.join(', ')}]
        headers: { 出生日期: 出生年月日, 节育措施: 措施 }
        widths: [2, 1, 3.2, 4.4, 2.4, 3, 4.6, 1.4, 1.6]
        groups: [{ title: 联系方式, columns: [联系电话, 家庭住址] }]
`),
  });
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  writeFileSync(path.join(dir, 'data', 'people.xlsx'), await xlsx());
  const t0 = performance.now();
  const report = await prepare(dir);
  loadMs = performance.now() - t0;
  expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  doc = report.rendered[0]?.document as Document;
  const t1 = performance.now();
  paged = layoutDocument(doc, fonts);
  layoutMs = performance.now() - t1;
}, 120_000);
afterAll(cleanupWorkspaces);

describe('10,000-row XLSX register', () => {
  it('lays out landscape, header rows on every page, every row once', () => {
    const table = doc.blocks.find((b) => b.t === 'table');
    expect(table?.t === 'table' && table.rows.length).toBe(N);
    expect(paged.pages.every((p) => p.landscape)).toBe(true);
    expect(paged.pages.length).toBeGreaterThan(300);
    for (const p of paged.pages) {
      const texts = p.items.filter((i) => i.kind === 'text').map((i) => (i.kind === 'text' ? i.text : ''));
      expect(texts).toContain('联系方式');
      expect(texts).toContain('出生年月日');
    }
    console.log(`10,000-row register: load+render ${loadMs.toFixed(0)} ms, layout ${layoutMs.toFixed(0)} ms, ${paged.pages.length} pages`);
    expect(layoutMs).toBeLessThan(30_000);
  });

  it('reads back from the PDF: header on each sampled page, Chinese dates, 序号, footer on the last page', async () => {
    const t0 = performance.now();
    const bytes = await writePdf(paged, fonts, { created: new Date('2025-12-30T00:00:00Z') });
    console.log(`10,000-row register: PDF ${(performance.now() - t0).toFixed(0)} ms, ${(bytes.length / 1048576).toFixed(1)} MB`);
    const pages = await readPdfText(bytes);
    expect(pages.length).toBe(paged.pages.length);
    const first = linesOf(pages[0] as never).map((l) => l.text);
    expect(first[0]).toBe('育龄妇女花名册');
    expect(first.join('|')).toContain('填报单位：澧源镇人民政府');
    expect(first.join('|')).toContain('1980年1月1日');
    for (const i of [1, Math.floor(pages.length / 2), pages.length - 1]) {
      const lines = linesOf(pages[i] as never).map((l) => l.text);
      if (!lines.some((l) => l.startsWith('序号') && l.includes('联系方式'))) console.log(i, lines.slice(0, 6));
      expect(lines.some((l) => l.startsWith('序号') && l.includes('联系方式'))).toBe(true);
    }
    const last = linesOf(pages[pages.length - 1] as never).map((l) => l.text);
    if (!last.some((l) => l.startsWith(String(N)))) console.log(last);
    expect(last.some((l) => l.startsWith(String(N)))).toBe(true);
    expect(last.join('|')).toContain('制表人：王丽');
    expect(last.join('|')).toContain('制表日期：2025年12月30日');
  }, 120_000);

  it('formats cells the Chinese way and leaves empty cells empty', () => {
    expect(formatCell('2025-03-01')).toBe('2025年3月1日');
    expect(formatCell(null)).toBe('');
    expect(formatCell(undefined)).toBe('');
    expect(formatCell(0.1 + 0.2)).toBe('0.3');
    expect(formatCell(true)).toBe('是');
  });
});
