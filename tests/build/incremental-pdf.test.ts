//! Incremental PDF builds: the year's 案卷目录 and 脊背 and the 印制 print sets are made again only when
//! what they show changed — a wording edit rewrites the documents, their volume and their print sets,
//! but not the volume list or the spines; a page more changes those too; nothing at all is written
//! when nothing changed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { linesOf, readPdfText } from '../helpers/pdf-read.js';
import { changedOutputs as changed, editFile as edit, hashTree } from '../helpers/tree.js';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

const TITLE = '目标管理责任书';
const FILES = {
  'dossier.yaml': `${BASE_DOSSIER}formats: [pdf]\ndate: 2025-12-30\n`,
  'catalog/test.yaml': catalogWith(
    `      - title: 领导小组通知
        template: 通知
      - title: ${TITLE}
        template: 责任书
        each: villages
        copies: [镇人民政府执, "{村名}执", 镇计生办存档]
`,
    `  - code: RK
    title: 人口计划卷
    retention: 30年
    items:
      - title: 工作总结
        template: 通知
`,
  ),
  'templates/通知.md.hbs': '---\ntitle: 关于调整领导小组的通知\ndate: 2025-01-15\n---\n组长：谭志远。\n',
  'templates/责任书.md.hbs': '---\ntitle: 目标管理责任书\nsignature: false\n---\n{{row.村名}}人口{{row.人口}}人。\n',
  'data/villages.csv': '村名,人口\n青龙村,1536\n白岩村,1288\n',
};



