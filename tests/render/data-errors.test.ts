//! An empty value a template needs is told at the data file and line the clerk fills in — once, with the
//! documents it stops — and a broken data file does not hide the templates' problems: one run tells all
//! (QA S10). One workspace, loaded, planned and rendered (nothing is laid out); then fixed and built.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, prepare } from '../../src/build/build.js';
import { sortDiagnostics } from '../../src/diag/diagnostic.js';
import { line } from '../helpers/diagnose.js';
import { docx, p } from '../helpers/word-fixture.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

const CATALOG = `name: 测试目录
volumes:
  - code: ZH
    title: 综合资料卷
    retention: 永久
    items:
      - { title: 领导小组, template: 领导小组 }
      - { title: 村级通知, template: 村通知, each: villages }
      - { title: 新婚登记, table: newlyweds }
      - { title: 工作要点, template: 要点 }
  - code: XH
    title: 协会工作卷
    retention: 永久
    items:
      - { title: 领导小组（协会）, template: 领导小组 }
      - { title: 工作要点（协会）, template: 要点 }
`;

const ORG = `name: 青龙村
secretary:
  name: ""
  title: 村党支部书记
`;

const files = {
  'dossier.yaml': 'unit: 青龙村村民委员会\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [pdf]\ndate: 2025-12-30\n',
  'catalog/test.yaml': CATALOG,
  'templates/领导小组.md.hbs': '---\nkind: 通知\ntitle: 关于调整领导小组的通知\ndate: 2025-01-15\n---\n组长：{{data.org.secretary.name}}（{{data.org.secretary.title}}）\n',
  'templates/村通知.md.hbs': '---\nkind: 通知\ntitle: 关于{{row.村名}}的通知\ndate: 2025-01-15\n---\n{{row.村名}}：{{row.备注}}\n',
  'data/org.yaml': ORG,
  'data/villages.csv': '村名,备注\n一组,\n二组,山区\n',
  // a stray comma on line 3
  'data/newlyweds.csv': '登记日期,女方姓名,男方姓名\n2025-01-15,何丽,张建平\n2025-10-08,田小芳,,覃志勇\n',
};

describe('a data file with an error, an empty YAML value, an empty CSV cell and a misspelt Word tag', () => {
  let dir: string;
  let lines: string[];
  beforeAll(async () => {
    dir = makeWorkspace({ ...files, 'templates/要点.docx': await docx([p('工作要点', { align: 'center' }), p('联系人：{{data.org.nmae}}')]) });
    lines = sortDiagnostics((await prepare(dir)).diagnostics).map(line).filter((l) => l.startsWith('E '));
  });

  it('tells every problem in one run, each once, at the file the clerk must fix', () => {
    expect(lines).toEqual([
      'E data/newlyweds.csv:3 这一行有 4 个单元格，表头有 3 列',
      'E data/org.yaml:3:9 “secretary.name”是空的，模板 templates/领导小组.md.hbs 第 6 行要用它（用到它的文档：2 份——综合资料卷第1件，协会工作卷第1件）',
      'E data/villages.csv:2 这一行（一组）的“备注”是空的，模板 templates/村通知.md.hbs 第 6 行要用它（用到它的文档：综合资料卷第2件）',
      expect.stringMatching(/^E templates\/要点\.docx 第2段.*“data\.org\.nmae”未定义.*（用到它的文档：2 份——综合资料卷第4件，协会工作卷第2件）$/),
    ]);
  });

  it('once the clerk fixes the data files and the tag, the build goes through', async () => {
    writeFileSync(path.join(dir, 'data/org.yaml'), ORG.replace('name: ""', 'name: 刘德明'));
    writeFileSync(path.join(dir, 'data/villages.csv'), '村名,备注\n一组,平原\n二组,山区\n');
    writeFileSync(path.join(dir, 'data/newlyweds.csv'), files['data/newlyweds.csv'].replace(',,', ','));
    writeFileSync(path.join(dir, 'templates/要点.docx'), await docx([p('工作要点', { align: 'center' }), p('联系人：{{data.org.name}}')]));
    const r = await build(dir);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map(line)).toEqual([]);
    expect(r.ok).toBe(true);
  });
});
