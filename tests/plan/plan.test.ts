// Planning: each: expansion, attach globs that stay inside attachments/, registers, missing items.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diagnose } from '../helpers/diagnose.js';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';
import { prepare } from '../../src/build/build.js';

afterAll(cleanupWorkspaces);

const TEMPLATE = `---
title: 目标责任书
---
{{row.村名}}，人口{{row.人口}}。
`;

describe('each:', () => {
  it('makes one document per row, named after the row, with copies recorded', async () => {
    const { report, lines } = await diagnose({
      'dossier.yaml': BASE_DOSSIER,
      'catalog/test.yaml': catalogWith(`      - title: 目标责任书
        template: 责任
        each: villages
        copies: [镇人民政府执, 村民委员会执, 镇计生办存档]
`),
      'templates/责任.md.hbs': TEMPLATE,
      'data/villages.csv': '村名,人口\n青龙村,1536\n白岩村,1288\n青龙村,10\n',
    });
    expect(lines).toEqual([]);
    const docs = report.plan?.volumes[0]?.documents ?? [];
    expect(docs.map((d) => d.fileStem)).toEqual(['01-目标责任书-青龙村', '02-目标责任书-白岩村', '03-目标责任书-青龙村（2）']);
    expect(docs.map((d) => (d.kind === 'template' ? d.copies : undefined))).toEqual(Array(3).fill(['镇人民政府执', '村民委员会执', '镇计生办存档']));
    const paras = report.rendered.map((r) => r.document.blocks.find((b) => b.t === 'para'));
    expect(paras.map((p) => (p?.t === 'para' && p.content[0]?.t === 'text' ? p.content[0].text : ''))).toEqual(['青龙村，人口1536。', '白岩村，人口1288。', '青龙村，人口10。']);
  });

  it('an empty table is a missing item; an unknown key is an error naming the catalog line', async () => {
    const base = {
      'dossier.yaml': BASE_DOSSIER,
      'templates/责任.md.hbs': TEMPLATE,
    };
    const empty = await diagnose({ ...base, 'catalog/test.yaml': catalogWith('      - title: 目标责任书\n        template: 责任\n        each: villages\n'), 'data/villages.csv': '村名,人口\n' });
    expect(empty.lines).toEqual([]);
    expect(empty.report.plan?.missing).toEqual([{ volume: 'ZH', volumeTitle: '综合资料卷', item: '目标责任书', reason: '数据“villages”没有任何行' }]);
    const unknown = await diagnose({ ...base, 'catalog/test.yaml': catalogWith('      - title: 目标责任书\n        template: 责任\n        each: vilages\n'), 'data/villages.csv': '村名,人口\n青龙村,1\n' });
    expect(unknown.lines).toEqual(['E catalog/test.yaml:9:15 each 指定的数据“vilages”不存在（是不是想写“villages”？）']);
  });
});

