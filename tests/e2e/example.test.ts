//! The bundled example (examples/澧源镇, also the 乡镇 scaffold) read as an inspector reads it (issue 19):
//! the township and each of its villages check without an error and without a 文号 warning; the year's
//! 通报 ranks every village of villages.csv with scores that agree with the computed 目标完成情况表; the
//! 分工通知 names exactly the villages of villages.csv; the counts written in the 总结 and 情况简介 are the
//! counts of the registers and statistics they cite. Load, plan and render only (nothing is written).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildReport } from '../../src/build/build.js';
import { checkAll } from '../../src/build/units.js';
import type { Block, Document, TableCell } from '../../src/model/types.js';
import { line } from '../helpers/diagnose.js';
import { modelStrings } from '../helpers/docx-model-text.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/澧源镇');
const csv = (rel: string): Record<string, string>[] => {
  const [head, ...rows] = readFileSync(path.join(EXAMPLE, rel), 'utf8').trim().split('\n');
  const keys = (head ?? '').split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [keys[i] ?? '', v])));
};
const villages = csv('data/villages.csv');
const names = villages.map((v) => v['村名'] ?? '');

const units = new Map<string, BuildReport>();
let top: BuildReport;
beforeAll(async () => {
  const r = await checkAll(EXAMPLE, (u) => units.set(u.path.join('/'), u.report));
  if (!r.top) throw new Error('no township report');
  top = r.top;
}, 180_000);

const doc = (r: BuildReport, title: string): Document => {
  const d = r.rendered.find((x) => x.document.meta.title === title)?.document;
  if (!d) throw new Error(`no document “${title}” (${r.rendered.map((x) => x.document.meta.title).join('、')})`);
  return d;
};
const text = (d: Document): string => modelStrings(d).join('');
const cellText = (c: TableCell): string => c.content.map((i) => (i.t === 'text' ? i.text : '')).join('');
const tableOf = (d: Document): string[][] => {
  const t = d.blocks.find((b): b is Extract<Block, { t: 'table' }> => b.t === 'table');
  return (t?.rows ?? []).map((r) => r.map(cellText));
};

