// dossier init <新> --from <旧>: next year's workspace from this year's 乡镇 workspace, through the CLI. It carries
// what the catalog marks `carry:` (files and data) and the cases still open, empties what it marks `yearly:`
// (registers keep their header, statistics keep their text and get last year's figures as 上年数), sets the year,
// lists it all, and leaves last year's workspace untouched; the new workspace checks without errors.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { prepare } from '../../src/build/build.js';
import { main } from '../../src/cli/main.js';
import { loadWorkspace } from '../../src/workspace/load.js';
import { hashTree } from '../helpers/tree.js';

let base = '';
let old = '';
let next = '';
let out = '';
let err = '';
let code = -1;
let oldTree: Record<string, string> = {};

async function run(args: string[]): Promise<number> {
  out = '';
  err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    return await main(args);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'dossier-from-'));
  old = path.join(base, '2025');
  next = path.join(base, '2026');
  expect(await run(['init', old, '--catalog', '乡镇计生办'])).toBe(0);
  oldTree = hashTree(old);
  code = await run(['init', next, '--from', old]);
}, 60_000);

afterAll(() => undefined);

const read = (dir: string, rel: string) => readFileSync(path.join(dir, rel), 'utf8');

describe('init --from', () => {
  it('sets the year and moves 立卷时间 to the new year, comments kept; last year stays as it was', () => {
    expect(code).toBe(0);
    expect(err).toBe('');
    const cfg = read(next, 'dossier.yaml');
    expect(cfg).toMatch(/^year: 2026 +# 年度$/m);
    expect(cfg).toMatch(/^date: 2026-12-30 +# 立卷时间/m);
    expect(read(old, 'dossier.yaml')).toMatch(/^year: 2025 /m);
    expect(hashTree(old)).toEqual(oldTree);
  });

  it('carries the carry: items — files and data — and the cases still open; leaves the rest of the attachments', () => {
    expect(readdirSync(path.join(next, 'attachments/综合资料卷/上级文件'))).toEqual(['县人口计生局关于做好2025年人口和计划生育工作的通知.pdf']);
    // the year's other material is not carried; its folders are there to fill
    expect(readdirSync(path.join(next, 'attachments/人口计划卷/半年报表'))).toEqual([]);
    expect(readdirSync(path.join(next, 'attachments/综合资料卷/乡镇与村责任书签字件'))).toEqual([]);
    // 往年持证未生育 and the 奖励扶助对象 stay as they were
    for (const f of ['data/unborn.csv', 'data/奖励扶助对象.xlsx', 'data/rules.yaml', 'data/villages.csv'])
      expect(readFileSync(path.join(next, f)).equals(readFileSync(path.join(old, f))), f).toBe(true);
    // 李某某's case is open (parts missing): its folder and its row come along; 王某某's (closed) do not
    expect(readdirSync(path.join(next, 'attachments/行政执法卷/社会抚养费征收案卷'))).toEqual(['李某某-2025-02']);
    expect(read(next, 'data/cases.csv').split(/\r?\n/).filter(Boolean).map((l) => l.split(',')[1])).toEqual(['当事人', '李某某']);
    const lines = out.split('\n');
    expect(lines).toContain('  综合资料卷 上级党委、政府、计生部门下发的综合指导性工作文件：1 个文件');
    expect(lines).toContain('  人口计划卷 往年持证未生育人员名单：data/unborn.csv 原样保留');
    expect(lines).toContain('  行政执法卷 社会抚养费征收案卷：1 案未办结（缺材料），带入：李某某案');
  });

  it('empties the yearly: data — registers keep their header, statistics their text, with last year as 上年数', async () => {
    const { workspace: ws, diagnostics } = await loadWorkspace(next);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    if (!ws) throw new Error('no workspace');
    for (const k of ['流入人口清查登记', 'newlyweds', 'certificates', 'villageStats', '环孕情监测汇总.第三季度', 'petitions']) expect(ws.data[k], k).toEqual([]);
    const stats = ws.data['stats'] as Record<string, unknown>;
    expect(stats['population']).toBeNull();
    expect((stats['births'] as Record<string, unknown>)['total']).toBeNull();
    expect(stats['previous']).toEqual({ fees: { due: 1200000, collected: 1062600 } });
    expect(read(next, 'data/stats.yaml')).toContain('# 全镇年度统计数据');
    // the header row is still there: a row typed under it makes the register again
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(next, 'data/流入人口清查登记.xlsx'));
    const sheet = wb.worksheets[0];
    const header = (sheet?.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['村名', '姓名', '性别', '出生年月', '身份证号', '婚姻状况', '现有子女数', '避孕节育措施', '户籍地', '现居住地址', '流入时间', '婚育证明编号', '联系电话']);
    expect(sheet?.actualRowCount).toBe(1);
    const lines = out.split('\n');
    expect(lines).toContain('  data/流入人口清查登记.xlsx：删除 3 行，表头保留（流动人口管理卷 全员流入人口计划生育清理清查登记表）');
    expect(lines).toContain('  data/环孕情监测汇总.xlsx 的“第三季度”工作表：删除 3 行，表头保留（科技资料卷 第三季度“环孕情监测登记”汇总登记表）');
    expect(lines).toContain('  data/stats.yaml：数字和日期 27 处已清空，上年数（previous）2 处已填入 2025 年的数，文字保留（综合资料卷 乡镇年度人口和计划生育工作总结）');
    expect(lines).toContain('  data/cases.csv：删除 1 行，保留 1 行，表头保留（行政执法卷 社会抚养费征收案卷，已办结的案件）');
  });

  it('lists the kept files that still say 2025, in the report file too', () => {
    const lines = out.split('\n');
    const at = lines.indexOf('需要更新（这些文件仍写着 2025 年）：');
    expect(at).toBeGreaterThan(0);
    expect(lines).toContain('  data/plans.yaml：第 5、7、8、23、24 行等 23 处仍写着 2025 年');
    // carried and emptied data are not in the list
    const refresh = lines.slice(at + 1).filter((l) => l.startsWith('  '));
    expect(refresh.some((l) => /unborn|stats\.yaml|流入人口清查登记/.test(l))).toBe(false);
    const md = read(next, '年度交接清单.md');
    expect(md).toMatch(/^# 2026 年度交接清单$/m);
    expect(md).toContain('- data/plans.yaml：第 5、7、8、23、24 行等 23 处仍写着 2025 年');
  });

  it('each village’s yearly data is emptied too (its own catalog’s yearly: items), its kept files listed (QA S3)', () => {
    const lines = out.split('\n');
    expect(read(next, '村/青龙村/data/materials.csv').replace(/^\ufeff/, '').split(/\r?\n/).filter(Boolean)).toEqual(['发放日期,宣传品名称,数量,发放对象,经手人']);
    expect(read(old, '村/青龙村/data/materials.csv').split(/\r?\n/).filter(Boolean).length).toBe(3);
    expect(lines).toContain('  村/青龙村/data/materials.csv：删除 2 行，表头保留（青龙村 宣传教育卷 计划生育宣传品发放登记册）');
    expect(lines.filter((l) => /^ {2}村\/.*materials\.csv：删除 2 行/.test(l))).toHaveLength(11);
    const refresh = '村/青龙村/：appointments.yaml 2 处、assignments.yaml 1 处、groups.yaml 7 处、guides.yaml 1 处、plans.yaml 7 处、profile.yaml 1 处、schemes.yaml 6 处、summaries.yaml 7 处仍写着 2025 年';
    expect(lines).toContain(`  ${refresh}`);
    expect(read(next, '年度交接清单.md')).toContain(`- ${refresh}`);
  });

  it('the new workspace checks without errors: what was emptied is listed as missing, with what to fill', async () => {
    expect(await run(['check', next])).toBe(1);
    // documents still dated last year are warned about, where the date is set, in the township and every village (QA S3)
    expect(err).not.toMatch(/^ {2}错误/m);
    expect(err).toContain('村/青龙村/data/plans.yaml（3 个问题）\n  警告 第 4 行：“青龙村2025年人口和计划生育工作安排”（综合资料卷第4件）成文日期是 2025年1月25日，不在本工作区的 2026 年度\n');
    expect(err).toContain('data/targets.yaml（1 个问题）\n  警告 第 5 行：“2026年人口和计划生育工作目标管理责任书”（综合资料卷第23、24、25、26、27、28、29、30、31、32、33件：青龙村、白岩村、茶园村、河口社区、石桥村、枫林村、桃源村、柳溪村、金竹村、云台村、松岗村，共 11 份）成文日期是 2025年2月10日，不在本工作区的 2026 年度\n');
    expect(err.match(/共 0 个错误，\d+ 个警告。/g)).toHaveLength(12);
    const lines = out.split('\n');
    expect(lines).toContain('  缺：乡镇计划生育统计总结——本年度数据还没有填写：把本年的数字填进 data/stats.yaml');
    expect(lines).toContain('  缺：全员流入人口计划生育清理清查登记表——还没有数据：把数据填进 data/流入人口清查登记.xlsx 或放入扫描件 attachments/流动人口管理卷/02流入人口清查登记表/');
    expect(out).toContain('缺件清单：澧源镇人民政府 2026 年度');
  });

  it('once this year is filled in, the 统计总结 gives 近二年征兑率 from this year and last year', async () => {
    const figures = read(old, 'data/stats.yaml').replace(/^date: .*$/m, 'date: 2026-12-20').replace(/due: 1200000/, 'due: 1000000').replace(/collected: 1062600/, 'collected: 900000').replace(/^previous:[\s\S]*$/m, '');
    writeFileSync(path.join(next, 'data/stats.yaml'), `${figures}previous:\n  fees:\n    due: 1200000\n    collected: 1062600\n`);
    const report = await prepare(next);
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const doc = report.rendered.find((r) => r.planned.title === '乡镇计划生育统计总结')?.document;
    const text = JSON.stringify(doc?.blocks ?? []);
    // (900000 + 1062600) / (1000000 + 1200000) = 89.209…%
    expect(text).toContain('当年社会抚养费征兑率90.00%，近二年社会抚养费征兑率89.21%');
    expect(text).toContain('2026年常住人口为23122人');
    // the carried-over case keeps its 2025 征收决定书, which stays out of the 2026 发文登记 (QA S3)
    expect(report.rendered.some((r) => r.document.meta.number === '澧计征决〔2025〕2号')).toBe(true);
    expect(report.issued?.map((e) => e.number)).not.toContain('澧计征决〔2025〕2号');
    expect(report.issued?.length).toBeGreaterThan(0);
  });

  it('refuses a folder in use, --catalog with --from, and a folder that is not a workspace', async () => {
    expect(await run(['init', next, '--from', old])).toBe(2);
    expect(err).toContain('用法错误：文件夹');
    expect(err).toContain('已存在且不是空的');
    expect(await run(['init', path.join(base, 'x'), '--from', old, '--catalog', '村级'])).toBe(2);
    expect(err).toBe('用法错误：--from 沿用去年工作区的目录，不能同时指定 --catalog。\n');
    expect(await run(['init', path.join(base, 'y'), '--from', base])).toBe(1);
    expect(err).toContain('工作区里没有 dossier.yaml');
    expect(existsSync(path.join(base, 'y'))).toBe(false);
  });
});