describe('attach:', () => {
  const catalog = (glob: string) => catalogWith(`      - title: 上级文件
        attach: "${glob}"
`);

  it('matches files under attachments/ in natural order; unsupported types are warned about', async () => {
    const { report, lines } = await diagnose({
      'dossier.yaml': BASE_DOSSIER,
      'catalog/test.yaml': catalog('上级文件/*'),
      'attachments/上级文件/文件10.pdf': '%PDF-1.4',
      'attachments/上级文件/文件2.pdf': '%PDF-1.4',
      'attachments/上级文件/照片.JPG': 'x',
      'attachments/上级文件/说明.txt': 'x',
    });
    expect(lines).toEqual(['W attachments/上级文件/说明.txt 不支持的附件类型 .txt，未编入案卷']);
    const docs = report.plan?.volumes[0]?.documents ?? [];
    expect(docs.map((d) => (d.kind === 'attachment' ? `${d.file} ${d.format}` : ''))).toEqual([
      'attachments/上级文件/文件2.pdf pdf',
      'attachments/上级文件/文件10.pdf pdf',
      'attachments/上级文件/照片.JPG image',
    ]);
  });

  it('refuses globs that leave the workspace', async () => {
    for (const glob of ['../*.pdf', '上级/../../secret/*.pdf', '/etc/*', 'C:/Windows/*.ttf']) {
      const { lines } = await diagnose({ 'dossier.yaml': BASE_DOSSIER, 'catalog/test.yaml': catalog(glob) });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^E catalog\/test\.yaml:8:17 附件路径“.*”(不能包含“\.\.”（上级文件夹）|不能写绝对路径)，附件只能来自工作区的 attachments\/ 文件夹$/);
    }
  });

  it('refuses a symlink that points outside the workspace', async () => {
    const outside = path.join(tmpdir(), `dossier-outside-${process.pid}.pdf`);
    writeFileSync(outside, '%PDF-1.4 secret');
    const dir = makeWorkspace({ 'dossier.yaml': BASE_DOSSIER, 'catalog/test.yaml': catalog('上级/*.pdf') });
    mkdirSync(path.join(dir, 'attachments/上级'), { recursive: true });
    symlinkSync(outside, path.join(dir, 'attachments/上级/链接.pdf'));
    const report = await prepare(dir);
    expect(report.diagnostics.map((d) => `${d.file} ${d.message}`)).toEqual(['attachments/上级/链接.pdf 附件是指向工作区以外的链接，已拒绝读取']);
  });

  it('no match is a missing item that says which folder to fill; required: false is not listed', async () => {
    const { report } = await diagnose({
      'dossier.yaml': BASE_DOSSIER,
      'catalog/test.yaml': catalogWith(`      - title: 上级文件
        attach: 上级文件/*.pdf
      - title: 村级上报的文件
        attach: 村级/*
        required: false
`),
    });
    expect(report.plan?.missing).toEqual([{ volume: 'ZH', volumeTitle: '综合资料卷', item: '上级文件', reason: '未找到材料：请放入 attachments/上级文件/' }]);
    expect(report.plan?.volumes[0]?.items.map((i) => [i.title, i.missing])).toEqual([['上级文件', true], ['村级上报的文件', true]]);
  });
});

describe('table:', () => {
  it('binds a data key and columns; an unknown column is an error with a suggestion', async () => {
    const files = {
      'dossier.yaml': BASE_DOSSIER,
      'data/staff.csv': '姓名,性别,职务\n王丽,女,主任\n',
    };
    const ok = await diagnose({ ...files, 'catalog/test.yaml': catalogWith('      - title: 干部花名册\n        table: staff\n        columns: [姓名, 职务]\n') });
    const doc = ok.report.plan?.volumes[0]?.documents[0];
    expect(doc?.kind === 'table' ? [doc.columns, doc.rows] : undefined).toEqual([['姓名', '职务'], [{ 姓名: '王丽', 性别: '女', 职务: '主任' }]]);
    const table = ok.report.rendered[0]?.document.blocks.find((b) => b.t === 'table');
    expect(table?.t === 'table' ? table.rows.map((r) => r.map((c) => (c.content[0]?.t === 'text' ? c.content[0].text : ''))) : []).toEqual([['1', '王丽', '主任']]);
    const bad = await diagnose({ ...files, 'catalog/test.yaml': catalogWith('      - title: 干部花名册\n        table: staff\n        columns: [姓名, 职位]\n') });
    expect(bad.lines).toEqual(['E catalog/test.yaml:9:18 登记册“干部花名册”的列“职位”在数据“staff”中不存在（是不是想写“职务”？）']);
  });

  it('a register whose data file is absent is a missing item', async () => {
    const { report } = await diagnose({ 'dossier.yaml': BASE_DOSSIER, 'catalog/test.yaml': catalogWith('      - title: 干部花名册\n        table: staff\n') });
    expect(report.plan?.missing[0]?.reason).toBe('还没有数据文件：把数据填进 data/staff.xlsx');
  });
});

