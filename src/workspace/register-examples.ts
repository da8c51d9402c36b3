//! Example rows for a register a clerk keeps in Excel: `dossier init` writes each register's .xlsx with its
//! columns and three rows that show what goes in each column, made from the column names alone (姓名 → 张某某,
//! 出生年月 → 1992-03-15, 村名 → the workspace's villages …), so any catalog's registers get sensible examples.
//! Deterministic; the names are visibly fictitious (某某). The build recognises rows still as written here
//! (`countExampleRows`), so the 缺件清单 can say a register holds only examples.
import type { CellValue, Row } from './readers/cells.js';
import type { Workspace } from './types.js';

export interface ExampleContext {
  year: number;
  /** e.g. 澧源镇 (a 服务站's own short name may be 澧源镇计生服务站: see `placeOf`) */
  unitShort: string;
  /** village names of the workspace (data/villages), if any */
  villages: readonly string[];
  /** 立卷人, used as 经办人 and the like */
  preparer?: string;
}

type Rule = [RegExp, (i: number, c: ExampleContext, col: string) => CellValue];

const pick = <T,>(list: readonly T[], i: number): T => list[i % list.length] as T;
const WOMEN = ['张某某', '李某某', '王某某'];
const MEN = ['陈某某', '刘某某', '杨某某'];
const STAFF = ['赵某某', '孙某某', '周某某'];
const GROUPS = ['一组', '三组', '五组'];
const PLACES = ['广东省深圳市宝安区', '浙江省宁波市鄞州区', '湖南省长沙市岳麓区'];
const QUARTERS = ['第一季度', '第二季度', '第三季度', '第四季度'];
const pad = (n: number) => String(n).padStart(2, '0');
const date = (c: ExampleContext, i: number) => `${c.year}-${pad(3 + i * 3)}-${pad(10 + i * 5)}`;
const birth = (i: number) => pick(['1992-03-15', '1988-07-02', '1995-11-20'], i);
const villagesOf = (c: ExampleContext): readonly string[] => (c.villages.length ? c.villages : ['青龙村', '白岩村', '河口社区']);

/**
 * The township a unit's examples are set in: 澧源镇 for 澧源镇人民政府, 澧源镇计生服务站 and 澧源镇青龙村 alike — so a
 * 服务站's registers name 澧源镇计划生育服务站 and 澧源镇卫生院, not “澧源镇计生服务站计划生育服务站”.
 */
export function placeOf(unit: string): string {
  const town = /^(.+?(?:镇|乡|街道))/.exec(unit)?.[1];
  if (town) return town;
  return unit.replace(/(?:计划生育服务站|计生服务站|服务站|计划生育办公室|计生办|人民政府|村民委员会|居民委员会)$/, '') || unit;
}

