// dossier init --catalog <level> && dossier build, for each of the three levels, through the CLI in-process:
// the scaffold is complete (data, attachments/ tree, 使用说明.md), the build succeeds, and the 缺件清单
// (HTML, MD, console) lists exactly the attach items without files, with partial items and progress.
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import YAML from 'yaml';
import { main } from '../../src/cli/main.js';
import { CatalogSchema } from '../../src/schema/catalog.js';
import { readXlsx } from '../../src/workspace/readers/xlsx.js';
import { readPdfText } from '../helpers/pdf-read.js';
import { dropVillages } from '../helpers/workspace.js';

const ROOT = path.resolve(__dirname, '../..');

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

/** Per level: a register made from the .xlsx init scaffolds, and words its PDF must show (header and example row). */
const CASES = [
  { level: '乡镇计生办', unit: '澧源镇人民政府', partial: '乡镇与村签订的目标管理责任书（签字盖章件）——已有 2/', register: 'LD-流动人口管理卷/02-全员流入人口计划生育清理清查登记表.pdf', words: ['全员流入人口计划生育清理清查登记表', '婚育证明编号', '430721199203150026'] },
  { level: '计生服务站', unit: '澧源镇计划生育服务站', partial: '服务站与村服务室签订的计划生育目标责任书——已有 1/4，缺：白岩村、茶园村、河口社区', register: 'HY-环孕情监测卷/04-第三季度环孕情监测汇总表.pdf', words: ['第三季度环孕情监测汇总表', '应监测人数', '青龙村'] },
  { level: '村级', unit: '澧源镇青龙村村民委员会', partial: undefined, register: 'KJ-科技资料卷/01-“环孕情监测”登记册.pdf', words: ['“环孕情监测”登记册', '第四季度', '张某某'] },
] as const;

/**
 * The 服务站's example rows read as a real register would (QA minor 4): its township's 服务站 and 卫生院 by
 * name, no complication or case where the row says 无, machines by the piece, a birth after the 生育证 —
 * and the 缺件清单 says which registers still hold only the examples.
 */
async function sampleRowsReadTrue(dir: string, md: string): Promise<void> {
  const rows: Record<string, unknown>[] = [];
  for (const f of readdirSync(path.join(dir, 'data')).filter((n) => n.endsWith('.xlsx'))) {
    const r = await readXlsx(new Uint8Array(readFileSync(path.join(dir, 'data', f))), `data/${f}`);
    for (const sh of r.sheets ?? []) rows.push(...sh.rows);
  }
  const cells = rows.flatMap((r) => Object.values(r).map(String));
  expect(cells.filter((v) => /计生服务站(计划生育服务站|卫生院)/.test(v))).toEqual([]);
  expect(cells).toContain('澧源镇计划生育服务站');
  expect(cells).toContain('澧源镇卫生院');
  const withCols = (...cols: string[]) => rows.filter((r) => cols.every((c) => c in r));
  const complications = withCols('并发症类别', '并发症例数');
  expect(complications.length).toBeGreaterThan(0);
  for (const r of complications) expect(r['并发症类别'] === '无').toBe(r['并发症例数'] === 0);
  const inspections = withCols('发现问题', '查处案件');
  expect(inspections.length).toBeGreaterThan(0);
  for (const r of inspections) expect(r['发现问题'] === '无').toBe(r['查处案件'] === 0);
  const machines = withCols('设备名称', '数量');
  expect(machines.length).toBeGreaterThan(0);
  for (const r of machines) expect(r['数量'] as number).toBeLessThanOrEqual(2);
  const births = withCols('发证日期', '分娩日期');
  expect(births.length).toBeGreaterThan(0);
  for (const r of births) expect(String(r['分娩日期']) > String(r['发证日期'])).toBe(true);
  // the 缺件清单: a register of examples only is 部分缺, naming the file to fill in
  const row = md.split('\n').find((l) => l.includes('| 计划生育手术并发症统计表 |')) ?? '';
  expect(row).toContain('| 部分缺 |');
  expect(row).toContain('只有 dossier init 写入的 3 行示例数据：请在 data/手术并发症统计.xlsx 中换成本单位的实际登记');
}

