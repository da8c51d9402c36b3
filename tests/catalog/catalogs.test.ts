// The built-in catalogs against the seed (000 第五篇): volumes, retention, item counts per volume with every
// split stated, the source kind of every item, and that every template exists and renders with the sample
// data `dossier init` gives each level (no PDF here: load, plan and render only).
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import YAML from 'yaml';
import { prepare, type BuildReport } from '../../src/build/build.js';
import { initWorkspace } from '../../src/cli/commands/init.js';
import { HELPERS } from '../../src/render/helpers/index.js';
import { CatalogSchema, type Catalog } from '../../src/schema/catalog.js';
import { resolveDataPath } from '../../src/util/data-path.js';

const ROOT = path.resolve(__dirname, '../..');
const LEVELS = ['乡镇计生办', '计生服务站', '村级'] as const;
type Level = (typeof LEVELS)[number];

/**
 * Items other modules add to our catalogs; they are not seed items and are not counted: the 目标责任书 module's
 * tables, the 统计总结 (004 第一篇) and the 独生子女父母光荣证 register (issue 21).
 */
const NOT_SEED_TEMPLATES = new Set(['目标完成情况表', '目标责任书-计分', '统计总结']);
const NOT_SEED_TABLES = new Set(['光荣证发放', '发文登记']); // 发文登记: made from the documents themselves (issue 19)
const isSeedItem = (i: Catalog['volumes'][number]['items'][number]): boolean => !NOT_SEED_TEMPLATES.has(i.template ?? '') && !NOT_SEED_TABLES.has(i.table ?? '');

function load(name: string): Catalog {
  return CatalogSchema.parse(YAML.parse(readFileSync(path.join(ROOT, 'catalog', `${name}.yaml`), 'utf8')));
}

/**
 * Expected volumes: [code, 卷名, 保管期限, items]. The item count is the seed's list after these splits
 * (a clerk files each part separately, and the 缺件清单 can then say which part is missing):
 */
