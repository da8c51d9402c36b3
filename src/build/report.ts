//! 缺件清单: per volume and item — present (generated / n attachments), partial (e.g. 2 of 4 villages'
//! signed scans, from the item's `expect:`) or missing — as Markdown and as a self-contained printable
//! HTML page with totals and a progress figure per volume. Knows nothing of layout or writers.
import { rowName } from '../plan/plan.js';
import type { BuildPlan, PlannedDocument, PlannedItem, PlannedVolume } from '../plan/types.js';
import type { CatalogItem } from '../schema/catalog.js';
import { resolveDataPath } from '../util/data-path.js';
import type { Row } from '../workspace/readers/cells.js';
import { exampleContextOf, exampleCounter } from '../workspace/register-examples.js';
import type { Workspace } from '../workspace/types.js';

/** 齐全 | 部分缺 | 缺 | 缺（选备：not required） */
export type ItemStatus = 'present' | 'partial' | 'missing' | 'optional';

export interface ItemAssessment {
  title: string;
  source: PlannedItem['source'];
  required: boolean;
  status: ItemStatus;
  /** documents made or files found */
  count: number;
  /** files expected (`expect:`), when known */
  expected?: number;
  /** rows of the `expect:` data whose name appears in no file name */
  missingNames?: string[];
  /** what was found, or what to do, in Chinese */
  note: string;
  /** one line per case of a case-file item that lacks parts: 王某某案：缺送达回证、结案报告 */
  details?: string[];
  /** a register that also takes scans (table + attach) */
  scans?: boolean;
  remark?: string;
}

export interface VolumeAssessment {
  code: string;
  title: string;
  retention: string;
  items: ItemAssessment[];
  documents: number;
  /** required items, and how many of them are present / partial / missing */
  required: number;
  present: number;
  partial: number;
  missing: number;
  /** 0..1 over required items (a partial item counts by the share of its files) */
  progress: number;
}

export interface MissingReport {
  markdown: string;
  html: string;
  /** required items with no material at all */
  count: number;
  /** required items only partly present */
  partial: number;
  volumes: VolumeAssessment[];
  progress: number;
}

const SOURCE: Record<PlannedItem['source'], string> = { template: '生成公文', attach: '归档材料', table: '登记册', cases: '案件卷', from: '上级生成' };

/** 来源 column: a register that also takes scans says so. */
export function sourceText(a: Pick<ItemAssessment, 'source' | 'scans'>): string {
  return a.source === 'table' && a.scans ? '登记册或扫描件' : SOURCE[a.source];
}
const STATUS: Record<ItemStatus, string> = { present: '齐全', partial: '部分缺', missing: '缺', optional: '缺（选备）' };
/** 要求 column: required (必备) or optional (选备) items — the counts of 必备 add up over the 必备 rows */
const NEED = (required: boolean): string => (required ? '必备' : '选备');

function baseName(d: PlannedDocument): string {
  // a unit's document (collect:) counts for the unit whatever its file is called
  return d.kind === 'attachment' ? `${d.unit ?? ''}${d.file.split('/').pop() ?? d.file}` : d.title;
}

