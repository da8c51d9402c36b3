//! loadWorkspace: reads dossier.yaml, the catalog (workspace override → built-in), data files,
//! templates and partials; validates them all and reports every problem at once.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { Diagnostic } from '../diag/diagnostic.js';
import { CatalogSchema, duplicateVolumeCodes, type Catalog } from '../schema/catalog.js';
import { DossierSchema, type DossierConfig } from '../schema/dossier.js';
import { zodToDiagnostics, type Locate } from '../schema/issues.js';
import { didYouMean } from '../util/suggest.js';
import { ParseCache } from './parse-cache.js';
import { builtinDisplay, builtinRoot, displayPath, isInside, toolVersion } from './paths.js';
import { readCsv } from './readers/csv.js';
import { readXlsx, type XlsxResult } from './readers/xlsx.js';
import { readYaml, readYamlCached, type YamlResult } from './readers/yaml.js';
import type { InputRecord, TemplateSource, Unit, Workspace } from './types.js';
import { wordTemplateSource } from './word-files.js';

/** Data files larger than this are refused (registers of a township are far smaller). */
export const MAX_DATA_BYTES = 20 * 1024 * 1024;

export interface LoadResult {
  workspace: Workspace | undefined;
  diagnostics: Diagnostic[];
}

const UNIT_SUFFIXES = ['人民政府', '党委', '委员会', '计划生育办公室', '计生办', '服务站', '村民委员会', '居民委员会'];

/** 澧源镇人民政府 → 澧源镇 */
export function shortUnitName(name: string): string {
  for (const s of UNIT_SUFFIXES) if (name.endsWith(s) && name.length > s.length) return name.slice(0, -s.length);
  return name;
}

class Reader {
  readonly inputs: InputRecord[] = [];
  constructor(readonly dir: string) {}

  read(abs: string, display: string): Buffer {
    return this.readWithHash(abs, display).buf;
  }

  readWithHash(abs: string, display: string): { buf: Buffer; sha: string } {
    const buf = readFileSync(abs);
    const sha = createHash('sha256').update(buf).digest('hex');
    this.inputs.push({ file: display, sha256: sha });
    return { buf, sha };
  }