describe('incremental PDF build', () => {
  it('rewrites the volume list, spines and print sets only when what they show changed', async () => {
    const dir = makeWorkspace(FILES);
    expect((await build(dir)).ok).toBe(true);
    const h1 = hashTree(dir);
    expect(Object.keys(h1).filter((k) => k.includes('印制')).sort()).toEqual([
      `out/2025/印制/${TITLE}-全部.pdf`,
      `out/2025/印制/${TITLE}-白岩村.pdf`,
      `out/2025/印制/${TITLE}-青龙村.pdf`,
    ]);

    // nothing changed: nothing written (print sets, 案卷目录 and 脊背 included)
    const again = await build(dir);
    expect(again.written).toEqual([]);
    expect(changed(h1, hashTree(dir))).toEqual([]);

    // wording: same pages → the volume list and the spines stay as they are
    edit(dir, 'templates/责任书.md.hbs', '人口{{row.人口}}人。', '常住人口{{row.人口}}人。');
    const wording = await build(dir);
    const h2 = hashTree(dir);
    expect(changed(h1, h2)).toEqual([
      'out/2025/ZH-综合资料卷.pdf',
      'out/2025/ZH-综合资料卷/02-目标管理责任书-青龙村.pdf',
      'out/2025/ZH-综合资料卷/03-目标管理责任书-白岩村.pdf',
      `out/2025/印制/${TITLE}-全部.pdf`,
      `out/2025/印制/${TITLE}-白岩村.pdf`,
      `out/2025/印制/${TITLE}-青龙村.pdf`,
    ]);
    expect(wording.written).not.toContain('out/2025/案卷目录.pdf');

    // one village's row: its letter, its print set, the whole run, the volume
    edit(dir, 'data/villages.csv', '白岩村,1288', '白岩村,1290');
    await build(dir);
    const h3 = hashTree(dir);
    expect(changed(h2, h3)).toEqual([
      'out/2025/ZH-综合资料卷.pdf',
      'out/2025/ZH-综合资料卷/03-目标管理责任书-白岩村.pdf',
      `out/2025/印制/${TITLE}-全部.pdf`,
      `out/2025/印制/${TITLE}-白岩村.pdf`,
    ]);

    // a page more: the volume's 页数 changes, so the volume list changes too (the spine label shows no
    // page count: made again, it comes out byte-identical and is not rewritten)
    edit(dir, 'templates/责任书.md.hbs', '常住人口{{row.人口}}人。', `常住人口{{row.人口}}人。\n\n${'本责任书一式三份，双方各执一份，镇计生办存档一份。\n\n'.repeat(30)}`);
    await build(dir);
    const h4 = hashTree(dir);
    expect(changed(h3, h4)).toEqual(
      [
        'out/2025/ZH-综合资料卷.pdf',
        'out/2025/ZH-综合资料卷/02-目标管理责任书-青龙村.pdf',
        'out/2025/ZH-综合资料卷/03-目标管理责任书-白岩村.pdf',
        'out/2025/案卷目录.pdf',
        `out/2025/印制/${TITLE}-全部.pdf`,
        `out/2025/印制/${TITLE}-白岩村.pdf`,
        `out/2025/印制/${TITLE}-青龙村.pdf`,
      ].sort(),
    );

    // new copy labels: the documents are the same (reused), their print sets are made again from them
    edit(dir, 'catalog/test.yaml', '"{村名}执"', '"{村名}村民委员会执"');
    const relabelled = await build(dir);
    expect(relabelled.summary.rebuilt).toEqual([]);
    const h5 = hashTree(dir);
    expect(changed(h4, h5)).toEqual([`out/2025/印制/${TITLE}-全部.pdf`, `out/2025/印制/${TITLE}-白岩村.pdf`, `out/2025/印制/${TITLE}-青龙村.pdf`]);
    const pages = await readPdfText(new Uint8Array(readFileSync(path.join(dir, `out/2025/印制/${TITLE}-白岩村.pdf`))));
    const marks = pages.map((p) => linesOf(p).filter((l) => l.yMm < 30).map((l) => l.text).join(''));
    expect(marks.filter((m) => m.includes('白岩村村民委员会执'))).toHaveLength(pages.length / 3);

    // and a forced rebuild gives the same bytes as the incremental ones
    await build(dir, { force: true });
    expect(changed(h5, hashTree(dir))).toEqual([]);
  }, 60_000);

  it('rebinds from kept models only when they are the ones recorded: a stale or damaged models file is not used', async () => {
    const dir = makeWorkspace(FILES);
    expect((await build(dir)).ok).toBe(true);
    const models = path.join(dir, 'out/.dossier/models/ZH.json');
    const stale = readFileSync(models, 'utf8');
    expect(Object.keys(JSON.parse(stale) as object)).toEqual(['ZH/领导小组通知', `ZH/${TITLE}/青龙村`, `ZH/${TITLE}/白岩村`]);
    edit(dir, 'templates/责任书.md.hbs', '人口{{row.人口}}人。', '常住人口{{row.人口}}人。');
    await build(dir);
    // put back the models of the first build (the 责任书 models in it are no longer current), then
    // change the other document of the volume so that the volume is bound again
    writeFileSync(models, stale);
    edit(dir, 'templates/通知.md.hbs', '组长：谭志远。', '组长：谭志远，副组长：李明。');
    await build(dir);
    const incremental = hashTree(dir);
    writeFileSync(models, '{"ZH/领导小组通知": {"k": "');
    edit(dir, 'templates/通知.md.hbs', '副组长：李明。', '副组长：王芳。');
    await build(dir);
    edit(dir, 'templates/通知.md.hbs', '副组长：王芳。', '副组长：李明。');
    await build(dir);
    expect(changed(incremental, hashTree(dir))).toEqual([]);
    await build(dir, { force: true });
    expect(changed(incremental, hashTree(dir))).toEqual([]);
    const volume = await readPdfText(new Uint8Array(readFileSync(path.join(dir, 'out/2025/ZH-综合资料卷.pdf'))));
    const text = volume.map((p) => linesOf(p).map((l) => l.text).join('')).join('');
    expect(text).toContain('青龙村常住人口1536人');
    expect(text).toContain('副组长：李明');
  }, 60_000);

  it('a scan placed before a document renumbers it: its files are renamed with the same bytes, not made again', async () => {
    const dir = makeWorkspace({
      'dossier.yaml': `${BASE_DOSSIER}formats: [pdf, docx]\ndate: 2025-12-30\n`,
      'catalog/test.yaml': catalogWith(`      - title: 上级文件
        attach: 上级文件/*.pdf
      - title: 领导小组通知
        template: 通知
`),
      'templates/通知.md.hbs': '---\ntitle: 关于调整领导小组的通知\ndate: 2025-01-15\n---\n组长：谭志远。\n',
    });
    expect((await build(dir)).ok).toBe(true);
    const before = hashTree(dir);
    const scan = await PDFDocument.create({ updateMetadata: false });
    scan.addPage([595.28, 841.89]);
    mkdirSync(path.join(dir, 'attachments/上级文件'), { recursive: true });
    writeFileSync(path.join(dir, 'attachments/上级文件/县局通知.pdf'), await scan.save());
    const r = await build(dir);
    expect(r.summary.rebuilt).toEqual([{ id: 'ZH/领导小组通知', reason: '件号变化，只改了文件名（内容未变）' }]);
    expect(r.summary.removed.sort()).toEqual(['out/2025/ZH-综合资料卷/01-领导小组通知.docx', 'out/2025/ZH-综合资料卷/01-领导小组通知.pdf']);
    const after = hashTree(dir);
    for (const ext of ['pdf', 'docx']) expect(after[`out/2025/ZH-综合资料卷/02-领导小组通知.${ext}`]).toBe(before[`out/2025/ZH-综合资料卷/01-领导小组通知.${ext}`]);
    await build(dir, { force: true });
    expect(changed(after, hashTree(dir))).toEqual([]);
  }, 60_000);
});
