//! Data paths as catalogs write them ("villages", "groups.leading", "staff.村干部"):
//! an exact key of the data context wins, else the dotted path is walked.

export function resolveDataPath(data: Record<string, unknown>, p: string): unknown {
  if (Object.prototype.hasOwnProperty.call(data, p)) return data[p];
  let cur: unknown = data;
  for (const part of p.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, part)) {
      // non-enumerable extra sheets of an xlsx array are own properties too
      return undefined;
    }
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
