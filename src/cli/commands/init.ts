//! dossier init <dir>: copy the bundled example workspace (sample data) into a new folder.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { builtinRoot } from '../../workspace/paths.js';
import { UsageError } from '../usage-error.js';
import { MSG } from '../messages.js';

export const EXAMPLE = '澧源镇';

export async function initWorkspace(dir: string, catalog: string): Promise<number> {
  const root = builtinRoot();
  const catalogs = fg.sync('*.yaml', { cwd: path.join(root, 'catalog') }).map((f) => f.replace(/\.yaml$/, ''));
  if (!catalogs.includes(catalog)) throw new UsageError(MSG.unknownCatalog(catalog, catalogs.join('、')));
  const target = path.resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0) {
    process.stderr.write(`${MSG.initExists(target)}\n${MSG.initHint}\n`);
    return 1;
  }
  const example = path.join(root, 'examples', EXAMPLE);
  cpSync(example, target, { recursive: true, filter: (src) => path.relative(example, src).split(path.sep)[0] !== 'out' });
  const cfg = path.join(target, 'dossier.yaml');
  writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/^catalog:.*$/m, `catalog: ${catalog}`));
  process.stdout.write(`${MSG.initDone(target)}\n${MSG.initNext(dir)}\n`);
  return 0;
}
