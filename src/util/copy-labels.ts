//! Copy labels of a 一式多份 document (印制, src/bind/copies.ts): "{委员会}执" filled from the row, which copy is
//! the archive's, and the mark printed on each copy. Pure text rules, shared by the binder and by the planner
//! (a village files its own copy of the township's 责任书, src/plan/from-parent.ts).
/** A data row (a workspace Row): column → value. */
type Row = Readonly<Record<string, unknown>>;

/** Default mark: {copy} = the label, {n} = copy number, {total} = number of copies. */
export const DEFAULT_COPY_MARK = '{copy} 第{n}份/共{total}份';

/** Copy labels with `{列名}` filled from the row: "{委员会}执" → "青龙村村民委员会执". */
export function copyLabels(copies: readonly string[], row?: Row): string[] {
  return copies.map((c) => c.replace(/\{([^{}]+)\}/g, (m, k: string) => {
    const v = row?.[k];
    return v === undefined || v === null || v === '' ? m : String(v);
  }));
}

/** Index of the archive copy (存档/归档), which goes into the bound volume; else the last copy. */
export function archiveCopyIndex(copies: readonly string[]): number {
  const i = copies.findIndex((c) => /存档|归档|存卷/.test(c));
  return i >= 0 ? i : copies.length - 1;
}

/**
 * Index of the copy that goes to the party the row names (a village's "{委员会}执"): the first label written
 * with a `{列名}` of the row, else the first whose text names the party; -1 when none does.
 */
export function partyCopyIndex(copies: readonly string[], row: Row | undefined, party: string): number {
  const byColumn = copies.findIndex((c) => /\{[^{}]+\}/.test(c));
  if (byColumn >= 0) return byColumn;
  const labels = copyLabels(copies, row);
  return party ? labels.findIndex((l) => l.includes(party)) : -1;
}

/** The mark text of copy `n` (1-based) of `total`. */
export function copyMarkText(format: string, label: string, n: number, total: number): string {
  return format.replace(/\{copy\}/g, label).replace(/\{n\}/g, String(n)).replace(/\{total\}/g, String(total));
}
