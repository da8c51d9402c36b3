// Incremental builds: a template edit rebuilds exactly its dependants, a data row edit rebuilds that
// row's documents and the readers of that data, a second build rebuilds nothing; outputs are
// byte-identical; removed catalog items lose their outputs; nothing outside out/ is touched.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';
import { changedOutputs as changed, editFile as edit, hashTree } from '../helpers/tree.js';
import { catalogYaml, ITEM, zh } from '../helpers/fixtures.js';

afterAll(cleanupWorkspaces);

const FILES = {
  'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [docx]\ndate: 2025-12-30\n',
  'catalog/test.yaml': catalogYaml(zh(ITEM.notice, ITEM.responsibility, { title: '村干部花名册', table: 'villages' }), { code: 'RK', title: '人口计划卷', retention: '30年', items: [{ title: '统计总结', template: '总结' }] }),
  'templates/通知.md.hbs': '---\ntitle: 关于调整领导小组的通知\ndate: 2025-01-15\n---\n组长：{{data.groups.leader}}。\n',
  'templates/责任书.md.hbs': '---\ntitle: 目标管理责任书\nsignature: false\n---\n{{row.村名}}人口{{row.人口}}人。\n',
  'templates/总结.md.hbs': '---\ntitle: 统计总结\ndate: 2025-12-20\n---\n出生率{{permille data.stats.births data.stats.population 2}}。\n',
  'data/villages.csv': '村名,人口\n青龙村,1536\n白岩村,1288\n茶园村,1102\n',
  'data/groups.yaml': 'leader: 谭志远\n',
  'data/stats.yaml': 'births: 216\npopulation: 23122\n',
  'notes.txt': '工作区里的其他文件\n',
};




describe('incremental build', () => {
  it('rebuilds nothing the second time, and exactly the dependants after an edit', async () => {
    const dir = makeWorkspace(FILES);
    const first = await build(dir);
    expect(first.ok).toBe(true);
    expect(first.summary.rebuilt).toHaveLength(6);
    const h1 = hashTree(dir);

    // no change: nothing rebuilt, nothing written, bytes identical
    const second = await build(dir);
    expect(second.summary).toEqual({ rebuilt: [], reused: 6, removed: [] });
    expect(second.written).toEqual([]);
    expect(changed(h1, hashTree(dir))).toEqual([]);

    // a template edit rebuilds exactly its documents
    edit(dir, 'templates/责任书.md.hbs', '人口{{row.人口}}人。', '常住人口{{row.人口}}人。');
    const third = await build(dir);
    expect(third.summary.rebuilt).toEqual([
      { id: 'ZH/目标责任书/青龙村', reason: '模板“责任书”已修改' },
      { id: 'ZH/目标责任书/白岩村', reason: '模板“责任书”已修改' },
      { id: 'ZH/目标责任书/茶园村', reason: '模板“责任书”已修改' },
    ]);
    const h3 = hashTree(dir);
    expect(changed(h1, h3)).toEqual([
      'out/2025/ZH-综合资料卷.docx',
      'out/2025/ZH-综合资料卷/02-目标责任书-青龙村.docx',
      'out/2025/ZH-综合资料卷/03-目标责任书-白岩村.docx',
      'out/2025/ZH-综合资料卷/04-目标责任书-茶园村.docx',
    ]);

    // one village's row: that village's letter and the register that reads the whole table
    edit(dir, 'data/villages.csv', '白岩村,1288', '白岩村,1290');
    const fourth = await build(dir);
    expect(fourth.summary.rebuilt).toEqual([
      { id: 'ZH/目标责任书/白岩村', reason: '数据行已修改' },
      { id: 'ZH/村干部花名册', reason: '数据“villages”已修改' },
    ]);
    expect(changed(h3, hashTree(dir))).toEqual(['out/2025/ZH-综合资料卷.docx', 'out/2025/ZH-综合资料卷/03-目标责任书-白岩村.docx', 'out/2025/ZH-综合资料卷/05-村干部花名册.docx']);

    // data read through {{data.x}}: only its reader
    const h4 = hashTree(dir);
    edit(dir, 'data/stats.yaml', 'births: 216', 'births: 217');
    const fifth = await build(dir);
    expect(fifth.summary.rebuilt).toEqual([{ id: 'RK/统计总结', reason: '数据“stats”已修改' }]);
    expect(changed(h4, hashTree(dir))).toEqual(['out/2025/RK-人口计划卷.docx', 'out/2025/RK-人口计划卷/01-统计总结.docx']);
  });

  it('a template edit that does not change the document rewrites nothing', async () => {
    const dir = makeWorkspace(FILES);
    await build(dir);
    const h1 = hashTree(dir);
    edit(dir, 'templates/通知.md.hbs', '组长：{{data.groups.leader}}。\n', '组长：{{data.groups.leader}}。\n\n\n');
    const r = await build(dir);
    expect(r.summary.rebuilt).toEqual([]);
    expect(r.written).toEqual([]);
    expect(changed(h1, hashTree(dir))).toEqual([]);
  });

  it('repairs a deleted or altered output, removes outputs whose item disappeared, --force rebuilds all', async () => {
    const dir = makeWorkspace(FILES);
    await build(dir);
    const h1 = hashTree(dir);
    writeFileSync(path.join(dir, 'out/2025/ZH-综合资料卷/01-领导小组通知.docx'), 'damaged');
    const repaired = await build(dir);
    expect(repaired.summary.rebuilt).toEqual([{ id: 'ZH/领导小组通知', reason: '输出文件缺失或被改动' }]);
    expect(changed(h1, hashTree(dir))).toEqual([]);

    edit(dir, 'catalog/test.yaml', '      - title: 村干部花名册\n        table: villages\n', '');
    const removed = await build(dir);
    expect(removed.summary.removed).toEqual(['out/2025/ZH-综合资料卷/05-村干部花名册.docx']);
    expect(existsSync(path.join(dir, 'out/2025/ZH-综合资料卷/05-村干部花名册.docx'))).toBe(false);
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('工作区里的其他文件\n');

    const forced = await build(dir, { force: true });
    expect(forced.summary.rebuilt).toHaveLength(5);
    expect(forced.summary.rebuilt.every((r) => r.reason === '要求全部重新生成（--force）')).toBe(true);
  });

  it('changing a setting that affects every output rebuilds everything and says why', async () => {
    const dir = makeWorkspace(FILES);
    await build(dir);
    edit(dir, 'dossier.yaml', 'date: 2025-12-30', 'date: 2025-12-31');
    const r = await build(dir);
    expect(r.summary.rebuilt).toHaveLength(6);
    expect(new Set(r.summary.rebuilt.map((x) => x.reason))).toEqual(new Set(['设置、字体或程序版本已变化']));
  });
});
