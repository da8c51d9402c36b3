//! loadWorkspace: reads dossier.yaml, the catalog (workspace override → built-in), data files,
//! templates and partials; validates them all and reports every problem at once.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { Diagnostic } from '../diag/diagnostic.js';
import { CatalogSchema, duplicateVolumeCodes, type Catalog } from '../schema/catalog.js';
import { DossierSchema, type DossierConfig } from '../schema/dossier.js';
import { zodToDiagnostics, type Locate } from '../schema/issues.js';
import { didYouMean } from '../util/suggest.js';
import { ParseCache } from './parse-cache.js';
import { builtinDisplay, builtinExists, builtinFile, builtinList } from '../util/builtin-files.js';
import { displayPath, isInside, linkOutside, outsideLinkDiagnostic, toolVersion } from './paths.js';
import { setRowOrigin } from './readers/cells.js';
import { readCsv } from './readers/csv.js';
import { readXlsx, type XlsxResult } from './readers/xlsx.js';
import { readYaml, readYamlCached, type YamlResult } from './readers/yaml.js';
import { splitByRetention } from './retention.js';
import type { InputRecord, TemplateSource, Unit, Workspace } from './types.js';
import { append } from '../util/arrays.js';
import { wordTemplateSource } from './word-files.js';

/** Data files larger than this are refused (registers of a township are far smaller). */
export const MAX_DATA_BYTES = 20 * 1024 * 1024;

export interface LoadResult {
  workspace: Workspace | undefined;
  diagnostics: Diagnostic[];
  /**
   * When only data files have errors: the workspace without them (`brokenData`), so the build can still
   * plan and render what does not read them and report those problems too — all problems at once. Never
   * built from: `workspace` stays undefined.
   */
  partial?: Workspace;
}

const UNIT_SUFFIXES = ['人民政府', '党委', '委员会', '计划生育办公室', '计生办', '服务站', '村民委员会', '居民委员会'];

/** 澧源镇人民政府 → 澧源镇 */
export function shortUnitName(name: string): string {
  for (const s of UNIT_SUFFIXES) if (name.endsWith(s) && name.length > s.length) return name.slice(0, -s.length);
  return name;
}

/** A file to read: a path on disk, or a built-in file (package-relative, util/builtin-files.ts). */
type Source = string | { builtin: string };

/** Reads input files and records each one's hash (for incremental builds). */
export class Reader {
  readonly inputs: InputRecord[] = [];
  private readonly refused = new Set<string>();
  constructor(readonly dir: string) {}

  /**
   * True (and one error per link) when `abs` lies behind a link leading outside the workspace — the file
   * itself or a folder on its way (data/, templates/, catalog/ …): such inputs are never read.
   */
  outside(abs: string, out: Diagnostic[], fileWhat?: string): boolean {
    const link = linkOutside(this.dir, abs);
    if (link === undefined) return false;
    if (!this.refused.has(link)) {
      this.refused.add(link);
      out.push(outsideLinkDiagnostic(this.dir, link, abs, fileWhat));
    }
    return true;
  }


  read(abs: Source, display: string): Buffer {
    return this.readWithHash(abs, display).buf;
  }

  readWithHash(abs: Source, display: string): { buf: Buffer; sha: string } {
    const buf = typeof abs === 'string' ? readFileSync(abs) : builtinFile(abs.builtin);
    if (!buf) throw new Error(`bug: no built-in file ${display}`);
    const sha = createHash('sha256').update(buf).digest('hex');
    this.inputs.push({ file: display, sha256: sha });
    return { buf, sha };
  }

  /** A YAML/JSON file, through the parse cache when there is one. */
  yaml(abs: Source, display: string, cache: ParseCache | undefined): YamlResult {
    const { buf, sha } = this.readWithHash(abs, display);
    return readYamlCached(buf.toString('utf8'), display, sha, cache);
  }
}

export interface LoadOptions {
  /** reuse clean YAML parses of the last build (out/.dossier/parsed.json); `dossier build` does */
  parseCache?: boolean;
}

