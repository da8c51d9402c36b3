//! A volume with no 件 (QA minor 3): not bound — no PDF/Word volume, no 卷号, no line in 案卷目录, no spine —
//! but still in the 缺件清单 with its missing items; when its only 件 goes, the volume bound before is
//! removed like any stale output, and the 卷号 of the volumes after it close up.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildReport } from '../../src/build/build.js';
import { linesOf, readPdfText } from '../helpers/pdf-read.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';
import { scanPdf } from './fixture.js';

let dir: string;
let first: BuildReport;
let second: BuildReport;
const out = (rel: string) => path.join(dir, 'out', '2025', rel);
const text = async (rel: string) => (await readPdfText(new Uint8Array(readFileSync(out(rel))))).map((p) => linesOf(p).map((l) => l.text).join('\n')).join('\n');
let listBefore = '';
let spineBefore = '';

beforeAll(async () => {
  dir = makeWorkspace({
    'dossier.yaml': 'unit: 澧源镇人民政府\nfonds: "J012"\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [pdf, docx]\ndate: 2025-12-30\n',
    'catalog/test.yaml': `name: 测试目录
volumes:
  - code: ZH
    title: 综合资料卷
    retention: 永久
    items:
      - title: 工作总结
        template: 总结
  - code: XX
    title: 信息化建设卷
    retention: 永久
    items:
      - title: 信息化建设方案
        attach: 信息化/*.pdf
  - code: JF
    title: 计生经费卷
    retention: 永久
    items:
      - title: 经费总结
        template: 总结
`,
    'templates/总结.md.hbs': '---\ntitle: 人口和计划生育工作总结\ndate: 2025-12-20\n---\n全年工作按计划完成。\n',
    'attachments/信息化/方案.pdf': await scanPdf('SCAN-X', 1),
  });
  first = await build(dir);
  listBefore = await text('案卷目录.pdf');
  spineBefore = await text('脊背.pdf');
  rmSync(path.join(dir, 'attachments/信息化/方案.pdf'));
  second = await build(dir);
}, 90_000);
afterAll(cleanupWorkspaces);

describe('a volume with no 件', () => {
  it('is bound while it has one (the test’s starting point)', () => {
    expect(first.ok).toBe(true);
    expect(listBefore).toContain('信息化建设卷');
    // spine strips are set vertically, side by side: one 全宗号 box per strip
    expect(spineBefore.match(/全/g)).toHaveLength(3);
  });

  it('is not bound once empty: its earlier PDF and Word files are removed, and the build says so', () => {
    expect(second.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(existsSync(out('XX-信息化建设卷.pdf'))).toBe(false);
    expect(existsSync(out('XX-信息化建设卷.docx'))).toBe(false);
    expect(second.summary.removed).toEqual(expect.arrayContaining([expect.stringContaining('XX-信息化建设卷.pdf'), expect.stringContaining('XX-信息化建设卷.docx')]));
    expect(existsSync(out('ZH-综合资料卷.pdf'))).toBe(true);
    expect(existsSync(out('JF-计生经费卷.pdf'))).toBe(true);
  });

  it('is neither listed in 案卷目录 nor given a spine; the 卷号 after it close up', async () => {
    const list = await text('案卷目录.pdf');
    expect(list).not.toContain('信息化建设卷');
    expect(list).toContain('综合资料卷');
    expect(list).toContain('计生经费卷');
    expect(list).not.toMatch(/(^|\n)2025年(\n|$)/);
    expect((await text('脊背.pdf')).match(/全/g)).toHaveLength(2);
    // 计生经费卷 is now 卷号 2 (档号 …-Y-0002), not 3
    const cover = (await text('JF-计生经费卷.pdf')).replace(/\s/g, '');
    expect(cover).toContain('档号J012-WS·2025-Y-0002');
  });

  it('stays in the 缺件清单 with its missing item', () => {
    const missing = readFileSync(out('缺件清单.md'), 'utf8');
    expect(missing).toContain('信息化建设卷');
    expect(missing).toContain('信息化建设方案');
  });
});
