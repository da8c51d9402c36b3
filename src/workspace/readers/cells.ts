//! Cell values from CSV and spreadsheets: numeric text becomes a number, everything else stays text.
//! Long digit strings (ID numbers, 18 digits) and leading zeros stay text so nothing is lost.

export type CellValue = string | number | boolean | null;
export type Row = Record<string, CellValue>;

const NUMERIC = /^-?(?:0|[1-9]\d{0,14})(?:\.\d{1,10})?$/;

export function normalizeCell(raw: string): CellValue {
  const s = raw.trim();
  if (s === '') return '';
  if (NUMERIC.test(s)) return Number(s);
  return s;
}
