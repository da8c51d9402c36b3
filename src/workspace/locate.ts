//! Where a value of the data context was written: data file and line of `<data path>.<field>` (for
//! messages about a value a document used, e.g. the `number:` of a duplicated 发文字号). Read again only
//! when a message needs it; YAML and JSON files only (a table row has no line to point at here).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readYaml } from './readers/yaml.js';
import type { Workspace } from './types.js';

export function locateDataValue(ws: Workspace, dataPath: string, field: string): { file: string; line?: number } | undefined {
  const parts = dataPath.split('.');
  for (let k = parts.length; k >= 1; k--) {
    const key = parts.slice(0, k).join('.');
    const file = ws.dataFiles[key];
    if (!file) continue;
    if (!/\.(ya?ml|json)$/i.test(file)) return { file };
    try {
      const y = readYaml(readFileSync(path.join(ws.dir, file), 'utf8'), file);
      const pos = y.locate([...parts.slice(k), field]);
      return pos ? { file, line: pos.line } : { file };
    } catch {
      return { file };
    }
  }
  return undefined;
}
