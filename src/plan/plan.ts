//! planBuild: catalog × data → BuildPlan. Expands `each:`, resolves `attach:` globs under attachments/
//! only, binds registers, and records required items with no material (for the 缺件清单).
import { existsSync, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import picomatch from 'picomatch';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { CatalogItem, CatalogVolume } from '../schema/catalog.js';
import { resolveDataPath } from '../util/data-path.js';
import { fitFileName, safeFileName, seqLabel } from '../util/file-names.js';
import { didYouMean } from '../util/suggest.js';
import { displayPath, linkOutside, outsideLinkDiagnostic } from '../workspace/paths.js';
import { MAX_CELL_CHARS, rowOrigin, type Row } from '../workspace/readers/cells.js';
import type { Workspace } from '../workspace/types.js';
import { planCases } from './cases.js';
import { planFrom } from './from-parent.js';
import { ISSUED_COLUMNS, ISSUED_TABLE } from './issued-register.js';
import { registerMissingReason } from './registers.js';
import type { AttachmentDocument, BuildPlan, MissingItem, PlannedDocument, PlannedItem, PlannedVolume } from './types.js';
import { unfilledYearly } from './yearly.js';

/** More matches than this for one item is surely a wrong glob. */
export const MAX_MATCHES_PER_ITEM = 2000;

const ATTACH_FORMATS: Record<string, AttachmentDocument['format']> = {
  pdf: 'pdf',
  jpg: 'image',
  jpeg: 'image',
  png: 'image',
  docx: 'docx',
};

/** Keys tried, in order, to name an `each:` row in file names. */
const ROW_NAME_KEYS = ['村名', '名称', '村', '社区', '单位', '姓名', 'name'];

const collator = new Intl.Collator('zh-Hans-CN', { numeric: true });

export interface PlanResult {
  plan: BuildPlan;
  diagnostics: Diagnostic[];
}

export function rowName(row: Row, index: number): string {
  for (const k of ROW_NAME_KEYS) {
    const v = row[k];
    if (v !== undefined && v !== null && String(v).trim() !== '') return String(v).trim();
  }
  const first = Object.values(row).find((v) => v !== null && String(v).trim() !== '');
  return first === undefined ? String(index) : String(first).trim();
}

export function planBuild(ws: Workspace, only?: readonly string[]): PlanResult {
  const diagnostics: Diagnostic[] = [];
  const volumes: PlannedVolume[] = [];
  const missing: MissingItem[] = [];
  ws.catalog.volumes.forEach((vol, vi) => {
    if (only && only.length && !only.includes(vol.code)) return;
    const pv = planVolume(ws, vol, vi, diagnostics);
    volumes.push(pv);
    for (const it of pv.items)
      if (it.missing && it.required) missing.push({ volume: vol.code, volumeTitle: vol.title, item: it.title, reason: it.missingReason ?? '' });
  });
  printSetClashes(ws, volumes, diagnostics);
  const plan: BuildPlan = { unit: ws.unit, year: ws.config.year, volumes, missing };
  if (ws.config.fonds !== undefined) plan.fonds = ws.config.fonds;
  if (ws.unitOf?.orgCode) plan.orgCode = ws.unitOf.orgCode;
  return { plan, diagnostics };
}

/** What planning one catalog item needs: the item, where its documents go, where problems go. */
interface ItemPlanInput {
  ws: Workspace;
  vol: CatalogVolume;
  item: CatalogItem;
  itemIndex: number;
  /** the 件号 of the next document of the volume */
  next: () => number;
  /** the volume's documents, appended to */
  docs: PlannedDocument[];
  planned: PlannedItem;
  out: Diagnostic[];
  /** position of a key of the item in the catalog */
  where: Where;
}

function planVolume(ws: Workspace, vol: CatalogVolume, vi: number, out: Diagnostic[]): PlannedVolume {
  const items: PlannedItem[] = [];
  const documents: PlannedDocument[] = [];
  vol.items.forEach((item, ii) => items.push(planItem(ws, vol, vi, item, ii, documents, out)));
  uniqueIds(documents);
  const pv: PlannedVolume = { code: vol.code, title: vol.title, retention: vol.retention, pageLimit: vol.pageLimit ?? ws.config.pageLimit, items, documents };
  if (vol.category) pv.category = vol.category;
  return pv;
}

/** One catalog item: its documents appended to `documents` (件号 after those already there), and what was found. */
function planItem(ws: Workspace, vol: CatalogVolume, vi: number, item: CatalogItem, ii: number, documents: PlannedDocument[], out: Diagnostic[]): PlannedItem {
  const where = (...p: (string | number)[]) => {
    const pos = ws.catalogLocate(['volumes', vi, 'items', ii, ...p]);
    return { file: ws.catalogFile, line: pos?.line, column: pos?.column };
  };
  const source = item.template !== undefined ? 'template' : item.from !== undefined ? 'from' : item.cases !== undefined ? 'cases' : item.table !== undefined ? 'table' : 'attach';
  const planned: PlannedItem = { index: ii, title: item.title, source, required: item.required, missing: false };
  if (item.remark) planned.remark = item.remark;
  const before = documents.length;
  const next = () => documents.length + 1;
  const input: ItemPlanInput = { ws, vol, item, itemIndex: ii, next, docs: documents, planned, out, where };
  if (item.from !== undefined)
    planFrom({
      ws,
      vol,
      item,
      ii,
      docs: documents,
      planned,
      attach: (into) => planAttach({ ...input, planned: into }),
      parentItem: (parent, p, docs) => planItem(parent, p.volume, p.vi, p.item, p.ii, docs, []),
    });
  else if (source === 'template') planTemplate(input);
  else if (item.collect !== undefined) planCollect(input);
  else if (source === 'attach') planAttach(input);
  else if (source === 'cases') planCases({ ws, vol, item, itemIndex: ii, docs: documents, planned, out, where: (...p) => where('cases', ...p) });
  else {
    planTable(input);
    // a register's scans are its alternative: either satisfies the item, both are bound (data first)
    if (item.attach !== undefined) {
      planned.scans = true;
      const scans: PlannedItem = { ...planned, missing: false };
      planAttach({ ...input, planned: scans });
      if (!scans.missing) {
        planned.missing = false;
        delete planned.missingReason;
      }
    }
  }
  if (documents.length === before && !planned.missing) {
    planned.missing = true;
    planned.missingReason ??= '没有材料';
  }
  return planned;
}

/**
 * Document ids are the keys of the manifest and the model cache: two catalog items with the same title
 * (or an each: row named like another item's title) must not share one. A repeated id gets the item's
 * number (“#3”, the 3rd item of the volume), and a counter if that is taken too — deterministic, in
 * catalog order, so an unchanged catalog gives the same ids every build.
 */
export function uniqueIds(docs: PlannedDocument[]): void {
  const seen = new Set<string>();
  for (const d of docs) {
    let id = d.id;
    if (seen.has(id)) {
      const base = `${d.id}#${d.itemIndex + 1}`;
      id = base;
      for (let n = 2; seen.has(id); n++) id = `${base}-${n}`;
      d.id = id;
    }
    seen.add(id);
  }
}

/**
 * Documents printed in copies are written to out/<年度>/印制/<题名>[-<行名>].pdf, one folder for the year:
 * two items whose print files would have one name (or names differing only in case, one file on Windows)
 * would overwrite each other, so the catalog is refused naming both items.
 */
function printSetClashes(ws: Workspace, volumes: PlannedVolume[], out: Diagnostic[]): void {
  const seen = new Map<string, { vi: number; ii: number; title: string; volume: string }>();
  const reported = new Set<string>();
  volumes.forEach((v) => {
    const vi = ws.catalog.volumes.findIndex((c) => c.code === v.code);
    for (const d of v.documents) {
      if (d.kind !== 'template' || !d.copies?.length) continue;
      // as src/bind/copies.ts names them
      const names = [fitFileName('', d.title, d.rowName ? `-${d.rowName}` : ''), fitFileName('', d.title, '-全部')];
      for (const name of names) {
        const key = name.toLowerCase();
        const first = seen.get(key);
        const me = { vi, ii: d.itemIndex, title: d.title, volume: v.title };
        if (!first) {
          seen.set(key, me);
          continue;
        }
        if (first.vi === vi && first.ii === d.itemIndex) continue;
        const pair = `${first.vi}/${first.ii}|${vi}/${d.itemIndex}`;
        if (reported.has(pair)) continue;
        reported.add(pair);
        const pos = ws.catalogLocate(['volumes', vi, 'items', d.itemIndex, 'title']);
        out.push({
          severity: 'error',
          code: 'print-set-clash',
          file: ws.catalogFile,
          ...(pos ? { line: pos.line, column: pos.column } : {}),
          message: `“${d.title}”（${v.title}第 ${d.itemIndex + 1} 项）与“${first.title}”（${first.volume}第 ${first.ii + 1} 项）的印制文件同名（印制/${name}.pdf），会互相覆盖`,
          hint: '两项都要印制多份（copies）时，题名必须不同（只差大小写也不行）：给其中一项改个题名。',
        });
      }
    }
  });
}

type Where = (...p: (string | number)[]) => { file: string; line: number | undefined; column: number | undefined };

function stem(seq: number, title: string, suffix?: string): string {
  // a long title is cut (with a short hash), the 件号 and the row's name are kept whole
  return fitFileName(`${seqLabel(seq)}-`, title, suffix ? `-${suffix}` : '');
}

function planTemplate(input: ItemPlanInput): void {
  const { ws, vol, item, itemIndex: ii, next, docs, planned, out, where } = input;
  const name = item.template ?? '';
  if (!ws.templates.has(name)) {
    out.push({
      severity: 'error',
      code: 'template-unknown',
      message: `找不到模板“${name}”${didYouMean(name, ws.templates.keys())}`,
      hint: `在工作区 templates/ 下新建 ${name}.md.hbs，或改用已有模板：${[...ws.templates.keys()].join('、')}。`,
      ...defined(where('template')),
    });
    return;
  }
  if (item.data !== undefined && resolveDataPath(ws.data, item.data) === undefined) {
    out.push({ severity: 'error', code: 'data-path-unknown', message: `data 指定的数据“${item.data}”不存在${didYouMean(item.data, Object.keys(ws.data))}`, hint: dataHint(ws, item.data), ...defined(where('data')) });
    return;
  }
  const unfilled = unfilledYearly(ws, item);
  if (unfilled) {
    planned.missing = true;
    planned.missingReason = unfilled;
    return;
  }
  const base = { volume: vol.code, itemIndex: ii, title: item.title, template: name };
  if (item.each === undefined) {
    const seq = next();
    docs.push({ kind: 'template', id: `${vol.code}/${item.title}`, seq, fileStem: stem(seq, item.title), ...base, ...opt('dataPath', item.data), ...opt('copies', item.copies) });
    return;
  }
  const rows = resolveDataPath(ws.data, item.each);
  if (rows === undefined) {
    out.push({ severity: 'error', code: 'data-path-unknown', message: `each 指定的数据“${item.each}”不存在${didYouMean(item.each, Object.keys(ws.data))}`, hint: dataHint(ws, item.each), ...defined(where('each')) });
    return;
  }
  if (!Array.isArray(rows)) {
    out.push({ severity: 'error', code: 'each-not-list', message: `each 指定的数据“${item.each}”不是列表，无法逐行生成`, hint: '用 CSV/XLSX 表格，或 YAML 列表（每项以“- ”开头）。', ...defined(where('each')) });
    return;
  }
  if (rows.length === 0) {
    planned.missing = true;
    planned.missingReason = `数据“${item.each}”没有任何行`;
    return;
  }
  const names = new Map<string, number>();
  rows.forEach((r, i) => {
    const row = (r !== null && typeof r === 'object' ? r : { 值: r }) as Row;
    let rn = rowName(row, i + 1);
    // names that would make the same file name count as one: Windows ignores case (A组, a组)
    const key = safeFileName(rn).toLowerCase();
    const count = (names.get(key) ?? 0) + 1;
    names.set(key, count);
    if (count > 1) rn = `${rn}（${count}）`;
    const seq = next();
    docs.push({
      kind: 'template',
      id: `${vol.code}/${item.title}/${rn}`,
      seq,
      fileStem: stem(seq, item.title, rn),
      ...base,
      ...opt('dataPath', item.data),
      ...opt('copies', item.copies),
      row,
      rowIndex: i + 1,
      rowName: rn,
      eachPath: item.each,
    });
  });
}

function dataHint(ws: Workspace, p: string): string {
  const keys = Object.keys(ws.data);
  const head = p.split('.')[0] ?? p;
  return `在 data/ 下放 ${head}.csv、${head}.xlsx 或 ${head}.yaml；现有数据：${keys.length ? keys.join('、') : '（无）'}。`;
}

/** The template name under which a received .docx (attachments/<rel>) is loaded. */
export function receivedTemplateName(rel: string): string {
  return `附件:${rel}`;
}

/** A glob is refused when it could leave attachments/. */
export function unsafeGlob(pattern: string): string | undefined {
  const p = pattern.replace(/\\/g, '/');
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p) || p.startsWith('~')) return '不能写绝对路径';
  if (p.split('/').some((seg) => seg === '..')) return '不能包含“..”（上级文件夹）';
  return undefined;
}

