// Hostile data files (issue 15, items 9, 10, 15, 16, 17 and the messages on statistics): three workspaces,
// each loaded, planned and rendered once — one whose files must all be refused (every problem at once),
// one of statistics that cannot be, one of unusual but good data that must be read exactly. The
// spreadsheet with all 1,048,576 rows formatted is checked by the installed CLI in a capped heap.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, prepare, type BuildReport } from '../../src/build/build.js';
import { sortDiagnostics } from '../../src/diag/diagnostic.js';
import { readCsv } from '../../src/workspace/readers/csv.js';
import { line } from '../helpers/diagnose.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';
import { formatEveryRow, xlsxOf } from './fixtures.js';

afterAll(cleanupWorkspaces);

const DOSSIER = 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [docx]\ndate: 2025-12-30\n';
const CATALOG = (items: string) => `name: 测试目录\nvolumes:\n  - code: ZH\n    title: 综合资料卷\n    retention: 永久\n    items:\n${items}`;
const REGISTER = CATALOG('      - title: 花名册\n        table: villages\n');

async function run(files: Record<string, string | Uint8Array>): Promise<{ report: BuildReport; lines: string[] }> {
  const report = await prepare(makeWorkspace(files));
  return { report, lines: sortDiagnostics(report.diagnostics).map(line) };
}

const utf16 = (s: string, bom: boolean, be = false) => {
  const le = Buffer.from(s, 'utf16le');
  const body = be ? Buffer.from(le.map((_, i) => le[i ^ 1] as number)) : le;
  return new Uint8Array(Buffer.concat([bom ? Buffer.from(be ? [0xfe, 0xff] : [0xff, 0xfe]) : Buffer.alloc(0), body]));
};

describe('files refused, every problem at once', () => {
  let lines: string[] = [];
  beforeAll(async () => {
    let laughs = 'a0: &a0 "哈哈哈哈哈哈哈哈哈哈"\n';
    for (let i = 1; i < 10; i++) laughs += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    ({ lines } = await run({
      'dossier.yaml': DOSSIER,
      'catalog/test.yaml': REGISTER,
      'data/villages.csv': '村名,人口\n青龙村,1536\n',
      'data/laughs.yaml': laughs,
      // a UTF-8 file with one row pasted from a GBK file
      'data/mixed.csv': new Uint8Array(Buffer.concat([Buffer.from('村名,人口\n青龙村,1536\n'), iconv.encode('白岩村,1288\n', 'gbk'), Buffer.from('龙潭村,962\n')])),
      'data/dup.xlsx': await xlsxOf([['村名', '人口', '村名'], ['青龙村', 1536, '白岩村']]),
      'data/long.csv': `村名,说明\n青龙村,${'长'.repeat(5_000_000)}\n`,
      'data/Staff.csv': '姓名\n王丽\n',
      'data/staff.yaml': '- 姓名: 李明\n',
    }));
  }, 60_000);

  it('a billion-laughs YAML: refused at the alias that passes the limit, with file and line (item 10)', () => {
    expect(lines).toContain('E data/laughs.yaml:8:10 YAML 中的引用（*a6）展开后内容太多（超过 2000 万字），文件可能是恶意构造的');
  });

  it('a UTF-8 CSV with one GBK row: that row is named with what it reads as; the file is not re-decoded (item 17)', () => {
    expect(lines).toContain('E data/mixed.csv:3 这一行的文字编码（GBK）与文件其余各行（UTF-8）不同，按 GBK 读是“白岩村,1288”');
    expect(lines.filter((l) => l.includes('mixed.csv'))).toHaveLength(1);
  });

  it('an XLSX duplicate header is reported as the CSV one is (item 15)', () => {
    expect(lines).toContain('E data/dup.xlsx:1:3 工作表“Sheet1”的列名“村名”重复（第 1 列和第 3 列）');
  });

  it('a 5-million-character cell is refused at its row and column (item 11)', () => {
    expect(lines).toContain('E data/long.csv:2:2 “说明”这一格有 5000000 个字，超过上限 32767 字（与 Excel 相同）');
  });

  it('data names that differ only in case are one file on Windows (item 18)', () => {
    expect(lines).toContain('E data/staff.yaml 数据名“staff”与 data/Staff.csv 只差大小写（在 Windows 上是同一个文件名）');
  });
});

