//! What a township issues to its villages, filed in the villages' own dossiers (`from:`, QA S5) — built from
//! one real township workspace with 3 villages and read back from the PDFs: a village's 责任书 is the
//! township's document for its row, bound with its own copy mark; a township notice and a township scan are
//! filed too; a village's own signed scan wins; the 缺件清单 says where each came from. Also the village
//! 缺件清单's folder hints (QA S6), its 必备/选备 column (minor 13), progress lines naming the unit (minor 16),
//! an unknown --only with no 完成 line (minor 10), and a blank 委员会 cell an error (minor 6).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readManifest } from '../../src/build/manifest.js';
import { buildAll, type UnitsReport } from '../../src/build/units.js';
import { main } from '../../src/cli/main.js';
import { scanPdf } from '../bind/fixture.js';
import { line } from '../helpers/diagnose.js';
import { linesOf, readPdfText } from '../helpers/pdf-read.js';
import { editFile } from '../helpers/tree.js';
import { cleanupWorkspaces, makeWorkspace, type Files } from '../helpers/workspace.js';

const VILLAGES = ['青村', '白村', '茶村'];

const TOWNSHIP_CATALOG = `name: 乡镇测试目录
volumes:
  - code: ZH
    title: 综合卷
    retention: 永久
    items:
      - { title: 各村花名册, table: villages, columns: [村名, 户数] }
      - { title: 乡镇与村的责任书, template: 责任书, data: targets, each: villages, copies: [镇人民政府执, "{委员会}执", 镇存档] }
      - { title: 考核通报, template: 通知, data: notice }
      - { title: 工作要点, attach: 工作要点/* }
`;

const VILLAGE_CATALOG = `name: 村测试目录
volumes:
  - code: ZH
    title: 综合卷
    retention: 永久
    items:
      - { title: 村登记册, table: people, attach: 登记册/* }
      - { title: 乡镇与村签订的责任书, from: ZH/乡镇与村的责任书, attach: 责任书/* }
      - { title: 乡镇考核通报, from: 考核通报, attach: 考核/* }
      - { title: 乡镇工作要点, from: 工作要点, attach: 要点/* }
      - { title: 村照片, attach: 照片/*, required: false }
`;

const NOTICE = `---
kind: 通知
issuer: "{{unit}}"
number: "{{prefix}}〔{{year}}〕{{number}}号"
title: "{{title}}"
date: "{{date}}"
---
{{title}}。
`;

const PLEDGE = `---
kind: 责任书
title: "{{row.村名}}计划生育目标管理责任书"
date: 2025-01-15
---
{{row.委员会}}本年度出生{{data.targets.births}}人以内。
`;

async function files(): Promise<Files> {
  return {
    'dossier.yaml': 'unit: 测试镇人民政府\nfonds: "J001"\nyear: 2025\ncatalog: catalog/乡镇.yaml\nformats: [pdf]\ndate: 2025-12-30\nvillages:\n  catalog: catalog/村.yaml\n  each: villages\n  name: 村名\n',
    'catalog/乡镇.yaml': TOWNSHIP_CATALOG,
    'catalog/村.yaml': VILLAGE_CATALOG,
    'templates/通知.md.hbs': NOTICE,
    'templates/责任书.md.hbs': PLEDGE,
    'data/villages.csv': `村名,委员会,户数\n${VILLAGES.map((v, i) => `${v},${v}村民委员会,${100 + i}`).join('\n')}\n`,
    'data/people.csv': '村名,姓名\n青村,张一\n白村,李二\n',
    'data/targets.yaml': 'births: 12\n',
    'data/notice.yaml': 'prefix: 测政发\nnumber: 1\ndate: 2025-01-10\ntitle: 关于全年考核结果的通报\n',
    'attachments/工作要点/工作要点.pdf': await scanPdf('YAODIAN', 1),
    // 白村 filed its signed and stamped copy: it wins over the township's generated one
    '村/白村/attachments/责任书/签字件.pdf': await scanPdf('SIGNED', 2),
  };
}

const outOf = (dir: string, ...p: string[]) => path.join(dir, 'out/2025', ...p);
const pdfLines = async (file: string): Promise<string[]> => (await readPdfText(new Uint8Array(readFileSync(file)))).map((p) => linesOf(p).map((l) => l.text).join(''));

let dir: string;
let first: UnitsReport;
const printed: string[] = [];
beforeAll(async () => {
  dir = makeWorkspace(await files());
  const spies = [vi.spyOn(process.stdout, 'write').mockImplementation((s) => (printed.push(String(s)), true)), vi.spyOn(process.stderr, 'write').mockImplementation((s) => (printed.push(String(s)), true))];
  try {
    expect(await main(['build', dir])).toBe(0);
  } finally {
    for (const s of spies) s.mockRestore();
  }
  first = await buildAll(dir, { workersFrom: 1000 });
}, 240_000);
afterAll(cleanupWorkspaces);