/** Links already reported in this plan (a folder link is named once, not once per file behind it). */
const reportedLinks = new WeakMap<Diagnostic[], Set<string>>();

/**
 * The entries under `cwd` that `pattern` matches (no folders; "/" separators). A glob in the file name only
 * (村1/卷1/*.pdf, the usual kind) reads that one folder; others go through fast-glob, which sets up more
 * per call than a township's hundreds of items can afford on every build.
 */
function attachGlob(cwd: string, pattern: string): string[] {
  const nocase = process.platform === 'win32';
  const scan = picomatch.scan(pattern);
  if (scan.isGlob && !scan.glob.includes('/') && !scan.base.includes('\\') && !scan.base.split('/').some((p) => p.startsWith('.'))) {
    const match = picomatch(scan.glob, { dot: false, nocase });
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(cwd, scan.base), { withFileTypes: true });
    } catch {
      return [];
    }
    return entries.filter((e) => !e.isDirectory() && !e.name.startsWith('.') && match(e.name)).map((e) => (scan.base ? `${scan.base}/${e.name}` : e.name));
  }
  return fg.sync(pattern, { cwd, onlyFiles: false, markDirectories: true, followSymbolicLinks: false, dot: false, unique: true, caseSensitiveMatch: !nocase }).filter((m) => !m.endsWith('/'));
}

