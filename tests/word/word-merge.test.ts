// A Word template's table with a vertical merge (w:vMerge) through the whole build: the PDF draws the merged
// cell as one cell over its rows — its text once, at its top, no rule across it — and the .docx writes it
// back as Word does (w:vMerge restart on the first cell, w:vMerge on the cells it covers).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { writeTemplateDocx } from '../../src/build/template-docx.js';
import { readDocx, type WordCell, type WordTable } from '../../src/workspace/readers/docx.js';
import { blocksOf, openDocx } from '../helpers/docx-read.js';
import { readPdfHorizontalRules, readPdfRules } from '../helpers/pdf-read.js';
import { docx, p, tbl, tc, tr } from '../helpers/word-fixture.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

afterAll(() => { if (!process.env.KEEP) cleanupWorkspaces(); });

const CATALOG = `name: 测试目录
volumes:
  - code: ZH
    title: 综合资料卷
    retention: 永久
    items:
      - title: 人口统计表
        template: 人口统计
        data: notice
`;

describe('a vertically merged cell in a Word template', async () => {
  const dir = makeWorkspace({
    'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [pdf, docx]\ndate: 2025-12-30\n',
    'catalog/test.yaml': CATALOG,
    'data/notice.yaml': 'subject: 各村人口统计\n',
    'templates/人口统计.docx': await docx([
      p('关于{{subject}}的报告', { align: 'center' }),
      p('现将统计结果报告如下。'),
      tbl(
        [
          tr([tc('片区', { vMerge: 'restart' }), tc('各村', { span: 2 })], true),
          tr([tc('', { vMerge: 'continue' }), tc('村名'), tc('人口')], true),
          tr([tc('第一片区', { vMerge: 'restart' }), tc('青龙村'), tc('1536')]),
          tr([tc('', { vMerge: 'continue' }), tc('白岩村'), tc('1288')]),
          tr([tc('', { vMerge: 'continue' }), tc('红星村'), tc('900')]),
          tr([tc('合计', { span: 2 }), tc('3724')]),
        ],
        3,
      ),
      p('特此报告。'),
    ]),
  });
  const result = await build(dir);
  const pdf = path.join(dir, 'out/2025/ZH-综合资料卷/01-人口统计表.pdf');
  const docxFile = path.join(dir, 'out/2025/ZH-综合资料卷/01-人口统计表.docx');

  it('builds without errors', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('PDF: the merged text once, at the top of the cell; no rule across the merged cell', async () => {
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text.match(/第一片区/g)?.length).toBe(1);
    const rows = text.split('\n').filter((l) => /青龙村|白岩村|红星村|合计/.test(l)).map((l) => l.trim().split(/\s+/));
    expect(rows).toEqual([['第一片区', '青龙村', '1536'], ['白岩村', '1288'], ['红星村', '900'], ['合计', '3724']]);

    const bytes = new Uint8Array(readFileSync(pdf));
    const { xs } = await readPdfRules(bytes, 1);
    expect(xs.length).toBe(4); // the table's four column edges
    const [left, second, third] = xs as [number, number, number];
    const across = async (x: number): Promise<number[]> =>
      [...new Set((await readPdfHorizontalRules(bytes, 1)).filter((s) => s.x1 <= x && s.x2 >= x).map((s) => s.y))].sort((a, b) => b - a);
    // the 村名 column: a rule over and under every row (two header rows, three villages, 合计)
    const villages = await across((second + third) / 2);
    expect(villages.length).toBe(7);
    // the 片区 column: none inside the merged header cell, none between the three merged rows
    const merged = await across((left + second) / 2);
    expect(merged).toEqual([villages[0], villages[2], villages[5], villages[6]]);
    // the merged header's text once, at the top of its cell (above the 村名 header row)
    const header = text.split('\n').filter((l) => /^\s*片区|村名/.test(l)).map((l) => l.trim().split(/\s+/));
    expect(header).toEqual([['片区', '各村'], ['村名', '人口']]);
  });

  it('DOCX: w:vMerge restart on the first cell, w:vMerge on the covered ones, the text once', async () => {
    const xml = (await openDocx(new Uint8Array(readFileSync(docxFile)))).part('word/document.xml');
    const table = blocksOf(xml, 'w:tbl').find((t) => t.includes('第一片区')) ?? '';
    const firstCells = blocksOf(table, 'w:tr').map((row) => blocksOf(row, 'w:tc')[0] ?? '');
    expect(firstCells.map((c) => (c.includes('<w:vMerge w:val="restart"/>') ? 'restart' : c.includes('<w:vMerge/>') ? 'continue' : '-'))).toEqual(['restart', 'continue', 'restart', 'continue', 'continue', '-']);
    expect(table.match(/第一片区/g)?.length).toBe(1);
    expect(table.match(/片区/g)?.length).toBe(2);
    expect(firstCells[2]).toContain('<w:vAlign w:val="top"/>');
    expect(blocksOf(table, 'w:tr').map((row) => blocksOf(row, 'w:tc').length)).toEqual([2, 3, 3, 3, 3, 2]);
    // the merged rows keep together in Word too: keepNext in every row of the group but its last
    expect(blocksOf(table, 'w:tr').slice(2).map((row) => row.includes('<w:keepNext/>'))).toEqual([true, true, false, false]);
  });

  it('export-template writes a merged cell back as w:vMerge, and it reads back the same', async () => {
    const cell = (text: string, rowSpan = 1, colSpan = 1): WordCell => ({ paras: [{ t: 'p', n: 0, content: [{ t: 'text', text }] } as WordCell['paras'][number]], colSpan, rowSpan });
    const table: WordTable = { t: 'table', n: 1, rows: [
      { header: true, cells: [cell('片区'), cell('村名')] },
      { header: false, cells: [cell('第一片区', 2), cell('青龙村')] },
      { header: false, cells: [cell('白岩村')] },
      { header: false, cells: [cell('合计', 1, 2)] },
    ] };
    const bytes = await writeTemplateDocx({ blocks: [table] }, '测试');
    const back = (await readDocx(bytes, 'x.docx')).doc?.blocks.find((b): b is WordTable => b.t === 'table');
    expect(back?.rows.map((r) => r.cells.map((c) => `${c.paras.map((p) => p.content.map((x) => ('text' in x ? x.text : '')).join('')).join('')}${c.rowSpan > 1 ? `^${c.rowSpan}` : ''}${c.colSpan > 1 ? `*${c.colSpan}` : ''}`))).toEqual([
      ['片区', '村名'],
      ['第一片区^2', '青龙村'],
      ['白岩村'],
      ['合计*2'],
    ]);
  });
});