  /** A YAML/JSON file, through the parse cache when there is one. */
  yaml(abs: string, display: string, cache: ParseCache | undefined): YamlResult {
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

  const cache = opts.parseCache ? ParseCache.load(dir, toolVersion()) : undefined;
  const config = loadConfig(reader, configPath, diagnostics);
  const catalog = config ? loadCatalog(reader, dir, config.catalog, diagnostics, cache) : undefined;
  const { data, dataFiles } = await loadData(reader, dir, diagnostics, cache);
  const templates = loadTemplates(reader, dir, diagnostics);
  await loadWordTemplates(dir, templates, reader.inputs, diagnostics, cache);
  const partials = loadPartials(reader, dir);

  if (!config || !catalog || diagnostics.some((d) => d.severity === 'error')) return { workspace: undefined, diagnostics };
  const unit: Unit = typeof config.unit === 'string' ? { name: config.unit, short: shortUnitName(config.unit) } : config.unit;
  return {
    workspace: {
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
    },
    diagnostics,
  };
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

function builtinCatalogs(): string[] {
  return fg.sync('*.yaml', { cwd: path.join(builtinRoot(), 'catalog') }).map((f) => f.replace(/\.yaml$/, '')).sort();
}

function loadCatalog(reader: Reader, dir: string, name: string, out: Diagnostic[], cache: ParseCache | undefined): { catalog: Catalog; file: string; locate: Locate } | undefined {
  let abs: string;
  let file: string;
  if (name.includes('/') || name.includes('\\') || name.endsWith('.yaml') || name.endsWith('.yml')) {
    abs = path.resolve(dir, name);
    file = displayPath(dir, abs);
    if (!isInside(path.join(dir, 'catalog'), abs)) {
      out.push({ severity: 'error', code: 'catalog-outside', file: 'dossier.yaml', message: `catalog 路径“${name}”不在工作区的 catalog/ 文件夹内`, hint: '把目录文件放进工作区的 catalog/ 文件夹，写成 catalog/文件名.yaml，或写内置目录名。' });
      return undefined;
    }
  } else {
    const own = path.join(dir, 'catalog', `${name}.yaml`);
    const builtin = path.join(builtinRoot(), 'catalog', `${name}.yaml`);
    if (existsSync(own)) {
      abs = own;
      file = displayPath(dir, own);
    } else if (existsSync(builtin)) {
      abs = builtin;
      file = builtinDisplay(builtin);
    } else {
      const names = builtinCatalogs();
      out.push({
        severity: 'error',
        code: 'catalog-unknown',
        file: 'dossier.yaml',
        message: `找不到案卷目录“${name}”${didYouMean(name, names)}`,
        hint: `内置目录有：${names.join('、')}；也可以在工作区 catalog/ 下放 ${name}.yaml。`,
      });
      return undefined;
    }
  }
  if (!existsSync(abs)) {
    out.push({ severity: 'error', code: 'catalog-missing', file: 'dossier.yaml', message: `找不到目录文件 ${file}`, hint: '检查 catalog 的写法和文件名。' });
    return undefined;
  }
  const y = reader.yaml(abs, file, cache);
  out.push(...y.diagnostics);
  if (y.value === undefined) return undefined;
  const parsed = CatalogSchema.safeParse(y.value ?? {});
  const dups = duplicateVolumeCodes(y.value);
  for (const d of dups) {
    const pos = y.locate(['volumes', d.index, 'code']);
    out.push({
      severity: 'error',
      code: 'catalog-duplicate-code',
      file,
      ...(pos ? { line: pos.line, column: pos.column } : {}),
      message: `卷代码“${d.code}”重复（第 ${d.first + 1} 卷已用过）`,
      hint: '每卷的 code 必须不同，它决定文件名和档号。',
    });
  }
  if (!parsed.success) out.push(...zodToDiagnostics(parsed.error, CatalogSchema, file, y.locate));
  if (!parsed.success || dups.length) return undefined;
  return { catalog: parsed.data, file, locate: y.locate };
}

const DATA_EXTS = ['yaml', 'yml', 'json', 'csv', 'xlsx'];

async function loadData(reader: Reader, dir: string, out: Diagnostic[], cache: ParseCache | undefined): Promise<{ data: Record<string, unknown>; dataFiles: Record<string, string> }> {
  const data: Record<string, unknown> = {};
  const dataFiles: Record<string, string> = {};
  const dataDir = path.join(dir, 'data');
  if (!existsSync(dataDir)) return { data, dataFiles };
  const files = fg.sync('*', { cwd: dataDir, onlyFiles: false, markDirectories: true, dot: false, followSymbolicLinks: false }).filter((f) => !f.endsWith('/')).sort();
  for (const name of files) {
    const abs = path.join(dataDir, name);
    const file = `data/${name}`;
    const ext = path.extname(name).slice(1).toLowerCase();
    const key = path.basename(name, path.extname(name));
    if (name.startsWith('~$')) continue; // Office lock file
    if (!DATA_EXTS.includes(ext)) {
      out.push({ severity: 'warning', code: 'data-unknown-type', file, message: `不认识的数据文件类型 .${ext}，已忽略`, hint: '数据文件可以是 .csv、.xlsx、.yaml、.yml 或 .json。' });
      continue;
    }
    const st = lstatSync(abs);
    if (st.isSymbolicLink() && !isInside(dir, realpathOr(abs))) {
      out.push({ severity: 'error', code: 'path-escape', file, message: '这个文件是指向工作区以外的链接，已拒绝读取', hint: '把真实文件复制到 data/ 中。' });
      continue;
    }
    if (!statSync(abs, { throwIfNoEntry: false })?.isFile()) continue;
    if (st.size > MAX_DATA_BYTES) {
      out.push({ severity: 'error', code: 'data-too-large', file, message: `数据文件太大（${(st.size / 1048576).toFixed(1)} MB，上限 ${MAX_DATA_BYTES / 1048576} MB）`, hint: '只保留本年度需要的表格内容，或拆成几个文件。' });
      continue;
    }
    if (dataFiles[key]) {
      out.push({ severity: 'error', code: 'data-duplicate-key', file, message: `数据名“${key}”与 ${dataFiles[key]} 重复`, hint: '同名的数据文件只能有一个（扩展名不同也算同名），请改名或删除其一。' });
      continue;
    }
    if (ext !== 'csv' && ext !== 'xlsx') {
      const y = reader.yaml(abs, file, cache);
      out.push(...y.diagnostics);
      if (y.value !== undefined) data[key] = y.value;
      dataFiles[key] = file;
      continue;
    }
    const { buf: bytes, sha } = reader.readWithHash(abs, file);
    if (ext === 'csv') {
      const r = readCsv(bytes, file);
      out.push(...r.diagnostics);
      if (r.rows) data[key] = r.rows;
    } else if (ext === 'xlsx') {
      // a clean parse of the same bytes is kept between builds, like YAML's: a workspace of registers kept in
      // Excel does not pay for exceljs (0.3 s to load, ~30 ms a workbook) when nothing changed
      const hit = cache?.get(`xlsx:${sha}`) as XlsxResult['sheets'];
      const r: XlsxResult = hit ? { sheets: hit, diagnostics: [] } : await readXlsx(bytes, file);
      if (!hit && r.sheets && r.diagnostics.length === 0) cache?.put(`xlsx:${sha}`, r.sheets);
      out.push(...r.diagnostics);
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

function collectTemplates(root: string, display: (abs: string) => string, builtin: boolean, into: Map<string, TemplateSource>, reader: Reader): void {
  const tdir = path.join(root, 'templates');
  if (!existsSync(tdir)) return;
  for (const rel of fg.sync('**/*.md.hbs', { cwd: tdir, onlyFiles: true, followSymbolicLinks: false, ignore: ['回收站/**'] }).sort()) {
    const abs = path.join(tdir, rel);
    const name = rel.replace(/\.md\.hbs$/, '');
    const file = display(abs);
    into.set(name, { name, file, text: reader.read(abs, file).toString('utf8').replace(/^\uFEFF/, ''), builtin });
  }
}

function loadTemplates(reader: Reader, dir: string, _out: Diagnostic[]): Map<string, TemplateSource> {
  const map = new Map<string, TemplateSource>();
  collectTemplates(builtinRoot(), builtinDisplay, true, map, reader);
  collectTemplates(dir, (abs) => displayPath(dir, abs), false, map, reader);
  return map;
}

function loadPartials(reader: Reader, dir: string): Map<string, TemplateSource> {
  const map = new Map<string, TemplateSource>();
  const roots: [string, (abs: string) => string, boolean][] = [
    [builtinRoot(), builtinDisplay, true],
    [dir, (abs) => displayPath(dir, abs), false],
  ];
  for (const [root, display, builtin] of roots) {
    const pdir = path.join(root, 'templates', 'partials');
    if (!existsSync(pdir)) continue;
    for (const rel of fg.sync('*.hbs', { cwd: pdir, onlyFiles: true, followSymbolicLinks: false }).sort()) {
      const abs = path.join(pdir, rel);
      const name = rel.replace(/\.hbs$/, '');
      const file = display(abs);
      map.set(name, { name, file, text: reader.read(abs, file).toString('utf8').replace(/^\uFEFF/, ''), builtin });
    }
  }
  return map;
}

function realpathOr(abs: string): string {
  try {
    return realpathSync(abs);
  } catch {
    return '/nonexistent';
  }
}

/** templates/<名称>.docx (issue 18): Word templates, used like <名称>.md.hbs; both forms of one name is an error. */
async function loadWordTemplates(dir: string, into: Map<string, TemplateSource>, inputs: InputRecord[], out: Diagnostic[], cache: ParseCache | undefined): Promise<void> {
  const tdir = path.join(dir, 'templates');
  if (!existsSync(tdir)) return;
  const files = fg.sync('**/*.docx', { cwd: tdir, onlyFiles: true, followSymbolicLinks: false }).filter((rel) => !path.basename(rel).startsWith('~$') && !rel.startsWith('回收站/')).sort();
  for (const rel of files) {
    const abs = path.join(tdir, rel);
    const name = rel.replace(/\.docx$/i, '');
    const file = displayPath(dir, abs);
    const same = into.get(name);
    if (same && !same.builtin) {
      out.push({ severity: 'error', code: 'template-both-forms', file, message: `模板“${name}”同时有 ${same.file} 和 ${file} 两个文件，不知道用哪一个`, hint: '只保留其中一个：删去或改名另一个（例如移到 回收站/templates/）。' });
      continue;
    }
    const r = await wordTemplateSource(abs, name, file, false, inputs, cache);
    out.push(...r.diagnostics);
    if (r.source) into.set(name, r.source);
  }
}