describe('statistics that cannot be (item 16 and the messages)', () => {
  let lines: string[] = [];
  beforeAll(async () => {
    ({ lines } = await run({
      'dossier.yaml': DOSSIER,
      'catalog/test.yaml': CATALOG('      - title: 统计\n        table: villageStats\n'),
      'data/stats.yaml': 'population: 23122\ndeaths: -148\nbirths:\n  total: 216\n  inPolicy: 250\n  boys: 110\n  girls: 106\nwomen:\n  married: 3000.5\n',
      'data/villageStats.csv': '村名,常住人口,出生,政策内出生,死亡\n青龙村,1536,12,14,3\n白岩村,1288,-2,0,4\n',
    }));
  }, 60_000);

  it('YAML: each error at the line and column of the count (no more errors without a line)', () => {
    expect(lines.filter((l) => l.includes('data/stats.yaml'))).toEqual([
      'E data/stats.yaml:2:9 “stats”的“死亡”（deaths）“-148”是负数，人数不能小于 0',
      'E data/stats.yaml:5:13 “stats”的政策内出生 250 大于出生 216（政策内出生是出生的一部分，不能比它多）',
      'E data/stats.yaml:9:12 “stats”的“已婚育龄妇女”（women.married）“3000.5”不是整数，人数应为整数',
    ]);
  });

  it('a table: each error at its cell (row and column)', () => {
    expect(lines.filter((l) => l.startsWith('E ') && l.includes('villageStats'))).toEqual([
      'E data/villageStats.csv:2:4 青龙村：政策内出生 14 大于出生 12（政策内出生是出生的一部分，不能比它多）',
      'E data/villageStats.csv:3:3 白岩村：“出生”“-2”是负数，人数不能小于 0',
    ]);
  });
});

describe('unusual but good data is read exactly', () => {
  let report: BuildReport;
  let lines: string[] = [];
  beforeAll(async () => {
    const anchors = `base: &base\n  职务: 村委委员\n  任期: 三年\nmembers:\n${Array.from({ length: 150 }, () => '  - *base\n').join('')}`;
    ({ report, lines } = await run({
      'dossier.yaml': DOSSIER,
      'catalog/test.yaml': CATALOG('      - title: 责任书\n        template: 逐村\n        each: villages\n'),
      'templates/逐村.md.hbs': '---\nkind: 通知\ntitle: "{{row.村名}}"\ndate: 2025-01-15\n---\n{{row.村名}}{{row.时间}}\n',
      'data/villages.xlsx': await xlsxOf(
        [
          ['村名', '组', '时间'],
          ['青龙村', '一组', new Date(Date.UTC(1899, 11, 30, 8, 30))],
          [null, '二组', new Date(Date.UTC(1899, 11, 30, 14, 5, 30))],
          ['白岩村', '一组', new Date(Date.UTC(1899, 11, 30, 9, 0))],
        ],
        // 白岩村 merged down over a row that holds nothing else: it must not become a third village
        { merges: ['A2:A3', 'A4:A5'], numFmt: { C2: 'hh:mm', C3: 'hh:mm:ss', C4: 'hh:mm' } },
      ),
      'data/members.yaml': anchors,
      'data/u16le.csv': utf16('村名,人口\r\n青龙村,1536\r\n', true),
      'data/u16be.csv': utf16('村名,人口\r\n白岩村,1288\r\n', true, true),
      'data/u16nobom.csv': utf16('name,人口\r\n龙潭村,962\r\n', false),
      'data/tabs.csv': utf16('村名\t人口\r\n青龙村\t1536\r\n', true),
    }));
  }, 60_000);

  it('no errors and no GBK notice for UTF-16 files', () => {
    expect(lines.filter((l) => l.startsWith('E ') || l.includes('GBK'))).toEqual([]);
  });

  it('a list reusing one anchor 150 times loads (item 10)', () => {
    const members = (report.workspace?.data['members'] as { members: unknown[] }).members;
    expect(members).toHaveLength(150);
    expect(members[149]).toEqual({ 职务: '村委委员', 任期: '三年' });
  });

  it('UTF-16 LE/BE with a BOM, LE without one, and tab-separated Unicode text (item 17)', () => {
    const d = report.workspace?.data ?? {};
    expect([d['u16le'], d['u16be'], d['u16nobom'], d['tabs']]).toEqual([[{ 村名: '青龙村', 人口: 1536 }], [{ 村名: '白岩村', 人口: 1288 }], [{ name: '龙潭村', 人口: 962 }], [{ 村名: '青龙村', 人口: 1536 }]]);
  });

  it('XLSX: merged-down cells make no extra row or document; time-only cells print as times (item 15)', () => {
    expect(report.workspace?.data['villages']).toEqual([
      { 村名: '青龙村', 组: '一组', 时间: '08:30' },
      { 村名: '青龙村', 组: '二组', 时间: '14:05:30' },
      { 村名: '白岩村', 组: '一组', 时间: '09:00' },
    ]);
    expect(report.plan?.volumes[0]?.documents.map((d) => d.fileStem)).toEqual(['01-责任书-青龙村', '02-责任书-青龙村（2）', '03-责任书-白岩村']);
  });

  it('readCsv keeps the good rows of a mixed file as UTF-8', () => {
    const r = readCsv(new Uint8Array(Buffer.concat([Buffer.from('村名\n青龙村\n'), iconv.encode('白岩村\n', 'gbk'), Buffer.from('龙潭村\n')])), 'data/m.csv');
    expect(r.rows?.map((x) => x['村名'])).toEqual(['青龙村', expect.any(String), '龙潭村']);
  });
});