const EXPECTED: Record<Level, [string, string, string, number][]> = {
  // 乡镇计生办 — seed 三、案卷资料要求 1—11.
  // ZH 37: ⑴①1; ⑴② A–J = 10 things → 17 items + 实施意见 (the seed's 凉委发 example, a 综合指导性文件 of ②):
  //   D “年、半年安排、总结” → 年度工作要点(印发通知)/下半年安排/上半年总结/年度总结 (4);
  //   H “综合治理活动安排及领导小组” → 领导小组 + 安排 (2); I, J “领导小组及实施意见” → 2 + 2;
  //   ⑴③ 情况简介 1, ④ 村级上报 1; ⑵ 汇编 1; ⑶ 三种花名册 3; ⑷ 责任书: 区与乡镇 / 计生局与计生办 /
  //   乡镇与计生办 / 乡镇与村(生成, 每村一份) + 乡镇与村签字盖章件 (5); ⑸ “必须见到”的八类 8.
  // RK 17: 12 seed items; ⑵ 半年/年终报表 → 2; ⑷ 审批文件/转发文件 → 2; ⑻ 考核方案/上半年/全年结果通报 → 3;
  //   ⑾ 登记册/跟踪服务卡 → 2.
  // KJ 17: 10 seed items; ⑴ “四季度”环孕情监测工作安排 and ⑵ 汇总登记表 are quarterly — one per quarter (4 + 4);
  //   ⑶ 已婚育龄妇女名单/重点管理对象名单 → 2.
  // JL 20: item 1 “14项政策各下发的文件” → one item per policy (14); item 2 申请资料/申报表册 (奖励扶助对象) → 2;
  //   items 3–6.
  // XJ 12: 9 seed items; ⑵ 领导小组/实施方案, ⑺ 登记册/底稿, ⑼ 培训计划/点名登记册 → 2 each.
  // XX 5. XN 9: 7 seed items; ⑶ 示范村档卡/示范户档卡/登记册 → 3.
  // JF 9: ⑴ ①–④ → 4; ⑵ ⑶ ⑷ 1 each; ⑸ 明细账/原始凭证 → 2.
  // ZF 16: ⑴ 文件 + 组织机构 依法行政/便民维权/信访 领导小组 → 4; ⑵ 管理办法/公开栏/维权方案/维权总结/一法五规 → 5;
  //   ⑶ 社会抚养费征收案卷 (case files) 1; ⑷ 登记册/查结资料 (case files) → 2;
  //   ⑸ 领导机构/实施方案/调查登记表册/开展情况和总结 → 4.
  // LD 25: 21 seed items; (11) 登记册/申请表或介绍信存根 → 2; (15) 两种统计表 → 2; (18) 三种责任书、合同书 → 3.
  // XH 20: ⑴ 实施方案 1, ① 协会机构/三结合领导小组 2, ② 上级要点/乡镇要点/总结 3, ③ 5·29 安排/总结 2,
  //   ④ 三结合安排/总结 2; ⑵–⑹ 5; ⑺ 各村登记表/统计汇总表 2; ⑻ 1; ⑼ 章程/合同样式 2.
  乡镇计生办: [
    ['ZH', '综合资料卷', '永久', 37],
    ['RK', '人口计划卷', '30年', 17],
    ['KJ', '科技资料卷', '30年', 17],
    ['JL', '奖励优惠政策卷', '永久', 20],
    ['XJ', '宣传教育卷', '10年', 12],
    ['XX', '信息化建设卷', '10年', 5],
    ['XN', '新农村新家庭建设卷', '30年', 9],
    ['JF', '计生经费卷', '永久', 9],
    ['ZF', '行政执法卷', '30年', 16],
    ['LD', '流动人口管理卷', '30年', 25],
    ['XH', '协会工作卷', '30年', 20],
  ],
  // 计生服务站 — seed 四、档案资料 5、卷名 ①—⑧.
  // ZH 15: 1 “五类文件” → 三大工程方案/定点接生/打击两非/母亲健康工程方案/优生促进工程方案/科技大练兵安排 (6);
  //   2 1; 3 乡镇与服务站/服务站与村服务室(每村一份) → 2; 4–9 6.
  // XJ 6: 1; 2 教案/教学计划/教材/宣传资料/点名册 → 5. KB 6. YZ 11: 8 seed items; 1 手术/药具报表 → 2;
  //   2 三种“三大工程”表册 → 3. SZ 4. BY 4: 3 票据存根/孕情环情监测服务存根 → 2. YS 6.
  // HY 7: 2 登记册 + 汇总表 per quarter (4) → 5.
  计生服务站: [
    ['ZH', '综合卷', '永久', 15],
    ['XJ', '宣传教育卷', '10年', 6],
    ['KB', '科技报表卷', '30年', 6],
    ['YZ', '优质服务卷', '30年', 11],
    ['SZ', '生殖健康卷', '30年', 4],
    ['BY', '避孕节育卷', '30年', 4],
    ['YS', '优生促进工程卷', '30年', 6],
    ['HY', '环孕情监测卷', '30年', 7],
  ],
  // 村级 — seed 二、（三）案卷资料 1—8.
  // ZH 23: ①1; ② A B C 3, D 年度/下半年安排、上半年/年度总结 4, E 1, F 1, G 半年/年终考核文件 2,
  //   H 领导小组/安排 2; ③ 1; ④ A 学习记录 1, B 会议记录 1, C 汇编 1, D 四种花名册 4, E 责任书 1.
  // RK 10. KJ 14: 10 seed items; ⑵ 两种名单 → 2; ⑶ 三种“三大工程”表册 → 3; ⑸ 机构/实施方案 → 2.
  // JL 20: as 乡镇 (⑾ 城市独生子女父母补助金 “农村不落实”: required: false). XJ 6. XN 7: ⑶ 档卡×2/登记册 → 3.
  // LD 26: 21 seed items; (15) → 2; (18) → 3; (21) 乡上文件/清理清查文件/四类管理制度 → 3.
  // XH 16: ⑴ 实施方案 1, ⑤ 2, ⑥ 1, ⑦ 安排/总结 2; ⑵–⑹ 5; ⑺ 登记表/汇总表 2; ⑻ 1; ⑼ 章程/合同 2.
  村级: [
    ['ZH', '综合资料卷', '永久', 23],
    ['RK', '人口计划卷', '30年', 10],
    ['KJ', '科技资料卷', '30年', 14],
    ['JL', '奖励优惠政策卷', '永久', 20],
    ['XJ', '宣传教育卷', '10年', 6],
    ['XN', '新农村新家庭建设卷', '30年', 7],
    ['LD', '流动人口管理卷', '30年', 26],
    ['XH', '协会工作卷', '30年', 16],
  ],
};

