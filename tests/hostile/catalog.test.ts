// Hostile catalogs (issue 15, items 1 and 18): two items with one title never share a document; names
// that would be one file on Windows or macOS (ZH/zh, Notice/notice), or that hide their direction
// (bidi controls), are refused with the catalog line; file names never take a Windows device name.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, prepare, type BuildReport } from '../../src/build/build.js';
import { sortDiagnostics } from '../../src/diag/diagnostic.js';
import { openDocx } from '../helpers/docx-read.js';
import { line } from '../helpers/diagnose.js';
import { hashTree } from '../helpers/tree.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

const DOSSIER = 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [docx]\ndate: 2025-12-30\n';
const FM = '---\nkind: 通知\ntitle: 会议纪要\ndate: 2025-01-15\n---\n';

async function text(file: string): Promise<string> {
  return (await openDocx(new Uint8Array(readFileSync(file)))).part('word/document.xml').replace(/<[^>]+>/g, '');
}

describe('two catalog items with the same title in one volume (item 1)', () => {
  let dir = '';
  const builds: BuildReport[] = [];
  const trees: Record<string, string>[] = [];
  beforeAll(async () => {
    dir = makeWorkspace({
      'dossier.yaml': DOSSIER,
      'catalog/test.yaml': 'name: 测试目录\nvolumes:\n  - code: ZH\n    title: 综合资料卷\n    retention: 永久\n    items:\n      - title: 会议纪要\n        template: 甲\n      - title: 会议纪要\n        template: 乙\n',
      'templates/甲.md.hbs': `${FM}第一次会议：研究年度目标。\n`,
      'templates/乙.md.hbs': `${FM}第二次会议：部署年终考核。\n`,
    });
    for (let i = 0; i < 3; i++) {
      builds.push(await build(dir));
      // the documents and volumes; the manifest records sizes and times as it goes
      trees.push(Object.fromEntries(Object.entries(hashTree(path.join(dir, 'out'))).filter(([k]) => !k.startsWith('.dossier/'))));
    }
  }, 60_000);

  it('each file holds its own document, build after build', async () => {
    const vol = path.join(dir, 'out/2025/ZH-综合资料卷');
    expect(readdirSync(vol).sort()).toEqual(['01-会议纪要.docx', '02-会议纪要.docx']);
    const [a, b] = [await text(path.join(vol, '01-会议纪要.docx')), await text(path.join(vol, '02-会议纪要.docx'))];
    expect([a.includes('第一次会议'), a.includes('第二次会议'), b.includes('第一次会议'), b.includes('第二次会议')]).toEqual([true, false, false, true]);
  });

  it('nothing flips or is deleted on the second and third build', () => {
    expect(builds.map((r) => r.ok)).toEqual([true, true, true]);
    expect(builds.slice(1).map((r) => r.summary.rebuilt.length)).toEqual([0, 0]);
    expect(trees[1]).toEqual(trees[0]);
    expect(trees[2]).toEqual(trees[0]);
  });

  it('the bound volume holds both documents, once each', async () => {
    const t = await text(path.join(dir, 'out/2025/ZH-综合资料卷.docx'));
    expect([t.split('第一次会议').length - 1, t.split('第二次会议').length - 1]).toEqual([1, 1]);
  });
});

describe('names one file on Windows, or hiding their direction (item 18)', () => {
  let lines: string[] = [];
  beforeAll(async () => {
    const report = await prepare(
      makeWorkspace({
        'dossier.yaml': DOSSIER,
        'catalog/test.yaml': `name: 测试目录
volumes:
  - code: ZH
    title: 综合资料卷
    retention: 永久
    items:
      - title: "报告\u202Efdp.exe"
        attach: 报告/*.pdf
  - code: zh
    title: 综合资料卷二
    retention: 永久
    items:
      - title: 材料
        attach: 材料/*.pdf
`,
      }),
    );
    lines = sortDiagnostics(report.diagnostics).map(line);
  });

  it('volume codes that differ only in case, and a title with a right-to-left override, are refused at their lines', () => {
    expect(lines).toEqual([
      'E catalog/test.yaml:7:16 题名中有看不见的文字方向控制字符（U+202E），会让题名和文件名显示颠倒',
      'E catalog/test.yaml:9:11 卷代码“zh”与第 1 卷的“ZH”只差大小写',
    ]);
  });

  it('templates whose names differ only in case are refused', async () => {
    const report = await prepare(
      makeWorkspace({
        'dossier.yaml': DOSSIER,
        'catalog/test.yaml': 'name: 测试目录\nvolumes:\n  - code: ZH\n    title: 综合资料卷\n    retention: 永久\n    items:\n      - title: 通知\n        template: notice\n',
        'templates/notice.md.hbs': `${FM}正文。\n`,
        'templates/Notice.md.hbs': `${FM}正文。\n`,
      }),
    );
    expect(report.diagnostics.map(line)).toEqual(['E templates/notice.md.hbs 模板“notice”与 templates/Notice.md.hbs 只差大小写（在 Windows 上是同一个文件）']);
  });

  it('two items printed in copies whose 印制 files would be one are refused naming both', async () => {
    const item = (title: string) => `      - title: ${title}\n        template: 甲\n        copies: [镇人民政府执, 镇计生办存档]\n`;
    const report = await prepare(
      makeWorkspace({
        'dossier.yaml': DOSSIER,
        'catalog/test.yaml': `name: 测试目录\nvolumes:\n  - code: ZH\n    title: 综合资料卷\n    retention: 永久\n    items:\n${item('Target')}  - code: RK\n    title: 人口计划卷\n    retention: 永久\n    items:\n${item('target')}`,
        'templates/甲.md.hbs': `${FM}正文。\n`,
      }),
    );
    expect(report.diagnostics.filter((d) => d.severity === 'error').map(line)).toEqual([
      'E catalog/test.yaml:14:16 “target”（人口计划卷第 1 项）与“Target”（综合资料卷第 1 项）的印制文件同名（印制/target.pdf），会互相覆盖',
    ]);
  });
});