export async function loadWorkspace(dirArg: string, opts: LoadOptions = {}): Promise<LoadResult> {
  const dir = path.resolve(dirArg);
  const diagnostics: Diagnostic[] = [];
  const reader = new Reader(dir);
  const configPath = path.join(dir, 'dossier.yaml');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    diagnostics.push({ severity: 'error', code: 'workspace-missing', file: dirArg, message: '找不到工作区文件夹', hint: '检查路径是否正确，或用 dossier init <文件夹> 新建一个工作区。' });
    return { workspace: undefined, diagnostics };
  }
  if (!existsSync(configPath)) {
    diagnostics.push({ severity: 'error', code: 'config-missing', file: 'dossier.yaml', message: '工作区里没有 dossier.yaml', hint: '用 dossier init <文件夹> 新建工作区，或从示例工作区复制一份 dossier.yaml。' });
    return { workspace: undefined, diagnostics };
  }

  if (reader.outside(configPath, diagnostics)) return { workspace: undefined, diagnostics };
  const cache = opts.parseCache ? ParseCache.load(dir, toolVersion()) : undefined;
  const config = loadConfig(reader, configPath, diagnostics);
  const catalog = config ? loadCatalog(reader, dir, config.catalog, diagnostics, cache) : undefined;
  const { data, dataFiles } = await loadData(reader, dir, diagnostics, cache);
  const templates = loadTemplates(reader, dir, diagnostics);
  await loadWordTemplates(reader, dir, templates, diagnostics, cache);
  const partials = loadPartials(reader, dir, diagnostics);

  if (!config || !catalog) return { workspace: undefined, diagnostics };
  const unit: Unit = typeof config.unit === 'string' ? { name: config.unit, short: shortUnitName(config.unit) } : config.unit;
  const workspace: Workspace = {
    dir,
    config,
    unit,
    catalog: catalog.catalog,
    catalogFile: catalog.file,
    catalogLocate: catalog.locate,
    data,
    dataFiles,
    templates,
    partials,
    attachmentsDir: path.join(dir, 'attachments'),
    inputs: reader.inputs,
    ...(cache ? { parseCache: cache } : {}),
  };
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return { workspace, diagnostics };
  const broken = brokenDataKeys(errors, dataFiles);
  if (!broken) return { workspace: undefined, diagnostics };
  // the broken files' keys stay in the data as empty (a read of them is recorded, src/render/track.ts)
  for (const k of Object.keys(data)) if (broken.has(k.split('.')[0] ?? k)) delete data[k];
  for (const k of broken) data[k] = undefined;
  return { workspace: undefined, diagnostics, partial: { ...workspace, brokenData: broken } };
}

/** The data keys of the files these errors are in — undefined when any error is not in a data file. */
function brokenDataKeys(errors: readonly Diagnostic[], dataFiles: Record<string, string>): Set<string> | undefined {
  const byFile = new Map(Object.entries(dataFiles).map(([k, f]) => [f, k]));
  const keys = new Set<string>();
  for (const e of errors) {
    const file = e.file ?? '';
    const key = byFile.get(file) ?? (/^data\/[^/]+$/.test(file) ? path.basename(file, path.extname(file)) : undefined);
    if (key === undefined) return undefined;
    keys.add(key);
  }
  return keys;
}

function loadConfig(reader: Reader, abs: string, out: Diagnostic[]): DossierConfig | undefined {
  const file = 'dossier.yaml';
  const y = readYaml(reader.read(abs, file).toString('utf8'), file);
  out.push(...y.diagnostics);
  if (y.value === undefined) return undefined;
  const parsed = DossierSchema.safeParse(y.value ?? {});
  if (!parsed.success) {
    out.push(...zodToDiagnostics(parsed.error, DossierSchema, file, y.locate));
    return undefined;
  }
  return parsed.data;
}

/** Names of the built-in catalogs (catalog/*.yaml). */
export function builtinCatalogs(): string[] {
  return builtinList('catalog')
    .map((f) => f.slice('catalog/'.length))
    .filter((f) => !f.includes('/') && f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''));
}

/** A catalog by name (the workspace's catalog/<name>.yaml, else the built-in) or by path under catalog/;
 *  `settingsFile` is where the name was written (a village's own dossier.yaml, src/workspace/units.ts). */