describe('from: what the township issues to a village is filed in the village’s dossier', () => {
  it('builds cleanly, every village’s from: items present', () => {
    expect(first.ok, first.units.flatMap((u) => u.diagnostics.map(line)).join('\n')).toBe(true);
    for (const v of VILLAGES) {
      const md = readFileSync(outOf(dir, '村', v, '缺件清单.md'), 'utf8');
      expect(md, v).toContain('| 3 | 乡镇考核通报 | 必备 | 上级生成 | 齐全 | 取自测试镇的“ZH/考核通报” |');
      expect(md, v).toContain('| 4 | 乡镇工作要点 | 必备 | 上级生成 | 齐全 | 取自测试镇的“ZH/工作要点” |');
    }
    expect(readFileSync(outOf(dir, '村/青村/缺件清单.md'), 'utf8')).toContain('| 2 | 乡镇与村签订的责任书 | 必备 | 上级生成 | 齐全 | 取自测试镇的“ZH/乡镇与村的责任书” |');
    expect(readFileSync(outOf(dir, '村/白村/缺件清单.md'), 'utf8')).toContain('| 2 | 乡镇与村签订的责任书 | 必备 | 上级生成 | 齐全 | 已归档扫描件 1 件（代替测试镇生成的文件） |');
  });

  it('the village’s 责任书 is the township’s document for its own row, bound as its own copy', async () => {
    const one = (await pdfLines(outOf(dir, '村/青村/ZH-综合卷/02-乡镇与村签订的责任书.pdf'))).join('');
    expect(one).toContain('青村计划生育目标管理责任书');
    expect(one).toContain('青村村民委员会本年度出生12人以内。');
    expect(one).not.toContain('白村');
    // in the bound volume its pages carry the village's copy mark (the 2nd of the township's 3 copies)
    const vol = await pdfLines(outOf(dir, '村/茶村/ZH-综合卷.pdf'));
    const page = vol.find((p) => p.includes('茶村计划生育目标管理责任书'));
    expect(page).toContain('茶村村民委员会执第2份/共3份');
    // 白村's signed scan is bound instead
    const white = (await pdfLines(outOf(dir, '村/白村/ZH-综合卷.pdf'))).join('\n');
    expect(white).toContain('SIGNED-1');
    expect(white).not.toContain('白村计划生育目标管理责任书');
  });

  it('the township’s notice and its scan are filed word for word; the township keeps its 文号 in its own register', async () => {
    const notice = (await pdfLines(outOf(dir, '村/白村/ZH-综合卷/03-乡镇考核通报.pdf'))).join('');
    expect(notice).toContain('测政发〔2025〕1号');
    expect(notice).toContain('测试镇人民政府');
    const vol = (await pdfLines(outOf(dir, '村/青村/ZH-综合卷.pdf'))).join('\n');
    expect(vol).toContain('YAODIAN-1');
    // the 文号 is the township's 发文, once, in the township's register and in none of the villages'
    expect((await pdfLines(outOf(dir, '发文登记簿.pdf'))).join('')).toContain('测政发〔2025〕1号');
    expect(first.units.flatMap((u) => u.diagnostics.map(line))).toEqual([]);
    expect(first.top?.diagnostics.map(line)).toEqual([]);
  });

  it('a rebuild with nothing changed writes nothing; an edit of the township’s data rebuilds the villages’ copies', async () => {
    const again = await buildAll(dir, { workersFrom: 1000 });
    expect(again.units.flatMap((u) => u.written)).toEqual([]);
    expect(again.top?.written).toEqual([]);
    const before = readManifest(dir, path.join(dir, 'out/.dossier/村/青村'));
    editFile(dir, 'data/targets.yaml', 'births: 12', 'births: 15');
    const r = await buildAll(dir, { workersFrom: 1000 });
    expect(r.ok).toBe(true);
    expect(r.units.map((u) => [u.path.join('/'), u.rebuilt.map((x) => x.id)])).toEqual([['青村', ['ZH/乡镇与村签订的责任书']], ['白村', []], ['茶村', ['ZH/乡镇与村签订的责任书']]]);
    expect(readManifest(dir, path.join(dir, 'out/.dossier/村/青村'))?.documents['ZH/乡镇考核通报']?.inputKey).toBe(before?.documents['ZH/乡镇考核通报']?.inputKey);
    expect((await pdfLines(outOf(dir, '村/青村/ZH-综合卷/02-乡镇与村签订的责任书.pdf'))).join('')).toContain('本年度出生15人以内。');
    // an edit of the township's template too
    editFile(dir, 'templates/责任书.md.hbs', '本年度出生', '本年度全村出生');
    const t = await buildAll(dir, { workersFrom: 1000 });
    expect(t.units.map((u) => [u.path.join('/'), u.rebuilt.map((x) => x.id)])).toEqual([['青村', ['ZH/乡镇与村签订的责任书']], ['白村', []], ['茶村', ['ZH/乡镇与村签订的责任书']]]);
    expect((await pdfLines(outOf(dir, '村/茶村/ZH-综合卷/01-乡镇与村签订的责任书.pdf'))).join('')).toContain('茶村村民委员会本年度全村出生15人以内。');
  });
});