/** Every template of the library named in issue 7 (目标责任书* belong to the 责任书 module). */
const LIBRARY = ['领导小组', '实施意见', '实施方案', '通知', '印发通知', '工作安排', '工作总结', '分工通知', '聘任文件', '考核方案', '考核结果通报', '须知', '制度汇编', '情况简介'];

/** The 领导小组 family required at each level, by `data:` path. */
const GROUPS: Record<Level, string[]> = {
  乡镇计生办: ['groups.leading', 'groups.association', 'groups.sanjiehe', 'groups.xinnongcun', 'groups.guanai', 'groups.liangfei', 'groups.zonghe'],
  计生服务站: [],
  村级: ['groups.leading', 'groups.association', 'groups.sanjiehe', 'groups.xinnongcun', 'groups.liangfei', 'groups.zonghe'],
};

/**
 * Items per source, before issue 21 (main at de92e0f: registers were mostly scans) and now:
 * [generated (template), register (table, scans allowed as the alternative), case files, scan-only (attach)].
 */
const SOURCES: Record<Level, { before: [number, number, number, number]; after: [number, number, number, number] }> = {
  乡镇计生办: { before: [52, 14, 0, 115], after: [58, 51, 2, 81] },
  计生服务站: { before: [8, 3, 0, 45], after: [8, 33, 0, 18] },
  村级: { before: [25, 11, 0, 85], after: [25, 41, 0, 56] },
};

/** A title that names a register, a list or a statistical form (登记册, 花名册, 台账, 登记表, 统计表, 报表 …). */
const REGISTER_TITLE = /登记册|花名册|台账|登记表|统计表|报表|汇总表|名单|摸底表|档案/;
/** Register-like titles that are not kept as a table, and why. */
const NOT_A_FORM: Record<string, string> = {
  '实行定点接生的文件（指定医院名单）': 'a document of the township naming the hospitals, filed as received',
};

/** Register data sheets each level's init writes as .xlsx (the rest of its registers ship as CSV/YAML samples). */
// (乡镇: firstBirths and newlyweds ship as CSV with the example's villages, whose own dossiers read them — issue 19)
const SCAFFOLDED_SHEETS: Record<Level, number> = { 乡镇计生办: 34, 计生服务站: 30, 村级: 30 };

