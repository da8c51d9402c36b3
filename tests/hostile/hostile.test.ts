// Hostile input: each case breaks one thing in a good workspace that has already been built. The
// build must fail with exactly the expected Chinese diagnostics (file, line, column, message) and
// leave the previous out/ byte-identical. Cases run through the real `build()` (DOCX only, for speed).
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { sortDiagnostics } from '../../src/diag/diagnostic.js';
import { line } from '../helpers/diagnose.js';
import { hashTree } from '../helpers/tree.js';

const DOSSIER = `unit: 澧源镇人民政府
fonds: "J012"
year: 2025
catalog: catalog/test.yaml
formats: [docx]
date: 2025-12-30
`;

const CATALOG = `name: 测试目录
volumes:
  - code: ZH
    title: 综合资料卷
    retention: 永久
    items:
      - title: 领导小组通知
        template: 通知
      - title: 目标责任书
        template: 责任书
        each: villages
      - title: 干部花名册
        table: staff
        columns: [姓名, 职务]
      - title: 上级文件
        attach: 上级文件/*.pdf
`;

const NOTICE = `---
kind: 通知
issuer: "{{unit}}"
title: 关于调整领导小组的通知
date: 2025-01-15
---
组长：{{data.groups.leader}}。

## 主要职责

比率{{percent data.stats.a data.stats.b 1}}。
`;

const LETTER = `---
kind: 责任书
title: "{{year}}年目标管理责任书"
date: 2025-02-10
signature: false
---
{{row.村名}}人口{{row.人口}}人。
`;

const GOOD: Record<string, string | Uint8Array> = {
  'dossier.yaml': DOSSIER,
  'catalog/test.yaml': CATALOG,
  'templates/通知.md.hbs': NOTICE,
  'templates/责任书.md.hbs': LETTER,
  'data/villages.csv': '村名,人口\n青龙村,1536\n白岩村,1288\n',
  'data/staff.csv': '姓名,职务\n王丽,主任\n',
  'data/groups.yaml': 'leader: 谭志远\n',
  'data/stats.yaml': 'a: 196\nb: 216\n',
  // a real one-page PDF: the binder imports attachments and refuses damaged ones (issue 5)
  'attachments/上级文件/通知.pdf': '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
};

let good = '';
const roots: string[] = [];


beforeAll(async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'dossier-hostile-'));
  roots.push(root);
  good = path.join(root, 'good');
  for (const [rel, content] of Object.entries(GOOD)) {
    mkdirSync(path.dirname(path.join(good, rel)), { recursive: true });
    writeFileSync(path.join(good, rel), content);
  }
  const r = await build(good);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(Object.keys(hashTree(path.join(good, 'out'))).length).toBeGreaterThan(3);
});

afterAll(() => {
  for (const r of roots) {
    try {
      chmodSync(path.join(r), 0o755);
    } catch {
      /* ignore */
    }
    rmSync(r, { recursive: true, force: true });
  }
});

type Mutate = (dir: string) => void;

function put(files: Record<string, string | Uint8Array>): Mutate {
  return (dir) => {
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), content);
    }
  };
}

function edit(rel: string, from: string, to: string): Mutate {
  return (dir) => {
    const abs = path.join(dir, rel);
    const text = readFileSync(abs, 'utf8');
    if (!text.includes(from)) throw new Error(`test bug: "${from}" not in ${rel}`);
    writeFileSync(abs, text.replace(from, to));
  };
}

function remove(rel: string): Mutate {
  return (dir) => rmSync(path.join(dir, rel), { recursive: true, force: true });
}

async function run(mutate: Mutate): Promise<{ lines: string[]; hints: string[]; ok: boolean }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dossier-case-'));
  roots.push(dir);
  cpSync(good, dir, { recursive: true });
  const before = hashTree(path.join(dir, 'out'));
  mutate(dir);
  const r = await build(dir);
  const after = hashTree(path.join(dir, 'out'));
  if (!r.ok) expect(after).toEqual(before);
  const ds = sortDiagnostics(r.diagnostics);
  return { lines: ds.map(line), hints: ds.map((d) => d.hint ?? ''), ok: r.ok };
}

