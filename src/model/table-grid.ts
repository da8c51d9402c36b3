//! The grid a table's rows cover once row spans are counted: which column each cell starts in, and which
//! grid slots of a row belong to a cell merged from a row above (HTML's rule: a cell with `rowSpan` n covers
//! the same columns in the next n − 1 rows, and those rows list only their other cells).

import type { TableCell } from './types.js';

/** What the grid needs of a cell: its spans (the model's TableCell, the Word reader's WordCell). */
export interface Spanned {
  colSpan?: number;
  rowSpan?: number;
}

/** One slot of a row: a cell starting in this row, or the part of a merged cell from above that it covers. */
export interface GridSlot<C extends Spanned = TableCell> {
  cell: C;
  /** index of the cell in its own (starting) row */
  index: number;
  col: number;
  span: number;
  /** rows the cell spans (1 = unmerged) */
  rows: number;
  /** the row the cell starts in */
  firstRow: number;
  /** this row is the cell's first / last */
  first: boolean;
  last: boolean;
}

export const colSpanOf = (c: Spanned): number => Math.max(1, Math.floor(c.colSpan ?? 1));
export const rowSpanOf = (c: Spanned): number => Math.max(1, Math.floor(c.rowSpan ?? 1));

/** The slots of every row, in column order. A row span is cut at the last row of `rows`. */
export function tableGrid<C extends Spanned>(rows: readonly (readonly C[])[]): GridSlot<C>[][] {
  /** col → the merged cell still covering it, and the last row it covers */
  const open = new Map<number, { slot: GridSlot<C>; until: number }>();
  return rows.map((row, r) => {
    const slots: GridSlot<C>[] = [];
    let col = 0;
    const covered = (): void => {
      for (let o = open.get(col); o && o.until >= r; o = open.get(col)) {
        slots.push({ ...o.slot, first: false, last: o.until === r });
        col += o.slot.span;
      }
    };
    row.forEach((cell, index) => {
      covered();
      const span = colSpanOf(cell);
      const n = Math.min(rowSpanOf(cell), rows.length - r);
      const slot: GridSlot<C> = { cell, index, col, span, rows: n, firstRow: r, first: true, last: n === 1 };
      slots.push(slot);
      if (n > 1) open.set(col, { slot, until: r + n - 1 });
      col += span;
    });
    covered();
    for (const [c, o] of open) if (o.until <= r) open.delete(c);
    return slots;
  });
}

/** The start column of every cell of every row (row spans from above counted). */
export function cellColumns(rows: readonly (readonly Spanned[])[]): number[][] {
  const out = rows.map((row) => row.map(() => 0));
  tableGrid(rows).forEach((slots, r) => {
    for (const s of slots) if (s.first) (out[r] as number[])[s.index] = s.col;
  });
  return out;
}

/** Number of grid columns the rows cover (spans counted). */
export function gridWidth(rows: readonly (readonly Spanned[])[]): number {
  let n = 0;
  for (const slots of tableGrid(rows)) {
    const last = slots[slots.length - 1];
    if (last) n = Math.max(n, last.col + last.span);
  }
  return n;
}

/** For every row, the last row of its merged group: the rows that merged cells join, transitively (a row
 *  without merges is its own group). Writers keep a group together on one page when it fits. */
export function groupEnds<C extends Spanned>(grid: readonly (readonly GridSlot<C>[])[]): number[] {
  const ends = grid.map((_, r) => r);
  for (let r = grid.length - 1; r >= 0; r--) {
    let end = r;
    for (const s of grid[r] ?? []) end = Math.max(end, s.firstRow + s.rows - 1);
    for (let k = r + 1; k <= end && k < grid.length; k++) end = Math.max(end, ends[k] ?? k);
    ends[r] = end;
  }
  return ends;
}