describe('registers: a form for every register item', () => {
  for (const level of LEVELS) {
    it(`${level}: generated / register / case files / scan-only ${SOURCES[level].before.join(' / ')} → ${SOURCES[level].after.join(' / ')}`, () => {
      // (the 发文登记 register, issue 19, is made from the documents themselves: not one of these)
      const items = load(level).volumes.flatMap((v) => v.items).filter((i) => i.table !== '发文登记');
      const count = (f: (i: (typeof items)[number]) => boolean) => items.filter(f).length;
      expect([count((i) => i.template !== undefined), count((i) => i.table !== undefined), count((i) => i.cases !== undefined), count((i) => i.attach !== undefined && i.table === undefined)]).toEqual(SOURCES[level].after);
    });

    it(`${level}: no register item is left scan-only; every register names its columns`, () => {
      const cat = load(level);
      const scanOnly: string[] = [];
      for (const v of cat.volumes)
        for (const i of v.items) {
          if (i.table !== undefined) expect(i.columns, `${v.code} ${i.title}: the form's columns`).toBeDefined();
          if (!REGISTER_TITLE.test(i.title) || NOT_A_FORM[i.title]) continue;
          if (i.table === undefined) scanOnly.push(`${v.code} ${i.title}`);
        }
      expect(scanOnly).toEqual([]);
    });
  }

  it('quarterly 环孕情监测: four 安排 and four 汇总表 (乡镇), four 汇总表 (服务站), one sheet per quarter', () => {
    const quarters = ['第一季度', '第二季度', '第三季度', '第四季度'];
    const xz = load('乡镇计生办').volumes.find((v) => v.code === 'KJ')?.items ?? [];
    expect(xz.filter((i) => i.template === '工作安排' && /环孕情监测工作安排$/.test(i.title)).map((i) => i.title.slice(0, 4))).toEqual(quarters);
    expect(xz.filter((i) => i.table?.startsWith('环孕情监测汇总.')).map((i) => i.table)).toEqual(quarters.map((q) => `环孕情监测汇总.${q}`));
    const fwz = load('计生服务站').volumes.find((v) => v.code === 'HY')?.items ?? [];
    expect(fwz.filter((i) => i.table?.startsWith('环孕情监测汇总.')).map((i) => i.title)).toEqual(quarters.map((q) => `${q}环孕情监测汇总表`));
  });

  it('行政执法卷: case files for 社会抚养费 (generated parts) and 信访, and the 便民维权 and 信访 bodies', () => {
    const zf = load('乡镇计生办').volumes.find((v) => v.code === 'ZF')?.items ?? [];
    expect(zf.filter((i) => i.template === '领导小组').map((i) => i.data)).toEqual(['groups.law', 'groups.weiquan', 'groups.xinfang', 'groups.chengzhen']);
    const fee = zf.find((i) => i.title === '社会抚养费征收案卷')?.cases;
    expect(fee?.parts.map((p) => (typeof p === 'string' ? p : `${p.title}${p.template ? `←${p.template}` : ''}`))).toEqual([
      '立案审批表←立案审批表',
      '有关证据资料',
      '询问笔录',
      '证人笔录',
      '征收决定书←征收决定书',
      '送达回证←送达回证',
      '社会抚养费征收票据（复印件）',
      '结案报告←结案报告',
    ]);
    expect(zf.find((i) => i.title === '信访案件查结资料')?.cases?.folder).toBe('行政执法卷/信访案件查结/');
  });
});

