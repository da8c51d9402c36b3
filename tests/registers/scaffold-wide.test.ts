//! The many-column registers `init` scaffolds for every new user (QA B1): the 村级 全员流入人口计划生育清理清查登记表
//! (12 data columns: 身份证号, two addresses, dates, HY codes, phone numbers) filled with 300 realistic rows, and the
//! 乡镇计生办 scaffold's LD registers with their example rows. Built for real, read back with `pdftotext -raw` (as an
//! inspector does) and from the DOCX: every ID, code and number whole on one line, names unbroken, landscape, many
//! rows a page, the header repeated on every page, and Word's columns as wide as the PDF's.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { initWorkspace } from '../../src/cli/commands/init.js';
import { elements, openDocx } from '../helpers/docx-read.js';
import { readPdfColumnEdges, readPdfText, type PdfPageText } from '../helpers/pdf-read.js';
import { dropVillages } from '../helpers/workspace.js';

const N = 300;
const SURNAMES = ['王', '李', '张', '刘', '欧阳', '陈', '司马', '黄', '严', '上官', '周', '覃'];
const GIVEN = ['玉华', '建国', '秀英', '志强', '丽', '海涛', '春梅', '伟', '桂兰', '小燕', '德顺', '文斌', '娟'];
const HOMES = ['湖北省荆州市公安县埠河镇天心眼村3组', '四川省达州市宣汉县凉风乡某某村12组', '湖南省常德市石门县新关镇某某村5组', '贵州省遵义市播州区某某镇某某村', '重庆市万州区某某街道某某社区8组', '湖南省常德市澧县某某镇某某村3组'];
const HERE = ['湖南省常德市澧县澧源镇青龙村一组', '湖南省常德市澧县澧源镇白岩村三组', '澧源镇河口社区五组', '澧源镇茶园村2组'];
const COLS = ['姓名', '性别', '出生年月', '身份证号', '婚姻状况', '现有子女数', '避孕节育措施', '户籍地', '现居住地址', '流入时间', '婚育证明编号', '联系电话'] as const;

interface Person {
  name: string;
  id: string;
  hy: string;
  phone: string;
  values: (string | number | Date)[];
}

