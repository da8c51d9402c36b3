//! Per-item 保管期限: one 案卷 holds files of one 保管期限 only (DA/T 22; a box never mixes them), so the
//! items of a catalog volume whose `retention:` differs from the volume's are filed in a volume of their
//! own — same 卷名 with the 保管期限 added, code with the DA/T 22 retention code added (JF → JFD30) — placed
//! right after it. Done once when the catalog is loaded, so planning, binding and the web page all see the
//! volumes as they are boxed; positions in the catalog file still point at the item as written.
import type { Catalog, CatalogVolume } from '../schema/catalog.js';
import type { Locate } from '../schema/issues.js';
import { RETENTION_CODE } from '../standards/dat22.js';

export interface SplitCatalog {
  catalog: Catalog;
  locate: Locate;
}

export function splitByRetention(catalog: Catalog, locate: Locate): SplitCatalog {
  if (!catalog.volumes.some((v) => v.items.some((it) => it.retention !== undefined && it.retention !== v.retention))) return { catalog, locate };
  const volumes: CatalogVolume[] = [];
  /** derived volume index → [source volume index, derived item index → source item index] */
  const origin: [number, number[]][] = [];
  const codes = new Set(catalog.volumes.map((v) => v.code));
  catalog.volumes.forEach((v, vi) => {
    const groups = new Map<string, number[]>([[v.retention, []]]);
    v.items.forEach((it, ii) => {
      const r = it.retention ?? v.retention;
      const g = groups.get(r) ?? [];
      g.push(ii);
      groups.set(r, g);
    });
    for (const [retention, indices] of groups) {
      if (indices.length === 0) continue; // every item has another retention: the volume itself is empty
      const own = retention === v.retention;
      let code = own ? v.code : `${v.code}${(RETENTION_CODE as Record<string, string>)[retention] ?? ''}`;
      while (!own && codes.has(code)) code = `${code}X`;
      if (!own) codes.add(code);
      volumes.push({ ...v, code, retention: retention as CatalogVolume['retention'], title: own ? v.title : `${v.title}（${retention}）`, items: indices.map((ii) => v.items[ii] as CatalogVolume['items'][number]) });
      origin.push([vi, indices]);
    }
  });
  const mapped: Locate = (p, key) => {
    if (p[0] !== 'volumes' || typeof p[1] !== 'number') return locate(p, key);
    const o = origin[p[1]];
    if (!o) return locate(p, key);
    const rest = p.slice(2);
    if (rest[0] === 'items' && typeof rest[1] === 'number') return locate(['volumes', o[0], 'items', o[1][rest[1]] ?? rest[1], ...rest.slice(2)], key);
    return locate(['volumes', o[0], ...rest], key);
  };
  return { catalog: { ...catalog, volumes }, locate: mapped };
}
