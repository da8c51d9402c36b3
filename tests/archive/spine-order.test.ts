//! 脊背 on the shelf (QA minor 15): the labels stand in the order of the 案卷目录 — by 保管期限 (永久, 30年, 10年),
//! then 卷号 — whatever the catalog's order, and the 保管期限 and 卷号 boxes sit at the same height on every label
//! (永久 and 定期30年 alike). Built for real and read back from 脊背.pdf and 案卷目录.pdf.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { readPdfRules } from '../helpers/pdf-read.js';
import { BASE_DOSSIER, cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

const volume = (code: string, title: string, retention: string) => `  - code: ${code}
    title: ${title}
    retention: ${retention}
    items:
      - { title: ${title}花名册, table: people }
`;

let dir: string;
beforeAll(async () => {
  dir = makeWorkspace({
    'dossier.yaml': BASE_DOSSIER,
    // catalog order: 10年, 永久, 30年, 永久
    'catalog/test.yaml': `name: 测试目录\nvolumes:\n${volume('JF', '经费卷', '10年')}${volume('ZH', '综合卷', '永久')}${volume('RK', '人口卷', '30年')}${volume('XJ', '宣传卷', '永久')}`,
    'data/people.csv': '姓名,性别\n张某,女\n',
  });
  const report = await build(dir, { formats: ['pdf'] });
  expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
}, 60_000);
afterAll(cleanupWorkspaces);

const file = (name: string) => path.join(dir, 'out/2025', name);
const text = (name: string) => execFileSync('pdftotext', ['-raw', file(name), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');

describe('脊背', () => {
  it('stands in the 案卷目录’s order: 永久 by 卷号, then 30年, then 10年', () => {
    const spine = text('脊背.pdf');
    const order = ['综合卷', '宣传卷', '人口卷', '经费卷'].map((t) => spine.indexOf(t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // the 案卷目录 (one list per 保管期限) in the same order
    const list = text('案卷目录.pdf');
    const listed = ['综合卷', '宣传卷', '人口卷', '经费卷'].map((t) => list.indexOf(t));
    expect([...listed].sort((a, b) => a - b)).toEqual(listed);
  });

  it('draws the boxes of every label at the same heights (永久 and 定期30年/定期10年 alike)', async () => {
    const { ys } = await readPdfRules(new Uint8Array(readFileSync(file('脊背.pdf'))), 1);
    // the horizontal rules of four labels of the same height: as many distinct heights as one label has
    // (outline top and bottom, under 全宗号, under 年度, above 保管期限, above 卷号) plus the cut marks' ends
    const distinct = [...new Set(ys.map((y) => Math.round(y)))];
    expect(distinct.length).toBeLessThanOrEqual(6);
    expect(text('脊背.pdf')).toContain('定期30年');
    expect(text('脊背.pdf')).toContain('永久');
  });
});