export function loadCatalog(reader: Reader, dir: string, name: string, out: Diagnostic[], cache: ParseCache | undefined, settingsFile = 'dossier.yaml'): { catalog: Catalog; file: string; locate: Locate } | undefined {
  let abs: Source;
  let file: string;
  if (name.includes('/') || name.includes('\\') || name.endsWith('.yaml') || name.endsWith('.yml')) {
    abs = path.resolve(dir, name);
    file = displayPath(dir, abs);
    if (!isInside(path.join(dir, 'catalog'), abs)) {
      out.push({ severity: 'error', code: 'catalog-outside', file: settingsFile, message: `catalog 路径“${name}”不在工作区的 catalog/ 文件夹内`, hint: '把目录文件放进工作区的 catalog/ 文件夹，写成 catalog/文件名.yaml，或写内置目录名。' });
      return undefined;
    }
  } else {
    const own = path.join(dir, 'catalog', `${name}.yaml`);
    const builtin = `catalog/${name}.yaml`;
    if (existsSync(own)) {
      abs = own;
      file = displayPath(dir, own);
    } else if (builtinExists(builtin)) {
      abs = { builtin };
      file = builtinDisplay(builtin);
    } else {
      const names = builtinCatalogs();
      out.push({
        severity: 'error',
        code: 'catalog-unknown',
        file: settingsFile,
        message: `找不到案卷目录“${name}”${didYouMean(name, names)}`,
        hint: `内置目录有：${names.join('、')}；也可以在工作区 catalog/ 下放 ${name}.yaml。`,
      });
      return undefined;
    }
  }
  if (typeof abs === 'string' && !existsSync(abs)) {
    out.push({ severity: 'error', code: 'catalog-missing', file: settingsFile, message: `找不到目录文件 ${file}`, hint: '检查 catalog 的写法和文件名。' });
    return undefined;
  }
  if (typeof abs === 'string' && reader.outside(abs, out)) return undefined;
  const y = reader.yaml(abs, file, cache);
  append(out, y.diagnostics);
  if (y.value === undefined) return undefined;
  // a catalog that passed the checks last time, unchanged: its checked value (the checks of a township's catalog take ~30 ms)
  const checkedKey = y.sha !== undefined ? `catalog${CATALOG_CHECKS}:${y.sha}` : undefined;
  const checked = checkedKey !== undefined ? (cache?.get(checkedKey) as Catalog | undefined) : undefined;
  if (checked) return { ...splitByRetention(checked, y.locate), file };
  const parsed = CatalogSchema.safeParse(y.value ?? {});
  const dups = duplicateVolumeCodes(y.value);
  for (const d of dups) {
    const pos = y.locate(['volumes', d.index, 'code']);
    out.push({
      severity: 'error',
      code: 'catalog-duplicate-code',
      file,
      ...(pos ? { line: pos.line, column: pos.column } : {}),
      message: d.code === d.firstCode ? `卷代码“${d.code}”重复（第 ${d.first + 1} 卷已用过）` : `卷代码“${d.code}”与第 ${d.first + 1} 卷的“${d.firstCode}”只差大小写`,
      hint: d.code === d.firstCode ? '每卷的 code 必须不同，它决定文件名和档号。' : '每卷的 code 必须不同，大小写不同也不行：Windows 的文件名不分大小写，两卷的文件会互相覆盖。',
    });
  }
  if (!parsed.success) append(out, zodToDiagnostics(parsed.error, CatalogSchema, file, y.locate));
  if (!parsed.success || dups.length) return undefined;
  if (checkedKey !== undefined) cache?.put(checkedKey, parsed.data);
  return { ...splitByRetention(parsed.data, y.locate), file };
}

/** Bump when CatalogSchema's checks or output change: a catalog checked before is then checked again. */
const CATALOG_CHECKS = 1;

const DATA_EXTS = ['yaml', 'yml', 'json', 'csv', 'xlsx'];

async function loadData(reader: Reader, dir: string, out: Diagnostic[], cache: ParseCache | undefined): Promise<{ data: Record<string, unknown>; dataFiles: Record<string, string> }> {
  return loadDataDir(reader, dir, path.join(dir, 'data'), out, cache);
}

/** Every data file of `dataDir` by key (display paths relative to the workspace folder `dir`; a village's
 *  own data/ lies in 村/<村名>/, src/workspace/units.ts). */
