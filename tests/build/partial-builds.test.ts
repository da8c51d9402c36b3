//! `dossier build --volume X`: builds only the chosen volumes inside the whole catalog — their 卷号 and
//! 档号 are the ones a full build gives, the other volumes' files are neither rebuilt nor removed, and
//! the year's 案卷目录 and 缺件清单 still cover every volume. `--format pdf` likewise writes only PDF:
//! it reuses what is up to date, and removes only the other format's files that became out of date.
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { linesOf, readPdfText } from '../helpers/pdf-read.js';
import { changedOutputs as changed, editFile as edit, hashTree } from '../helpers/tree.js';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

const FILES = {
  'dossier.yaml': `${BASE_DOSSIER}formats: [pdf, docx]\ndate: 2025-12-30\n`,
  'catalog/test.yaml': catalogWith(
    `      - title: 领导小组通知
        template: 通知
`,
    `  - code: RK
    title: 人口计划卷
    retention: 30年
    items:
      - title: 人口计划
        template: 计划
      - title: 上级文件
        attach: 上级文件/*.pdf
`,
  ),
  'templates/通知.md.hbs': '---\ntitle: 关于调整领导小组的通知\ndate: 2025-01-15\n---\n组长：谭志远。\n',
  'templates/计划.md.hbs': '---\ntitle: 人口计划\ndate: 2025-01-20\n---\n全年出生控制在{{data.plan.births}}人以内。\n',
  'data/plan.yaml': 'births: 260\n',
};

const outside = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith('out/.dossier')));


async function volumeList(dir: string): Promise<string> {
  const pages = await readPdfText(new Uint8Array(readFileSync(path.join(dir, 'out/2025/案卷目录.pdf'))));
  return pages.map((p) => linesOf(p).map((l) => l.text).join('\n')).join('\n');
}