function planAttach(input: ItemPlanInput): void {
  const { ws, vol, item, itemIndex: ii, next, docs, planned, out, where } = input;
  const patterns = typeof item.attach === 'string' ? [item.attach] : (item.attach ?? []);
  const found: string[] = [];
  let refusedLinks = reportedLinks.get(out);
  if (!refusedLinks) reportedLinks.set(out, (refusedLinks = new Set()));
  for (const pattern of patterns) {
    const bad = unsafeGlob(pattern);
    if (bad) {
      out.push({ severity: 'error', code: 'path-escape', message: `附件路径“${pattern}”${bad}，附件只能来自工作区的 attachments/ 文件夹`, hint: '写成 attachments/ 下的相对路径，例如 "上级文件/*.pdf"。', ...defined(where('attach')) });
      continue;
    }
    if (!existsSync(ws.attachmentsDir)) continue;
    // on Windows "*.pdf" matches 扫描件.PDF, as it does in Explorer (file names there ignore case)
    const matches = attachGlob(ws.attachmentsDir, pattern);
    if (matches.length > MAX_MATCHES_PER_ITEM) {
      out.push({ severity: 'error', code: 'glob-too-many', message: `附件路径“${pattern}”匹配了 ${matches.length} 个文件（上限 ${MAX_MATCHES_PER_ITEM}），多半写得太宽`, hint: '把范围写得具体些，例如 "上级文件/*.pdf" 而不是 "**/*"。', ...defined(where('attach')) });
      continue;
    }
    for (const m of matches) found.push(m);
    // a glob for .docx also finds the old .doc files beside them, to ask for them as .docx
    if (/docx/i.test(pattern)) for (const m of fg.sync(pattern.replace(/docx/gi, 'doc'), { cwd: ws.attachmentsDir, onlyFiles: true, followSymbolicLinks: false, dot: false })) if (/\.doc$/i.test(m)) found.push(m);
  }
  const unique = [...new Set(found)].sort((a, b) => collator.compare(a, b));
  const lower = new Map<string, string>();
  for (const rel of unique) {
    const abs = path.join(ws.attachmentsDir, rel);
    const file = displayPath(ws.dir, abs);
    // a link to a file or to a folder (attachments/ itself, a sub-folder) that leads outside: never read
    const link = linkOutside(ws.dir, abs);
    if (link !== undefined) {
      if (!refusedLinks.has(link)) {
        refusedLinks.add(link);
        out.push(outsideLinkDiagnostic(ws.dir, link, abs, '附件'));
      }
      continue;
    }
    if (!statSafe(abs)?.isFile()) continue;
    const clash = lower.get(rel.toLowerCase());
    if (clash !== undefined)
      out.push({ severity: 'warning', code: 'attach-case-clash', file, message: `附件与 attachments/${clash} 的文件名只差大小写，复制到 Windows 电脑上时只会留下其中一个`, hint: '给其中一个文件改个名字。' });
    lower.set(rel.toLowerCase(), rel);
    if (rel.startsWith('~$') || path.basename(rel).startsWith('~$')) continue;
    const ext = path.extname(rel).slice(1).toLowerCase();
    const format = ATTACH_FORMATS[ext];
    if (ext === 'doc' || ext === 'wps') {
      out.push({ severity: 'warning', code: 'attach-old-word', file, message: `“${file}”是旧版 Word/WPS 文件（.${ext}），不能排版进案卷`, hint: '请用 WPS 或 Word 打开它，“另存为” Word 文档（*.docx）放回原处（可删去旧文件），然后重新生成。' });
      continue;
    }
    if (!format) {
      out.push({ severity: 'warning', code: 'attach-unknown-type', file, message: `不支持的附件类型 .${ext}，未编入案卷`, hint: '附件可以是 PDF、JPG、PNG 或 DOCX；其他格式请先转换为 PDF。' });
      continue;
    }
    const seq = next();
    const title = path.basename(rel, path.extname(rel));
    if (format === 'docx') {
      // a received Word file is typeset like a generated document (issue 18): its text, not a placeholder
      docs.push({ kind: 'template', id: `${vol.code}/${item.title}/${rel}`, volume: vol.code, seq, itemIndex: ii, title, fileStem: stem(seq, title), template: receivedTemplateName(rel), received: { path: abs, file } });
      continue;
    }
    const doc: AttachmentDocument = { kind: 'attachment', id: `${vol.code}/${item.title}/${rel}`, volume: vol.code, seq, itemIndex: ii, title, fileStem: stem(seq, title), path: abs, file, format };
    if (item.number) doc.number = item.number;
    if (item.responsible) doc.responsible = item.responsible;
    docs.push(doc);
  }
  if (unique.length === 0) {
    planned.missing = true;
    const into = displayPath(ws.dir, ws.attachmentsDir); // attachments, or 村/青龙村/attachments for a village
    planned.missingReason = `未找到材料：请放入 ${patterns.map((p) => `${into}/${staticPrefix(p)}`).join('、')}`;
  }
}

