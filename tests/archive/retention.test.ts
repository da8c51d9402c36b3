//! Per-item 保管期限 (issue 19): an item whose `retention:` differs from its volume's is filed in a volume
//! of that retention (one 案卷 never mixes 保管期限); 卷号 run within each 保管期限 and the 案卷目录 has one
//! list per 保管期限 (DA/T 22) — read back from the PDF's ruled table and the covers' 档号.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildReport } from '../../src/build/build.js';
import { line } from '../helpers/diagnose.js';
import { linesOf, readPdfTableRows, readPdfText } from '../helpers/pdf-read.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

const CATALOG = `name: 测试目录
volumes:
  - code: JF
    title: 经费卷
    retention: 永久
    items:
      - { title: 经费文件, table: funds }
      - { title: 收支明细账, table: ledger, retention: 30年 }
      - { title: 支出凭证, table: vouchers, retention: 30年 }
  - code: XX
    title: 信息卷
    retention: 10年
    items:
      - { title: 投稿登记, table: funds }
      - { title: 财产登记册, table: assets, retention: 永久 }
  - code: RK
    title: 人口卷
    retention: 30年
    items:
      - { title: 人口报表, table: funds }
`;

const files = {
  'dossier.yaml': 'unit: 测试镇人民政府\nfonds: "J001"\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [pdf]\ndate: 2025-12-30\n',
  'catalog/test.yaml': CATALOG,
  'data/funds.csv': '日期,事项\n2025-03-01,拨款\n',
  'data/ledger.csv': '日期,摘要,金额\n2025-04-01,手术费,1200\n',
  'data/vouchers.csv': '日期,凭证号\n2025-04-02,记001\n',
  'data/assets.csv': '编号,名称\nJS-001,计算机\n',
};

async function pdfLines(abs: string): Promise<string[][]> {
  return (await readPdfText(new Uint8Array(readFileSync(abs)))).map((p) => linesOf(p).map((l) => l.text));
}

describe('保管期限 per item', () => {
  let dir: string;
  let report: BuildReport;
  beforeAll(async () => {
    dir = makeWorkspace(files);
    report = await build(dir, { workersFrom: 1000 });
  }, 120_000);
  afterAll(cleanupWorkspaces);

  it('items of another retention make a volume of their own, right after theirs', () => {
    expect(report.ok).toBe(true);
    expect(report.plan?.volumes.map((v) => [v.code, v.title, v.retention, v.documents.map((d) => d.title)])).toEqual([
      ['JF', '经费卷', '永久', ['经费文件']],
      ['JFD30', '经费卷（30年）', '30年', ['收支明细账', '支出凭证']],
      ['XX', '信息卷', '10年', ['投稿登记']],
      ['XXY', '信息卷（永久）', '永久', ['财产登记册']],
      ['RK', '人口卷', '30年', ['人口报表']],
    ]);
  });

  it('the 案卷目录 has one list per 保管期限, 卷号 from 0001 in each', async () => {
    const abs = path.join(dir, 'out/2025/案卷目录.pdf');
    const pages = await pdfLines(abs);
    expect(pages.map((p) => p.find((l) => l.includes('保管期限：')))).toEqual(['永久', '定期30年', '定期10年'].map((r) => `全宗名称：测试镇人民政府全宗号：J001年度：2025保管期限：${r}`));
    const rows = (await readPdfTableRows(new Uint8Array(readFileSync(abs)))).map((r) => [r[0], r[1], r[4]]);
    expect(rows).toEqual([
      ['0001', '经费卷', '永久'],
      ['0002', '信息卷（永久）', '永久'],
      ['0001', '经费卷（30年）', '定期30年'],
      ['0002', '人口卷', '定期30年'],
      ['0001', '信息卷', '定期10年'],
    ]);
  });

  it('each cover carries its own 档号 (保管期限 code and 卷号 within it)', async () => {
    const codeOf = async (file: string) => (await pdfLines(path.join(dir, 'out/2025', file)))[0]?.join('\n').match(/J001-WS·2025-[A-Z0-9]+-\d{4}/)?.[0];
    expect(await codeOf('JFD30-经费卷（30年）.pdf')).toBe('J001-WS·2025-D30-0001');
    expect(await codeOf('XXY-信息卷（永久）.pdf')).toBe('J001-WS·2025-Y-0002');
    expect(await codeOf('RK-人口卷.pdf')).toBe('J001-WS·2025-D30-0002');
  });
});

describe('retention: in the catalog', () => {
  afterAll(cleanupWorkspaces);

  it('an unknown retention is refused with the allowed values; problems in a moved item point at its line', async () => {
    const dir = makeWorkspace({ ...files, 'catalog/test.yaml': CATALOG.replace('{ title: 支出凭证, table: vouchers, retention: 30年 }', '{ title: 支出凭证, template: 没有的模板, retention: 30年 }').replace('{ title: 人口报表, table: funds }', '{ title: 人口报表, table: funds, retention: 5年 }') });
    const r = await build(dir, { workersFrom: 1000 });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map(line)).toContain('E catalog/test.yaml:20:49 “volumes[3].items[1].retention” 的值“5年”不在可选范围内');
    expect(r.diagnostics.find((d) => d.message.includes('5年'))?.hint).toBe('可选值：永久、30年、10年。');
    const fixed = makeWorkspace({ ...files, 'catalog/test.yaml': CATALOG.replace('{ title: 支出凭证, table: vouchers, retention: 30年 }', '{ title: 支出凭证, template: 没有的模板, retention: 30年 }') });
    const r2 = await build(fixed, { workersFrom: 1000 });
    expect(r2.diagnostics.filter((d) => d.code === 'template-unknown').map((d) => [d.file, d.line])).toEqual([['catalog/test.yaml', 9]]);
  });
});