describe('catalogs against the seed', () => {
  for (const level of LEVELS) {
    it(`${level}: volumes, retention and item counts per volume`, () => {
      const cat = load(level);
      const got = cat.volumes.map((v) => [v.code, v.title, v.retention, v.items.filter(isSeedItem).length]);
      expect(got).toEqual(EXPECTED[level]);
    });

    it(`${level}: every item has a sensible source — template exists, attach has its own folder, table names data`, () => {
      const cat = load(level);
      const folders = new Map<string, string>();
      for (const v of cat.volumes)
        for (const item of v.items) {
          if (item.template) expect(existsSync(path.join(ROOT, 'templates', `${item.template}.md.hbs`)), `${v.code} ${item.title}: ${item.template}`).toBe(true);
          if (item.attach !== undefined) {
            const globs = typeof item.attach === 'string' ? [item.attach] : item.attach;
            for (const g of globs) {
              expect(g.startsWith(`${v.title}/`), `${item.title}: ${g} lies in the volume's folder`).toBe(true);
              const folder = g.replace(/\/\*.*$/, '');
              expect(folders.get(folder), `folder ${folder} is used by one item only`).toBeUndefined();
              folders.set(folder, item.title);
            }
          }
          // registers (登记册/花名册) the office keeps itself are tables; a title naming a 花名册 is never a template
          if (/花名册/.test(item.title)) expect(item.template, item.title).toBeUndefined();
        }
    });

    it(`${level}: seed facts are built in — the 领导小组 family is generated from data`, () => {
      const cat = load(level);
      const groups = cat.volumes.flatMap((v) => v.items).filter((i) => i.template === '领导小组').map((i) => i.data);
      for (const g of GROUPS[level]) expect(groups).toContain(g);
    });
  }

  it('the template library of issue 7 exists', () => {
    for (const t of LIBRARY) expect(existsSync(path.join(ROOT, 'templates', `${t}.md.hbs`)), t).toBe(true);
    const used = new Set(LEVELS.flatMap((l) => load(l).volumes.flatMap((v) => v.items.map((i) => i.template)).filter(Boolean)));
    for (const t of LIBRARY) expect(used.has(t), `${t} is used by a catalog`).toBe(true);
  });

  it('templates carry the 公文 elements: kind, issuer, title and date; 文号 only with 〔〕', () => {
    for (const t of LIBRARY) {
      const text = readFileSync(path.join(ROOT, 'templates', `${t}.md.hbs`), 'utf8');
      const fm = text.split('\n---')[0] ?? '';
      for (const key of ['kind:', 'issuer:', 'title:', 'date:']) expect(fm, `${t} ${key}`).toContain(key);
      const number = /^number:.*$/m.exec(fm)?.[0];
      if (number) expect(number, t).toContain('〔{{year}}〕');
      if (/^header: true/m.test(fm)) expect(fm, `${t}: a 版头 document has 主送`).toMatch(/^to:/m);
      // a bare {{name}} that is also a helper's name would call the helper instead of printing the data
      for (const m of text.matchAll(/\{\{([A-Za-z_]+)\}\}/g)) expect(Object.keys(HELPERS), `${t}: {{${m[1]}}}`).not.toContain(m[1]);
    }
  });
});

