//! Units built from one workspace (DESIGN.md §8): a township's `villages:` (a county's `townships:`) gives
//! one dossier per row of a data table. A unit's Workspace is the parent's, overlaid:
//!   - `row` is its row; every data table with the naming column (村名) holds only its rows;
//!   - <folder>/data, <folder>/templates (shared by all units) and <folder>/<名>/data, …/templates (its own)
//!     add to or override the parent's, in that order; its attachments are <folder>/<名>/attachments only;
//!   - its settings are the parent's with its own 立档单位 (from the row), catalog and 全宗 (a `fonds` or
//!     全宗号 column; else the parent's, with a 机构 code in the 档号), then <folder>/<名>/dossier.yaml;
//!   - its outputs go to out/<年度>/<folder>/<名>/ and its records to out/.dossier/<folder>/<名>/.
//! A unit may have units of its own (its dossier.yaml says so): the mechanism is the same at every level.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Catalog } from '../schema/catalog.js';
import { DossierSchema, type DossierConfig, type UnitsConfig } from '../schema/dossier.js';
import { zodToDiagnostics, type Locate } from '../schema/issues.js';
import { safeFileName } from '../util/file-names.js';
import { collectPartials, collectTemplates, loadCatalog, loadDataDir, loadWordTemplates, Reader, shortUnitName, type LoadResult } from './load.js';
import { addParentData, fromRefs, parentTemplateAlias, resolveParentItem } from './parent-items.js';
import { displayPath, outDirOf, stateDirOf } from './paths.js';
import type { Row } from './readers/cells.js';
import { readYaml } from './readers/yaml.js';
import type { TemplateSource, UnitInfo, Workspace } from './types.js';

/** The units of a workspace, as its settings describe them. */
export interface UnitSpec extends UnitsConfig {
  /** villages | townships */
  key: 'villages' | 'townships';
  /** the folder of the units' own files, and what they are called: 村 | 乡镇 */
  folder: string;
}

/** One unit: its name and row. */
export interface UnitRef {
  name: string;
  row: Row;
  /** 0-based position in the table */
  index: number;
}

const DEFAULT_FOLDER: Record<UnitSpec['key'], string> = { villages: '村', townships: '乡镇' };
/** Folders of the shared layer: a unit may not be named like them. */
const RESERVED = new Set(['data', 'templates', 'attachments', 'catalog', 'out']);
/** Columns that give a unit's 立档单位, 全宗号, 机构 code, 立卷人 and 检查人. */
const UNIT_COLUMNS = ['unit', '单位全称', '全称', '委员会'];
const FONDS_COLUMNS = ['fonds', '全宗号'];
const ORG_COLUMNS = ['code', '代码', '机构代码'];
/** Column names that look like a unit's name (所在村, 村（居）, 乡镇…) — a table probably meant to be filtered. */
const LIKE_NAME = /^(所在|所属)?(村|社区|村（居）|村\(居\)|村居|乡镇|乡|镇)(名|名称)?$/;

export function unitSpecOf(config: DossierConfig): UnitSpec | undefined {
  const key = config.villages ? 'villages' : config.townships ? 'townships' : undefined;
  const c = key ? config[key] : undefined;
  return key && c ? { ...c, key, folder: c.folder ?? DEFAULT_FOLDER[key] } : undefined;
}

const isRow = (r: unknown): r is Row => r !== null && typeof r === 'object' && !Array.isArray(r);
const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());