describe('the village 缺件清单 (QA S6, minor 13)', () => {
  it('names the village’s own folders for a register’s scans, and marks 必备/选备', () => {
    const md = readFileSync(outOf(dir, '村/茶村/缺件清单.md'), 'utf8');
    expect(md).toContain('| 1 | 村登记册 | 必备 | 登记册或扫描件 | 缺 | 还没有数据：把数据填进 data/people.csv 或放入扫描件 村/茶村/attachments/登记册/ |');
    expect(md).toContain('| 5 | 村照片 | 选备 | 归档材料 | 缺（选备） | 未找到材料：请放入 村/茶村/attachments/照片/ |');
    expect(md).toContain('共 1 卷，必备材料 4 项，另有选备材料 1 项（不计入进度）');
  });
});

describe('the command line (minors 10, 16)', () => {
  it('progress lines name each unit, the township by its name', () => {
    const out = printed.join('');
    expect(out).toContain('【1/4】青村');
    expect(out).toContain('【4/4】测试镇人民政府');
    expect(out).toContain('—— 测试镇人民政府 ——');
    expect(out).not.toContain('本单位');
  });

  it('an unknown --only name: the error, exit 1, and no 完成 line', async () => {
    const out: string[] = [];
    const spies = [vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true)), vi.spyOn(process.stderr, 'write').mockImplementation((s) => (out.push(String(s)), true))];
    let code: number;
    try {
      code = await main(['build', dir, '--only', '青']);
    } finally {
      for (const s of spies) s.mockRestore();
    }
    expect(code).toBe(1);
    expect(out.join('')).toContain('没有名为“青”的单位');
    expect(out.join('')).not.toContain('完成');
  });
});

describe('the year’s zip between serve and the command line (minor 11)', () => {
  it('a build without --zip keeps the zip while it still holds the year’s outputs, and removes it once one changed', async () => {
    const zip = outOf(dir, '测试镇人民政府-2025.zip');
    expect((await buildAll(dir, { workersFrom: 1000, zip: true })).ok).toBe(true);
    const bytes = readFileSync(zip);
    for (let k = 0; k < 2; k++) {
      const r = await buildAll(dir, { workersFrom: 1000 });
      expect(r.top?.summary.removed).toEqual([]);
      expect(readFileSync(zip).equals(bytes)).toBe(true);
    }
    editFile(dir, 'data/people.csv', '青村,张一', '青村,张一一');
    const r = await buildAll(dir, { workersFrom: 1000 });
    expect(r.units.find((u) => u.path.join('/') === '青村')?.written.length).toBeGreaterThan(0);
    expect(r.top?.summary.removed).toEqual(['out/2025/测试镇人民政府-2025.zip']);
    expect(existsSync(zip)).toBe(false);
  });
});

describe('a blank 委员会 cell (minor 6)', () => {
  it('is an error naming the file and line, with --only too; that village is not built', async () => {
    const d = makeWorkspace({ ...(await files()), 'data/villages.csv': '村名,委员会,户数\n青村,青村村民委员会,1\n白村,,2\n' });
    for (const only of [undefined, ['白村']]) {
      const r = await buildAll(d, { workersFrom: 1000, ...(only ? { only } : {}) });
      expect(r.ok).toBe(false);
      expect(r.diagnostics.map(line)).toEqual(['E data/villages.csv:3 “白村”这一行的“委员会”是空的']);
      expect(r.diagnostics[0]?.hint).toContain('白村村民委员会');
      expect(r.units.filter((u) => u.built).map((u) => u.path.join('/'))).toEqual(only ? [] : ['青村']);
    }
    // the web page lists it as failing, with the others
    const { dossierView } = await import('../../src/serve/state.js');
    expect((await dossierView(d)).units?.map((u) => [u.name, u.failed === true])).toEqual([['青村', false], ['白村', true]]);
  });
});