interface Case {
  name: string;
  mutate: Mutate;
  lines: string[];
  /** a fragment of the first diagnostic's hint: every error says how to fix it */
  hint?: string;
}

const CASES: Case[] = [
  // ---- dossier.yaml: YAML syntax
  { name: 'tab indentation', mutate: edit('dossier.yaml', 'formats: [docx]', 'fonts:\n\tfangsong: a.ttf'), lines: ['E dossier.yaml:6:1 YAML 格式错误：用 Tab 键缩进了（YAML 只能用空格缩进）'], hint: '把行首的 Tab 换成空格' },
  { name: 'duplicate key', mutate: edit('dossier.yaml', 'formats: [docx]', 'formats: [docx]\nyear: 2026'), lines: ['E dossier.yaml:6:1 YAML 格式错误：同一层级出现了重复的键'], hint: '删除或合并重复的键' },
  { name: 'bad indentation', mutate: edit('dossier.yaml', 'year: 2025', '  year: 2025'), lines: ['E dossier.yaml:3:1 YAML 格式错误：缩进不对齐'], hint: '左对齐' },
  { name: 'unclosed quote', mutate: edit('dossier.yaml', 'fonds: "J012"', 'fonds: "J012'), lines: ['E dossier.yaml:2:1 YAML 格式错误：引号没有闭合'] },
  { name: 'missing colon', mutate: edit('dossier.yaml', 'year: 2025', 'year 2025'), lines: ['E dossier.yaml:3:1 YAML 格式错误：键不能跨行（可能少了冒号、引号没有闭合或缩进错误）'] },
  // ---- dossier.yaml: schema
  { name: 'year as text', mutate: edit('dossier.yaml', 'year: 2025', 'year: 二〇二五'), lines: ['E dossier.yaml:3:7 “year” 应为数字，实际是文字'] },
  { name: 'year out of range', mutate: edit('dossier.yaml', 'year: 2025', 'year: 25'), lines: ['E dossier.yaml:3:7 “year” 不能小于 1949'] },
  { name: 'missing unit', mutate: edit('dossier.yaml', 'unit: 澧源镇人民政府\n', ''), lines: ['E dossier.yaml:1:1 缺少必填项 “unit”'], hint: '添加 unit:' },
  { name: 'empty unit', mutate: edit('dossier.yaml', 'unit: 澧源镇人民政府', 'unit: ""'), lines: ['E dossier.yaml:1:7 “unit” 不能为空'] },
  { name: 'unknown key with suggestion', mutate: edit('dossier.yaml', 'formats: [docx]', 'formats: [docx]\nprepaer: 王丽'), lines: ['E dossier.yaml:6:1 不认识的键 “prepaer”（是不是想写“preparer”？）'], hint: '这里可用的键' },
  { name: 'unknown format', mutate: edit('dossier.yaml', 'formats: [docx]', 'formats: [docx, word]'), lines: ['E dossier.yaml:5:17 “formats[2]” 的值“word”不在可选范围内'], hint: '可选值：pdf、docx' },
  { name: 'formats not a list', mutate: edit('dossier.yaml', 'formats: [docx]', 'formats: docx'), lines: ['E dossier.yaml:5:10 “formats” 应为列表，实际是文字'] },
  { name: 'unknown font role', mutate: edit('dossier.yaml', 'formats: [docx]', 'formats: [docx]\nfonts:\n  songti: a.ttf\n  fangsong_gb2312: b.ttf'), lines: ['E dossier.yaml:8:3 不认识的键 “fangsong_gb2312”（是不是想写“fangsong”？）'] },
  { name: 'impossible date', mutate: edit('dossier.yaml', 'date: 2025-12-30', 'date: 2025-02-30'), lines: ['E dossier.yaml:6:7 日期写法不对或日期不存在（应写成 2025-09-05 这样的形式）'] },
  { name: 'page limit as text', mutate: edit('dossier.yaml', 'formats: [docx]', 'formats: [docx]\npageLimit: 二百'), lines: ['E dossier.yaml:6:12 “pageLimit” 应为数字，实际是文字'] },
  { name: 'dossier.yaml is a list', mutate: put({ 'dossier.yaml': '- unit: 澧源镇\n' }), lines: ['E dossier.yaml:1:1 文件内容 应为键值表，实际是列表'] },
  { name: 'dossier.yaml missing', mutate: remove('dossier.yaml'), lines: ['E dossier.yaml 工作区里没有 dossier.yaml'], hint: 'dossier init' },
  { name: 'unknown built-in catalog', mutate: edit('dossier.yaml', 'catalog: catalog/test.yaml', 'catalog: 乡镇计划生育'), lines: ['E dossier.yaml 找不到案卷目录“乡镇计划生育”（是不是想写“乡镇计生办”？）'], hint: '内置目录有' },
  { name: 'catalog file missing', mutate: remove('catalog/test.yaml'), lines: ['E dossier.yaml 找不到目录文件 catalog/test.yaml'] },
  { name: 'catalog path escapes', mutate: edit('dossier.yaml', 'catalog: catalog/test.yaml', 'catalog: catalog/../../x.yaml'), lines: ['E dossier.yaml catalog 路径“catalog/../../x.yaml”不在工作区的 catalog/ 文件夹内'] },
  // ---- catalog
  { name: 'catalog duplicate code', mutate: edit('catalog/test.yaml', 'volumes:\n', 'volumes:\n  - code: ZH\n    title: 重复卷\n    retention: 永久\n    items:\n      - title: 文件\n        attach: x/*\n'), lines: ['E catalog/test.yaml:9:11 卷代码“ZH”重复（第 1 卷已用过）'] },
  { name: 'item without source', mutate: edit('catalog/test.yaml', '        template: 通知\n', ''), lines: ['E catalog/test.yaml:7:9 “领导小组通知”没有指定来源'], hint: 'template（生成公文）、table（登记册）、cases（案件卷）、collect（各村案卷中的同一项）、from（乡镇发给本村的文件）或 attach（附件）' },
  { name: 'item with two sources', mutate: edit('catalog/test.yaml', '        template: 通知\n', '        template: 通知\n        table: staff\n'), lines: ['E catalog/test.yaml:7:9 “领导小组通知”同时指定了 template、table 多个来源'] },
  { name: 'a generated document with scans too', mutate: edit('catalog/test.yaml', '        template: 通知\n', '        template: 通知\n        attach: 上级/*\n'), lines: ['E catalog/test.yaml:7:9 “领导小组通知”同时指定了 template、attach 多个来源'], hint: '只有 table 登记册、collect 和 from 可以再加 attach 扫描件作为替代' },
  { name: 'unknown item key', mutate: edit('catalog/test.yaml', '        template: 通知\n', '        template: 通知\n        requried: false\n'), lines: ['E catalog/test.yaml:9:9 不认识的键 “requried”（是不是想写“required”？）'] },
  { name: 'bad retention', mutate: edit('catalog/test.yaml', 'retention: 永久', 'retention: 长期'), lines: ['E catalog/test.yaml:5:16 “volumes[1].retention” 的值“长期”不在可选范围内'], hint: '永久、30年、10年' },
  { name: 'bad volume code', mutate: edit('catalog/test.yaml', 'code: ZH', 'code: 综合'), lines: ['E catalog/test.yaml:3:11 “volumes[1].code” 格式不对：卷代码只能用字母和数字（以字母开头，最多 10 位），例如 ZH'] },
  { name: 'required as text', mutate: edit('catalog/test.yaml', '        template: 通知\n', '        template: 通知\n        required: 否\n'), lines: ['E catalog/test.yaml:9:19 “volumes[1].items[1].required” 应为是/否（true 或 false），实际是文字'] },
  { name: 'empty volume', mutate: put({ 'catalog/test.yaml': 'name: 测试\nvolumes:\n  - code: ZH\n    title: 综合\n    retention: 永久\n    items: []\n' }), lines: ['E catalog/test.yaml:6:12 “volumes[1].items” 至少要有 1 项'] },
  { name: 'unknown template name', mutate: edit('catalog/test.yaml', 'template: 通知', 'template: 通告'), lines: ['E catalog/test.yaml:8:19 找不到模板“通告”（是不是想写“通知”？）'], hint: '新建 通告.md.hbs' },
  { name: 'each on unknown data', mutate: edit('catalog/test.yaml', 'each: villages', 'each: village'), lines: ['E catalog/test.yaml:11:15 each 指定的数据“village”不存在（是不是想写“villages”？）'] },
  { name: 'each on a map', mutate: edit('catalog/test.yaml', 'each: villages', 'each: groups'), lines: ['E catalog/test.yaml:11:15 each 指定的数据“groups”不是列表，无法逐行生成'] },
  { name: 'unknown register column', mutate: edit('catalog/test.yaml', 'columns: [姓名, 职务]', 'columns: [姓名, 职位]'), lines: ['E catalog/test.yaml:14:18 登记册“干部花名册”的列“职位”在数据“staff”中不存在（是不是想写“职务”？）'] },
  { name: 'attach glob with ..', mutate: edit('catalog/test.yaml', 'attach: 上级文件/*.pdf', 'attach: ../上级文件/*.pdf'), lines: ['E catalog/test.yaml:16:17 附件路径“../上级文件/*.pdf”不能包含“..”（上级文件夹），附件只能来自工作区的 attachments/ 文件夹'] },
  { name: 'attach absolute path', mutate: edit('catalog/test.yaml', 'attach: 上级文件/*.pdf', 'attach: /etc/*'), lines: ['E catalog/test.yaml:16:17 附件路径“/etc/*”不能写绝对路径，附件只能来自工作区的 attachments/ 文件夹'] },
  { name: 'attach Windows drive', mutate: edit('catalog/test.yaml', 'attach: 上级文件/*.pdf', 'attach: "C:/Users/*.pdf"'), lines: ['E catalog/test.yaml:16:17 附件路径“C:/Users/*.pdf”不能写绝对路径，附件只能来自工作区的 attachments/ 文件夹'] },
  // ---- templates
  { name: 'missing value', mutate: edit('templates/通知.md.hbs', 'data.groups.leader', 'data.groups.leadr'), lines: ['E templates/通知.md.hbs:7:4 模板需要的值“data.groups.leadr”未定义（数据中没有这一项）'], hint: '是不是想写“data.groups.leader”' },
  { name: 'null value', mutate: put({ 'data/groups.yaml': 'leader: null\n' }), lines: ['E data/groups.yaml:1:9 “leader”是空的，模板 templates/通知.md.hbs 第 7 行要用它（用到它的文档：综合资料卷第1件）'], hint: '在 data/groups.yaml 第 1 行填上它' },
  { name: 'empty value', mutate: put({ 'data/groups.yaml': 'leader: ""\n' }), lines: ['E data/groups.yaml:1:9 “leader”是空的，模板 templates/通知.md.hbs 第 7 行要用它（用到它的文档：综合资料卷第1件）'] },
  { name: 'empty CSV cell in each row', mutate: put({ 'data/villages.csv': '村名,人口\n青龙村,\n白岩村,1288\n' }), lines: ['E data/villages.csv:2 这一行（青龙村）的“人口”是空的，模板 templates/责任书.md.hbs 第 7 行要用它（用到它的文档：综合资料卷第2件）'] },
  { name: 'missing column in each row', mutate: edit('templates/责任书.md.hbs', 'row.人口', 'row.人数'), lines: ['E templates/责任书.md.hbs:7:13 模板需要的值“row.人数”未定义（数据中没有这一项）（用到它的文档：2 份——综合资料卷第2、3件）'], hint: '是不是想写“row.人口”' },
  { name: 'unknown helper', mutate: edit('templates/通知.md.hbs', '{{percent', '{{percentage'), lines: ['E templates/通知.md.hbs:11:3 不认识的函数“percentage”（是不是想写“percent”？）'], hint: '可用的函数' },
  { name: 'unclosed mustache', mutate: edit('templates/通知.md.hbs', '{{data.groups.leader}}', '{{data.groups.leader'), lines: ['E templates/通知.md.hbs:7 模板语法错误：这里出现了“INVALID”'] },
  { name: 'unclosed block', mutate: edit('templates/通知.md.hbs', '## 主要职责', '{{#each data.villages}}\n## 主要职责'), lines: ['E templates/通知.md.hbs:13 模板语法错误：到文件结尾还有没有闭合的块'] },
  { name: 'zero denominator', mutate: put({ 'data/stats.yaml': 'a: 196\nb: 0\n' }), lines: ['E templates/通知.md.hbs:11:3 percent 的分母为 0（分子 196，分母 0），无法计算'] },
  { name: 'non-numeric helper argument', mutate: put({ 'data/stats.yaml': 'a: 一百九十六\nb: 216\n' }), lines: ['E templates/通知.md.hbs:11:3 percent 的分子“一百九十六”不是数字'] },
  { name: 'front matter impossible date', mutate: edit('templates/通知.md.hbs', 'date: 2025-01-15', 'date: 2025-02-30'), lines: ['E templates/通知.md.hbs:5:7 日期写法不对或日期不存在（应写成 2025-09-05 这样的形式）'] },
  { name: 'front matter unknown key', mutate: edit('templates/通知.md.hbs', 'kind: 通知', 'kind: 通知\nheadr: true'), lines: ['E templates/通知.md.hbs:3:1 不认识的键 “headr”（是不是想写“header”？）'] },
  { name: 'front matter missing title', mutate: edit('templates/通知.md.hbs', 'title: 关于调整领导小组的通知\n', ''), lines: ['E templates/通知.md.hbs:2:1 缺少必填项 “title”'] },
  { name: 'front matter absent', mutate: put({ 'templates/通知.md.hbs': '正文。\n' }), lines: ['E templates/通知.md.hbs:1 模板开头缺少 front matter（公文要素）'] },
  { name: 'image in template', mutate: edit('templates/通知.md.hbs', '## 主要职责', '![章](seal.png)\n\n## 主要职责'), lines: ['E templates/通知.md.hbs:9 正文中不支持图片“seal.png”'] },
  { name: 'prototype access is closed', mutate: edit('templates/通知.md.hbs', '{{data.groups.leader}}', '{{data.groups.constructor.name}}'), lines: ['E templates/通知.md.hbs:7:4 模板需要的值“data.groups.constructor.name”未定义（数据中没有这一项）'] },
  { name: 'lookup cannot reach the prototype', mutate: edit('templates/通知.md.hbs', '{{data.groups.leader}}', '{{lookup data.groups "__proto__"}}'), lines: [] },
  // ---- data files
  { name: 'ragged CSV row', mutate: put({ 'data/villages.csv': '村名,人口\n青龙村,1536,多余\n' }), lines: ['E data/villages.csv:2 这一行有 3 个单元格，表头有 2 列'], hint: '英文双引号' },
  { name: 'CSV unclosed quote', mutate: put({ 'data/villages.csv': '村名,人口\n"青龙村,1536\n' }), lines: ['E data/villages.csv:2 CSV 格式错误：引号没有闭合'] },
  { name: 'CSV empty', mutate: put({ 'data/villages.csv': '' }), lines: ['E data/villages.csv 文件是空的，没有表头行'] },
  { name: 'CSV duplicate header', mutate: put({ 'data/villages.csv': '村名,村名\n青龙村,白岩村\n' }), lines: ['E data/villages.csv:1:2 列名“村名”重复'] },
  { name: 'CSV empty header', mutate: put({ 'data/villages.csv': '村名,,人口\n青龙村,x,1\n' }), lines: ['E data/villages.csv:1:2 第 2 列没有列名'] },
  { name: 'data YAML syntax', mutate: put({ 'data/groups.yaml': 'leader: 谭志远\n  deputy: 罗建军\n' }), lines: ['E data/groups.yaml:1:9 YAML 格式错误：键的写法不对（可能少了冒号或缩进错误）'] },
  { name: 'data JSON syntax', mutate: put({ 'data/extra.json': '{"a": 1,,}' }), lines: ['E data/extra.json:1:9 JSON 格式错误：出现了意外的符号'] },
  { name: 'two data files with one key', mutate: put({ 'data/staff.yaml': '- 姓名: 王丽\n' }), lines: ['E data/staff.yaml 数据名“staff”与 data/staff.csv 重复'] },
  { name: 'XLSX that is not a zip', mutate: put({ 'data/members.xlsx': 'not a workbook' }), lines: ['E data/members.xlsx 这不是有效的 .xlsx 文件（文件已损坏或扩展名不对）'], hint: '另存为' },
  { name: 'password-protected XLSX', mutate: put({ 'data/members.xlsx': new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) }), lines: ['E data/members.xlsx 这个文件设置了打开密码，或是旧版 .xls 格式，无法读取'], hint: '取消密码' },
  { name: 'zip that is not a workbook', mutate: put({ 'data/members.xlsx': new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]) }), lines: ['E data/members.xlsx 无法读取这个 .xlsx 文件（文件已损坏）'] },
  {
    name: 'data file over the size limit',
    mutate: (dir) => writeFileSync(path.join(dir, 'data/big.csv'), Buffer.alloc(21 * 1024 * 1024, 0x41)),
    lines: ['E data/big.csv 数据文件太大（21.0 MB，上限 20 MB）'],
    hint: '拆成几个文件',
  },
  {
    name: 'data symlink leaving the workspace',
    mutate: (dir) => {
      const outside = path.join(path.dirname(dir), `outside-${path.basename(dir)}.csv`);
      writeFileSync(outside, '村名\n外面\n');
      symlinkSync(outside, path.join(dir, 'data/outside.csv'));
    },
    lines: ['E data/outside.csv 这个文件是指向工作区以外的链接，已拒绝读取'],
  },
  {
    name: 'attachment symlink leaving the workspace',
    mutate: (dir) => {
      const outside = path.join(path.dirname(dir), `secret-${path.basename(dir)}.pdf`);
      writeFileSync(outside, '%PDF-1.4 secret');
      symlinkSync(outside, path.join(dir, 'attachments/上级文件/链接.pdf'));
    },
    lines: ['E attachments/上级文件/链接.pdf 附件是指向工作区以外的链接，已拒绝读取'],
  },
  {
    name: 'a glob that matches thousands of files',
    mutate: (dir) => {
      const d = path.join(dir, 'attachments/上级文件');
      for (let i = 0; i < 2100; i++) writeFileSync(path.join(d, `f${i}.pdf`), '');
    },
    lines: ['E catalog/test.yaml:16:17 附件路径“上级文件/*.pdf”匹配了 2101 个文件（上限 2000），多半写得太宽'],
  },
  // ---- several problems at once
  {
    name: 'problems in three files are all reported',
    mutate: (dir) => {
      edit('dossier.yaml', 'formats: [docx]', 'formats: [docx]\nchecker: 1')(dir);
      put({ 'data/villages.csv': '村名,人口\n青龙村\n' })(dir);
      edit('catalog/test.yaml', 'template: 通知', 'template: 通告')(dir);
    },
    lines: ['E data/villages.csv:2 这一行有 1 个单元格，表头有 2 列', 'E dossier.yaml:6:10 “checker” 应为文字，实际是数字'],
  },
];

