//! Register workbooks (.xlsx) a clerk fills in Excel or WPS: written by `dossier init` (one sheet per register
//! with its header row and example rows) and emptied by `dossier init --from` for a new year (data rows removed,
//! the header and its formatting kept). exceljs stays inside workspace/ (the only layer that may use it).
import type ExcelJS from 'exceljs';
import { parseIsoDate } from '../util/dates.js';
import type { Row } from './readers/cells.js';

export interface SheetSpec {
  /** sheet name (Excel: at most 31 characters, none of []:*?/\) */
  name: string;
  columns: readonly string[];
  rows: readonly Row[];
}

/** Columns whose digits must stay text (an 18-digit ID typed into a number cell becomes 4.3E+17). */
const TEXT_COLUMN = /身份证|电话|账号|编号|证号|号码|文号/;

/** A name Excel accepts for a sheet. */
export function sheetName(title: string): string {
  const clean = title.replace(/[[\]:*?/\\]/g, '').trim();
  return (clean || 'Sheet1').slice(0, 31);
}

/** Display width of a text in Excel's character units (a Chinese character counts two). */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\uffff]/.test(ch) ? 2.1 : 1.1;
  return w;
}

async function excel(): Promise<typeof ExcelJS> {
  // loaded only when a workbook is written or emptied
  return (await import('exceljs')).default;
}

/** A workbook with one sheet per spec: bold framed header, frozen, columns sized to their content. */
export async function registerWorkbook(sheets: readonly SheetSpec[], created: Date): Promise<Uint8Array> {
  const Excel = await excel();
  const wb = new Excel.Workbook();
  wb.creator = 'dossier 案卷生成器';
  wb.created = created;
  wb.modified = created;
  const thin = { style: 'thin' as const, color: { argb: 'FF999999' } };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  for (const spec of sheets) {
    const ws = wb.addWorksheet(sheetName(spec.name), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = spec.columns.map((c) => {
      const longest = Math.max(width(c), ...spec.rows.map((r) => width(String(r[c] ?? ''))));
      return { header: c, key: c, width: Math.min(40, Math.max(8, Math.ceil(longest + 2))), ...(TEXT_COLUMN.test(c) ? { style: { numFmt: '@' } } : {}) };
    });
    const head = ws.getRow(1);
    head.font = { bold: true };
    head.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    head.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
      cell.border = border;
    });
    for (const r of spec.rows) {
      const row = ws.addRow(
        spec.columns.map((c) => {
          const v = r[c];
          const d = typeof v === 'string' ? parseIsoDate(v) : undefined;
          return d ? new Date(Date.UTC(d.year, d.month - 1, d.day)) : (v ?? '');
        }),
      );
      row.eachCell({ includeEmpty: true }, (cell) => {
        cell.border = border;
        if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
      });
    }
  }
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

/** How many header rows a sheet has: two when the first row holds cells merged across or down. */
function headerRows(ws: ExcelJS.Worksheet): number {
  const first = ws.getRow(1);
  const second = ws.getRow(2);
  for (let col = 1; col <= Math.max(first.cellCount, ws.columnCount); col++) {
    const top = first.getCell(col);
    const below = second.getCell(col);
    if ((top.isMerged && top.master.address !== top.address) || (below.isMerged && Number(below.master.row) === 1)) return 2;
  }
  return 1;
}

/**
 * The workbook with the data rows of the named sheets removed (every sheet when `sheets` is undefined, the
 * first sheet for an empty name) except those `keep` names by their index among the sheet's data rows (as the
 * reader counts them: empty rows skipped); headers and formatting stay. Returns the bytes and the rows removed.
 */
export async function pruneSheets(bytes: Uint8Array, sheets: readonly string[] | undefined, keep: (index: number) => boolean = () => false): Promise<{ bytes: Uint8Array; removed: { sheet: string; rows: number }[] }> {
  const Excel = await excel();
  const wb = new Excel.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const removed: { sheet: string; rows: number }[] = [];
  wb.worksheets.forEach((ws, i) => {
    const wanted = sheets === undefined || sheets.includes(ws.name) || (i === 0 && sheets.includes(''));
    if (!wanted) return;
    const head = headerRows(ws);
    const drop: number[] = [];
    let index = 0;
    let count = 0;
    ws.eachRow((row, n) => {
      if (n <= head) return;
      const filled = (row.values as unknown[]).some((v) => v !== null && v !== undefined && String(v).trim() !== '');
      if (filled && keep(index++)) return;
      drop.push(n);
      if (filled) count++;
    });
    // from the bottom, so the row numbers still to drop stay valid
    for (const n of drop.reverse()) ws.spliceRows(n, 1);
    removed.push({ sheet: ws.name, rows: count });
  });
  const buf = await wb.xlsx.writeBuffer();
  return { bytes: new Uint8Array(buf as ArrayBuffer), removed };
}