/**
 * `collect:` — the units' documents of that item of their catalog, one 件 per document, in the order of the
 * units (the township's 各村新婚对象登记册 from each village's 新婚对象登记册); `attach:` adds scans for units
 * that have none. Without units, the item is an `attach:` item (or missing).
 */
function planCollect(input: ItemPlanInput): void {
  const { ws, vol, item, itemIndex: ii, next, docs, planned } = input;
  const units = ws.subunits;
  const wanted = item.collect ?? '';
  const before = docs.length;
  for (const name of units?.names ?? []) {
    for (const d of units?.documents.filter((x) => x.unit === name && x.item === wanted) ?? []) {
      const seq = next();
      // a generated document is listed as the unit's own 卷内目录 lists it: its real 题名, 文号 and 日期
      const real = d.meta?.title;
      const title = real ? (real.includes(name) ? real : `${name}${real}`) : `${name}${d.title}`;
      docs.push({
        kind: 'attachment', id: `${vol.code}/${item.title}/${name}/${d.title}`, volume: vol.code, seq, itemIndex: ii, title, fileStem: stem(seq, title),
        path: d.path, file: displayPath(ws.dir, d.path), format: d.format, responsible: d.meta?.issuer ?? d.responsible, unit: name,
        ...(d.meta?.number ? { number: d.meta.number } : {}), ...(d.meta?.date ? { date: d.meta.date } : {}), ...(d.model ? { model: d.model } : {}),
      });
    }
  }
  if (item.attach !== undefined) planAttach(input);
  if (docs.length > before) {
    planned.missing = false;
    delete planned.missingReason;
  } else {
    planned.missing = true;
    const label = units?.label ?? '村';
    planned.missingReason = units
      ? `各${label}的案卷中都没有“${wanted}”${item.attach !== undefined ? `，也没有放入扫描件（${planned.missingReason ?? ''}）` : ''}`
      : (planned.missingReason ?? `没有生成各${label}的案卷（dossier.yaml 的 villages:），也没有放入扫描件`);
  }
}

