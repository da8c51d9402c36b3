//! 发文登记 (issue 19): the 文号 of every generated document, checked (one 文号 for two documents stops check
//! and build, naming both; numbers against dates and skipped numbers are warnings), and written as
//! out/<年度>/发文登记簿.pdf and .xlsx and as a `table: 发文登记` item bound into its volume — read back here
//! from the PDF text and the workbook, rebuilt only when a 文号 changes.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { build, type BuildReport } from '../../src/build/build.js';
import { readManifest } from '../../src/build/manifest.js';
import { runCheck } from '../../src/cli/commands/check.js';
import { linesOf, readPdfTableRows, readPdfText } from '../helpers/pdf-read.js';
import { changedOutputs, editFile, hashTree } from '../helpers/tree.js';
import { line } from '../helpers/diagnose.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

const TEMPLATE = `---
kind: 通知
issuer: '{{or issuer "测试镇人民政府"}}'
number: "{{prefix}}〔{{year}}〕{{number}}号"
title: "{{title}}"
to: 各村
date: "{{date}}"
---
{{title}}正文。
`;

const CATALOG = `name: 测试目录
volumes:
  - code: ZH
    title: 综合卷
    retention: 永久
    items:
      - { title: 甲项, template: 通知, data: n.a }
      - { title: 乙项, template: 通知, data: n.b }
      - { title: 党委文件, template: 通知, data: n.p }
      - { title: 丁项, template: 通知, data: n.d, copies: [镇政府执, 村委会执, 存档] }
      - { title: 本年度发文登记簿, table: 发文登记 }
      - { title: 上级来文, attach: "上级文件/*.docx" }
  - code: XH
    title: 协会卷
    retention: 30年
    items:
      - { title: 甲项（协会）, template: 通知, data: n.a }
      - { title: 丙项, template: 通知, data: n.c }
      - { title: 联合意见, template: 联合 }
      - { title: 上级来文（协会）, attach: "协会/*.docx" }
`;

/** A joint issue (联合行文): two offices in the 版头, so two 发文机关 in the register. */
const JOINT = `---
kind: 意见
header: true
masthead: [中共测试镇委员会, 测试镇人民政府]
number: 测发〔2025〕2号
title: 关于联合事项的意见
to: 各村
date: 2025-05-10
---
正文。
`;

/** A document received from the county (县卫健发〔2025〕12号, 县卫生健康局), filed in both volumes as two copies. */
const RECEIVED = readFileSync(path.join(import.meta.dirname, '../word/fixtures/上级来文.docx'));

const DATA = `a: { prefix: 测政发, number: 1, date: 2025-01-10, title: 关于甲事项的通知 }
b: { prefix: 测政发, number: 2, date: 2025-02-10, title: 关于乙事项的通知 }
c: { prefix: 测政发, number: 3, date: 2025-03-10, title: 关于丙事项的通知 }
d: { prefix: 测政发, number: 4, date: 2025-04-10, title: 关于丁事项的通知 }
p: { prefix: 测发, number: 1, date: 2025-01-20, title: 关于党委事项的通知, issuer: 中共测试镇委员会 }
`;

const files = (data: string, catalog = CATALOG) => ({
  'dossier.yaml': 'unit: 测试镇人民政府\nfonds: "J001"\nyear: 2025\ncatalog: catalog/test.yaml\ndate: 2025-12-30\npreparer: 王丽\n',
  'catalog/test.yaml': catalog,
  'templates/通知.md.hbs': TEMPLATE,
  'templates/联合.md.hbs': JOINT,
  'data/n.yaml': data,
  'attachments/上级文件/县卫健局通知.docx': RECEIVED,
  'attachments/协会/县卫健局通知（复印）.docx': RECEIVED,
});

/**
 * The register's rows as printed: 序号 文号 成文日期 标题 主送 发文机关 份数 归档, cells joined. 份数 is the
 * copies printed (一式三份 → 3, else 1); a joint issue names both offices; the county's 县卫健发〔2025〕12号,
 * received and filed twice, is 收文 — not a row, and not a duplicate 文号.
 */
