//! Cell values from CSV and spreadsheets: numeric text becomes a number, everything else stays text.
//! Long digit strings (ID numbers, 18 digits) and leading zeros stay text so nothing is lost.

export type CellValue = string | number | boolean | null;
export type Row = Record<string, CellValue>;

/** Longest text a cell may hold: Excel's own limit. A register line longer than this is never real. */
export const MAX_CELL_CHARS = 32_767;

const NUMERIC = /^-?(?:0|[1-9]\d{0,14})(?:\.\d{1,10})?$/;

export function normalizeCell(raw: string): CellValue {
  const s = raw.trim();
  if (s === '') return '';
  if (NUMERIC.test(s)) return Number(s);
  return s;
}

/** Where a data row came from (file and line; the sheet row of a spreadsheet), for messages about it. */
export interface RowOrigin {
  file: string;
  line: number;
  /** the worksheet of a workbook's row */
  sheet?: string;
}

const origins = new WeakMap<object, RowOrigin>();

export function setRowOrigin(row: Row, file: string, line: number, sheet?: string): void {
  origins.set(row, sheet === undefined ? { file, line } : { file, line, sheet });
}

/** The file and line of a row read from CSV/XLSX, when known. */
export function rowOrigin(row: unknown): RowOrigin | undefined {
  return row !== null && typeof row === 'object' ? origins.get(row) : undefined;
}
