//! Validation of 责任书 targets and statistics: once over the data files (with their lines), and over
//! every rendered document's target lists; identical findings for many villages are reported once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { Document } from '../../model/types.js';
import { readYaml } from '../../workspace/readers/yaml.js';
import type { Workspace } from '../../workspace/types.js';
import { checkStats, checkStatsTable, checkVillageSums, isStats, isStatsTable, type StatsLocate } from './stats.js';
import { checkTargetBlocks, checkTargetData, isTargetSet, type Locate } from './targets.js';
import { append } from '../../util/arrays.js';

export { checkTargetBlocks, checkTargetData, isTargetSet } from './targets.js';
export { checkStats, checkStatsTable, checkVillageSums } from './stats.js';

const NAME_KEYS = ['村名', '名称', '村', '社区', '单位'];
const rowName = (r: Record<string, unknown>, i: number): string => String(NAME_KEYS.map((k) => r[k]).find((v) => v !== undefined && v !== '') ?? `第 ${i + 1} 行`);

/** Position locator for a YAML/JSON data file (re-read only to point at lines; the values come from ws.data). */
function positionsFor(ws: Workspace, file: string): StatsLocate {
  if (!/\.(ya?ml|json)$/i.test(file)) return () => undefined;
  let y: ReturnType<typeof readYaml> | undefined;
  return (p) => {
    if (!y) {
      try {
        y = readYaml(readFileSync(path.join(ws.dir, file), 'utf8'), file);
      } catch {
        return undefined;
      }
    }
    return y.locate(p);
  };
}

function locatorFor(ws: Workspace, file: string): Locate {
  const pos = positionsFor(ws, file);
  return (p) => pos(p)?.line;
}

/** Checks every data file that holds 责任目标 or statistics. */
export function validateData(ws: Workspace): Diagnostic[] {
  const out: Diagnostic[] = [];
  const units: [string, unknown][] = [];
  const tables: [string, Record<string, unknown>[], string][] = [];
  // a unit (a village built from the township's workspace) checks only its own files: what it inherits
  // is checked by the township's build, and its filtered copies would not add up to the township's sums
  const own = ws.unitOf ? new Set(ws.unitOf.ownKeys) : undefined;
  const checked = new Set<unknown>();
  for (const key of Object.keys(ws.data).sort()) {
    if (own && !own.has(key)) continue;
    const v = ws.data[key];
    // a workbook's first sheet is also reachable as key.<sheet>: check it once
    if (v !== null && typeof v === 'object') {
      if (checked.has(v)) continue;
      checked.add(v);
    }
    const file = ws.dataFiles[key] ?? `data/${key}`;
    if (isTargetSet(v)) append(out, checkTargetData(key, v, file, locatorFor(ws, file)));
    else if (isStats(v)) {
      for (const d of checkStats(key, v, file, positionsFor(ws, file))) out.push(d);
      units.push([key, v]);
    } else if (isStatsTable(v)) {
      append(out, checkStatsTable(v, file, rowName));
      tables.push([key, v, file]);
    }
  }
  // the unit's figures against its villages': the one table of village statistics (villageStats when there
  // are several, e.g. beside a half-year report)
  const villageTable = tables.length === 1 ? tables[0] : tables.find(([k]) => k === 'villageStats');
  if (units.length === 1 && villageTable) {
    const [uk, u] = units[0] as [string, unknown];
    const [tk, rows, file] = villageTable;
    append(out, checkVillageSums(uk, u, tk, rows, file));
  }
  return out;
}

/** Checks the target lists of rendered documents; the same finding in many documents is listed once. */
export function validateDocuments(docs: readonly { document: Document; rowName?: string | undefined }[]): Diagnostic[] {
  return mergeTargetFindings(docs.map(({ document, rowName: rn }) => ({ findings: checkTargetBlocks(document), rowName: rn })));
}

/**
 * The findings of each document's target lists (checkTargetBlocks, made as each document is rendered),
 * merged: the same finding in many documents is listed once, naming the rows.
 */
export function mergeTargetFindings(list: readonly { findings: readonly Diagnostic[]; rowName?: string | undefined }[]): Diagnostic[] {
  const seen = new Map<string, { d: Diagnostic; rows: string[] }>();
  for (const { findings, rowName: rn } of list) {
    for (const d of findings) {
      const k = `${d.code}|${d.file}|${d.line}|${d.message}`;
      const e = seen.get(k);
      if (e) {
        if (rn) e.rows.push(rn);
      } else seen.set(k, { d, rows: rn ? [rn] : [] });
    }
  }
  return [...seen.values()].map(({ d, rows }) => (rows.length > 1 ? { ...d, message: `${d.message}（${rows.length} 份：${rows.slice(0, 3).join('、')}${rows.length > 3 ? '等' : ''}）` } : rows.length === 1 ? { ...d, message: `${d.message}（${rows[0]}）` } : d));
}