const EXPECTED = [
  ['1', '测政发〔2025〕1号', '2025年1月10日', '关于甲事项的通知', '各村', '测试镇人民政府', '1', '综合卷第1件；协会卷第1件'],
  ['2', '测政发〔2025〕2号', '2025年2月10日', '关于乙事项的通知', '各村', '测试镇人民政府', '1', '综合卷第2件'],
  ['3', '测政发〔2025〕3号', '2025年3月10日', '关于丙事项的通知', '各村', '测试镇人民政府', '1', '协会卷第2件'],
  ['4', '测政发〔2025〕4号', '2025年4月10日', '关于丁事项的通知', '各村', '测试镇人民政府', '3', '综合卷第4件'],
  ['5', '测发〔2025〕1号', '2025年1月20日', '关于党委事项的通知', '各村', '中共测试镇委员会', '1', '综合卷第3件'],
  ['6', '测发〔2025〕2号', '2025年5月10日', '关于联合事项的意见', '各村', '中共测试镇委员会、测试镇人民政府', '1', '协会卷第3件'],
];

/** The register's rows as printed, read back from the PDF's text (every page). */
async function pdfRows(file: string): Promise<string[][]> {
  return readPdfTableRows(new Uint8Array(readFileSync(file)));
}

async function xlsxRows(file: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(readFileSync(file)).buffer as ArrayBuffer);
  const sheet = wb.worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow((row) => {
    const cells: string[] = [];
    for (let c = 1; c <= 8; c++) {
      const v = row.getCell(c).value;
      cells.push(v instanceof Date ? `${v.getUTCFullYear()}年${v.getUTCMonth() + 1}月${v.getUTCDate()}日` : v === null || v === undefined ? '' : String(v));
    }
    rows.push(cells);
  });
  return rows;
}

describe('发文登记簿 of a consistent workspace', () => {
  let dir: string;
  let first: BuildReport;
  beforeAll(async () => {
    dir = makeWorkspace(files(DATA));
    first = await build(dir, { workersFrom: 1000 });
  }, 120_000);
  afterAll(cleanupWorkspaces);

  it('builds with no 文号 warning', () => {
    expect(first.ok).toBe(true);
    expect(first.diagnostics.filter((d) => d.code.startsWith('docnumber'))).toEqual([]);
  });

  it('the workbook holds a title, the header and one row per 文号 (a document filed twice is one row)', async () => {
    const rows = await xlsxRows(path.join(dir, 'out/2025/发文登记簿.xlsx'));
    expect(rows[0]?.[0]).toBe('测试镇人民政府2025年度发文登记簿');
    expect(rows[1]).toEqual(['序号', '文号', '成文日期', '标题', '主送', '发文机关', '份数', '归档']);
    expect(rows.slice(2)).toEqual(EXPECTED);
  });

  it('the workbook prints as the PDF does: landscape A4, all columns on the page’s width, the header on every page', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(readFileSync(path.join(dir, 'out/2025/发文登记簿.xlsx'))).buffer as ArrayBuffer);
    const setup = wb.worksheets[0]?.pageSetup;
    expect([setup?.orientation, setup?.paperSize, setup?.fitToWidth, setup?.fitToHeight, setup?.printTitlesRow]).toEqual(['landscape', 9, 1, 0, '2:2']);
  });

  it('the received document is filed and typeset, but as 收文 it is not in the 发文登记簿', async () => {
    const textOf = async (f: string) => (await readPdfText(new Uint8Array(readFileSync(path.join(dir, f))))).flatMap((p) => p.items.map((i) => i.text)).join('').replace(/\s+/g, '');
    const flat = await textOf('out/2025/ZH-综合卷.pdf');
    expect(flat).toContain('县卫健发〔2025〕12号');
    expect(flat).toContain('关于做好2025年度计划生育家庭奖励扶助资格确认工作的通知');
    const register = await textOf('out/2025/发文登记簿.pdf');
    expect(register).toContain('测发〔2025〕2号');
    expect(register).not.toContain('县卫健发');
  });

  it('the PDF register prints the same rows', async () => {
    expect(await pdfRows(path.join(dir, 'out/2025/发文登记簿.pdf'))).toEqual(EXPECTED);
  });

  it('the table: 发文登记 item is bound into its volume with the same rows', async () => {
    const own = path.join(dir, 'out/2025/ZH-综合卷/05-本年度发文登记簿.pdf');
    expect(await pdfRows(own)).toEqual(EXPECTED);
    // in the bound volume: its pages after the four 通知, with the same rows
    const volume = new Uint8Array(readFileSync(path.join(dir, 'out/2025/ZH-综合卷.pdf')));
    expect((await readPdfTableRows(volume)).filter((r) => r.length === 8)).toEqual(EXPECTED);
    const bound = await readPdfText(volume);
    expect(bound.some((p) => linesOf(p).some((l) => l.text === '本年度发文登记簿'))).toBe(true);
  });

  it('the manifest keeps each document’s 文号, so a build with nothing changed renders and writes nothing', async () => {
    expect(readManifest(dir)?.documents['ZH/乙项']?.meta).toEqual({ title: '关于乙事项的通知', number: '测政发〔2025〕2号', date: '2025-02-10', to: '各村', issuer: '测试镇人民政府' });
    const again = await build(dir, { workersFrom: 1000 });
    expect(again.ok).toBe(true);
    expect(again.rendered).toEqual([]);
    expect(again.written).toEqual([]);
  });

  it('a changed 成文日期 rebuilds that document, the register item and the register files — and warns when it breaks the order', async () => {
    const before = hashTree(dir);
    editFile(dir, 'data/n.yaml', 'number: 2, date: 2025-02-10', 'number: 2, date: 2025-03-20');
    const r = await build(dir, { workersFrom: 1000 });
    expect(r.ok).toBe(true);
    expect(r.summary.rebuilt.map((x) => x.id).sort()).toEqual(['ZH/乙项', 'ZH/本年度发文登记簿']);
    expect(r.diagnostics.filter((d) => d.code.startsWith('docnumber')).map(line)).toEqual([
      'W data/n.yaml:3 测政发〔2025〕3号《关于丙事项的通知》的成文日期 2025年3月10日早于编号在前的 2号（2025年3月20日）：文号顺序与成文日期不符',
    ]);
    const changed = changedOutputs(before, hashTree(dir));
    expect(changed).toEqual(
      expect.arrayContaining(['out/2025/ZH-综合卷.pdf', 'out/2025/ZH-综合卷/02-乙项.pdf', 'out/2025/ZH-综合卷/05-本年度发文登记簿.pdf', 'out/2025/发文登记簿.pdf', 'out/2025/发文登记簿.xlsx']),
    );
    expect(changed.filter((f) => f.includes('协会卷'))).toEqual([]);
    expect((await xlsxRows(path.join(dir, 'out/2025/发文登记簿.xlsx')))[3]?.[2]).toBe('2025年3月20日');
  });
});