/** The units of `ws` (none when its settings name none), with every problem of their table. */
/** The units of a workspace (`withheld`: rows named but not built, for an error in their row). */
export function unitsOf(ws: Workspace): { spec?: UnitSpec; units: UnitRef[]; diagnostics: Diagnostic[]; withheld?: string[] } {
  const diagnostics: Diagnostic[] = [];
  if (ws.config.villages && ws.config.townships)
    diagnostics.push({ severity: 'error', code: 'units-both', file: 'dossier.yaml', message: '同时写了 villages 和 townships', hint: '一个工作区只能有一级下级单位：乡镇写 villages，县写 townships（各乡镇的村写在乡镇自己的 dossier.yaml 中）。' });
  const spec = unitSpecOf(ws.config);
  if (!spec) return { units: [], diagnostics };
  const table = ws.data[spec.each];
  const file = ws.dataFiles[spec.each] ?? `data/${spec.each}`;
  if (!Array.isArray(table)) {
    diagnostics.push({ severity: 'error', code: 'units-table', file: 'dossier.yaml', message: `${spec.key}.each 指定的数据“${spec.each}”${table === undefined ? '不存在' : '不是表格'}`, hint: `在 data/ 下放 ${spec.each}.csv 或 ${spec.each}.xlsx，每个${spec.folder}一行，“${spec.name}”一列写名称。` });
    return { spec, units: [], diagnostics };
  }
  // a table that names the village in another column would reach every village whole: say so once
  for (const [key, v] of Object.entries(ws.data)) {
    if (!Array.isArray(v) || key === spec.each) continue;
    const cols = new Set(v.filter(isRow).flatMap((r) => Object.keys(r)));
    const like = [...cols].find((c) => c !== spec.name && LIKE_NAME.test(c));
    if (like && !cols.has(spec.name))
      diagnostics.push({ severity: 'warning', code: 'units-table-unfiltered', file: ws.dataFiles[key] ?? `data/${key}`, message: `数据“${key}”有“${like}”列而没有“${spec.name}”列：每个${spec.folder}的案卷都会用到它的全部行`, hint: `要让每个${spec.folder}只用本${spec.folder}的行，把“${like}”列改名为“${spec.name}”。` });
  }
  const units: UnitRef[] = [];
  const withheld: string[] = [];
  const seen = new Map<string, number>();
  // the columns that give a unit its identity: a blank cell would silently change its 全宗名称 or 档号
  const header = new Set(table.filter(isRow).flatMap((r) => Object.keys(r)));
  const identity = [UNIT_COLUMNS, FONDS_COLUMNS, ORG_COLUMNS].map((cols) => cols.find((c) => header.has(c)));
  const prefix = spec.key === 'villages' ? ws.unit.short : '';
  table.forEach((r, index) => {
    const line = index + 2; // header on line 1
    const row = isRow(r) ? r : {};
    const name = text(row[spec.name]);
    const at = { file, line };
    if (!name) {
      diagnostics.push({ severity: 'error', code: 'unit-name-missing', ...at, message: `第 ${line} 行没有“${spec.name}”`, hint: `每个${spec.folder}一行，“${spec.name}”一列写名称；多余的空行请删除。` });
      return;
    }
    if (safeFileName(name) !== name || RESERVED.has(name) || name.startsWith('.'))
      diagnostics.push({ severity: 'error', code: 'unit-name-unsafe', ...at, message: `“${name}”不能用作${spec.folder}的名称（它也是文件夹名）`, hint: '名称中不要有 / \\ : * ? " < > | 等符号，也不能是 data、templates、attachments。' });
    else if (seen.has(name)) diagnostics.push({ severity: 'error', code: 'unit-name-duplicate', ...at, message: `“${name}”重复（第 ${seen.get(name)} 行已有）`, hint: `每个${spec.folder}只写一行；同名的要区分开（例如加上所属乡镇）。` });
    else {
      seen.set(name, line);
      const [unitCol, fondsCol, orgCol] = identity;
      const blank = (c: string | undefined): c is string => c !== undefined && text(row[c]) === '';
      if (blank(unitCol)) {
        // its 全宗名称 would silently become “澧源镇青龙村”: not built until the cell is filled (QA minor 6)
        diagnostics.push({ severity: 'error', code: 'unit-name-blank', ...at, message: `“${name}”这一行的“${unitCol}”是空的`, hint: `在这一格填写${spec.folder}的全称（例如“${name}${spec.key === 'villages' ? '村民委员会' : '人民政府'}”）：案卷封面、卷内目录和脊背都印它作立档单位（全宗名称）；各${spec.folder}都不写全称就删去整列“${unitCol}”，全宗名称用“${prefix}${name}”。` });
        withheld.push(name);
        return;
      }
      units.push({ name, row, index });
      if (blank(fondsCol))
        diagnostics.push({ severity: 'warning', code: 'unit-fonds-blank', ...at, message: `“${name}”这一行的“${fondsCol}”是空的：它的案卷归入${ws.unit.short}的全宗${ws.config.fonds ? `（${ws.config.fonds}）` : ''}，档号中加机构代码`, hint: `${name}有自己的全宗号就填在这一格；没有就整列都不填。` });
      if (blank(orgCol))
        diagnostics.push({ severity: 'warning', code: 'unit-code-blank', ...at, message: `“${name}”这一行的“${orgCol}”是空的：档号中的机构代码暂用行号 ${String(index + 1).padStart(3, '0')}`, hint: '填上机构代码，以后增删村时它的档号才不会变。' });
    }
  });
  return { spec, units, diagnostics, withheld };
}

