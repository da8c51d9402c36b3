// Every schema error path of dossier.yaml and catalogs, with its Chinese message and position.
import { afterAll, describe, expect, it } from 'vitest';
import { diagnose } from '../helpers/diagnose.js';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

const ITEM = `      - title: 上级文件
        attach: 上级/*.pdf
`;

describe('dossier.yaml', () => {
  it('a missing dossier.yaml is reported with the fix', async () => {
    const { lines, report } = await diagnose({ 'data/x.csv': 'a\n1\n' });
    expect(lines).toEqual(['E dossier.yaml 工作区里没有 dossier.yaml']);
    expect(report.diagnostics[0]?.hint).toContain('dossier init');
  });

  it('YAML syntax errors carry line and column: tab indentation, duplicate keys', async () => {
    const { lines } = await diagnose({ 'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\nyear: 2026\ncatalog: 乡镇计生办\n' });
    expect(lines).toEqual(['E dossier.yaml:3:1 YAML 格式错误：同一层级出现了重复的键']);
    const tab = await diagnose({ 'dossier.yaml': 'unit: 澧源镇人民政府\nfonts:\n\tfangsong: a.ttf\nyear: 2025\n' });
    expect(tab.lines[0]).toMatch(/^E dossier\.yaml:3:1 YAML 格式错误：用 Tab 键缩进了/);
  });

  it('wrong types, missing keys and unknown keys (with did-you-mean), all at once', async () => {
    const { lines } = await diagnose({
      'dossier.yaml': 'unit: 澧源镇人民政府\nyear: "二〇二五"\ncatlog: 乡镇计生办\nformats: [pdf, doc]\n',
    });
    expect(lines).toEqual([
      'E dossier.yaml:1:1 缺少必填项 “catalog”',
      'E dossier.yaml:2:7 “year” 应为数字，实际是文字',
      'E dossier.yaml:3:1 不认识的键 “catlog”（是不是想写“catalog”？）',
      'E dossier.yaml:4:16 “formats[2]” 的值“doc”不在可选范围内（是不是想写“docx”？）',
    ]);
  });

  it('unknown font roles and invalid dates', async () => {
    const { lines } = await diagnose({
      'dossier.yaml': `${BASE_DOSSIER}fonts:\n  fangsong: a.ttf\n  kaiti2: b.ttf\ndate: 2025-02-30\n`,
    });
    expect(lines).toContain('E dossier.yaml:7:3 不认识的键 “kaiti2”（是不是想写“kaiti”？）');
    expect(lines).toContain('E dossier.yaml:8:7 日期写法不对或日期不存在（应写成 2025-09-05 这样的形式）');
  });

  it('an unknown built-in catalog lists the ones that exist', async () => {
    const { lines, report } = await diagnose({ 'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: 乡镇计生\n' });
    expect(lines).toEqual(['E dossier.yaml 找不到案卷目录“乡镇计生”（是不是想写“乡镇计生办”？）']);
    expect(report.diagnostics[0]?.hint).toContain('乡镇计生办');
  });

  it('a catalog path outside catalog/ is refused', async () => {
    const { lines } = await diagnose({ 'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: ../evil.yaml\n' });
    expect(lines).toEqual(['E dossier.yaml catalog 路径“../evil.yaml”不在工作区的 catalog/ 文件夹内']);
  });
});

describe('catalog', () => {
  const ws = (catalog: string) => ({ 'dossier.yaml': BASE_DOSSIER, 'catalog/test.yaml': catalog });

  it('an item with zero or two sources', async () => {
    const { lines } = await diagnose(
      ws(catalogWith(`      - title: 没有来源
      - title: 两个来源
        template: 领导小组
        attach: a/*.pdf
`)),
    );
    expect(lines).toEqual([
      'E catalog/test.yaml:7:9 “没有来源”没有指定来源',
      'E catalog/test.yaml:8:9 “两个来源”同时指定了 template、attach 多个来源',
    ]);
  });

  it('duplicate volume codes, bad retention, bad code, unknown item keys', async () => {
    const { lines } = await diagnose(
      ws(`name: 测试
volumes:
  - code: ZH
    title: 综合资料卷
    retention: 永久
    items:
${ITEM}  - code: ZH
    title: 又一卷
    retention: 长期
    items:
      - title: 花名册
        tabel: staff
  - code: 综合
    title: 第三卷
    retention: 10年
    items:
${ITEM}`),
    );
    expect(lines).toEqual([
      'E catalog/test.yaml:9:11 卷代码“ZH”重复（第 1 卷已用过）',
      'E catalog/test.yaml:11:16 “volumes[2].retention” 的值“长期”不在可选范围内',
      'E catalog/test.yaml:13:9 “花名册”没有指定来源',
      'E catalog/test.yaml:14:9 不认识的键 “tabel”（是不是想写“table”？）',
      'E catalog/test.yaml:15:11 “volumes[3].code” 格式不对：卷代码只能用字母和数字（以字母开头，最多 10 位），例如 ZH',
    ]);
  });

  it('an empty catalog and a catalog that is not a map', async () => {
    expect((await diagnose(ws('name: 空\nvolumes: []\n'))).lines).toEqual(['E catalog/test.yaml:2:10 “volumes” 至少要有 1 项']);
    expect((await diagnose(ws('- 不是\n- 键值表\n'))).lines).toEqual(['E catalog/test.yaml:1:1 文件内容 应为键值表，实际是列表']);
  });

  it('unknown template names suggest the closest one', async () => {
    const { lines } = await diagnose(ws(catalogWith('      - title: 领导小组\n        template: 领导小组组\n')));
    expect(lines).toEqual(['E catalog/test.yaml:8:19 找不到模板“领导小组组”（是不是想写“领导小组”？）']);
  });

  it('columns on a non-table item, each on an attach item', async () => {
    const { lines } = await diagnose(ws(catalogWith('      - title: 文件\n        attach: a/*\n        columns: [姓名]\n        each: villages\n')));
    expect(lines).toEqual([
      'E catalog/test.yaml:9:18 columns 只能用于 table（登记册）项',
      'E catalog/test.yaml:10:15 each 只能用于 template（生成公文）项',
    ]);
  });
});