function people(): Person[] {
  return Array.from({ length: N }, (_, i) => {
    const y = 1975 + (i % 26);
    const m = 1 + ((i * 5) % 12);
    const d = 1 + ((i * 7) % 28);
    const id = `4307${String(21 + (i % 7)).padStart(2, '0')}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(100 + ((i * 37) % 900))}${i % 11 === 0 ? 'X' : String(i % 10)}`;
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`;
    const hy = `HY2025${String(i + 1).padStart(4, '0')}`;
    const phone = `1${3 + (i % 6)}${String(900000000 + i * 7919).slice(-9)}`;
    const values = [name, i % 3 === 0 ? '男' : '女', new Date(Date.UTC(y, m - 1, d)), id, i % 5 === 0 ? '未婚' : '已婚', i % 4, ['上环', '结扎', '药具', '皮埋'][i % 4] as string, HOMES[i % HOMES.length] as string, HERE[i % HERE.length] as string, new Date(Date.UTC(2025, i % 12, 1 + (i % 28))), hy, phone];
    return { name, id, hy, phone, values };
  });
}

const ROWS = people();
const REGISTER = 'out/2025/LD-流动人口管理卷/02-全员流入人口计划生育清理清查登记表';
const roots: string[] = [];
let village: string;
let township: string;
let pages: PdfPageText[];
let raw: string;

function pdftotext(file: string): string {
  // poppler's text layer, as an inspector reads it (CI installs poppler-utils: a missing pdftotext fails here)
  return execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' });
}

beforeAll(async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'dossier-wide-'));
  roots.push(root);
  village = path.join(root, '村级');
  township = path.join(root, '乡镇计生办');
  expect(await initWorkspace(village, '村级', { quiet: true })).toBe(0);
  expect(await initWorkspace(township, '乡镇计生办', { quiet: true })).toBe(0);
  dropVillages(township);

  // the scaffold's own file, its example rows replaced by 300 people
  const file = path.join(village, 'data/流入人口清查登记.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.worksheets[0];
  if (!sheet) throw new Error('scaffold without a sheet');
  expect(sheet.getRow(1).values).toEqual([undefined, ...COLS]);
  sheet.spliceRows(2, sheet.rowCount - 1);
  for (const p of ROWS) sheet.addRow(p.values);
  await wb.xlsx.writeFile(file);

  for (const dir of [village, township]) {
    const report = await build(dir, { formats: ['pdf', 'docx'], volumes: ['LD'] });
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  }
  const pdf = path.join(village, `${REGISTER}.pdf`);
  pages = await readPdfText(new Uint8Array(readFileSync(pdf)));
  raw = pdftotext(pdf);
}, 120_000);
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

const tokens = (text: string): Set<string> => new Set(text.split(/\s+/).filter(Boolean));

describe('村级 scaffold: 全员流入人口计划生育清理清查登记表 with 300 rows', () => {
  it('keeps all 300 身份证号, HY codes and phone numbers whole, and every name on one line (pdftotext -raw)', () => {
    const words = tokens(raw);
    const lines = raw.split('\n');
    const broken = { id: 0, hy: 0, phone: 0, name: 0 };
    for (const p of ROWS) {
      if (!words.has(p.id)) broken.id++;
      if (!words.has(p.hy)) broken.hy++;
      if (!words.has(p.phone)) broken.phone++;
      if (!lines.some((l) => l.includes(p.name))) broken.name++;
    }
    expect(broken).toEqual({ id: 0, hy: 0, phone: 0, name: 0 });
  });

  it('is landscape, packs the rows (≥ 15 a page after the first, ≤ 20 pages) and repeats the header on every page', () => {
    expect(pages.length).toBeLessThanOrEqual(20);
    let seen = 0;
    pages.forEach((p, k) => {
      expect(p.widthMm).toBeGreaterThan(p.heightMm);
      const text = p.items.map((i) => i.text).join('');
      expect(text, `page ${k + 1}`).toContain('身份证号');
      expect(text, `page ${k + 1}`).toContain('婚育证明编号');
      const ids = ROWS.filter((r) => text.includes(r.id)).length;
      if (k > 0 && k < pages.length - 1) expect(ids, `rows on page ${k + 1}`).toBeGreaterThanOrEqual(15);
      seen += ids;
    });
    expect(seen).toBe(N);
  });

  it('gives the DOCX the PDF’s column widths (w:gridCol), text size and landscape section', async () => {
    const docx = await openDocx(new Uint8Array(readFileSync(path.join(village, `${REGISTER}.docx`))));
    const xml = docx.part('word/document.xml');
    const grid = elements(xml, 'w:gridCol').map((a) => Number(a['w:w']));
    expect(grid).toHaveLength(COLS.length + 1); // 序号 added in front
    const edges = await readPdfColumnEdges(new Uint8Array(readFileSync(path.join(village, `${REGISTER}.pdf`))), 2);
    expect(edges).toHaveLength(grid.length + 1);
    const pdfWidths = edges.slice(1).map((x, k) => x - (edges[k] as number));
    const pdfTotal = pdfWidths.reduce((a, b) => a + b, 0);
    const docTotal = grid.reduce((a, b) => a + b, 0);
    grid.forEach((w, k) => expect(Math.abs(w / docTotal - (pdfWidths[k] as number) / pdfTotal), `column ${k}`).toBeLessThan(0.003));
    expect(elements(xml, 'w:pgSz').some((a) => a['w:orient'] === 'landscape')).toBe(true);
    // Word and WPS add no space between Han and digits (2025年5月4日 measured without it, as the PDF sets it)
    const defaults = docx.part('word/styles.xml').match(/<w:pPrDefault>.*?<\/w:pPrDefault>/s)?.[0] ?? '';
    expect([elements(defaults, 'w:autoSpaceDE')[0]?.['w:val'], elements(defaults, 'w:autoSpaceDN')[0]?.['w:val']]).toEqual(['0', '0']);
    // the body cells at the size the PDF uses (the 18-digit IDs' run)
    const idRun = xml.slice(0, xml.indexOf(ROWS[0]?.id ?? '—'));
    const size = elements(idRun.slice(idRun.lastIndexOf('<w:r>')), 'w:sz').map((a) => Number(a['w:val']));
    const pdfSize = pages[0]?.items.find((i) => i.text.includes(ROWS[0]?.id ?? '—'))?.sizePt;
    expect(size[0]).toBe(Math.round((pdfSize ?? 0) * 2));
  });
});

describe('乡镇计生办 scaffold: LD registers with their example rows', () => {
  for (const stem of ['02-全员流入人口计划生育清理清查登记表', '03-全员流出人口计划生育清理清查登记表', '11-流动人口办理《婚育证明》登记册']) {
    it(`${stem}: one page, every 18-digit 身份证号 whole`, async () => {
      const file = path.join(township, 'out/2025/LD-流动人口管理卷', `${stem}.pdf`);
      const text = pdftotext(file);
      const read = await readPdfText(new Uint8Array(readFileSync(file)));
      expect(read).toHaveLength(1);
      const ids = [...text.matchAll(/\d{17}[\dX]/g)].map((m) => m[0]);
      expect(ids.length).toBeGreaterThanOrEqual(3);
      // no run of 10+ digits broken at a line end
      expect(text.split('\n').filter((l) => /\d{6,}$/.test(l) && !/\d{17}[\dX]$|1\d{10}$/.test(l))).toEqual([]);
    });
  }
});
