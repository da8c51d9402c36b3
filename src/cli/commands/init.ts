//! dossier init <dir> [--catalog]: scaffold a complete workspace for one level (乡镇计生办 | 计生服务站 | 村级):
//! its sample data, the attachments/ folder of every `attach:` item, and a 使用说明.md whose folder list
//! is generated from the catalog, so it always matches.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { staticPrefix } from '../../plan/plan.js';
import { registerFileText, registerForms, type RegisterForm } from '../../plan/registers.js';
import { CatalogSchema, type Catalog } from '../../schema/catalog.js';
import { DossierSchema } from '../../schema/dossier.js';
import { builtinFile, builtinList, builtinText } from '../../util/builtin-files.js';
import { builtinCatalogs, shortUnitName } from '../../workspace/load.js';
import { readCsv } from '../../workspace/readers/csv.js';
import { readYaml } from '../../workspace/readers/yaml.js';
import { exampleRows, type ExampleContext } from '../../workspace/register-examples.js';
import { registerWorkbook, sheetName } from '../../workspace/register-sheets.js';
import { UsageError } from '../usage-error.js';
import { MSG } from '../messages.js';

/** The 乡镇 demo (`npm run demo`) doubles as the 乡镇计生办 scaffold. */
export const EXAMPLE = '澧源镇';

/** Scaffold folder per built-in catalog (relative to the package root). */
export const SCAFFOLDS: Record<string, string> = {
  乡镇计生办: `examples/${EXAMPLE}`,
  计生服务站: 'scaffold/计生服务站',
  村级: 'scaffold/村级',
};

/** The folders a clerk files material into: one per `attach:` item and case-file item, with the item it serves. */
export function attachmentFolders(catalog: Catalog): { volume: string; item: string; folder: string }[] {
  const out: { volume: string; item: string; folder: string }[] = [];
  for (const v of catalog.volumes)
    for (const it of v.items) {
      if (it.cases) out.push({ volume: `${v.code} ${v.title}`, item: `${it.title}（每案一个文件夹：当事人-编号）`, folder: it.cases.folder.replace(/\/$/, '') });
      if (it.attach === undefined) continue;
      for (const g of typeof it.attach === 'string' ? [it.attach] : it.attach) {
        const folder = staticPrefix(g).replace(/\/$/, '');
        if (folder) out.push({ volume: `${v.code} ${v.title}`, item: it.title, folder });
      }
    }
  return out;
}

/**
 * One .xlsx per register data file the workspace lacks (a sheet per register kept in it), with the columns of
 * the catalog's form and three example rows. Returns the files written (workspace-relative).
 */
export async function scaffoldRegisters(target: string, catalog: Catalog): Promise<string[]> {
  const dataDir = path.join(target, 'data');
  mkdirSync(dataDir, { recursive: true });
  const have = new Set(readdirSync(dataDir).map((f) => f.replace(/\.[^.]+$/, '')));
  // the scaffold's settings and villages give the examples their year, unit and village names
  const cfgFile = path.join(target, 'dossier.yaml');
  const parsed = existsSync(cfgFile) ? DossierSchema.safeParse(readYaml(readFileSync(cfgFile, 'utf8'), 'dossier.yaml').value) : undefined;
  const config = parsed?.success ? parsed.data : undefined;
  const year = config?.year ?? new Date().getFullYear();
  const villagesFile = path.join(dataDir, 'villages.csv');
  const villages = existsSync(villagesFile) ? (readCsv(readFileSync(villagesFile), 'data/villages.csv').rows ?? []) : [];
  const unitName = typeof config?.unit === 'string' ? config.unit : config?.unit.short;
  const ctx: ExampleContext = {
    year,
    unitShort: unitName === undefined ? '本镇' : typeof config?.unit === 'string' ? shortUnitName(unitName) : unitName,
    villages: villages.flatMap((r) => (typeof r['村名'] === 'string' && r['村名'] !== '' ? [r['村名']] : [])),
    ...(config?.preparer ? { preparer: config.preparer } : {}),
  };
  const byKey = new Map<string, RegisterForm[]>();
  for (const f of registerForms(catalog, staticPrefix)) if (!have.has(f.key)) byKey.set(f.key, [...(byKey.get(f.key) ?? []), f]);
  const written: string[] = [];
  for (const [key, forms] of byKey) {
    const ordered = [...forms.filter((f) => f.sheet === undefined), ...forms.filter((f) => f.sheet !== undefined)];
    const sheets = ordered.map((f) => ({ name: f.sheet ?? sheetName(f.items[0]?.title ?? key), columns: f.columns, rows: exampleRows(f.columns, ctx) }));
    writeFileSync(path.join(dataDir, `${key}.xlsx`), await registerWorkbook(sheets, new Date(Date.UTC(year, 0, 1))));
    written.push(`data/${key}.xlsx`);
  }
  return written;
}

function readBuiltinCatalog(name: string): Catalog {
  const file = `catalog/${name}.yaml`;
  const parsed = CatalogSchema.safeParse(readYaml(builtinText(file) ?? '', file).value);
  if (!parsed.success) throw new Error(`bug: built-in catalog ${name} is invalid`);
  return parsed.data;
}