describe('every level renders with its init sample data', () => {
  const dirs = {} as Record<Level, string>;
  const reports = {} as Record<Level, BuildReport>;
  beforeAll(async () => {
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const base = mkdtempSync(path.join(tmpdir(), 'dossier-catalog-'));
    for (const level of LEVELS) {
      dirs[level] = path.join(base, level);
      expect(await initWorkspace(dirs[level], level)).toBe(0);
      reports[level] = await prepare(dirs[level]);
    }
    spy.mockRestore();
  }, 60_000);
  afterAll(() => undefined);

  for (const level of LEVELS) {
    it(`${level}: no errors; every template item renders; every each:, data: and table: key exists`, () => {
      const r = reports[level];
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const ws = r.workspace;
      if (!ws || !r.plan) throw new Error('no workspace');
      const cat = ws.catalog;
      for (const v of cat.volumes)
        for (const item of v.items) {
          for (const key of [item.each, item.data, NOT_SEED_TABLES.has(item.table ?? '') ? undefined : item.table, typeof item.expect === 'string' ? item.expect : undefined])
            if (key) expect(resolveDataPath(ws.data, key), `${level} ${item.title}: ${key}`).toBeDefined();
          if (item.each) expect(Array.isArray(resolveDataPath(ws.data, item.each))).toBe(true);
        }
      const templateItems = cat.volumes.flatMap((v) => v.items.filter((i) => i.template).map((i) => `${v.code}/${i.title}`));
      const rendered = new Set(r.rendered.map((d) => `${d.planned.volume}/${d.planned.title}`));
      for (const id of templateItems) expect(rendered.has(id), id).toBe(true);
      // the sample data (and the registers init scaffolds) never leave a generated item or a register missing
      const scanOnly = (m: { volume: string; item: string }) => {
        const it = cat.volumes.find((v) => v.code === m.volume)?.items.find((i) => i.title === m.item);
        return it?.attach !== undefined && it.table === undefined;
      };
      expect(r.plan.missing.filter((m) => !scanOnly(m))).toEqual([]);
    });

    if (level === '乡镇计生办')
      it('乡镇计生办: the 统计总结 (004 第一篇) is in 人口计划卷, with 近二年征兑率 from this year and last year', () => {
        const doc = reports[level].rendered.find((r) => r.planned.volume === 'RK' && r.planned.title === '乡镇计划生育统计总结')?.document;
        const text = JSON.stringify(doc?.blocks ?? []);
        expect(text).toContain('符合政策生育率为90.7%');
        expect(text).toContain('当年社会抚养费征兑率88.55%，近二年社会抚养费征兑率91.39%');
      });

    if (level === '乡镇计生办')
      it('乡镇计生办: one figure, one precision — the 年度工作总结 prints the rates as the 统计总结 does (QA minor 7)', () => {
        const textOf = (title: string) => JSON.stringify(reports[level].rendered.find((r) => r.planned.title === title)?.document?.blocks ?? []);
        const year = textOf('乡镇年度人口和计划生育工作总结');
        const stats = textOf('乡镇计划生育统计总结');
        expect(year).toContain('征收到位率为88.55%');
        expect(year).toContain('符合政策生育率为90.7%');
        expect(stats).toContain('符合政策生育率为90.7%');
        expect(stats).toContain('征兑率88.55%');
        const birthRate = /人口出生率为?([\d.]+‰)/;
        expect(birthRate.exec(year)?.[1]).toBe(birthRate.exec(stats)?.[1]);
      });

    it(`${level}: init scaffolds an .xlsx per register — the form's columns as its header, three example rows`, () => {
      const ws = reports[level].workspace;
      if (!ws) throw new Error('no workspace');
      let sheets = 0;
      for (const v of ws.catalog.volumes)
        for (const item of v.items) {
          if (item.table === undefined || item.columns === undefined) continue;
          const [key, sheet] = item.table.split('.') as [string, string | undefined];
          const file = ws.dataFiles[key] ?? '';
          if (!file.endsWith('.xlsx')) continue; // sample data the scaffold ships as CSV or YAML
          // the rows as the xlsx reader gave them from the file (a sheet by its name, the first as the key)
          const rows = ws.data[sheet === undefined ? key : `${key}.${sheet}`] as Record<string, unknown>[] | undefined;
          expect(rows, `${file} ${sheet ?? ''}`).toBeDefined();
          expect(Object.keys(rows?.[0] ?? {}), `${v.code} ${item.title}`).toEqual(item.columns);
          expect(rows).toHaveLength(3);
          sheets++;
        }
      expect(sheets).toBe(SCAFFOLDED_SHEETS[level]);
      // each is in 使用说明.md with the file to fill and the scans folder
      const guide = readFileSync(path.join(ws.dir, '使用说明.md'), 'utf8');
      expect(guide).toContain('## 登记册一览（按案卷目录自动生成）');
      if (level === '乡镇计生办') {
        expect(guide).toContain('| KJ 第三季度“环孕情监测登记”汇总登记表 | data/环孕情监测汇总.xlsx 的“第三季度”工作表 | attachments/科技资料卷/环孕情监测汇总/第三季度/ |');
        expect(guide).toContain('| ZF 社会抚养费征收案卷 | data/cases.csv | attachments/行政执法卷/社会抚养费征收案卷/ |');
      }
    });

    it(`${level}: the 缺件清单 lists exactly the scan-only items that have no files`, () => {
      const r = reports[level];
      const ws = r.workspace;
      if (!ws || !r.plan) throw new Error('no workspace');
      const empty: string[] = [];
      for (const v of ws.catalog.volumes)
        for (const item of v.items) {
          if (item.attach === undefined || item.table !== undefined || !item.required) continue;
          const globs = typeof item.attach === 'string' ? [item.attach] : item.attach;
          const files = globs.flatMap((g) => fg.sync(g, { cwd: ws.attachmentsDir, onlyFiles: true }));
          if (files.length === 0) empty.push(`${v.code}/${item.title}`);
        }
      expect(r.plan.missing.map((m) => `${m.volume}/${m.item}`).sort()).toEqual(empty.sort());
      expect(empty.length).toBeGreaterThan(0);
    });
  }
});