function assessItem(it: PlannedItem, docs: PlannedDocument[], cat: CatalogItem | undefined, ws: Workspace | undefined, examples: ((rows: readonly Row[], columns: readonly string[]) => number) | undefined): ItemAssessment {
  const a: ItemAssessment = { title: it.title, source: it.source, required: it.required, status: 'present', count: docs.length, note: '' };
  if (it.remark) a.remark = it.remark;
  if (it.scans) a.scans = true;
  if (it.missing || docs.length === 0) {
    a.status = it.required ? 'missing' : 'optional';
    a.note = it.missingReason ?? '没有材料';
    return a;
  }
  if (it.source === 'cases') return assessCases(a, it);
  if (it.source === 'from') {
    const parent = ws?.parent?.unit.short ?? '上级';
    const from = it.fromParent;
    a.note = from && 'scans' in from ? `已归档扫描件 ${docs.length} 件（代替${parent}生成的文件）` : `取自${parent}的“${from?.item ?? ''}”${docs.length > 1 ? `，${docs.length} 件` : ''}`;
    return a;
  }
  if (it.source === 'template') a.note = docs.length > 1 ? `已生成 ${docs.length} 份` : '已生成';
  else if (it.source === 'table') {
    const table = docs.find((d) => d.kind === 'table');
    const scans = docs.filter((d) => d.kind === 'attachment').length;
    a.note = table?.kind === 'table' ? `已生成（${table.rows.length} 行）${scans ? `，另有扫描件 ${scans} 件` : ''}` : `已归档扫描件 ${scans} 件`;
    // rows `dossier init` wrote as examples, unchanged: a register of examples only is not 齐全
    const samples = table?.kind === 'table' && examples ? examples(table.rows, table.columns) : 0;
    if (table?.kind === 'table' && samples > 0) {
      const file = table.dataFile ?? `data/${table.dataKey}`;
      if (samples === table.rows.length && !scans) {
        a.status = it.required ? 'partial' : 'optional';
        a.note = `只有 dossier init 写入的 ${samples} 行示例数据：请在 ${file} 中换成本单位的实际登记（或放入扫描件）`;
      } else a.note += `；其中 ${samples} 行仍是 dossier init 写入的示例数据，请在 ${file} 中换成实际登记或删去`;
    }
  } else a.note = `已归档 ${docs.length} 件`;
  const expect = cat?.expect;
  if (it.source !== 'attach' || expect === undefined) return a;
  if (typeof expect === 'number') {
    a.expected = expect;
    if (docs.length < expect) {
      a.status = it.required ? 'partial' : 'optional';
      a.note = `已归档 ${docs.length} 件，应有 ${expect} 件`;
    }
    return a;
  }
  const rows = ws ? resolveDataPath(ws.data, expect) : undefined;
  if (!Array.isArray(rows)) return a;
  const names = rows.map((r, i) => rowName((r !== null && typeof r === 'object' ? r : { 值: r }) as Row, i + 1));
  const files = docs.map(baseName);
  const absent = names.filter((n) => !files.some((f) => f.includes(n)));
  a.expected = names.length;
  if (absent.length > 0) {
    a.status = it.required ? 'partial' : 'optional';
    a.missingNames = absent;
    a.note = `已有 ${names.length - absent.length}/${names.length}，缺：${absent.join('、')}（文件名中要含名称）`;
  } else a.note = `已归档 ${docs.length} 件，${names.length} 个全部齐全`;
  return a;
}

/** Case files: complete when every case has its required parts; otherwise one line per incomplete case. */
function assessCases(a: ItemAssessment, it: PlannedItem): ItemAssessment {
  const cases = it.cases ?? [];
  const lacking = cases.filter((c) => c.missing.length > 0);
  const unmatched = cases.reduce((n, c) => n + c.unmatched.length, 0);
  const extra = unmatched ? `；${unmatched} 个文件未能归入材料名称，编在各案之后` : '';
  a.expected = cases.length;
  if (lacking.length === 0) {
    a.note = `${cases.length} 案，各案材料齐全${extra}`;
    return a;
  }
  a.status = it.required ? 'partial' : 'optional';
  a.missingNames = lacking.map((c) => c.label);
  a.details = lacking.map((c) => `${c.label}：缺${c.missing.join('、')}`);
  a.note = `${cases.length} 案，其中 ${lacking.length} 案缺材料${extra}`;
  return a;
}

