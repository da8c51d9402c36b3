//! A 300-row 流入人口清理清查登记表 whose data has its own 序号 and 8 columns (18-digit 身份证号, HY codes, phone
//! numbers, dates, names up to four characters): built for real, read back with pdftotext and from the DOCX.
//! Every ID, name and number intact on one line of the text layer; landscape; ≤ 20 pages; one 序号 column;
//! the DOCX columns as wide as the PDF's.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { elements, openDocx } from '../helpers/docx-read.js';
import { linesOf, readPdfText, type PdfPageText } from '../helpers/pdf-read.js';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

const N = 300;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '严', '欧阳', '司马', '周'];
const GIVEN = ['玉华', '建国', '秀英', '志强', '丽', '海涛', '春梅', '伟', '桂兰', '小燕', '德顺', '文斌'];
const PLACES = ['湖北省公安县', '四川省南充市', '贵州省遵义县', '湖南省石门县', '重庆市万州区', '江西省萍乡市'];

interface Person {
  no: number;
  name: string;
  sex: string;
  id: string;
  home: string;
  date: string;
  hy: string;
  phone: string;
}

function people(): Person[] {
  return Array.from({ length: N }, (_, i) => {
    const birth = `${1975 + (i % 25)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
    const id = `430721${birth}${String(100 + i).slice(-3)}${i % 11 === 0 ? 'X' : String(i % 10)}`;
    return {
      no: i + 1,
      name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`,
      sex: i % 3 === 0 ? '男' : '女',
      id,
      home: PLACES[i % PLACES.length] as string,
      date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      hy: `HY2025${String(i + 1).padStart(4, '0')}`,
      phone: `1390744${String(i).padStart(4, '0')}`,
    };
  });
}

const COLS = ['序号', '姓名', '性别', '公民身份号码', '户籍地', '流入时间', '婚育证明编号', '联系电话'];
const ROWS = people();
let dir: string;
let pdf: Uint8Array;
let pages: PdfPageText[];
let raw: string;

beforeAll(async () => {
  const csv = [COLS.join(','), ...ROWS.map((p) => [p.no, p.name, p.sex, p.id, p.home, p.date, p.hy, p.phone].join(','))].join('\n');
  dir = makeWorkspace({
    'dossier.yaml': `${BASE_DOSSIER}preparer: 王丽\ndate: 2025-12-30\n`,
    'catalog/test.yaml': catalogWith(`      - title: 流入人口清理清查登记表
        table: inflow
`),
    'data/inflow.csv': `${csv}\n`,
  });
  const report = await build(dir, { formats: ['pdf', 'docx'] });
  expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const file = path.join(dir, 'out/2025/ZH-综合资料卷/01-流入人口清理清查登记表.pdf');
  pdf = new Uint8Array(readFileSync(file));
  if (process.env['KEEP_PDF']) execFileSync('cp', [file, process.env['KEEP_PDF']]);
  pages = await readPdfText(pdf);
  // poppler's text layer, as an inspector reads it (CI installs poppler-utils: a missing pdftotext fails here)
  raw = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
}, 120_000);
afterAll(cleanupWorkspaces);

describe('300-row register with 8 data columns', () => {
  it('is landscape on at most 20 pages', () => {
    expect(pages.length).toBeLessThanOrEqual(20);
    for (const p of pages) expect(p.widthMm).toBeGreaterThan(p.heightMm);
  });

  it('keeps every 身份证号, HY code, phone number, date and name whole on one line (pdftotext -raw)', () => {
    const lines = raw.split('\n').map((l) => l.replace(/\s+/g, ' '));
    const has = (s: string) => lines.some((l) => l.split(' ').includes(s));
    const missing = { id: 0, hy: 0, phone: 0, name: 0, date: 0 };
    for (const p of ROWS) {
      if (!has(p.id)) missing.id++;
      if (!has(p.hy)) missing.hy++;
      if (!has(p.phone)) missing.phone++;
      if (!lines.some((l) => l.includes(p.name))) missing.name++;
      const [y, m, d] = p.date.split('-').map(Number);
      if (!lines.some((l) => l.includes(`${y}年${m}月${d}日`))) missing.date++;
    }
    expect(missing).toEqual({ id: 0, hy: 0, phone: 0, name: 0, date: 0 });
  });

  it('prints each row on one line and numbers rows with the data’s own 序号 only', () => {
    for (const p of pages) {
      const lines = linesOf(p).map((l) => l.text);
      const head = lines.find((t) => t.includes('公民身份号码'));
      expect(head).toBeDefined();
      expect(head?.match(/序号/g)).toHaveLength(1);
    }
    const rowLines = pages.flatMap((p) => linesOf(p).map((l) => l.text)).filter((t) => /HY2025\d{4}/.test(t));
    expect(rowLines).toHaveLength(N);
    rowLines.forEach((t, i) => {
      const row = ROWS[i] as Person;
      expect(t).toBe(`${row.no}${row.name}${row.sex}${row.id}${row.home}${row.date.replace(/^(\d{4})-0?(\d+)-0?(\d+)$/, '$1年$2月$3日')}${row.hy}${row.phone}`);
    });
  });

  it('gives the DOCX the same column widths (w:gridCol and w:tcW) as the PDF', async () => {
    const docx = await openDocx(new Uint8Array(readFileSync(path.join(dir, 'out/2025/ZH-综合资料卷/01-流入人口清理清查登记表.docx'))));
    const xml = docx.part('word/document.xml');
    const grid = elements(xml, 'w:gridCol').map((a) => Number(a['w:w']));
    expect(grid).toHaveLength(COLS.length);
    const tcw = elements(xml, 'w:tcW').slice(0, COLS.length).map((a) => Number(a['w:w']));
    expect(tcw).toEqual(grid);
    // column centres in the PDF: each header is centred in its column
    const first = pages[0] as PdfPageText;
    const headY = first.items.find((i) => i.text.includes('公民身份号码'))?.yMm;
    const heads = COLS.map((c) => first.items.find((i) => i.text === c && Math.abs(i.yMm - (headY ?? 0)) < 3));
    const total = grid.reduce((a, b) => a + b, 0);
    const left = 37; // landscape 订口
    let x = 0;
    grid.forEach((w, k) => {
      const centre = left + ((x + w / 2) / total) * 225;
      const h = heads[k];
      expect(h, COLS[k]).toBeDefined();
      expect(Math.abs((h?.xMm ?? 0) + (h?.widthMm ?? 0) / 2 - centre), COLS[k]).toBeLessThan(1);
      x += w;
    });
    // landscape section
    expect(elements(xml, 'w:pgSz').some((a) => a['w:orient'] === 'landscape')).toBe(true);
  });
});
