//! Where a value of the data context was written: data file and line of `<data path>.<field>` (for
//! messages about a value a document used, e.g. the `number:` of a duplicated 发文字号). Read again only
//! when a message needs it. And where an object of the data context came from (an empty value a template
//! needs): a table row's file and line, or its place in a YAML/JSON file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rowOrigin } from './readers/cells.js';
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

/** Where an object of the data context came from: a row of a table, or a place in a YAML/JSON file. */
export interface DataPlace {
  file: string;
  line?: number;
  column?: number;
  /** a workbook's worksheet */
  sheet?: string;
  /** a row of a CSV/XLSX table (the value is a cell of it) */
  row: boolean;
  /** keys from the file's top to the object (YAML/JSON; empty for a table row) */
  path: (string | number)[];
}

const yamlIndex = new WeakMap<Workspace, Map<object, { key: string; path: (string | number)[] }>>();

/** Every object and list of the YAML/JSON data files, by identity: where it sits in its file. */
function indexOf(ws: Workspace): Map<object, { key: string; path: (string | number)[] }> {
  let index = yamlIndex.get(ws);
  if (index) return index;
  index = new Map();
  const walk = (v: unknown, key: string, p: (string | number)[], depth: number): void => {
    if (v === null || typeof v !== 'object' || depth > 32 || (index as Map<object, unknown>).has(v)) return;
    (index as Map<object, { key: string; path: (string | number)[] }>).set(v, { key, path: p });
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, key, [...p, i], depth + 1));
    else for (const [k, x] of Object.entries(v)) walk(x, key, [...p, k], depth + 1);
  };
  for (const [key, file] of Object.entries(ws.dataFiles)) if (/\.(ya?ml|json)$/i.test(file)) walk(ws.data[key], key, [], 0);
  yamlIndex.set(ws, index);
  return index;
}

/**
 * The data file and line of `holder` (an object of the data context) and of `rest` below it: a table row's
 * file and row (a workbook's sheet row), or the line of the value in its YAML/JSON file — of the value
 * itself when `present`, else of the nearest part that is there. Read again only when a message needs it.
 */
export function locateDataObject(ws: Workspace, holder: object, rest: readonly string[], present: boolean): DataPlace | undefined {
  const origin = rowOrigin(holder);
  if (origin) return { file: origin.file, line: origin.line, ...(origin.sheet !== undefined ? { sheet: origin.sheet } : {}), row: true, path: [] };
  const at = indexOf(ws).get(holder);
  if (!at) return undefined;
  const file = ws.dataFiles[at.key];
  if (!file) return undefined;
  const keys = [...at.path, ...rest.map((k) => (/^\d+$/.test(k) && Array.isArray(holder) ? Number(k) : k))];
  try {
    const y = readYaml(readFileSync(path.join(ws.dir, file), 'utf8'), file);
    const target = present ? keys : at.path;
    const pos = y.locate(target) ?? y.locate(at.path);
    return { file, ...(pos ? { line: pos.line, column: pos.column } : {}), row: false, path: target };
  } catch {
    return { file, row: false, path: at.path };
  }
}