describe('table: with attach: — the spreadsheet or the scan', () => {
  const catalog = catalogWith(`      - title: 流入人口《婚育证明》查验登记册
        table: 婚育证明查验
        columns: [查验日期, 姓名]
        attach: 流动人口管理卷/09婚育证明查验登记册/*
      - title: 第三季度环孕情监测汇总表
        table: 环孕情监测汇总.第三季度
        columns: [村名, 实监测人数]
        attach: 环孕情监测卷/第三季度/*
`);
  const status = (report: Awaited<ReturnType<typeof diagnose>>['report']) => report.plan?.volumes[0]?.items.map((i) => [i.title, i.source, i.scans, i.missing, i.missingReason ?? '']);

  it('neither: missing, and the 缺件清单 says which spreadsheet (and sheet) to fill or where the scan goes', async () => {
    const { report, lines } = await diagnose({ 'dossier.yaml': BASE_DOSSIER, 'catalog/test.yaml': catalog, 'data/婚育证明查验.csv': '查验日期,姓名\n' });
    expect(lines).toEqual([]);
    expect(report.plan?.missing.map((m) => m.reason)).toEqual([
      '还没有数据：把数据填进 data/婚育证明查验.csv 或放入扫描件 attachments/流动人口管理卷/09婚育证明查验登记册/',
      '还没有数据文件：把数据填进 data/环孕情监测汇总.xlsx 的“第三季度”工作表 或放入扫描件 attachments/环孕情监测卷/第三季度/',
    ]);
  });

  it('either satisfies the item; with both, the register comes first and the scans follow', async () => {
    const { report, lines } = await diagnose({
      'dossier.yaml': BASE_DOSSIER,
      'catalog/test.yaml': catalog,
      'data/婚育证明查验.csv': '查验日期,姓名\n2025-03-01,张某某\n',
      'attachments/流动人口管理卷/09婚育证明查验登记册/纸质登记册.pdf': '%PDF-1.4',
      'attachments/环孕情监测卷/第三季度/汇总表扫描件.pdf': '%PDF-1.4',
    });
    expect(lines).toEqual([]);
    expect(status(report)).toEqual([
      ['流入人口《婚育证明》查验登记册', 'table', true, false, ''],
      ['第三季度环孕情监测汇总表', 'table', true, false, ''],
    ]);
    expect(report.plan?.volumes[0]?.documents.map((d) => `${d.seq} ${d.kind} ${d.title}`)).toEqual(['1 table 流入人口《婚育证明》查验登记册', '2 attachment 纸质登记册', '3 attachment 汇总表扫描件']);
  });
});

describe('cases:', () => {
  const catalog = (folder: string) =>
    catalogWith(`      - title: 社会抚养费征收案卷
        cases:
          folder: ${folder}
          data: cases
          parts: [询问笔录]
`);

  it('a case folder outside attachments/ is refused; a case row without its party is named by its line', async () => {
    const { lines } = await diagnose({ 'dossier.yaml': BASE_DOSSIER, 'catalog/test.yaml': catalog('../案卷/'), 'data/cases.csv': '编号,当事人\n2025-01,王某某\n2025-02,\n' });
    expect(lines).toEqual(['E catalog/test.yaml:9:19 案件文件夹“../案卷/”不在工作区的 attachments/ 文件夹内', 'E data/cases.csv:3 第 3 行没有填写当事人']);
  });

  it('no case yet is a missing item that says how to file one', async () => {
    const { report, lines } = await diagnose({ 'dossier.yaml': BASE_DOSSIER, 'catalog/test.yaml': catalog('行政执法卷/社会抚养费征收案卷/') });
    expect(lines).toEqual([]);
    expect(report.plan?.missing.map((m) => m.reason)).toEqual(['还没有案件：每案在 attachments/行政执法卷/社会抚养费征收案卷/ 下建一个“当事人-编号”文件夹放入材料，或在 data/cases.xlsx 中每案填一行']);
  });
});