describe('rows of a workbook kept in the parse cache', () => {
  it('still name their sheet row in messages (a blank row 3: 白岩村 is row 4)', async () => {
    const dir = makeWorkspace({
      'dossier.yaml': DOSSIER,
      'catalog/test.yaml': CATALOG('      - title: 合计\n        template: 合计\n'),
      'templates/合计.md.hbs': '---\nkind: 通知\ntitle: 合计\ndate: 2025-01-15\n---\n合计{{sum data.villages "人口"}}人\n',
      'data/villages.xlsx': await xlsxOf([['村名', '人口', '户数'], ['青龙村', 1536, 402], [null, null, null], ['白岩村', 1288, null]]),
    });
    expect((await build(dir)).ok).toBe(true);
    expect(readFileSync(path.join(dir, 'out/.dossier/parsed.json'), 'utf8')).toContain('"xlsx:');
    writeFileSync(path.join(dir, 'templates/合计.md.hbs'), '---\nkind: 通知\ntitle: 合计\ndate: 2025-01-15\n---\n合计{{sum data.villages "户数"}}户\n');
    const r = await prepare(dir);
    expect(r.diagnostics.map(line)).toEqual(['E templates/合计.md.hbs:6:3 sum：data/villages.xlsx 第 4 行（白岩村）的“户数”是空的']);
  });
});

describe('an XLSX with all 1,048,576 rows formatted (item 9)', () => {
  const ROOT = path.resolve(import.meta.dirname, '../..');
  it('is checked by the installed CLI within a 384 MB heap, stopping at the last row that holds a value', async () => {
    const dir = makeWorkspace({
      'dossier.yaml': DOSSIER,
      'catalog/test.yaml': REGISTER,
      'data/villages.xlsx': await xlsxOf([['村名', '人口'], ['青龙村', 1536], ['白岩村', 1288]], { sheetXml: formatEveryRow }),
    });
    const r = spawnSync(process.execPath, ['--max-old-space-size=384', path.join(ROOT, 'bin', 'dossier.js'), 'check', dir], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('ZH 综合资料卷：1 件，齐全 1/1 项');
    expect(r.status).toBe(0);
  }, 90_000);
});