export async function loadDataDir(reader: Reader, dir: string, dataDir: string, out: Diagnostic[], cache: ParseCache | undefined): Promise<{ data: Record<string, unknown>; dataFiles: Record<string, string> }> {
  const data: Record<string, unknown> = {};
  const dataFiles: Record<string, string> = {};
  if (!existsSync(dataDir)) return { data, dataFiles };
  const files = fg.sync('*', { cwd: dataDir, onlyFiles: false, markDirectories: true, dot: false, followSymbolicLinks: false }).filter((f) => !f.endsWith('/')).sort();
  for (const name of files) {
    const abs = path.join(dataDir, name);
    const file = displayPath(dir, abs);
    const ext = path.extname(name).slice(1).toLowerCase();
    const key = path.basename(name, path.extname(name));
    if (name.startsWith('~$')) continue; // Office lock file
    if (!DATA_EXTS.includes(ext)) {
      out.push({ severity: 'warning', code: 'data-unknown-type', file, message: `不认识的数据文件类型 .${ext}，已忽略`, hint: '数据文件可以是 .csv、.xlsx、.yaml、.yml 或 .json。' });
      continue;
    }
    if (reader.outside(abs, out)) continue;
    const st = statSync(abs, { throwIfNoEntry: false });
    if (!st?.isFile()) continue;
    if (st.size > MAX_DATA_BYTES) {
      out.push({ severity: 'error', code: 'data-too-large', file, message: `数据文件太大（${(st.size / 1048576).toFixed(1)} MB，上限 ${MAX_DATA_BYTES / 1048576} MB）`, hint: '只保留本年度需要的表格内容，或拆成几个文件。' });
      continue;
    }
    const sameKey = Object.keys(dataFiles).find((k) => k.toLowerCase() === key.toLowerCase());
    if (sameKey !== undefined) {
      out.push({
        severity: 'error',
        code: 'data-duplicate-key',
        file,
        message: sameKey === key ? `数据名“${key}”与 ${dataFiles[sameKey]} 重复` : `数据名“${key}”与 ${dataFiles[sameKey]} 只差大小写（在 Windows 上是同一个文件名）`,
        hint: '同名的数据文件只能有一个（扩展名不同、只差大小写都算同名），请改名或删除其一。',
      });
      continue;
    }
    if (ext !== 'csv' && ext !== 'xlsx') {
      const y = reader.yaml(abs, file, cache);
      append(out, y.diagnostics);
      if (y.value !== undefined) data[key] = y.value;
      dataFiles[key] = file;
      continue;
    }
    const { buf: bytes, sha } = reader.readWithHash(abs, file);
    if (ext === 'csv') {
      const r = readCsv(bytes, file);
      append(out, r.diagnostics);
      if (r.rows) data[key] = r.rows;
    } else if (ext === 'xlsx') {
      // a clean parse of the same bytes is kept between builds, like YAML's: a workspace of registers kept in
      // Excel does not pay for exceljs (0.3 s to load, ~30 ms a workbook) when nothing changed
      const hit = cache?.get(`xlsx:${sha}`) as XlsxResult['sheets'];
      const r: XlsxResult = hit ? { sheets: hit, diagnostics: [] } : await readXlsx(bytes, file);
      if (!hit && r.sheets && r.diagnostics.length === 0) cache?.put(`xlsx:${sha}`, r.sheets);
      // rows from the cache are new objects: they get back the sheet row each came from (for messages)
      if (hit) for (const sh of hit) sh.rows.forEach((row, i) => setRowOrigin(row, file, sh.lines?.[i] ?? i + 2, sh.name));
      append(out, r.diagnostics);
      if (r.sheets && r.sheets[0]) {
        const rows: unknown[] = [...r.sheets[0].rows];
        // every sheet by name too (环孕情监测汇总.第一季度 … 第四季度); the first sheet's name is the same value
        r.sheets.forEach((s, i) => {
          const value = i === 0 ? rows : s.rows;
          data[`${key}.${s.name}`] = value;
          Object.defineProperty(rows, s.name, { value, enumerable: false });
        });
        data[key] = rows;
      }
    }
    dataFiles[key] = file;
  }
  return { data, dataFiles };
}

/** Templates (templates/…/*.md.hbs) or partials (templates/partials/*.hbs) of the workspace, or built in when `dir` is
 *  undefined; sorted. `root`: another folder of the workspace whose templates/ to read (a village's, 村/<村名>/). */
function templateFiles(dir: string | undefined, kind: 'templates' | 'partials', root = dir): { rel: string; src: Source; file: string }[] {
  const sub = kind === 'partials' ? 'templates/partials' : 'templates';
  if (dir === undefined) {
    const re = kind === 'partials' ? /^[^/]+\.hbs$/ : /\.md\.hbs$/;
    return builtinList(sub)
      .map((f) => ({ rel: f.slice(sub.length + 1), f }))
      .filter(({ rel }) => re.test(rel))
      .map(({ rel, f }) => ({ rel, src: { builtin: f }, file: builtinDisplay(f) }));
  }
  const tdir = path.join(root ?? dir, ...sub.split('/'));
  if (!existsSync(tdir)) return [];
  return fg
    .sync(kind === 'partials' ? '*.hbs' : '**/*.md.hbs', { cwd: tdir, onlyFiles: true, followSymbolicLinks: false, ignore: ['回收站/**'] })
    .sort()
    .map((rel) => ({ rel, src: path.join(tdir, rel), file: displayPath(dir, path.join(tdir, rel)) }));
}

