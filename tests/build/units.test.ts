//! Village dossiers from the township workspace (issue 19, DESIGN.md §8): a township with 12 villages builds
//! 12 village dossiers whose registers hold exactly their own rows (read back from the PDFs); 村/ and
//! 村/<村名>/ files override the township's; the township's `collect:` item files every village's register;
//! an edit of one village's row rebuilds only what reads it (asserted from the manifests); --only builds one
//! village and nothing else; the 各村缺件汇总 and the web page list every village with its completeness.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readManifest } from '../../src/build/manifest.js';
import { buildAll, type UnitsReport } from '../../src/build/units.js';
import { main } from '../../src/cli/main.js';
import type { Manifest } from '../../src/schema/manifest.js';
import { dossierView } from '../../src/serve/state.js';
import { line } from '../helpers/diagnose.js';
import { readPdfTableRows } from '../helpers/pdf-read.js';
import { editFile, hashTree } from '../helpers/tree.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

const VILLAGES = Array.from({ length: 12 }, (_, i) => `${'青白茶石枫桃柳金云松竹梅'[i]}村`);

const TOWNSHIP_CATALOG = `name: 乡镇测试目录
volumes:
  - code: ZH
    title: 综合卷
    retention: 永久
    items:
      - { title: 各村花名册, table: villages, columns: [村名, 户数] }
      - { title: 各村登记册, collect: 村登记册, attach: 各村登记册/*, expect: villages }
      - { title: 乡镇通知, template: 通知, data: notice }
`;

const VILLAGE_CATALOG = `name: 村测试目录
volumes:
  - code: ZH
    title: 综合卷
    retention: 永久
    items:
      - { title: 村登记册, table: people }
      - { title: 村情况, template: 村情况 }
      - { title: 村通知, template: 通知, data: notice }
      - { title: 村照片, attach: 照片/* }
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

const SITUATION = `---
kind: 简介
title: "{{unit.short}}情况"
date: 2025-12-01
---
{{unit.short}}共{{row.户数}}户，登记{{data.people.length}}人。
`;

function files(): Record<string, string | Uint8Array> {
  const people = ['村名,姓名,年龄'];
  VILLAGES.forEach((v, i) => {
    for (let k = 0; k <= i % 3; k++) people.push(`${v},${v.slice(0, 1)}民${k + 1},${30 + k}`);
  });
  const f: Record<string, string | Uint8Array> = {
    'dossier.yaml': `unit: 测试镇人民政府
fonds: "J001"
year: 2025
catalog: catalog/乡镇.yaml
formats: [pdf]
date: 2025-12-30
villages:
  catalog: catalog/村.yaml
  each: villages
  name: 村名