/** Status of every item of every planned volume. */
export function assessPlan(plan: BuildPlan, ws?: Workspace): VolumeAssessment[] {
  const examples = ws ? exampleCounter(exampleContextOf(ws)) : undefined;
  return plan.volumes.map((v: PlannedVolume) => {
    const catVol = ws?.catalog.volumes.find((c) => c.code === v.code);
    const items = v.items.map((it) => assessItem(it, v.documents.filter((d) => d.itemIndex === it.index), catVol?.items[it.index], ws, examples));
    const req = items.filter((i) => i.required);
    const score = req.reduce((s, i) => s + (i.status === 'present' ? 1 : i.status === 'partial' && i.expected ? (i.expected - (i.missingNames?.length ?? i.expected - i.count)) / i.expected : 0), 0);
    return {
      code: v.code,
      title: v.title,
      retention: v.retention,
      items,
      documents: v.documents.length,
      required: req.length,
      present: req.filter((i) => i.status === 'present').length,
      partial: req.filter((i) => i.status === 'partial').length,
      missing: req.filter((i) => i.status === 'missing').length,
      progress: req.length ? score / req.length : 1,
    };
  });
}

/** 66% — rounded down, so 100% only when everything is there. */
export function percentText(p: number): string {
  return `${Math.floor(p * 100 + 1e-9)}%`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

const CSS = `
*{box-sizing:border-box}
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","SimSun",sans-serif;margin:2em auto;max-width:64em;padding:0 1em;color:#222;line-height:1.5}
h1{font-size:1.6em;text-align:center;margin-bottom:.2em}
.sub{text-align:center;color:#555;margin-top:0}
h2{font-size:1.2em;margin-top:1.6em;border-bottom:2px solid #333;padding-bottom:.2em}
table{border-collapse:collapse;width:100%;margin:.6em 0}
th,td{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#eee}
td.n{text-align:right;white-space:nowrap}
td.c{text-align:center;white-space:nowrap}
.bar{position:relative;height:1.1em;background:#eee;border:1px solid #bbb;min-width:8em}
.bar span{position:absolute;left:0;top:0;bottom:0;background:#3a7d44}
.bar b{position:relative;font-weight:normal;font-size:.85em;padding-left:.3em}
.st-present{color:#176c2f}
.st-partial{color:#a15c00;font-weight:bold}
.st-missing{color:#b00020;font-weight:bold}
.st-optional{color:#777}
tr.missing td{background:#fff3f3}
tr.partial td{background:#fff8e6}
.total{font-size:1.1em}
.note{color:#555;font-size:.9em}
@media print{body{margin:0;max-width:none;font-size:10.5pt}h2{page-break-after:avoid}tr{page-break-inside:avoid}.bar span{-webkit-print-color-adjust:exact;print-color-adjust:exact}tr.missing td,tr.partial td,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}@page{size:A4;margin:15mm}}
`;

/** The 缺件清单 of a plan. `ws` adds the catalog's `expect:` (partial items) and the catalog name. */
export function missingReport(plan: BuildPlan, ws?: Workspace): MissingReport {
  const volumes = assessPlan(plan, ws);
  const req = volumes.reduce((n, v) => n + v.required, 0);
  const present = volumes.reduce((n, v) => n + v.present, 0);
  const partial = volumes.reduce((n, v) => n + v.partial, 0);
  const missing = volumes.reduce((n, v) => n + v.missing, 0);
  const progress = req ? volumes.reduce((s, v) => s + v.progress * v.required, 0) / req : 1;
  const title = `${plan.unit.name} ${plan.year} 年度案卷缺件清单`;
  const optional = volumes.reduce((n, v) => n + v.items.filter((i) => !i.required).length, 0);
  const sub = `${ws ? `依据：${ws.catalog.name}　` : ''}共 ${volumes.length} 卷，必备材料 ${req} 项${optional ? `，另有选备材料 ${optional} 项（不计入进度）` : ''}`;
  const totalLine = missing + partial === 0 ? '所有必备材料均已齐全。' : `齐全 ${present} 项，部分缺 ${partial} 项，缺 ${missing} 项；总进度 ${percentText(progress)}。`;

  const md: string[] = [`# ${title}`, '', sub, '', `**${totalLine}**`, '', '## 各卷进度', '', '| 卷 | 保管期限 | 件数 | 必备 | 齐全 | 部分缺 | 缺 | 进度 |', '| --- | --- | --: | --: | --: | --: | --: | --: |'];
  for (const v of volumes) md.push(`| ${v.code} ${mdCell(v.title)} | ${v.retention} | ${v.documents} | ${v.required} | ${v.present} | ${v.partial} | ${v.missing} | ${percentText(v.progress)} |`);
  md.push(`| 合计 | | ${volumes.reduce((n, v) => n + v.documents, 0)} | ${req} | ${present} | ${partial} | ${missing} | ${percentText(progress)} |`, '');

  const html: string[] = [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head><body>',
    `<h1>${esc(title)}</h1>`,
    `<p class="sub">${esc(sub)}</p>`,
    `<p class="total"><strong>${esc(totalLine)}</strong></p>`,
    '<h2>各卷进度</h2>',
    '<table><tr><th>卷</th><th>保管期限</th><th>件数</th><th>必备</th><th>齐全</th><th>部分缺</th><th>缺</th><th>进度</th></tr>',
  ];
  const bar = (p: number) => `<div class="bar"><span style="width:${(Math.floor(p * 1000) / 10).toFixed(1)}%"></span><b>${percentText(p)}</b></div>`;
  for (const v of volumes)
    html.push(`<tr><td><a href="#${esc(v.code)}">${esc(v.code)} ${esc(v.title)}</a></td><td class="c">${esc(v.retention)}</td><td class="n">${v.documents}</td><td class="n">${v.required}</td><td class="n">${v.present}</td><td class="n">${v.partial}</td><td class="n">${v.missing}</td><td>${bar(v.progress)}</td></tr>`);
  html.push(`<tr><th>合计</th><th></th><th class="n">${volumes.reduce((n, v) => n + v.documents, 0)}</th><th class="n">${req}</th><th class="n">${present}</th><th class="n">${partial}</th><th class="n">${missing}</th><th>${bar(progress)}</th></tr></table>`);

  for (const v of volumes) {
    const opt = v.items.filter((i) => !i.required);
    const optText = opt.length ? `；选备 ${opt.length} 项，已有 ${opt.filter((i) => i.status === 'present').length} 项` : '';
    const head = `${v.code} ${v.title}（必备 ${v.required} 项：${v.missing || v.partial ? `缺 ${v.missing} 项${v.partial ? `，部分缺 ${v.partial} 项` : ''}` : '齐全'}${optText}；进度 ${percentText(v.progress)}）`;
    md.push(`## ${head}`, '', '| 序号 | 材料 | 要求 | 来源 | 状态 | 说明 |', '| --: | --- | --- | --- | --- | --- |');
    html.push(`<h2 id="${esc(v.code)}">${esc(head)}</h2>`, '<table><tr><th>序号</th><th>材料</th><th>要求</th><th>来源</th><th>状态</th><th>说明</th></tr>');
    v.items.forEach((it, i) => {
      const note = `${it.note}${it.details ? `：${it.details.join('；')}` : ''}${it.remark ? `（${it.remark}）` : ''}`;
      md.push(`| ${i + 1} | ${mdCell(it.title)} | ${NEED(it.required)} | ${sourceText(it)} | ${STATUS[it.status]} | ${mdCell(note)} |`);
      html.push(`<tr class="${it.status}${it.required ? '' : ' optional'}"><td class="n">${i + 1}</td><td>${esc(it.title)}</td><td class="c">${NEED(it.required)}</td><td class="c">${sourceText(it)}</td><td class="c st-${it.status}">${STATUS[it.status]}</td><td class="note">${esc(note)}</td></tr>`);
    });
    md.push('');
    html.push('</table>');
  }
  html.push('</body></html>', '');
  return { markdown: `${md.join('\n')}\n`, html: html.join('\n'), count: plan.missing.length, partial, volumes, progress };
}

/** One unit's line of the 各村缺件汇总: its 缺件清单's totals. */
export interface UnitSummaryRow {
  name: string;
  /** 立档单位 */
  unit: string;
  required: number;
  present: number;
  partial: number;
  missing: number;
  progress: number;
  /** its 缺件清单.html, relative to the summary's folder */
  href?: string;
  /** the unit could not be planned (its problems are in the build's messages) */
  failed?: boolean;
}

/** The totals of a 缺件清单, for the units' summary. */
export function summaryRow(name: string, r: MissingReport, unit: string, href?: string): UnitSummaryRow {
  const sum = (f: (v: VolumeAssessment) => number) => r.volumes.reduce((n, v) => n + f(v), 0);
  return { name, unit, required: sum((v) => v.required), present: sum((v) => v.present), partial: sum((v) => v.partial), missing: sum((v) => v.missing), progress: r.progress, ...(href ? { href } : {}) };
}

/** 各村缺件汇总 (各乡镇…): one row per unit — required items present, partial, missing — as Markdown and HTML. */
export function unitsSummaryReport(p: { parent: string; year: number; label: string }, rows: readonly UnitSummaryRow[]): { markdown: string; html: string } {
  const title = `${p.parent} ${p.year} 年度各${p.label}案卷缺件汇总`;
  const complete = rows.filter((r) => !r.failed && r.missing + r.partial === 0).length;
  const sub = `共 ${rows.length} 个${p.label}，${complete} 个必备材料已齐全`;
  const md: string[] = [`# ${title}`, '', sub, '', `| 序号 | ${p.label} | 立档单位 | 必备 | 齐全 | 部分缺 | 缺 | 进度 |`, '| --: | --- | --- | --: | --: | --: | --: | --: |'];
  const html: string[] = [
    '<!doctype html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head><body>',
    `<h1>${esc(title)}</h1>`,
    `<p class="sub">${esc(sub)}</p>`,
    `<table><tr><th>序号</th><th>${esc(p.label)}</th><th>立档单位</th><th>必备</th><th>齐全</th><th>部分缺</th><th>缺</th><th>进度</th></tr>`,
  ];
  const bar = (x: number) => `<div class="bar"><span style="width:${(Math.floor(x * 1000) / 10).toFixed(1)}%"></span><b>${percentText(x)}</b></div>`;
  rows.forEach((r, i) => {
    if (r.failed) {
      md.push(`| ${i + 1} | ${mdCell(r.name)} | ${mdCell(r.unit)} | | | | | 有错误，未能检查 |`);
      html.push(`<tr class="missing"><td class="n">${i + 1}</td><td>${esc(r.name)}</td><td>${esc(r.unit)}</td><td colspan="5" class="st-missing">有错误，未能检查（见生成时的提示）</td></tr>`);
      return;
    }
    const status = r.missing ? 'missing' : r.partial ? 'partial' : '';
    md.push(`| ${i + 1} | ${r.href ? `[${mdCell(r.name)}](${r.href})` : mdCell(r.name)} | ${mdCell(r.unit)} | ${r.required} | ${r.present} | ${r.partial} | ${r.missing} | ${percentText(r.progress)} |`);
    const name = r.href ? `<a href="${esc(r.href)}">${esc(r.name)}</a>` : esc(r.name);
    html.push(`<tr${status ? ` class="${status}"` : ''}><td class="n">${i + 1}</td><td>${name}</td><td>${esc(r.unit)}</td><td class="n">${r.required}</td><td class="n">${r.present}</td><td class="n">${r.partial}</td><td class="n">${r.missing}</td><td>${bar(r.progress)}</td></tr>`);
  });
  html.push('</table>', '</body></html>', '');
  md.push('');
  return { markdown: `${md.join('\n')}\n`, html: html.join('\n') };
}