/** A date `days` after the row's base date (ISO). */
function later(c: ExampleContext, i: number, days: number): string {
  const d = new Date(`${date(c, i)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Dates of one row that follow one another as the work does: applied/registered, then approved or issued a
 * week later, followed up a month later, a birth some weeks after the 登记 — never one date in every column.
 */
function dateOf(column: string, i: number, c: ExampleContext): string {
  if (/分娩/.test(column)) return later(c, i, 46);
  if (/随访|复查|回访|复诊/.test(column)) return later(c, i, 30);
  if (/结案|办结|送达|完成/.test(column)) return later(c, i, 15);
  if (/发证|审批|批准|签发|办证|发放/.test(column)) return later(c, i, 6);
  return date(c, i);
}

/** A count column's three example values: small and different per column, so no two columns of a row agree by accident. */
function countOf(column: string, i: number): number {
  let h = 0;
  for (const ch of column) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 9973;
  return pick([[12, 8, 5], [9, 6, 4], [15, 11, 7], [7, 10, 3], [6, 4, 9]][h % 5] as number[], i);
}

/** First rule whose pattern matches the column name wins; order matters (specific before general). */
const RULES: Rule[] = [
  [/^备注$|签字$|签名$|^说明$/, () => ''],
  [/^季度$/, (i) => pick(QUARTERS, i)],
  [/^第[一二三四]季度$/, (i) => pick(['正常', '正常', '孕情（政策内）'], i)],
  [/月份/, (i, c) => `${c.year}年${i + 1}月`],
  [/期间/, (i, c) => `${c.year}年${pick(QUARTERS, i)}`],
  [/年度|年份/, (_i, c) => c.year],
  [/出生年月|出生日期|女方出生/, (i) => birth(i)],
  [/有效期/, (i, c) => `${c.year + 1}-${pad(3 + i * 3)}-${pad(10 + i * 5)}`],
  [/日期|时间$/, (i, c, col) => dateOf(col, i, c)],
  [/年龄/, (i) => pick([33, 37, 29], i)],
  [/^村名$|^所在村$|^村（居）$|^村$|领取单位/, (i, c) => pick(villagesOf(c), i)],
  [/村民小组|^组$/, (i) => pick(GROUPS, i)],
  [/男方|丈夫|父亲|配偶|监护人/, (i) => pick(MEN, i)],
  [/女方|母亲|妻子/, (i) => pick(WOMEN, i)],
  [/子女姓名/, (i) => pick(['陈某', '刘某', '杨某'], i)],
  [/经办|登记人|查验人|服务人|随访人|调查人|医生|送达人|承办人|责任人|保管人|操作人员|负责人|包抓|审批人|作者/, (i, c) => (c.preparer && i === 0 ? c.preparer : pick(STAFF, i))],
  [/户主|当事人|来信来访人|^姓名$/, (i) => pick(WOMEN, i)],
  [/性别/, (i) => pick(['女', '女', '男'], i)],
  [/身份证/, (i) => `43072119${birth(i).slice(2).replace(/-/g, '')}00${pick(['26', '48', '13'], i)}`],
  [/电话/, (i) => `1380000${pad(51 + i)}${pad(10 + i)}`],
  [/账号/, (i) => `62150000000000${pad(11 + i)}`],
  [/婚姻/, (i) => pick(['已婚', '已婚', '未婚'], i)],
  [/^现有子女数$|孩次/, (i) => pick([1, 2, 0], i)],
  [/^避孕节育措施$|^避孕措施$|^节育措施$|^落实措施$/, (i) => pick(['上环', '结扎', '药具'], i)],
  [/户籍地/, (i, c) => pick([`湖南省澧县${placeOf(c.unitShort)}`, '湖北省公安县埠河镇', '四川省宣汉县凉风乡'], i)],
  [/流入地|外出地点|流入（出）地/, (i) => pick(PLACES, i)],
  [/居住地|住址|地址|位置/, (i, c) => `${placeOf(c.unitShort)}${pick(villagesOf(c), i)}${pick(GROUPS, i)}`],
  [/编号|证号|号码|文号/, (i, c) => `${c.year}-${pad(i + 1)}`],
  [/金额|资金|（元）|经费|收入/, (i) => pick([960, 1200, 3600], i)],
  [/是否|持证上岗|有无/, (i) => pick(['是', '是', '否'], i)],
  // words that name a thing, before the generic 情况/结果 below
  [/流动类别/, (i) => pick(['流入', '流出', '流入'], i)],
  [/服务类别/, (i) => pick(['生育服务', '生产服务', '生活服务'], i)],
  [/服务内容/, (i) => pick(['孕期检查', '就业信息', '子女入学咨询'], i)],
  [/信息类别/, (i) => pick(['婚育信息', '避孕节育信息', '生育信息'], i)],
  [/发送或接收/, (i) => pick(['发送', '接收', '发送'], i)],
  [/^类别$/, (i) => pick(['示范村', '示范户', '示范户'], i)],
  [/计生情况/, (i) => pick(['独女户', '双女户', '一孩户'], i)],
  [/子女情况/, (i) => pick(['独生女一人', '双女', '独生子一人'], i)],
  [/婚育情况/, (i) => pick(['未婚', '已婚未育', '已婚一孩'], i)],
  [/扶助项目|政策项目/, (i) => pick(['农村部分计划生育家庭奖励扶助', '农村独女户家庭奖励扶助', '特别奖励扶助'], i)],
  [/创业项目|帮扶项目/, (i) => pick(['生猪养殖', '柑橘种植', '农家乐'], i)],
  [/扶持方式/, (i) => pick(['小额贴息贷款', '项目资金扶持', '技术培训'], i)],
  [/残疾类别/, (i) => pick(['智力残疾', '精神残疾', '智力残疾'], i)],
  [/残疾程度/, (i) => pick(['二级', '三级', '一级'], i)],
  [/手术名称|手术种类/, (i) => pick(['放置宫内节育器', '输卵管结扎', '皮下埋植'], i)],
  [/检查项目/, (i) => pick(['妇科检查、B超', '乳腺检查', '宫颈筛查'], i)],
  [/乳腺检查|妇科检查|宫颈检查/, () => '未见异常'],
  [/治疗和随访|治疗情况/, (i) => pick(['无需治疗', '无需治疗', '已治疗，定期复查'], i)],
  [/培训内容/, (i) => pick(['政策法规', '统计报表', '宣传服务技能'], i)],
  [/出勤/, (i) => pick(['出勤', '出勤', '请假'], i)],
  [/重点管理原因|原因/, (i) => pick(['持二孩生育证', '未落实节育措施', '外出务工'], i)],
  [/查验结果/, (i) => pick(['有效', '有效', '已过期，已督促补办'], i)],
  [/医学意见/, (i) => pick(['可以结婚', '可以结婚', '建议复查'], i)],
  [/风险评估/, (i) => pick(['低风险', '低风险', '高风险，已指导'], i)],
  [/随访方式/, (i) => pick(['入户', '电话', '入户'], i)],
  [/并发症类别/, (i) => pick(['无', '感染', '无'], i)],
  [/转归/, (i) => pick(['治愈', '治愈', '好转'], i)],
  [/发现问题/, (i) => pick(['无', '无', '未登记备案1例'], i)],
  [/药具名称/, (i) => pick(['避孕套', '口服避孕药', '外用避孕药'], i)],
  [/规格/, (i) => pick(['中号', '21片/板', '10枚/盒'], i)],
  [/标语内容/, (i) => pick(['关爱女孩就是关爱人类的未来', '少生优生幸福一生', '婚育新风进万家'], i)],
  [/^形式$/, (i) => pick(['喷绘', '刷写', '喷绘'], i)],
  [/^单位$/, (i) => pick(['平方米', '台', '例'], i)],
  [/^项目$/, (i) => pick(['业务用房', 'B超机', '节育手术'], i)],
  [/层级/, (i) => pick(['乡镇', '村', '村民小组'], i)],
  [/职称/, (i) => pick(['主治医师', '医师', '护师'], i)],
  [/执业资格/, (i) => pick(['执业医师', '执业助理医师', '护士执业证书'], i)],
  [/学历/, (i) => pick(['本科', '大专', '中专'], i)],
  [/职务/, (i) => pick(['计生主任', '信息员', '计生主任'], i)],
  [/编制/, () => '事业编制'],
  [/机构级别/, () => '乡镇级'],
  [/单位性质/, (i) => pick(['计生服务机构', '医疗机构', '个体诊所'], i)],
  [/设备名称/, (i) => pick(['B超', '彩超', 'B超'], i)],
  [/型号/, (i) => pick(['DP-10', 'DC-30', 'DP-20'], i)],
  [/使用科室/, (i) => pick(['B超室', '妇产科', '门诊'], i)],
  [/案件来源/, () => '日常检查发现'],
  [/结果|情况|意见/, (i) => pick(['正常', '正常', '已转诊复查'], i)],
  [/单位名称|机构名称|施术单位|检查单位|手术单位|发证机关|单位（场所）|投往单位|单位$/, (i, c) => pick([`${placeOf(c.unitShort)}计划生育服务站`, `${placeOf(c.unitShort)}卫生院`, '县妇幼保健院'], i)],
  // counts that agree with the row's words: complications only where the 并发症类别 is not 无 (感染 in row 2),
  // cases only where a 检查 found a problem (row 3), a unit's equipment by the piece
  [/并发症/, (i) => pick([0, 1, 0], i)],
  [/查处|案件|违法|违规/, (i) => pick([0, 0, 1], i)],
  [/台数|设备数|（台）/, (i) => pick([1, 2, 1], i)],
  [/检查次数|检查（次）/, (i) => pick([4, 2, 3], i)],
  [/人数|人口|人次|（人）|（例）|（个）|（户）|例数|户数|次数|数量|合计|妇女$|措施$|出生$|死亡$|迁入$|迁出$|登记$|证明$|生育$|怀孕$|正常$|异常$|结存|购进|发放$|放置|取出|结扎$|埋植|流产|引产|床位|面积|案件$/, (i, _c, col) => countOf(col, i)],
];

/**
 * Statistics columns (the count names the 统计 checks know) get figures whose parts add up to their totals —
 * three villages' rows of a consistent year — so an example register passes the checks it will meet.
 */
const STATS: Record<string, [number, number, number]> = {
  常住人口: [2292, 1943, 1710],
  年平均人口: [2290, 1940, 1708],
  死亡: [13, 12, 14],
  育龄妇女: [595, 479, 452],
  已婚育龄妇女: [440, 372, 332],
  无孩妇女: [15, 10, 14],
  一孩妇女: [163, 201, 124],
  二孩妇女: [252, 156, 186],
  多孩妇女: [10, 5, 8],
  出生: [28, 17, 13],
  政策内出生: [25, 16, 11],
  政策外出生: [3, 1, 2],
  男婴: [12, 8, 6],
  女婴: [16, 9, 7],
  一孩出生: [17, 14, 7],
  二孩出生: [10, 2, 5],
  多孩出生: [1, 1, 1],
  落实节育措施: [401, 334, 312],
  长效节育措施: [338, 284, 256],
  男扎: [15, 9, 8],
  女扎: [109, 135, 127],
  上环: [197, 128, 107],
  皮埋: [17, 12, 14],
  社会抚养费应收: [64800, 141700, 119900],
  社会抚养费实收: [58400, 113600, 108400],
  流动人口应管理: [97, 60, 64],
  流动人口已管理: [92, 59, 64],
};

/** The example value of one column in row `i` (0-based). */
export function exampleValue(column: string, i: number, c: ExampleContext): CellValue {
  const stat = STATS[column];
  if (stat) return stat[i % 3] as number;
  for (const [re, f] of RULES) if (re.test(column)) return f(i, c, column);
  return `（示例）${column}${i + 1}`;
}

/** Three example rows of a register with these columns. */
export function exampleRows(columns: readonly string[], c: ExampleContext, count = 3): Row[] {
  return Array.from({ length: count }, (_x, i) => Object.fromEntries(columns.map((col) => [col, exampleCell(columns, col, i, c)])));
}

/** Row `i`'s example in column `col` of a register with these columns. */
function exampleCell(columns: readonly string[], col: string, i: number, c: ExampleContext): CellValue {
  // a register of equipment counts its machines by the piece (one B超, not twelve)
  return col === '数量' && columns.includes('设备名称') ? pick([1, 1, 2], i) : exampleValue(col, i, c);
}

/** The context `dossier init` made a workspace's example rows with, read back from the workspace. */
export function exampleContextOf(ws: Pick<Workspace, 'config' | 'unit' | 'data'>): ExampleContext {
  const rows = ws.data['villages'];
  const villages = Array.isArray(rows) ? rows.flatMap((r) => (r !== null && typeof r === 'object' && typeof (r as Row)['村名'] === 'string' && (r as Row)['村名'] !== '' ? [(r as Row)['村名'] as string] : [])) : [];
  return { year: ws.config.year, unitShort: ws.unit.short, villages, ...(ws.config.preparer ? { preparer: ws.config.preparer } : {}) };
}

/**
 * How many of a register's rows are still the example rows `dossier init` wrote for its columns (unchanged
 * in every cell), for every register of one workspace: the example rows of each set of columns are made
 * once (a township has the same registers in every village's volumes).
 */
export function exampleCounter(c: ExampleContext): (rows: readonly Row[], columns: readonly string[]) => number {
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const made = new Map<string, { firsts: Set<string>; samples: string[] }>();
  return (rows, columns) => {
    if (columns.length === 0 || rows.length === 0) return 0;
    const key = columns.join('\u0001');
    let ex = made.get(key);
    if (!ex) {
      const samples = exampleRows(columns, c).map((r) => columns.map((col) => text(r[col])).join('\u0001'));
      ex = { firsts: new Set(samples.map((x) => x.split('\u0001')[0] as string)), samples };
      made.set(key, ex);
    }
    const { firsts, samples } = ex;
    const first = columns[0] as string;
    // most registers hold real rows: only those whose first cell is an example's are compared whole
    return rows.filter((r) => firsts.has(text(r[first])) && samples.includes(columns.map((col) => text(r[col])).join('\u0001'))).length;
  };
}