describe('init + build for every level', () => {
  for (const c of CASES) {
    it(`${c.level}: scaffold, check, build and the 缺件清单`, async () => {
      const dir = path.join(mkdtempSync(path.join(tmpdir(), 'dossier-level-')), c.level);
      expect(await main(['init', dir, '--catalog', c.level])).toBe(0);
      expect(readFileSync(path.join(dir, 'dossier.yaml'), 'utf8')).toMatch(new RegExp(`^catalog: ${c.level}`, 'm'));
      const guide = readFileSync(path.join(dir, '使用说明.md'), 'utf8');
      expect(guide).toContain('虚构');

      // the attachments/ tree: one folder per attach item, named in 使用说明.md
      const cat = CatalogSchema.parse(YAML.parse(readFileSync(path.join(ROOT, 'catalog', `${c.level}.yaml`), 'utf8')));
      const attachItems = cat.volumes.flatMap((v) => v.items.filter((i) => i.attach !== undefined).map((i) => ({ v, i })));
      const scanOnly = attachItems.filter(({ i }) => i.table === undefined);
      for (const { i } of attachItems) {
        const folder = String(i.attach).replace(/\/\*.*$/, '');
        expect(statSync(path.join(dir, 'attachments', folder)).isDirectory(), folder).toBe(true);
        expect(guide).toContain(`attachments/${folder}/`);
      }
      // the township alone: its villages' dossiers are tested in tests/build/units.test.ts and tests/e2e/example.test.ts
      if (c.level === '乡镇计生办') dropVillages(dir);
      const empty = scanOnly
        .filter(({ i }) => i.required && fg.sync(String(i.attach), { cwd: path.join(dir, 'attachments'), onlyFiles: true }).length === 0)
        .map(({ i }) => i.title);

      // check: exit 1, every empty attach item listed, the partial one too
      out = '';
      expect(await main(['check', dir])).toBe(1);
      expect(err).toBe('');
      const missingLines = out.split('\n').filter((l) => l.startsWith('  缺：')).map((l) => l.slice(4).split('——')[0]);
      expect(missingLines.sort()).toEqual([...empty].sort());
      expect(out).toContain(`缺件清单：${c.unit} 2025 年度`);
      expect(out).toMatch(/总进度 \d+%/);
      if (c.partial) expect(out).toContain(`  部分缺：${c.partial}`);

      // build: one full build (PDF + DOCX) per level
      out = '';
      const t0 = performance.now();
      expect(await main(['build', dir])).toBe(0);
      const ms = performance.now() - t0;
      expect(err).not.toMatch(/错误/);
      const outDir = path.join(dir, 'out', '2025');
      const vols = readdirSync(outDir).filter((f) => statSync(path.join(outDir, f)).isDirectory() && /^[A-Z]+-/.test(f));
      expect(vols.length).toBeGreaterThan(0);
      // every volume has documents (服务站's 避孕节育卷 and 环孕情监测卷 were empty shells before its registers)
      expect(vols.length).toBe(cat.volumes.length);
      for (const v of vols) expect(readdirSync(path.join(outDir, v)).some((f) => f.endsWith('.pdf')), v).toBe(true);
      // a register made from the scaffolded spreadsheet, read back from its PDF
      const text = (await readPdfText(new Uint8Array(readFileSync(path.join(outDir, c.register))))).flatMap((p) => p.items.map((i) => i.text)).join('');
      for (const w of c.words) expect(text.replace(/\s+/g, ''), `${c.register}: ${w}`).toContain(w);

      const md = readFileSync(path.join(outDir, '缺件清单.md'), 'utf8');
      const html = readFileSync(path.join(outDir, '缺件清单.html'), 'utf8');
      const mdMissing = md.split('\n').filter((l) => /^\| \d+ \|.*\| 缺 \|/.test(l)).map((l) => l.split(' | ')[1]?.replace(/\\\|/g, '|'));
      expect(mdMissing.sort()).toEqual([...empty].sort());
      for (const v of cat.volumes) {
        expect(md).toMatch(new RegExp(`^## ${v.code} ${v.title}（.*进度 \\d+%）$`, 'm'));
        expect(html).toContain(`id="${v.code}"`);
      }
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).toContain('@media print');
      expect(html).not.toMatch(/<script|https?:\/\//);
      expect(html.match(/ st-missing"/g)?.length).toBe(empty.length);
      if (c.partial) expect(html).toContain('class="partial"');
      if (c.level === '计生服务站') await sampleRowsReadTrue(dir, md);
      console.info(`${c.level}: init + build ${(ms / 1000).toFixed(1)} s`);
    }, 120_000);
  }

  it('each level scaffolds from its own folder, and the example stays the 乡镇 demo', async () => {
    expect(existsSync(path.join(ROOT, 'examples/澧源镇/dossier.yaml'))).toBe(true);
    expect(readFileSync(path.join(ROOT, 'examples/澧源镇/dossier.yaml'), 'utf8')).toMatch(/^catalog: 乡镇计生办/m);
    expect(readFileSync(path.join(ROOT, 'scaffold/计生服务站/dossier.yaml'), 'utf8')).toMatch(/^catalog: 计生服务站/m);
    expect(readFileSync(path.join(ROOT, 'scaffold/村级/dossier.yaml'), 'utf8')).toMatch(/^catalog: 村级/m);
  });
});
