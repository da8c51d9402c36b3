//! dossier init <dir> [--catalog]: scaffold a complete workspace for one level (乡镇计生办 | 计生服务站 | 村级):
//! its sample data, the attachments/ folder of every `attach:` item, and a 使用说明.md whose folder list
//! is generated from the catalog, so it always matches.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { staticPrefix } from '../../plan/plan.js';
import { CatalogSchema, type Catalog } from '../../schema/catalog.js';
import { builtinFile, builtinList, builtinText } from '../../util/builtin-files.js';
import { builtinCatalogs } from '../../workspace/load.js';
import { readYaml } from '../../workspace/readers/yaml.js';
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

/** The folders a clerk files material into: one per `attach:` item, with the item it serves. */
export function attachmentFolders(catalog: Catalog): { volume: string; item: string; folder: string }[] {
  const out: { volume: string; item: string; folder: string }[] = [];
  for (const v of catalog.volumes)
    for (const it of v.items) {
      if (it.attach === undefined) continue;
      for (const g of typeof it.attach === 'string' ? [it.attach] : it.attach) {
        const folder = staticPrefix(g).replace(/\/$/, '');
        if (folder) out.push({ volume: `${v.code} ${v.title}`, item: it.title, folder });
      }
    }
  return out;
}

function readBuiltinCatalog(name: string): Catalog {
  const file = `catalog/${name}.yaml`;
  const parsed = CatalogSchema.safeParse(readYaml(builtinText(file) ?? '', file).value);
  if (!parsed.success) throw new Error(`bug: built-in catalog ${name} is invalid`);
  return parsed.data;
}

function guideSection(catalog: Catalog): string {
  const lines = ['', '## 附件文件夹一览（按案卷目录自动生成）', '', '收到或扫描的材料放进对应的文件夹，生成时按文件名顺序编入案卷；文件夹空着的，会列在缺件清单里。', ''];
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
    process.stderr.write(`${MSG.initExists(target)}\n${MSG.initHint}\n`);
    return 1;
  }
  const own = SCAFFOLDS[catalog];
  const source = own && builtinList(own).length ? own : (SCAFFOLDS['乡镇计生办'] ?? '');
  // the scaffold's files (built-in listings leave out out/ and hidden files)
  for (const rel of builtinList(source)) {
    const to = path.join(target, ...rel.slice(source.length + 1).split('/'));
    mkdirSync(path.dirname(to), { recursive: true });
    writeFileSync(to, builtinFile(rel) ?? '');
  }
  const cfg = path.join(target, 'dossier.yaml');
  writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/^catalog:[ \t]*[^\s#]+/m, `catalog: ${catalog}`));

  const cat = readBuiltinCatalog(catalog);
  for (const f of attachmentFolders(cat)) mkdirSync(path.join(target, 'attachments', ...f.folder.split('/')), { recursive: true });
  const guide = path.join(target, '使用说明.md');
  const head = existsSync(guide) ? readFileSync(guide, 'utf8').trimEnd() : `# ${cat.name}工作区使用说明`;
  writeFileSync(guide, `${head}\n${guideSection(cat)}`);

  if (!opts.quiet) process.stdout.write(`${MSG.initDone(target)}\n${MSG.initNext(dir)}\n`);
  return 0;
}