/** A table keeps only the rows of this unit when it has the naming column. */
export function filterTables(data: Record<string, unknown>, column: string, name: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) out[k] = filterTable(v, column, name);
  return out;
}

function filterTable(v: unknown, column: string, name: string): unknown {
  if (!Array.isArray(v) || !v.some((r) => isRow(r) && Object.prototype.hasOwnProperty.call(r, column))) return v;
  const rows: unknown[] = v.filter((r) => isRow(r) && text(r[column]) === name);
  // an Excel file's other sheets ride on its first sheet's rows (non-enumerable): filtered too
  // (the first sheet is also reachable by its own name: that one is the filtered rows themselves)
  for (const sheet of Object.getOwnPropertyNames(v)) {
    if (sheet === 'length' || /^\d+$/.test(sheet)) continue;
    const other = (v as unknown as Record<string, unknown>)[sheet];
    Object.defineProperty(rows, sheet, { value: other === v ? rows : filterTable(other, column, name), enumerable: false });
  }
  return rows;
}

/** What every unit of one spec shares: its catalog and the shared layer, read once. */
export class UnitLayer {
  private catalog?: { catalog: Catalog; file: string; locate: Locate } | undefined;
  private catalogName?: string;
  private shared?: { data: Record<string, unknown>; dataFiles: Record<string, string>; templates: Map<string, TemplateSource>; partials: Map<string, TemplateSource>; diagnostics: Diagnostic[] };

  constructor(
    readonly parent: Workspace,
    readonly spec: UnitSpec,
  ) {}

  get folder(): string {
    return path.join(this.parent.dir, this.spec.folder);
  }

  /** The units' catalog (one load for all units that use the spec's catalog). */
  catalogFor(reader: Reader, name: string, out: Diagnostic[]): { catalog: Catalog; file: string; locate: Locate } | undefined {
    if (this.catalogName === name && this.catalog) return this.catalog;
    const c = loadCatalog(reader, this.parent.dir, name, out, this.parent.parseCache);
    if (name === this.spec.catalog) {
      this.catalogName = name;
      this.catalog = c;
    }
    return c;
  }

  /** <folder>/data and <folder>/templates: shared by every unit. */
  async sharedLayer(reader: Reader): Promise<NonNullable<UnitLayer['shared']>> {
    if (this.shared) return this.shared;
    const diagnostics: Diagnostic[] = [];
    const { data, dataFiles } = await loadDataDir(reader, this.parent.dir, path.join(this.folder, 'data'), diagnostics, this.parent.parseCache);
    const templates = new Map(this.parent.templates);
    await overlayTemplates(this.parent, this.folder, templates, reader, diagnostics);
    const partials = new Map(this.parent.partials);
    collectPartials(this.parent.dir, partials, reader, diagnostics, this.folder);
    this.shared = { data, dataFiles, templates, partials, diagnostics };
    return this.shared;
  }

  /** The Workspace of one unit, or the problems that stop it. */
  async load(ref: UnitRef): Promise<LoadResult> {
    const parent = this.parent;
    const spec = this.spec;
    const reader = new Reader(parent.dir);
    const own = path.join(this.folder, ref.name);
    const shared = await this.sharedLayer(reader);
    const diagnostics: Diagnostic[] = [...shared.diagnostics];
    const config = this.configOf(ref, own, reader, diagnostics);
    const catalog = config ? this.catalogFor(reader, config.catalog, diagnostics) : undefined;
    const data = filterTables(parent.data, spec.name, ref.name);
    for (const [k, v] of Object.entries(shared.data)) data[k] = filterTable(v, spec.name, ref.name);
    const mine = await loadDataDir(reader, parent.dir, path.join(own, 'data'), diagnostics, parent.parseCache);
    Object.assign(data, mine.data);
    const templates = new Map(shared.templates);
    await overlayTemplates(parent, own, templates, reader, diagnostics);
    const partials = new Map(shared.partials);
    collectPartials(parent.dir, partials, reader, diagnostics, own);
    if (!config || !catalog || diagnostics.some((d) => d.severity === 'error')) return { workspace: undefined, diagnostics };
    // from: items — the parent's documents for this unit are rendered with the parent's templates and data,
    // which the unit's build sees under 澧源镇/… names (src/workspace/parent-items.ts)
    addParentData(data, parent);
    for (const v of catalog.catalog.volumes)
      for (const it of v.items)
        for (const ref of fromRefs(it)) {
          const r = resolveParentItem(parent.catalog, ref);
          const alias = 'found' in r ? parentTemplateAlias(parent, r.found) : undefined;
          if (alias) templates.set(alias.name, alias);
        }
    const fondsOwn = FONDS_COLUMNS.some((c) => text(ref.row[c]) !== '');
    const orgCode = ORG_COLUMNS.map((c) => text(ref.row[c])).find((v) => v !== '') ?? String(ref.index + 1).padStart(3, '0');
    const ownKeys = [...new Set([...Object.keys(shared.data), ...Object.keys(mine.data)])].sort();
    const unitOf: UnitInfo = { label: spec.folder, name: ref.name, parent: parent.unit.name, path: [...(parent.unitOf?.path ?? []), ref.name], row: ref.row, key: spec.each, column: spec.name, ownKeys, ...(fondsOwn ? {} : { orgCode }) };
    const unit = typeof config.unit === 'string' ? { name: config.unit, short: shortUnitName(config.unit) } : config.unit;
    const workspace: Workspace = {
      dir: parent.dir,
      config,
      unit,
      catalog: catalog.catalog,
      catalogFile: catalog.file,
      catalogLocate: catalog.locate,
      data,
      dataFiles: { ...parent.dataFiles, ...shared.dataFiles, ...mine.dataFiles },
      templates,
      partials,
      attachmentsDir: path.join(own, 'attachments'),
      inputs: reader.inputs,
      out: { dir: path.join(outDirOf(parent), spec.folder, ref.name), state: path.join(stateDirOf(parent), spec.folder, ref.name) },
      unitOf,
      parent,
    };
    return { workspace, diagnostics };
  }