describe('hostile workspaces', () => {
  it(`has at least 60 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const { lines, hints, ok } = await run(c.mutate);
      if (process.env["HOSTILE_PRINT"]) console.log(`CASE ${c.name}: ${JSON.stringify(lines)}`);
      expect(lines.filter((l) => l.startsWith('E '))).toEqual(c.lines);
      expect(ok).toBe(c.lines.length === 0);
      if (c.hint) expect(hints[lines.findIndex((l) => l.startsWith('E '))]).toContain(c.hint);
    });
  }
});

describe('things that are not errors but must not go wrong silently', () => {
  it('a BOM, a GBK CSV and Windows line endings are read correctly', async () => {
    const { lines, ok } = await run(put({ 'data/villages.csv': iconv.encode('村名,人口\r\n青龙村,1536\r\n', 'gbk'), 'data/staff.csv': '\uFEFF姓名,职务\r\n王丽,主任\r\n' }));
    expect(ok).toBe(true);
    expect(lines).toEqual(['W data/villages.csv 文件是 GBK 编码（Excel“CSV（逗号分隔）”的默认编码），已按 GBK 读取']);
  });

  it('titles with characters Windows forbids in file names give safe file names', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dossier-case-'));
    roots.push(dir);
    cpSync(good, dir, { recursive: true });
    edit('catalog/test.yaml', 'title: 领导小组通知', 'title: "领导小组/通知:关于*调整?"')(dir);
    const r = await build(dir);
    expect(r.ok).toBe(true);
    expect(readdirSync(path.join(dir, 'out/2025/ZH-综合资料卷'))).toContain('01-领导小组_通知_关于_调整_.docx');
  });

  it('spreadsheet text is never evaluated: {{…}} and =formulas in cells print as written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dossier-case-'));
    roots.push(dir);
    cpSync(good, dir, { recursive: true });
    put({ 'data/villages.csv': '村名,人口\n{{data.groups.leader}},=1+1\n' })(dir);
    const r = await build(dir);
    expect(r.ok).toBe(true);
    const para = r.rendered.find((x) => x.planned.kind === 'template' && x.planned.rowIndex === 1)?.document.blocks.find((b) => b.t === 'para');
    expect(para?.t === 'para' ? para.content : undefined).toEqual([{ t: 'text', text: '{{data.groups.leader}}人口=1+1人。' }]);
  });

  it('a read-only out/ folder is reported, nothing is half-written', async () => {
    if (process.getuid?.() === 0) {
      // root ignores permission bits; simulate a read-only target with a file where a folder must go
      const dir = mkdtempSync(path.join(tmpdir(), 'dossier-case-'));
      roots.push(dir);
      cpSync(good, dir, { recursive: true });
      rmSync(path.join(dir, 'out/2025/ZH-综合资料卷'), { recursive: true });
      writeFileSync(path.join(dir, 'out/2025/ZH-综合资料卷'), 'a file in the way');
      const before = hashTree(path.join(dir, 'out'));
      const r = await build(dir);
      expect(r.ok).toBe(false);
      expect(r.diagnostics.map(line)).toEqual([expect.stringMatching(/^E out\/2025\/ZH-综合资料卷\/01-领导小组通知\.docx 无法写出文件（(ENOTDIR|EEXIST)）$/)]);
      expect(hashTree(path.join(dir, 'out'))).toEqual(before);
      return;
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'dossier-case-'));
    roots.push(dir);
    cpSync(good, dir, { recursive: true });
    chmodSync(path.join(dir, 'out/2025/ZH-综合资料卷'), 0o555);
    const before = hashTree(path.join(dir, 'out'));
    const r = await build(dir);
    chmodSync(path.join(dir, 'out/2025/ZH-综合资料卷'), 0o755);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map(line)[0]).toMatch(/没有权限写入这个位置/);
    expect(hashTree(path.join(dir, 'out'))).toEqual(before);
  });
});

describe('hostile attachments and text, through layout and binding (PDF)', () => {
  // Issue 5: a bad attachment stops its own volume (error, exit 1) while the others still build;
  // the volume's earlier bound PDF is left exactly as it was.
  let pdfGood = '';
  beforeAll(async () => {
    pdfGood = mkdtempSync(path.join(tmpdir(), 'dossier-hostile-pdf-'));
    roots.push(pdfGood);
    cpSync(good, pdfGood, { recursive: true });
    rmSync(path.join(pdfGood, 'out'), { recursive: true, force: true });
    edit('dossier.yaml', 'formats: [docx]', 'formats: [pdf]')(pdfGood);
    const r = await build(pdfGood);
    expect(r.ok).toBe(true);
  });

  async function runPdf(mutate: Mutate): Promise<{ lines: string[]; ok: boolean; volumeKept: boolean }> {
    const dir = mkdtempSync(path.join(tmpdir(), 'dossier-case-'));
    roots.push(dir);
    cpSync(pdfGood, dir, { recursive: true });
    const volume = path.join(dir, 'out/2025/ZH-综合资料卷.pdf');
    const before = readFileSync(volume);
    mutate(dir);
    const r = await build(dir);
    const ds = sortDiagnostics(r.diagnostics);
    return { lines: ds.map(line), ok: r.ok, volumeKept: Buffer.compare(before, readFileSync(volume)) === 0 };
  }

  const ENCRYPTED =
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n4 0 obj<</Filter/Standard/V 1/R 2/O(0123456789abcdef0123456789abcdef)/U(0123456789abcdef0123456789abcdef)/P -4>>endobj\ntrailer<</Root 1 0 R/Encrypt 4 0 R/Size 5>>\n%%EOF\n';
  const PNG_1PX = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));

  const cases: { name: string; files: Record<string, string | Uint8Array>; lines: string[] }[] = [
    { name: 'a damaged PDF', files: { 'attachments/上级文件/坏文件.pdf': '%PDF-1.4 this is not a pdf at all' }, lines: ['E attachments/上级文件/坏文件.pdf 附件“attachments/上级文件/坏文件.pdf”已损坏或不是有效的 PDF，无法装订进案卷（综合资料卷）'] },
    { name: 'a zero-byte PDF', files: { 'attachments/上级文件/空文件.pdf': '' }, lines: ['E attachments/上级文件/空文件.pdf 附件“attachments/上级文件/空文件.pdf”已损坏或不是有效的 PDF，无法装订进案卷（综合资料卷）'] },
    { name: 'an encrypted PDF', files: { 'attachments/上级文件/加密.pdf': ENCRYPTED }, lines: ['E attachments/上级文件/加密.pdf 附件“attachments/上级文件/加密.pdf”是加密的 PDF，无法装订进案卷（综合资料卷）'] },
  ];
  for (const c of cases) {
    it(`${c.name}: a Chinese error naming the file; the earlier bound volume stays`, async () => {
      const r = await runPdf(put(c.files));
      expect(r.lines.filter((l) => l.startsWith('E '))).toEqual(c.lines);
      expect(r.ok).toBe(false);
      expect(r.volumeKept).toBe(true);
    });
  }

  it('an image with the wrong extension is read by its bytes; a text file named .jpg is refused', async () => {
    const catalog = edit('catalog/test.yaml', 'attach: 上级文件/*.pdf', 'attach: 上级文件/*');
    const ok = await runPdf((dir) => {
      catalog(dir);
      put({ 'attachments/上级文件/照片.jpg': PNG_1PX })(dir);
    });
    expect(ok.lines.filter((l) => l.startsWith('E '))).toEqual([]);
    const bad = await runPdf((dir) => {
      catalog(dir);
      put({ 'attachments/上级文件/照片.jpg': 'not an image' })(dir);
    });
    expect(bad.lines.filter((l) => l.startsWith('E '))).toEqual(['E attachments/上级文件/照片.jpg 附件“attachments/上级文件/照片.jpg”不是有效的 JPG 或 PNG 图片（文件已损坏或格式不符），未能装订进案卷（综合资料卷）']);
    expect(bad.volumeKept).toBe(true);
  });

  it('a character no font has is a warning naming the template line and the character; a 200-character string wraps', async () => {
    const { lines, ok } = await runPdf(edit('templates/通知.md.hbs', '## 主要职责', `生僻字\uE000。${'A'.repeat(200)}\n\n## 主要职责`));
    expect(ok).toBe(true);
    expect(lines.filter((l) => l.includes('字形'))).toEqual([
      'W templates/通知.md.hbs:9 01-领导小组通知：templates/通知.md.hbs 第 9 行：字符“\uE000”（U+E000）在所有字体中都没有字形，打印会是空白，请改用常用字或在 dossier.yaml 的 fonts: 中指定含此字的字体',
    ]);
    expect(lines.filter((l) => l.includes('超出'))).toEqual([]);
  });
});