`,
    'catalog/乡镇.yaml': TOWNSHIP_CATALOG,
    'catalog/村.yaml': VILLAGE_CATALOG,
    'templates/通知.md.hbs': NOTICE,
    'templates/村情况.md.hbs': SITUATION,
    'data/villages.csv': `村名,委员会,户数\n${VILLAGES.map((v, i) => `${v},${v}村民委员会,${100 + i}`).join('\n')}\n`,
    'data/people.csv': `${people.join('\n')}\n`,
    'data/notice.yaml': 'prefix: 测政发\nnumber: 1\ndate: 2025-01-10\ntitle: 关于乡镇事项的通知\n',
    // the villages' shared notice (村/data), and one village's own (村/<村名>/data) overriding it
    '村/data/notice.yaml': 'prefix: 村发\nnumber: 1\ndate: 2025-02-10\ntitle: 关于村里事项的通知\n',
    '村/梅村/data/notice.yaml': 'prefix: 梅村发\nnumber: 7\ndate: 2025-03-01\ntitle: 梅村自己的通知\n',
    // one village's own template
    '村/竹村/templates/村情况.md.hbs': SITUATION.replace('共{{row.户数}}户', '（竹村自己的写法）共{{row.户数}}户'),
    '村/青村/attachments/照片/活动照片.png': '',
  };
  return f;
}

const outOf = (dir: string, ...p: string[]) => path.join(dir, 'out/2025', ...p);
const manifestOf = (dir: string, village?: string): Manifest | undefined => readManifest(dir, village ? path.join(dir, 'out/.dossier/村', village) : undefined);

let dir: string;
let first: UnitsReport;
beforeAll(async () => {
  const f = files();
  // a real PNG for the one photo
  dir = makeWorkspace({ ...f, '村/青村/attachments/照片/活动照片.png': new Uint8Array(readFileSync(path.join(import.meta.dirname, '../../docs/archive-spine.png'))) });
  first = await buildAll(dir, { workersFrom: 1000 });
}, 240_000);
afterAll(cleanupWorkspaces);

describe('a township with 12 villages', () => {
  it('builds 12 village dossiers and then the township', () => {
    expect(first.ok, first.units.flatMap((u) => u.diagnostics.map(line)).join('\n')).toBe(true);
    expect(first.units.map((u) => [u.path.join('/'), u.unit, u.built, u.ok])).toEqual(VILLAGES.map((v) => [v, `测试镇${v}村民委员会`, true, true]));
    expect(first.top?.ok).toBe(true);
  });

  it('each village’s register holds exactly its own rows (read back from its PDF)', async () => {
    const rows = readFileSync(path.join(dir, 'data/people.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    for (const v of VILLAGES) {
      const printed = await readPdfTableRows(new Uint8Array(readFileSync(outOf(dir, '村', v, 'ZH-综合卷/01-村登记册.pdf'))));
      const own = rows.filter((r) => r[0] === v);
      expect(printed, v).toEqual(own.map((r, i) => [String(i + 1), ...r]));
    }
  });

  it('a village sees its row, the shared 村/ files and its own files, in that order', async () => {
    const text = async (v: string, file: string) => {
      const { readPdfText, linesOf } = await import('../helpers/pdf-read.js');
      return (await readPdfText(new Uint8Array(readFileSync(outOf(dir, '村', v, file))))).flatMap((p) => linesOf(p).map((l) => l.text)).join('');
    };
    expect(await text('白村', 'ZH-综合卷/02-村情况.pdf')).toContain('白村共101户，登记2人。');
    expect(await text('竹村', 'ZH-综合卷/02-村情况.pdf')).toContain('竹村（竹村自己的写法）共110户');
    expect(await text('白村', 'ZH-综合卷/03-村通知.pdf')).toContain('村发〔2025〕1号');
    expect(await text('梅村', 'ZH-综合卷/03-村通知.pdf')).toContain('梅村发〔2025〕7号');
    // only 青村 has its photo; the others miss it in their own 缺件清单
    expect(readFileSync(outOf(dir, '村/青村/缺件清单.md'), 'utf8')).toMatch(/村照片 \| 必备 \| 归档材料 \| 齐全/);
    expect(readFileSync(outOf(dir, '村/白村/缺件清单.md'), 'utf8')).toContain('未找到材料：请放入 村/白村/attachments/照片/');
  });

  it('each village has its own 卷号 and 档号 under the township’s 全宗 (机构 code = its row)', async () => {
    const { readPdfText, linesOf } = await import('../helpers/pdf-read.js');
    const cover = (await readPdfText(new Uint8Array(readFileSync(outOf(dir, '村/茶村/ZH-综合卷.pdf')))))[0];
    expect(linesOf(cover as never).map((l) => l.text).join('\n')).toMatch(/J001-WS·2025-Y-003-0001/);
  });

  it('the township files every village’s register in its 各村登记册 item', async () => {
    const ws = first.top?.plan?.volumes[0];
    expect(ws?.documents.filter((d) => d.itemIndex === 1).map((d) => d.title)).toEqual(VILLAGES.map((v) => `${v}村登记册`));
    expect(readFileSync(outOf(dir, '缺件清单.md'), 'utf8')).toContain('| 2 | 各村登记册 | 必备 | 归档材料 | 齐全 | 已归档 12 件，12 个全部齐全 |');
  });

  it('各村缺件汇总 lists every village with its completeness', () => {
    const md = readFileSync(outOf(dir, '各村缺件汇总.md'), 'utf8');
    expect(md).toContain('共 12 个村，1 个必备材料已齐全');
    expect(md).toContain('| 1 | [青村](村/青村/缺件清单.html) | 测试镇青村村民委员会 | 4 | 4 | 0 | 0 | 100% |');
    expect(md).toContain('| 2 | [白村](村/白村/缺件清单.html) | 测试镇白村村民委员会 | 4 | 3 | 0 | 1 | 75% |');
  });

  it('the web page lists the villages and opens one', async () => {
    const top = await dossierView(dir);
    expect(top.units?.map((u) => [u.name, u.present, u.required])).toEqual(VILLAGES.map((v) => [v, v === '青村' ? 4 : 3, 4]));
    const one = await dossierView(dir, [], '竹村');
    expect([one.unit, one.parent, one.volumes.map((v) => v.code)]).toEqual(['测试镇竹村村民委员会', '测试镇人民政府', ['ZH']]);
    expect(one.volumes[0]?.items.find((i) => i.title === '村照片')?.uploadTo).toBe('村/竹村/attachments/照片/');
  });
});

describe('incremental per village', () => {
  it('a build with nothing changed rebuilds and writes nothing', async () => {
    const r = await buildAll(dir, { workersFrom: 1000 });
    expect(r.ok).toBe(true);
    expect(r.units.flatMap((u) => u.written)).toEqual([]);
    expect(r.top?.written).toEqual([]);
  });

  it('editing one village’s row rebuilds that village’s documents that read it and the township items that include it, nothing else', async () => {
    const before = Object.fromEntries(VILLAGES.map((v) => [v, manifestOf(dir, v)]));
    const township = manifestOf(dir);
    editFile(dir, 'data/villages.csv', '桃村,桃村村民委员会,105', '桃村,桃村村民委员会,150');
    const r = await buildAll(dir, { workersFrom: 1000 });
    expect(r.ok).toBe(true);
    // the villages: only 桃村's 村情况 (it prints row.户数) has new inputs; every other manifest is as it was
    for (const v of VILLAGES) {
      const now = manifestOf(dir, v);
      const changed = Object.keys(now?.documents ?? {}).filter((id) => now?.documents[id]?.inputKey !== before[v]?.documents[id]?.inputKey);
      expect([v, changed]).toEqual([v, v === '桃村' ? ['ZH/村情况'] : []]);
    }
    expect(r.units.filter((u) => u.rebuilt.length).map((u) => [u.path.join('/'), u.rebuilt.map((x) => `${x.id}：${x.reason}`)])).toEqual([['桃村', ['ZH/村情况：数据“villages”已修改']]]);
    // the township: its 花名册 (all villages) and the 各村登记册 item whose 桃村 件 changed? no — only the 花名册
    const now = manifestOf(dir);
    const changed = Object.keys(now?.documents ?? {}).filter((id) => now?.documents[id]?.inputKey !== township?.documents[id]?.inputKey);
    expect(changed).toEqual(['ZH/各村花名册']);
    expect(r.top?.summary.rebuilt.map((x) => x.id)).toEqual(['ZH/各村花名册']);
  });

  it('editing one village’s register row rebuilds its register and the township volume that files it', async () => {
    const township = manifestOf(dir);
    editFile(dir, 'data/people.csv', '松村,松民1,30', '松村,松民1,31');
    const r = await buildAll(dir, { workersFrom: 1000 });
    expect(r.units.filter((u) => u.rebuilt.length).map((u) => [u.path.join('/'), u.rebuilt.map((x) => x.id)])).toEqual([['松村', ['ZH/村登记册']]]);
    expect(r.top?.summary.rebuilt).toEqual([]); // no township document reads people
    expect(manifestOf(dir)?.volumes['ZH']?.key).not.toBe(township?.volumes['ZH']?.key); // its volume binds the new register
    expect(r.top?.written).toContain('out/2025/ZH-综合卷.pdf');
  });
});

describe('--only', () => {
  it('builds the one village named, leaves every other village and the township as they were', async () => {
    editFile(dir, 'data/notice.yaml', 'title: 关于乡镇事项的通知', 'title: 关于乡镇事项的通知（改）');
    editFile(dir, '村/data/notice.yaml', 'title: 关于村里事项的通知', 'title: 关于村里事项的通知（改）');
    const before = hashTree(path.join(dir, 'out'));
    const out: string[] = [];
    const spies = [vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true)), vi.spyOn(process.stderr, 'write').mockImplementation((s) => (out.push(String(s)), true))];
    let code: number;
    try {
      code = await main(['build', dir, '--only', '金村']);
    } finally {
      for (const s of spies) s.mockRestore();
    }
    expect(code).toBe(0);
    const after = hashTree(path.join(dir, 'out'));
    const changed = Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k] && !k.startsWith('.dossier/'));
    expect(changed.every((k) => k.startsWith('2025/村/金村/') || k.startsWith('2025/各村缺件汇总')), changed.join('\n')).toBe(true);
    expect(changed).toContain('2025/村/金村/ZH-综合卷/03-村通知.pdf');
    expect(out.join('')).toContain('【1/1】金村');
    expect(out.join('')).toContain('青村、白村、茶村、石村、枫村 等 11 个单位本次未生成（--only），沿用上次的结果。');
  });

  it('an unknown name is a usage problem naming the villages', async () => {
    const r = await buildAll(dir, { only: ['不存在村'], workersFrom: 1000 });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map(line)).toEqual(['E  没有名为“不存在村”的单位']);
    expect(r.diagnostics[0]?.hint).toBe(`可以写：${VILLAGES.join('、')}（或写本单位的名称）。`);
  });
});

describe('the villages’ table', () => {
  afterAll(cleanupWorkspaces);
  it('a missing, repeated or unsafe village name is an error naming the row', async () => {
    const d = makeWorkspace({ ...files(), 'data/villages.csv': '村名,委员会,户数\n青村,青村村民委员会,1\n,无名,2\n青村,重复,3\ndata,坏名,4\n' });
    const r = await buildAll(d, { workersFrom: 1000 });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map(line)).toEqual([
      'E data/villages.csv:3 第 3 行没有“村名”',
      'E data/villages.csv:4 “青村”重复（第 2 行已有）',
      'E data/villages.csv:5 “data”不能用作村的名称（它也是文件夹名）',
    ]);
  });
});

describe('one level up: a county with townships, each with its villages', () => {
  afterAll(cleanupWorkspaces);
  it('builds every village, then its township, then the county; --only a township builds it with its villages', async () => {
    const catalog = (title: string, collect?: string) => `name: ${title}