  /** The parent's settings with the unit's own 立档单位, catalog and 全宗, then its dossier.yaml. */
  private configOf(ref: UnitRef, own: string, reader: Reader, out: Diagnostic[]): DossierConfig | undefined {
    const { villages: _v, townships: _t, ...base } = this.parent.config;
    const row = ref.row;
    const named = UNIT_COLUMNS.map((c) => text(row[c])).find((v) => v !== '') ?? ref.name;
    const prefix = this.spec.key === 'villages' ? this.parent.unit.short : '';
    const full = named.startsWith(prefix) ? named : `${prefix}${named}`;
    const fonds = FONDS_COLUMNS.map((c) => text(row[c])).find((v) => v !== '');
    const preparer = text(row['立卷人'] ?? row['preparer']);
    const checker = text(row['检查人'] ?? row['checker']);
    const value: Record<string, unknown> = { ...base, unit: { name: full, short: ref.name }, catalog: this.spec.catalog, ...(fonds ? { fonds } : {}), ...(preparer ? { preparer } : {}), ...(checker ? { checker } : {}) };
    const file = path.join(own, 'dossier.yaml');
    const shown = displayPath(this.parent.dir, file);
    let locate: Locate = () => undefined;
    if (existsSync(file)) {
      const y = readYaml(reader.read(file, shown).toString('utf8'), shown);
      out.push(...y.diagnostics);
      if (y.value !== null && typeof y.value === 'object' && !Array.isArray(y.value)) Object.assign(value, y.value);
      else if (y.value !== undefined && y.value !== null) out.push({ severity: 'error', code: 'unit-config', file: shown, message: `${shown} 应当是“键: 值”的设置`, hint: '只写要改的设置，例如 preparer: 赵秀英。' });
      locate = y.locate;
    }
    const parsed = DossierSchema.safeParse(value);
    if (!parsed.success) {
      out.push(...zodToDiagnostics(parsed.error, DossierSchema, existsSync(file) ? shown : 'dossier.yaml', locate));
      return undefined;
    }
    return parsed.data;
  }
}

/** `root`/templates (Markdown and Word) over `into`: a template there overrides the inherited one of its name. */
async function overlayTemplates(parent: Workspace, root: string, into: Map<string, TemplateSource>, reader: Reader, out: Diagnostic[]): Promise<void> {
  const layer = new Map<string, TemplateSource>();
  collectTemplates(parent.dir, layer, reader, out, root);
  await loadWordTemplates(reader, parent.dir, layer, out, parent.parseCache, root);
  for (const [name, t] of layer) into.set(name, t);
}

/** Units of `ws` named on the command line (`--only`), by name or path (澧源镇/青龙村). */
export function matchUnit(path0: readonly string[], wanted: string): boolean {
  const parts = wanted.split(/[/／]/).filter(Boolean);
  if (parts.length === 0) return false;
  return parts.length === 1 ? path0[path0.length - 1] === parts[0] : parts.join('/') === path0.join('/');
}

