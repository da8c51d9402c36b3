//! Year-bound data (`yearly:`) not filled in yet: a template item made from it is a missing item that says
//! which file to fill (a new year's workspace starts with its statistics emptied), not a build error.
import { yearlyKeys, type CatalogItem } from '../schema/catalog.js';
import { resolveDataPath } from '../util/data-path.js';
import type { Workspace } from '../workspace/types.js';

/** True when a value holds data: a row, a number, a non-empty text (`previous:` — last year's figures — aside). */
export function hasData(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'number' || typeof v === 'boolean') return true;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.some(hasData);
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).some(([k, x]) => k !== 'previous' && hasData(x));
  return false;
}

/** Why a template item cannot be made yet (its year-bound data is empty), or undefined. */
export function unfilledYearly(ws: Pick<Workspace, 'data' | 'dataFiles'>, item: CatalogItem): string | undefined {
  if (item.template === undefined) return undefined;
  const empty = yearlyKeys(item).filter((k) => !hasData(resolveDataPath(ws.data, k)));
  if (empty.length === 0) return undefined;
  const files = [...new Set(empty.map((k) => {
    const head = k.split('.')[0] ?? k;
    return ws.dataFiles[head] ?? `data/${head}.yaml`;
  }))];
  return `本年度数据还没有填写：把本年的数字填进 ${files.join('、')}`;
}
