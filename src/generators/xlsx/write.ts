//! One table as an .xlsx workbook (exceljs), for registers a clerk keeps on working with in WPS or Excel:
//! an optional title row merged across the columns, a header row (repeated on every printed page), then the
//! rows, printed fit to the page's width; ISO dates become real date cells shown as 2025年1月15日.
//! Re-zipped with fixed entry dates so the same table gives the same bytes.
import { readZip, writeZip } from '../docx/zip.js';

export interface XlsxColumn {
  header: string;
  /** characters */
  width?: number;
  /** date: an ISO yyyy-mm-dd value becomes a date cell */
  kind?: 'text' | 'date' | 'number';
}

export interface XlsxSheet {
  /** sheet name (at most 31 characters, no []:*?/\) */
  name: string;
  /** title row above the header (merged across the columns) */
  title?: string;
  columns: readonly XlsxColumn[];
  rows: readonly (readonly (string | number | null)[])[];
  /** print on landscape A4 (as the PDF of the same register); when absent, landscape if the columns are wider
   *  than an upright page */
  landscape?: boolean;
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
/** Characters of column width an upright A4 page holds at the default font and margins. */
const PORTRAIT_CHARS = 90;

export async function writeXlsx(sheet: XlsxSheet, created: Date): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'dossier 案卷生成器';
  wb.lastModifiedBy = 'dossier 案卷生成器';
  wb.created = created;
  wb.modified = created;
  const ws = wb.addWorksheet(sheet.name.replace(/[[\]:*?/\\]/g, '').slice(0, 31) || 'Sheet1', { views: [{ state: 'frozen', ySplit: sheet.title ? 2 : 1 }] });
  ws.columns = sheet.columns.map((c) => ({ width: c.width ?? Math.max(8, c.header.length * 2 + 2) }));
  // printed as the PDF is: A4, all columns on the page's width (as many pages down as needed), and the
  // header row again at the top of every page; turned as the caller says, else when the columns are wider
  // than an upright page holds (about 90 characters)
  const chars = ws.columns.reduce((a, c) => a + (c.width ?? 8), 0);
  const landscape = sheet.landscape ?? chars > PORTRAIT_CHARS;
  ws.pageSetup = { paperSize: 9, orientation: landscape ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, margins: { left: 0.6, right: 0.6, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 } };
  const headerRow = sheet.title ? 2 : 1;
  ws.pageSetup.printTitlesRow = `${headerRow}:${headerRow}`;
  const border = { top: { style: 'thin' as const }, left: { style: 'thin' as const }, bottom: { style: 'thin' as const }, right: { style: 'thin' as const } };
  if (sheet.title) {
    const r = ws.addRow([sheet.title]);
    ws.mergeCells(1, 1, 1, sheet.columns.length);
    r.height = 28;
    r.getCell(1).font = { bold: true, size: 16 };
    r.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  }
  const header = ws.addRow(sheet.columns.map((c) => c.header));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = border;
  });
  for (const values of sheet.rows) {
    const row = ws.addRow(
      sheet.columns.map((c, i) => {
        const v = values[i] ?? null;
        if (c.kind === 'date' && typeof v === 'string') {
          const m = ISO.exec(v);
          if (m) return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
        }
        return v === '' ? null : v;
      }),
    );
    sheet.columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      cell.border = border;
      cell.alignment = { vertical: 'middle', wrapText: true, ...(c.kind === 'number' || c.kind === 'date' ? { horizontal: 'center' as const } : {}) };
      if (c.kind === 'date') cell.numFmt = 'yyyy"年"m"月"d"日"';
    });
  }
  const raw = new Uint8Array(await wb.xlsx.writeBuffer());
  // exceljs stamps every zip entry with the current time: same entries, fixed time
  return writeZip([...readZip(raw)], created);
}