describe('--volume and --format', () => {
  it('rebuilds only the chosen volume, keeps the others and numbers volumes as a full build does', async () => {
    const dir = makeWorkspace(FILES);
    expect((await build(dir)).ok).toBe(true);
    const full = hashTree(dir);

    // nothing changed: nothing written, nothing removed
    const same = await build(dir, { volumes: ['RK'] });
    expect(same.ok).toBe(true);
    expect(same.written).toEqual([]);
    expect(same.summary.removed).toEqual([]);
    expect(outside(hashTree(dir))).toEqual(outside(full));

    // both volumes' documents change; --volume RK rebuilds only RK's
    edit(dir, 'templates/通知.md.hbs', '组长：谭志远。', '组长：谭志远，副组长：李明。');
    edit(dir, 'data/plan.yaml', 'births: 260', 'births: 255');
    const rk = await build(dir, { volumes: ['RK'] });
    expect(rk.summary.rebuilt.map((r) => r.id)).toEqual(['RK/人口计划']);
    expect(rk.summary.removed).toEqual([]);
    const afterRk = hashTree(dir);
    expect(changed(full, afterRk)).toEqual(['out/2025/RK-人口计划卷.docx', 'out/2025/RK-人口计划卷.pdf', 'out/2025/RK-人口计划卷/01-人口计划.docx', 'out/2025/RK-人口计划卷/01-人口计划.pdf']);

    // the full build then catches up ZH, and matches a forced full build byte for byte
    const all = await build(dir);
    expect(all.summary.rebuilt.map((r) => r.id)).toEqual(['ZH/领导小组通知']);
    const caughtUp = hashTree(dir);
    await build(dir, { force: true });
    expect(changed(caughtUp, hashTree(dir))).toEqual([]);
  }, 60_000);

  it('gives a first --volume build its real 卷号 and keeps the lists whole', async () => {
    const dir = makeWorkspace(FILES);
    const r = await build(dir, { volumes: ['RK'] });
    expect(r.ok).toBe(true);
    expect(r.summary.rebuilt.map((x) => x.id)).toEqual(['RK/人口计划']);
    expect(r.diagnostics.map((d) => d.code)).toContain('year-lists-partial');
    const single = hashTree(dir);
    expect(Object.keys(single).filter((k) => k.startsWith('out/2025/ZH'))).toEqual([]);
    // RK is the catalog's second volume: the same bytes as in a full build
    const fullDir = makeWorkspace(FILES);
    await build(fullDir);
    const fullTree = hashTree(fullDir);
    for (const f of ['out/2025/RK-人口计划卷.pdf', 'out/2025/RK-人口计划卷.docx']) expect(single[f]).toBe(fullTree[f]);
    // the full build adds ZH and the year's lists, with both volumes
    expect((await build(dir)).summary.rebuilt.map((x) => x.id)).toEqual(['ZH/领导小组通知']);
    const list = await volumeList(dir);
    expect(list).toContain('综合资料卷');
    expect(list).toContain('人口计划卷');
    expect(changed(fullTree, hashTree(dir))).toEqual([]);
  }, 60_000);

  it('--format reuses what is up to date and removes only the other format\'s files that went out of date', async () => {
    const dir = makeWorkspace(FILES);
    expect((await build(dir)).ok).toBe(true);
    const full = hashTree(dir);
    const pdfOnly = await build(dir, { formats: ['pdf'] });
    expect(pdfOnly.summary).toEqual({ rebuilt: [], reused: 2, removed: [] });
    expect(pdfOnly.written).toEqual([]);
    expect(outside(hashTree(dir))).toEqual(outside(full));

    edit(dir, 'data/plan.yaml', 'births: 260', 'births: 255');
    const r = await build(dir, { formats: ['pdf'] });
    expect(r.summary.rebuilt.map((x) => x.id)).toEqual(['RK/人口计划']);
    // the Word files made from the old numbers are gone, the others stay
    expect(r.summary.removed.sort()).toEqual(['out/2025/RK-人口计划卷.docx', 'out/2025/RK-人口计划卷/01-人口计划.docx']);
    expect(changed(full, hashTree(dir))).toEqual(['out/2025/RK-人口计划卷.docx', 'out/2025/RK-人口计划卷.pdf', 'out/2025/RK-人口计划卷/01-人口计划.docx', 'out/2025/RK-人口计划卷/01-人口计划.pdf']);

    // a full build writes them again; the result equals a forced build
    const again = await build(dir);
    expect(again.summary.rebuilt.map((x) => x.id)).toEqual(['RK/人口计划']);
    const caughtUp = hashTree(dir);
    expect(Object.keys(caughtUp).filter((k) => k.endsWith('.docx')).sort()).toEqual(Object.keys(full).filter((k) => k.endsWith('.docx')).sort());
    await build(dir, { force: true });
    expect(changed(caughtUp, hashTree(dir))).toEqual([]);
  }, 60_000);

  it('--format docx after an edit removes the PDF outputs made from the old text: documents, print sets, volume, lists', async () => {
    const dir = makeWorkspace({
      'dossier.yaml': `${BASE_DOSSIER}formats: [pdf]\ndate: 2025-12-30\n`,
      'catalog/test.yaml': catalogWith(`      - title: 目标管理责任书
        template: 责任书
        each: villages
        copies: [镇人民政府执, "{村名}执", 镇计生办存档]
`),
      'templates/责任书.md.hbs': '---\ntitle: 目标管理责任书\nsignature: false\n---\n{{row.村名}}人口{{row.人口}}人。\n',
      'data/villages.csv': '村名,人口\n青龙村,1536\n白岩村,1288\n',
    });
    expect((await build(dir)).ok).toBe(true);
    edit(dir, 'data/villages.csv', '白岩村,1288', '白岩村,1290');
    const r = await build(dir, { formats: ['docx'] });
    // 青龙村 is written as Word for the first time; only 白岩村 changed
    expect(r.summary.rebuilt).toEqual([
      { id: 'ZH/目标管理责任书/青龙村', reason: '输出文件缺失或被改动' },
      { id: 'ZH/目标管理责任书/白岩村', reason: '数据行已修改' },
    ]);
    expect(r.summary.removed.sort()).toEqual(
      [
        'out/2025/ZH-综合资料卷.pdf',
        'out/2025/ZH-综合资料卷/02-目标管理责任书-白岩村.pdf',
        'out/2025/印制/目标管理责任书-白岩村.pdf',
        'out/2025/印制/目标管理责任书-全部.pdf',
        'out/2025/案卷目录.pdf',
        'out/2025/脊背.pdf',
      ].sort(),
    );
    // what did not change stays: the other village's letter and print set
    const tree = hashTree(dir);
    expect(Object.keys(tree)).toContain('out/2025/ZH-综合资料卷/01-目标管理责任书-青龙村.pdf');
    expect(Object.keys(tree)).toContain('out/2025/印制/目标管理责任书-青龙村.pdf');
    // the next full build makes them again, as a forced build would
    await build(dir);
    const caughtUp = hashTree(dir);
    await build(dir, { force: true });
    expect(changed(caughtUp, hashTree(dir))).toEqual([]);
    expect(Object.keys(caughtUp)).toContain('out/2025/案卷目录.pdf');
    expect(Object.keys(caughtUp)).toContain('out/2025/印制/目标管理责任书-全部.pdf');
  }, 60_000);

  it('--volume --zip still packs every volume’s files, as a full build’s zip does', async () => {
    const dir = makeWorkspace({ ...FILES, 'catalog/test.yaml': FILES['catalog/test.yaml'].replace('  - code: RK', '      - title: 目标管理责任书\n        template: 计划\n        each: villages\n        copies: [镇人民政府执, 镇计生办存档]\n  - code: RK'), 'data/villages.csv': '村名\n青龙村\n白岩村\n' });
    expect((await build(dir, { zip: true })).ok).toBe(true);
    const zipPath = path.join(dir, 'out/2025/澧源镇人民政府-2025.zip');
    const names = async () => Object.keys((await JSZip.loadAsync(readFileSync(zipPath))).files).sort();
    const full = await names();
    expect(full.some((n) => n.startsWith('印制/'))).toBe(true);
    const r = await build(dir, { zip: true, volumes: ['RK'] });
    expect(r.ok).toBe(true);
    expect(await names()).toEqual(full);
  }, 60_000);
});