function planTable(input: ItemPlanInput): void {
  const { ws, vol, item, itemIndex: ii, next, docs, planned, out, where } = input;
  const key = item.table ?? '';
  if (key === ISSUED_TABLE && !Object.prototype.hasOwnProperty.call(ws.data, key)) {
    planIssuedTable(vol, item, ii, next, docs, out, where);
    return;
  }
  const value = resolveDataPath(ws.data, key);
  if (value === undefined) {
    planned.missing = true;
    planned.missingReason = registerMissingReason(ws, item, staticPrefix, false);
    return;
  }
  if (!Array.isArray(value)) {
    out.push({ severity: 'error', code: 'table-not-list', message: `table 指定的数据“${key}”不是表格（列表）`, hint: '登记册的数据要用 CSV/XLSX 表格或 YAML 列表。', ...defined(where('table')) });
    return;
  }
  const rows = value.filter((r): r is Row => r !== null && typeof r === 'object');
  const available = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const columns = item.columns ?? available;
  let bad = false;
  // a village's register from the township's table (villages:, issue 19) whose form asks for columns the
  // township does not keep: not an error of the township's table — the village's register is missing
  // until the village gives its own file
  const inherited = ws.unitOf !== undefined && !ws.unitOf.ownKeys.includes(key.split('.')[0] ?? key);
  const lacking = rows.length ? columns.filter((c) => !available.includes(c)) : [];
  if (inherited && lacking.length) {
    planned.missing = true;
    planned.missingReason = `乡镇的数据“${key}”没有这本登记册的列：${lacking.join('、')}；在 ${displayPath(ws.dir, path.join(ws.attachmentsDir, '..', 'data'))}/ 下放本${ws.unitOf?.label ?? '村'}的 ${key}.xlsx（或放入扫描件）`;
    return;
  }
  for (const c of columns) {
    if (rows.length && !available.includes(c)) {
      bad = true;
      out.push({ severity: 'error', code: 'table-unknown-column', message: `登记册“${item.title}”的列“${c}”在数据“${key}”中不存在${didYouMean(c, available)}`, hint: `数据中的列有：${available.join('、')}。`, ...defined(where('columns')) });
    }
  }
  if (bad) return;
  if (rows.length === 0) {
    planned.missing = true;
    planned.missingReason = registerMissingReason(ws, item, staticPrefix, true);
    return;
  }
  // a register line is never longer than an Excel cell: a 5-million-character value would stall layout
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as Row;
    const c = columns.find((k) => typeof r[k] === 'string' && (r[k] as string).length > MAX_CELL_CHARS);
    if (c === undefined) continue;
    const origin = rowOrigin(r);
    out.push({
      severity: 'error',
      code: 'cell-too-long',
      file: origin?.file ?? ws.dataFiles[key.split('.')[0] ?? key] ?? `data/${key}`,
      ...(origin ? { line: origin.line } : {}),
      message: `登记册“${item.title}”第 ${i + 1} 行的“${c}”有 ${(r[c] as string).length} 个字，超过上限 ${MAX_CELL_CHARS} 字`,
      hint: '一格里只放这一格的内容；长篇文字请写进模板生成的公文。',
    });
    return;
  }
  const seq = next();
  const doc: PlannedDocument = { kind: 'table', id: `${vol.code}/${item.title}`, volume: vol.code, seq, itemIndex: ii, title: item.title, fileStem: stem(seq, item.title), dataKey: key, columns, rows, ...(item.landscape !== undefined ? { landscape: item.landscape } : {}) };
  const df = ws.dataFiles[key.split('.')[0] ?? key];
  if (df) doc.dataFile = df;
  docs.push(doc);
}