describe('the example township and its villages', () => {
  it('check without an error, and without a duplicate, out-of-order or skipped 文号', () => {
    expect([...units.keys()]).toEqual(names);
    for (const [name, r] of [['澧源镇', top] as const, ...units]) {
      expect(r.diagnostics.filter((d) => d.severity === 'error').map(line), name).toEqual([]);
      expect(r.diagnostics.filter((d) => d.code.startsWith('docnumber')).map(line), name).toEqual([]);
    }
    // the party committee's 澧发 1–3, the government’s 澧政发 1–20, the 征收决定书 of the case files 1–2,
    // each in 成文日期 order
    expect(top.issued?.map((e) => e.number)).toEqual([
      ...[1, 2, 3].map((n) => `澧发〔2025〕${n}号`),
      ...Array.from({ length: 20 }, (_, i) => `澧政发〔2025〕${i + 1}号`),
      ...[1, 2].map((n) => `澧计征决〔2025〕${n}号`),
    ]);
  });

  it('the year’s 通报 ranks every village, and its scores agree with the computed 目标完成情况表', () => {
    const ranking = tableOf(doc(top, '关于2025年度人口和计划生育工作考核结果的通报'));
    expect(ranking.map((r) => r[1]).sort()).toEqual([...names].sort());
    const computed = new Map(
      top.rendered
        .filter((x) => x.planned.kind === 'template' && x.planned.template === '目标完成情况表' && x.planned.rowName)
        .map((x) => [x.planned.kind === 'template' ? x.planned.rowName : '', Number(tableOf(x.document).at(-1)?.at(-1))]),
    );
    let last = Infinity;
    ranking.forEach(([rank, name, score, grade], i) => {
      const s = Number(score);
      expect(Number(rank)).toBe(i + 1);
      expect(s).toBeLessThanOrEqual(last);
      last = s;
      // the 通报's score = the computed score (70 points of quantified targets) + the on-site points (at most 30)
      const c = computed.get(name ?? '') ?? NaN;
      expect(s - c, `${name}: 通报 ${s}, 计算 ${c}`).toBeGreaterThanOrEqual(0);
      expect(s - c, `${name}: 通报 ${s}, 计算 ${c}`).toBeLessThanOrEqual(30);
      // 考核方案: 90 分以上一类，70 分以下三类
      expect(grade, name).toBe(s >= 90 ? '一类' : s <= 70 ? '三类' : '二类');
    });
    // a village ranked above another never has the lower computed score by more than the on-site points allow
    const order = ranking.map((r) => computed.get(r[1] ?? '') ?? 0);
    for (let i = 0; i < order.length; i++) for (let j = i + 1; j < order.length; j++) expect((order[j] as number) - (order[i] as number)).toBeLessThanOrEqual(30);
  });

  it('the 分工通知 names exactly the villages of villages.csv', () => {
    const rows = tableOf(doc(top, '关于镇领导包片、干部包村包重点“环孕情监测”对象工作分工的通知'));
    expect(rows.map((r) => r.find((c) => names.includes(c))).sort()).toEqual([...names].sort());
  });

  it('the township’s 总结 count what its registers hold', () => {
    expect(text(doc(top, '澧源镇2025年上半年人口和计划生育工作总结'))).toContain(`审批发放二孩生育证${csv('data/certificates.csv').length}份`);
    expect(text(doc(top, '澧源镇2025年计划生育便民维权活动总结'))).toContain(`登记群众来信来访${csv('data/petitions.csv').length}件`);
    expect(text(doc(top, '澧源镇计划生育协会2025年工作总结'))).toContain(`帮扶计生困难家庭${csv('data/poor.csv').length}户`);
  });

  it('each village’s 总结 and 情况简介 count what its registers and statistics hold', () => {
    const stats = new Map(csv('data/villageStats.csv').map((r) => [r['村名'], r]));
    const births = csv('data/firstBirths.csv');
    for (const v of villages) {
      const name = v['村名'] ?? '';
      const r = units.get(name) as BuildReport;
      const s = stats.get(name) ?? {};
      const year = text(doc(r, `${name}2025年人口和计划生育工作总结`));
      expect(year, name).toContain(`全年出生${s['出生']}人，其中政策内出生${s['政策内出生']}人`);
      const materials = csv(`村/${name}/data/materials.csv`).reduce((n, m) => n + Number(m['数量']), 0);
      expect(year, name).toContain(`发放宣传品${materials}份`);
      const half = births.filter((b) => b['村名'] === name && (b['登记日期'] ?? '') < '2025-07-01').length;
      expect(text(doc(r, `${name}2025年上半年人口和计划生育工作总结`)), name).toContain(`办理一孩生育登记${half}人`);
      expect(text(doc(r, `${name}人口计划生育工作情况简介`)), name).toContain(`${v['户数']}户、${v['人口']}人，其中育龄妇女${v['育龄妇女']}人、已婚育龄妇女${s['已婚育龄妇女']}人`);
    }
  });
});

describe('the sample scans bundled with the example and the scaffolds (QA minor 14)', () => {
  const ROOT = path.resolve(import.meta.dirname, '../..');
  const scans = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? scans(path.join(dir, e.name)) : e.name.endsWith('.pdf') && dir.includes(`${path.sep}attachments`) ? [path.join(dir, e.name)] : []));
  const files = [...scans(path.join(ROOT, 'examples')), ...scans(path.join(ROOT, 'scaffold'))];

  it('are Chinese pages titled as their file, marked as samples — no English left', () => {
    expect(files.length).toBeGreaterThanOrEqual(13);
    for (const f of files) {
      const t = execFileSync('pdftotext', [f, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(t, f).toContain(path.basename(f, '.pdf'));
      expect(t, f).toContain('（示例扫描件）');
      expect(t.replace(/PDF|JPG/g, ''), f).not.toMatch(/[A-Za-z]{3,}/);
    }
  });
});