describe('one 文号 used by two documents', () => {
  const BAD = DATA.replace('number: 2, date: 2025-02-10', 'number: 1, date: 2025-02-10').replace('number: 4, date: 2025-04-10', 'number: 6, date: 2025-01-15');
  // the second document of the duplicated 文号 is filed in two volumes: still told once
  const catalog = `${CATALOG}      - { title: 乙项（协会）, template: 通知, data: n.b }\n`;
  let dir: string;
  beforeAll(() => {
    dir = makeWorkspace(files(BAD, catalog));
  });
  afterAll(cleanupWorkspaces);

  const MESSAGES = [
    'E data/n.yaml:2 发文字号“测政发〔2025〕1号”被两份公文使用：模板“通知”（综合卷第1件“甲项”）的《关于甲事项的通知》和模板“通知”（综合卷第2件“乙项”）的《关于乙事项的通知》',
    'W data/n.yaml:4 测政发〔2025〕6号《关于丁事项的通知》的成文日期 2025年1月15日早于编号在前的 3号（2025年3月10日）：文号顺序与成文日期不符',
    'W  测政发〔2025〕的文号不连续：1号至6号之间缺 2号、4号、5号',
  ];

  it('check says so, naming both templates and catalog items, and exits 1', async () => {
    const out: string[] = [];
    const spies = [vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true)), vi.spyOn(process.stderr, 'write').mockImplementation((s) => (out.push(String(s)), true))];
    try {
      expect(await runCheck(dir)).toBe(1);
    } finally {
      for (const s of spies) s.mockRestore();
    }
    const text = out.join('');
    expect(text).toContain('第 2 行：发文字号“测政发〔2025〕1号”被两份公文使用：模板“通知”（综合卷第1件“甲项”）的《关于甲事项的通知》和模板“通知”（综合卷第2件“乙项”）的《关于乙事项的通知》');
    expect(text).toContain('检查未通过：发现 1 个错误。');
  });

  it('build stops with the same messages and writes nothing', async () => {
    const r = await build(dir, { workersFrom: 1000 });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.filter((d) => d.code.startsWith('docnumber')).map(line)).toEqual(MESSAGES);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