/** `table: 发文登记`: the register of the year's 文号, whose rows the build fills in once every document is rendered. */
function planIssuedTable(vol: CatalogVolume, item: CatalogItem, ii: number, next: () => number, docs: PlannedDocument[], out: Diagnostic[], where: Where): void {
  const columns = item.columns ?? [...ISSUED_COLUMNS];
  const unknown = columns.filter((c) => !(ISSUED_COLUMNS as readonly string[]).includes(c));
  for (const c of unknown)
    out.push({ severity: 'error', code: 'table-unknown-column', message: `登记册“${item.title}”的列“${c}”不是发文登记的列${didYouMean(c, ISSUED_COLUMNS)}`, hint: `发文登记的列有：${ISSUED_COLUMNS.join('、')}。`, ...defined(where('columns')) });
  if (unknown.length) return;
  const seq = next();
  docs.push({ kind: 'table', id: `${vol.code}/${item.title}`, volume: vol.code, seq, itemIndex: ii, title: item.title, fileStem: stem(seq, item.title), dataKey: ISSUED_TABLE, columns, rows: [], landscape: item.landscape ?? true, derived: 'issued' });
}

function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function defined(w: { file: string; line: number | undefined; column: number | undefined }): { file: string; line?: number; column?: number } {
  const r: { file: string; line?: number; column?: number } = { file: w.file };
  if (w.line !== undefined) r.line = w.line;
  if (w.column !== undefined) r.column = w.column;
  return r;
}

/** "综合资料卷/上级文件/*.pdf" → "综合资料卷/上级文件/": the folder a clerk puts the files in. */
export function staticPrefix(pattern: string): string {
  const i = pattern.search(/[*?[\]{}()!]/);
  const head = i < 0 ? pattern : pattern.slice(0, i);
  return head.slice(0, head.lastIndexOf('/') + 1);
}

function statSafe(abs: string): Stats | undefined {
  try {
    return statSync(abs);
  } catch {
    return undefined;
  }
}