function registersSection(catalog: Catalog, dataFiles: Record<string, string>): string[] {
  const forms = registerForms(catalog, staticPrefix);
  if (forms.length === 0) return [];
  const lines = [
    '',
    '## 登记册一览（按案卷目录自动生成）',
    '',
    '登记册、花名册、统计表用 Excel 或 WPS 表格填写：第一行是列名（不要改动），从第二行起每行一条记录，新建时已填了三行示例。生成时由表格排成登记册；没有表格数据、只有纸质登记册的，把扫描件放进右栏的文件夹也可以。',
    '',
    '| 登记册 | 填进 | 或放入扫描件 |',
    '| --- | --- | --- |',
  ];
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  for (const f of forms)
    for (const it of f.items) {
      const file = registerFileText({ key: f.key, file: dataFiles[f.key] ?? `data/${f.key}.xlsx`, ...(f.sheet === undefined ? {} : { sheet: f.sheet }) });
      lines.push(`| ${cell(`${it.volume} ${it.title}`)} | ${cell(file)} | ${cell(it.scans.join('、') || '—')} |`);
    }
  return lines;
}

function guideSection(catalog: Catalog, dataFiles: Record<string, string> = {}): string {
  const lines = [...registersSection(catalog, dataFiles), '', '## 附件文件夹一览（按案卷目录自动生成）', '', '收到或扫描的材料放进对应的文件夹，生成时按文件名顺序编入案卷；文件夹空着的，会列在缺件清单里。', ''];
  let vol = '';
  for (const f of attachmentFolders(catalog)) {
    if (f.volume !== vol) {
      vol = f.volume;
      lines.push('', `### ${vol}`, '', '| 材料 | 放入文件夹 |', '| --- | --- |');
    }
    lines.push(`| ${f.item.replace(/\|/g, '\\|')} | attachments/${f.folder}/ |`);
  }
  return `${lines.join('\n')}\n`;
}

/** 使用说明.md: its own text (or a heading), then the registers and attachment folders of the catalog. */
export function writeGuide(target: string, cat: Catalog): void {
  const guide = path.join(target, '使用说明.md');
  const own = existsSync(guide) ? readFileSync(guide, 'utf8') : `# ${cat.name}工作区使用说明\n`;
  // the generated sections are made again (a workspace carried into a new year gets them fresh)
  const head = own.split(/\n## 登记册一览（按案卷目录自动生成）|\n## 附件文件夹一览（按案卷目录自动生成）/)[0]?.trimEnd() ?? '';
  const dataDir = path.join(target, 'data');
  const files: Record<string, string> = {};
  if (existsSync(dataDir)) for (const f of readdirSync(dataDir).sort()) files[f.replace(/\.[^.]+$/, '')] ??= `data/${f}`;
  writeFileSync(guide, `${head}\n${guideSection(cat, files)}`);
}

export interface InitOptions {
  /** files that may already be in the folder (dossier.exe makes a workspace in the folder it sits in) */
  keep?: (name: string) => boolean;
  /** print nothing on success (the caller says what comes next) */
  quiet?: boolean;
}

export async function initWorkspace(dir: string, catalog: string, opts: InitOptions = {}): Promise<number> {
  const catalogs = builtinCatalogs();
  if (!catalogs.includes(catalog)) throw new UsageError(MSG.unknownCatalog(catalog, catalogs.join('、')));
  const target = path.resolve(dir);
  if (existsSync(target) && readdirSync(target).some((n) => !opts.keep?.(n))) {
    // a usage error (DESIGN §3: exit 2): the command named a folder it may not use
    process.stderr.write(`${MSG.usage}：${MSG.initExists(target)}\n${MSG.initHint}\n`);
    return 2;
  }
  const own = SCAFFOLDS[catalog];
  const source = own && builtinList(own).length ? own : (SCAFFOLDS['乡镇计生办'] ?? '');
  // the scaffold's files, from the package folder or dossier.exe (built-in listings leave out out/ and hidden files)
  for (const rel of builtinList(source)) {
    const to = path.join(target, ...rel.slice(source.length + 1).split('/'));
    mkdirSync(path.dirname(to), { recursive: true });
    writeFileSync(to, builtinFile(rel) ?? '');
  }
  const cfg = path.join(target, 'dossier.yaml');
  writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/^catalog:[ \t]*[^\s#]+/m, `catalog: ${catalog}`));

  const cat = readBuiltinCatalog(catalog);
  for (const f of attachmentFolders(cat)) mkdirSync(path.join(target, 'attachments', ...f.folder.split('/')), { recursive: true });
  const registers = await scaffoldRegisters(target, cat);
  writeGuide(target, cat);

  if (!opts.quiet) process.stdout.write(`${MSG.initDone(target)}\n${registers.length ? `${MSG.initRegisters(registers.length)}\n` : ''}${MSG.initNext(dir)}\n`);
  return 0;
}
