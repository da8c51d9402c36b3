// Data files become keys of the data context (DESIGN.md §2): CSV and XLSX with Chinese headers.
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../src/workspace/load.js';
import { line } from '../helpers/diagnose.js';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces, makeWorkspace, type Files } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

const CATALOG = catalogWith('      - title: 上级文件\n        attach: 上级/*.pdf\n');

async function load(files: Files) {
  const dir = makeWorkspace({ 'dossier.yaml': BASE_DOSSIER, 'catalog/test.yaml': CATALOG, ...files });
  const r = await loadWorkspace(dir);
  return { ws: r.workspace, lines: r.diagnostics.map(line) };
}

async function xlsx(sheets: Record<string, (string | number | Date)[][]>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('CSV', () => {
  it('reads Chinese headers into row objects; numbers stay numbers, IDs and leading zeros stay text', async () => {
    const { ws, lines } = await load({ 'data/villages.csv': '\uFEFF村名,人口,身份证号,编号\n青龙村,1536,430721198001011234,007\n' });
    expect(lines).toEqual([]);
    expect(ws?.data['villages']).toEqual([{ 村名: '青龙村', 人口: 1536, 身份证号: '430721198001011234', 编号: '007' }]);
    expect(ws?.dataFiles['villages']).toBe('data/villages.csv');
  });

  it('reads GBK files (Excel’s default CSV) and says so', async () => {
    const bytes = iconv.encode('村名,人口\n白岩村,1288\n', 'gbk');
    const { ws, lines } = await load({ 'data/villages.csv': bytes });
    expect(ws?.data['villages']).toEqual([{ 村名: '白岩村', 人口: 1288 }]);
    expect(lines).toEqual(['W data/villages.csv 文件是 GBK 编码（Excel“CSV（逗号分隔）”的默认编码），已按 GBK 读取']);
  });

  it('reports ragged rows, empty and duplicate headers with line and column, all at once', async () => {
    const { ws, lines } = await load({ 'data/a.csv': '村名,人口,\n青龙村,1\n白岩村,2,3,4\n', 'data/b.csv': '姓名,姓名\n张三,李四\n' });
    expect(ws).toBeUndefined();
    expect(lines).toEqual([
      'E data/a.csv:1:3 第 3 列没有列名',
      'E data/a.csv:2 这一行有 2 个单元格，表头有 3 列',
      'E data/a.csv:3 这一行有 4 个单元格，表头有 3 列',
      'E data/b.csv:1:2 列名“姓名”重复',
    ]);
  });

  it('reports an unclosed quote and an empty file', async () => {
    const { lines } = await load({ 'data/a.csv': '村名,备注\n青龙村,"没有闭合\n', 'data/e.csv': '' });
    expect(lines).toContain('E data/a.csv:2 CSV 格式错误：引号没有闭合');
    expect(lines).toContain('E data/e.csv 文件是空的，没有表头行');
  });
});

describe('XLSX', () => {
  it('first sheet is the key, other sheets are key.<sheet>; dates become yyyy-mm-dd', async () => {
    const bytes = await xlsx({
      干部: [['姓名', '职务', '入职日期'], ['王丽', '计生办主任', new Date(Date.UTC(2009, 2, 1))]],
      村干部: [['姓名', '村名'], ['赵秀英', '青龙村']],
    });
    const { ws, lines } = await load({ 'data/staff.xlsx': bytes });
    expect(lines).toEqual([]);
    expect(ws?.data['staff']).toEqual([{ 姓名: '王丽', 职务: '计生办主任', 入职日期: '2009-03-01' }]);
    expect(ws?.data['staff.村干部']).toEqual([{ 姓名: '赵秀英', 村名: '青龙村' }]);
    expect((ws?.data['staff'] as unknown as Record<string, unknown>)['村干部']).toEqual([{ 姓名: '赵秀英', 村名: '青龙村' }]);
    // the first sheet by its name too (a workbook of four quarters: 汇总.第一季度 … 汇总.第四季度)
    expect(ws?.data['staff.干部']).toBe(ws?.data['staff']);
  });

  it('a file that is not a zip, or an encrypted/old .xls, gets a precise message', async () => {
    const { lines } = await load({ 'data/a.xlsx': 'this is not excel', 'data/b.xlsx': new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) });
    expect(lines).toEqual([
      'E data/a.xlsx 这不是有效的 .xlsx 文件（文件已损坏或扩展名不对）',
      'E data/b.xlsx 这个文件设置了打开密码，或是旧版 .xls 格式，无法读取',
    ]);
  });
});

describe('other data files', () => {
  it('YAML and JSON are taken as written; two files with one key are refused; unknown types are ignored with a warning', async () => {
    const { ws, lines } = await load({
      'data/targets.yaml': 'indicators:\n  - name: 统计准确率\n    value: 100\n',
      'data/groups.json': '{"leading": {"leader": {"name": "谭志远"}}}',
      'data/targets.json': '{}',
      'data/notes.txt': 'x',
    });
    expect(lines).toEqual([
      'W data/notes.txt 不认识的数据文件类型 .txt，已忽略',
      'E data/targets.yaml 数据名“targets”与 data/targets.json 重复',
    ]);
    expect(ws).toBeUndefined();
    const ok = await load({ 'data/targets.yaml': 'indicators:\n  - name: 统计准确率\n', 'data/groups.json': '{"leading": {"leader": {"name": "谭志远"}}}' });
    expect(ok.ws?.data).toEqual({ groups: { leading: { leader: { name: '谭志远' } } }, targets: { indicators: [{ name: '统计准确率' }] } });
  });
});

describe('XLSX with a two-row (merged) header', () => {
  it('a group title merged over sub-columns and titles merged down both rows give one key per column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('出生');
    ws.addRow(['村名', '出生人数', '', '备注']);
    ws.addRow(['', '男', '女', '']);
    ws.addRow(['青龙村', 10, 12, '']);
    ws.addRow(['白岩村', 8, 9, '山区']);
    ws.mergeCells('A1:A2');
    ws.mergeCells('B1:C1');
    ws.mergeCells('D1:D2');
    const { ws: loaded, lines } = await load({ 'data/births.xlsx': new Uint8Array(await wb.xlsx.writeBuffer()) });
    expect(lines).toEqual([]);
    expect(loaded?.data['births']).toEqual([
      { 村名: '青龙村', 男: 10, 女: 12, 备注: '' },
      { 村名: '白岩村', 男: 8, 女: 9, 备注: '山区' },
    ]);
  });

  it('a sub-column name repeated under two groups is keyed with its group', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['村名', '流入', '', '流出', '']);
    ws.addRow(['', '男', '女', '男', '女']);
    ws.addRow(['青龙村', 1, 2, 3, 4]);
    ws.mergeCells('A1:A2');
    ws.mergeCells('B1:C1');
    ws.mergeCells('D1:E1');
    const { ws: loaded } = await load({ 'data/flow.xlsx': new Uint8Array(await wb.xlsx.writeBuffer()) });
    expect(loaded?.data['flow']).toEqual([{ 村名: '青龙村', 流入男: 1, 流入女: 2, 流出男: 3, 流出女: 4 }]);
  });
});
