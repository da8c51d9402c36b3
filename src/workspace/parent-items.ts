//! `from:` (a unit's catalog item filled with what its parent issues to it): which item of the parent's
//! catalog a reference names — by 题名, or 卷代码/题名 when a title is in two volumes — and the names under
//! which the unit sees the parent's template and data, so a unit's build records (and hashes) the parent's
//! inputs of such a document apart from its own (src/workspace/units.ts, src/render/document.ts).
import type { Catalog, CatalogItem, CatalogVolume } from '../schema/catalog.js';
import { hashJson } from '../util/hash.js';
import { didYouMean } from '../util/suggest.js';
import type { TemplateSource, Workspace } from './types.js';

/** An item of the parent's catalog. */
export interface ParentItem {
  vi: number;
  ii: number;
  volume: CatalogVolume;
  item: CatalogItem;
  /** 卷代码/题名 */
  ref: string;
}

/** The references of an item's `from:` (one or a list). */
export function fromRefs(item: CatalogItem): string[] {
  return item.from === undefined ? [] : typeof item.from === 'string' ? [item.from] : item.from;
}

/** The parent's item a reference names, or why none: not there (with a suggestion), or in several volumes. */
export function resolveParentItem(catalog: Catalog, ref: string): { found: ParentItem } | { problem: string } {
  const text = ref.trim();
  const slash = text.indexOf('/');
  const code = slash > 0 ? text.slice(0, slash).trim() : undefined;
  const volumes = code !== undefined ? catalog.volumes.filter((v) => v.code.toLowerCase() === code.toLowerCase()) : [];
  const title = volumes.length ? text.slice(slash + 1).trim() : text;
  const where = volumes.length ? volumes : catalog.volumes;
  const hits: ParentItem[] = [];
  for (const volume of where) {
    const vi = catalog.volumes.indexOf(volume);
    volume.items.forEach((item, ii) => {
      if (item.title === title) hits.push({ vi, ii, volume, item, ref: `${volume.code}/${item.title}` });
    });
  }
  const first = hits[0];
  if (hits.length === 1 && first) return { found: first };
  if (hits.length > 1) return { problem: `上级目录中“${title}”有 ${hits.length} 项（${hits.map((h) => h.volume.code).join('、')}），请写成“卷代码/题名”，例如“${first?.ref ?? ''}”` };
  const titles = where.flatMap((v) => v.items.map((i) => i.title));
  return { problem: `上级目录（${catalog.name}）中没有“${title}”这一项${didYouMean(title, titles)}` };
}

/** The name under which a unit sees its parent's data key or item: 澧源镇/targets, 澧源镇/ZH/乡镇与村签订的…. */
export function parentName(parent: Workspace, name: string): string {
  return `${parent.unit.short}/${name}`;
}

/**
 * The unit's alias of the template of a parent's item: the parent's source, its text extended by the item
 * (so editing either the template or the item — its `data:`, `each:`, `copies:` — changes the hash the
 * unit's build records); the text is never compiled, the parent's renderer renders with its own.
 */
export function parentTemplateAlias(parent: Workspace, p: ParentItem): TemplateSource | undefined {
  const source = p.item.template === undefined ? undefined : parent.templates.get(p.item.template);
  if (!source) return undefined;
  const name = parentName(parent, p.ref);
  return { ...source, name, text: `${source.text}\n<!-- ${hashJson({ volume: p.volume.code, item: p.item })} -->` };
}

/**
 * A unit's data, with its parent's keys reachable (not enumerable: templates, checks and hashes of the
 * unit's own data do not see them) as 澧源镇/<key>: the data dependencies of its `from:` documents.
 */
export function addParentData(data: Record<string, unknown>, parent: Workspace): void {
  for (const [k, v] of Object.entries(parent.data)) Object.defineProperty(data, parentName(parent, k), { value: v, enumerable: false, configurable: true });
}