volumes:
  - code: ZH
    title: 综合卷
    retention: 永久
    items:
      - { title: 花名册, table: people }
${collect ? `      - { title: 下级登记册, collect: ${collect}, expect: units }\n` : ''}`;
    const d = makeWorkspace({
      'dossier.yaml': 'unit: 测试县人口和计划生育局\nyear: 2025\ncatalog: catalog/县.yaml\nformats: [pdf]\ndate: 2025-12-30\ntownships:\n  catalog: catalog/乡镇.yaml\n  each: units\n  name: 乡镇名\n',
      'catalog/县.yaml': catalog('县目录', '花名册'),
      'catalog/乡镇.yaml': catalog('乡镇目录', '花名册'),
      'catalog/村.yaml': catalog('村目录'),
      'data/units.csv': '乡镇名,全称\n甲镇,甲镇人民政府\n乙乡,乙乡人民政府\n',
      'data/people.csv': '乡镇名,姓名\n甲镇,张三\n乙乡,李四\n乙乡,王五\n',
      // each township: its own villages table and settings
      '乡镇/甲镇/dossier.yaml': 'villages:\n  catalog: catalog/村.yaml\n  each: units\n  name: 村名\n',
      '乡镇/甲镇/data/units.csv': '村名,委员会\n东村,东村村民委员会\n西村,西村村民委员会\n',
      '乡镇/甲镇/data/people.csv': '村名,姓名\n东村,赵一\n西村,钱二\n西村,孙三\n',
      '乡镇/乙乡/data/people.csv': '姓名\n李四\n王五\n',
    });
    const r = await buildAll(d, { workersFrom: 1000 });
    expect(r.ok, r.units.flatMap((u) => u.diagnostics.map(line)).join('\n')).toBe(true);
    expect(r.units.map((u) => [u.path.join('/'), u.unit])).toEqual([
      ['甲镇/东村', '甲镇东村村民委员会'],
      ['甲镇/西村', '甲镇西村村民委员会'],
      ['甲镇', '甲镇人民政府'],
      ['乙乡', '乙乡人民政府'],
    ]);
    const rows = async (rel: string) => readPdfTableRows(new Uint8Array(readFileSync(path.join(d, 'out/2025', rel))));
    expect(await rows('乡镇/甲镇/村/西村/ZH-综合卷/01-花名册.pdf')).toEqual([['1', '西村', '钱二'], ['2', '西村', '孙三']]);
    expect(await rows('乡镇/乙乡/ZH-综合卷/01-花名册.pdf')).toEqual([['1', '李四'], ['2', '王五']]);
    // 甲镇 files its villages' registers; the county files its townships'
    expect(r.units.find((u) => u.path.join('/') === '甲镇')?.summary?.missing).toBe(0);
    expect(readFileSync(path.join(d, 'out/2025/乡镇/甲镇/各村缺件汇总.md'), 'utf8')).toContain('| 2 | [西村](村/西村/缺件清单.html) | 甲镇西村村民委员会 | 1 | 1 | 0 | 0 | 100% |');
    // 乙乡 has no villages: its 下级登记册 is missing in its own 缺件清单
    const county = readFileSync(path.join(d, 'out/2025/各乡镇缺件汇总.md'), 'utf8');
    expect(county).toContain('共 2 个乡镇，1 个必备材料已齐全');
    expect(county).toContain('| 2 | [乙乡](乡镇/乙乡/缺件清单.html) | 乙乡人民政府 | 2 | 1 | 0 | 1 | 50% |');
    expect(r.top?.plan?.volumes[0]?.documents.map((x) => x.title)).toEqual(['花名册', '甲镇花名册', '乙乡花名册']);

    // --only 甲镇: the township and its villages, nothing of 乙乡 or the county
    editFile(d, 'data/people.csv', '乙乡,李四', '乙乡,李四四');
    editFile(d, '乡镇/甲镇/data/people.csv', '东村,赵一', '东村,赵一一');
    const again = await buildAll(d, { only: ['甲镇'], workersFrom: 1000 });
    expect(again.units.filter((u) => u.built).map((u) => u.path.join('/'))).toEqual(['甲镇/东村', '甲镇/西村', '甲镇']);
    expect(again.top).toBeUndefined();

    // dossier units lists the county's townships, one per line
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    try {
      expect(await main(['units', d])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(out.join('')).toBe('甲镇\n乙乡\n');
  }, 120_000);
});