/** The templates of `root`/templates (default: the workspace's; undefined `dir`: the built-in) into `into`. */
export function collectTemplates(dir: string | undefined, into: Map<string, TemplateSource>, reader: Reader, out: Diagnostic[], root = dir): void {
  for (const { rel, src, file } of templateFiles(dir, 'templates', root)) {
    if (typeof src === 'string' && reader.outside(src, out)) continue;
    const name = rel.replace(/\.md\.hbs$/, '');
    into.set(name, { name, file, text: reader.read(src, file).toString('utf8').replace(/^\uFEFF/, ''), builtin: dir === undefined });
  }
}

function loadTemplates(reader: Reader, dir: string, out: Diagnostic[]): Map<string, TemplateSource> {
  const map = new Map<string, TemplateSource>();
  collectTemplates(undefined, map, reader, out);
  collectTemplates(dir, map, reader, out);
  caseClashes([...map.values()].filter((t) => !t.builtin), '模板', out);
  return map;
}

/** Two workspace files whose names differ only in case are one file on Windows and macOS. */
function caseClashes(sources: readonly TemplateSource[], what: string, out: Diagnostic[]): void {
  const seen = new Map<string, TemplateSource>();
  for (const t of [...sources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    const first = seen.get(t.name.toLowerCase());
    if (first)
      out.push({ severity: 'error', code: 'name-case-clash', file: t.file, message: `${what}“${t.name}”与 ${first.file} 只差大小写（在 Windows 上是同一个文件）`, hint: '给其中一个改个名字（只差大小写不算不同）。' });
    else seen.set(t.name.toLowerCase(), t);
  }
}

function loadPartials(reader: Reader, dir: string, out: Diagnostic[]): Map<string, TemplateSource> {
  const map = new Map<string, TemplateSource>();
  for (const root of [undefined, dir]) {
    for (const { rel, src, file } of templateFiles(root, 'partials')) {
      if (typeof src === 'string' && reader.outside(src, out)) continue;
      const name = rel.replace(/\.hbs$/, '');
      map.set(name, { name, file, text: reader.read(src, file).toString('utf8').replace(/^\uFEFF/, ''), builtin: root === undefined });
    }
  }
  caseClashes([...map.values()].filter((t) => !t.builtin), '片段', out);
  return map;
}

/** The partials of `root`/templates/partials (a village's folder) into `into`, shown relative to `dir`. */
export function collectPartials(dir: string, into: Map<string, TemplateSource>, reader: Reader, out: Diagnostic[], root = dir): void {
  for (const { rel, src, file } of templateFiles(dir, 'partials', root)) {
    if (typeof src === 'string' && reader.outside(src, out)) continue;
    const name = rel.replace(/\.hbs$/, '');
    into.set(name, { name, file, text: reader.read(src, file).toString('utf8').replace(/^\uFEFF/, ''), builtin: false });
  }
}

/** templates/<名称>.docx (issue 18): Word templates, used like <名称>.md.hbs; both forms of one name is an error.
 *  `root`: another folder's templates/ (a village's, src/workspace/units.ts), shown relative to `dir`. */
export async function loadWordTemplates(reader: Reader, dir: string, into: Map<string, TemplateSource>, out: Diagnostic[], cache: ParseCache | undefined, root = dir): Promise<void> {
  const tdir = path.join(root, 'templates');
  if (!existsSync(tdir)) return;
  const files = fg.sync('**/*.docx', { cwd: tdir, onlyFiles: true, followSymbolicLinks: false }).filter((rel) => !path.basename(rel).startsWith('~$') && !rel.startsWith('回收站/')).sort();
  for (const rel of files) {
    const abs = path.join(tdir, rel);
    if (reader.outside(abs, out)) continue;
    const name = rel.replace(/\.docx$/i, '');
    const file = displayPath(dir, abs);
    const same = into.get(name) ?? [...into.values()].find((t) => !t.builtin && t.name.toLowerCase() === name.toLowerCase());
    if (same && !same.builtin) {
      out.push({ severity: 'error', code: 'template-both-forms', file, message: `模板“${name}”同时有 ${same.file} 和 ${file} 两个文件，不知道用哪一个`, hint: '只保留其中一个：删去或改名另一个（例如移到 回收站/templates/）。' });
      continue;
    }
    const r = await wordTemplateSource(abs, name, file, false, reader.inputs, cache);
    out.push(...r.diagnostics);
    if (r.source) into.set(name, r.source);
  }
}
