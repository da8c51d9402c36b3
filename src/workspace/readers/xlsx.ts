//! XLSX data files (exceljs): first sheet = the key's rows, other sheets = `key.<sheet>`.
//! Header row = keys; dates become yyyy-mm-dd; formulas give their cached result.
import type ExcelJS from 'exceljs';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { isoOfDate } from '../../util/dates.js';
import { normalizeCell, setRowOrigin, type CellValue, type Row } from './cells.js';
import { compactWorkbook, MAX_SHEET_XML, TooBigError } from './xlsx-compact.js';

export interface XlsxResult {
  /** `lines`: the sheet row of each row (kept with the parse cache, for messages naming the row) */
  sheets: { name: string; rows: Row[]; lines?: number[] }[] | undefined;
  diagnostics: Diagnostic[];
}

/** Excel keeps a time of day as a fraction of a day: exceljs gives it as a Date on 1899-12-30. */
function timeOfDay(d: Date): string | undefined {
  if (d.getUTCFullYear() !== 1899 || d.getUTCMonth() !== 11 || d.getUTCDate() !== 30) return undefined;
  const pad = (n: number) => String(n).padStart(2, '0');
  // the fraction is rounded to the second (Excel stores 08:30 as 0.354166…)
  const secs = Math.round((d.getTime() - Date.UTC(1899, 11, 30)) / 1000);
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  return s ? `${pad(h)}:${pad(m)}:${pad(s)}` : `${pad(h)}:${pad(m)}`;
}

function cellValue(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return normalizeCell(v);
  if (v instanceof Date) return timeOfDay(v) ?? isoOfDate(v);
  if (typeof v === 'object') {
    if ('richText' in v) return normalizeCell(v.richText.map((t) => t.text).join(''));
    if ('formula' in v || 'sharedFormula' in v) {
      const r = (v as { result?: ExcelJS.CellValue }).result;
      return r === undefined ? '' : cellValue(r as ExcelJS.CellValue);
    }
    if ('text' in v && typeof (v as { text: unknown }).text === 'string') return normalizeCell((v as { text: string }).text);
    if ('error' in v) return '';
  }
  return String(v);
}

export async function readXlsx(bytes: Uint8Array, file: string): Promise<XlsxResult> {
  const diagnostics: Diagnostic[] = [];
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const isOle = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (!isZip) {
    diagnostics.push({
      severity: 'error',
      code: isOle ? 'xlsx-encrypted-or-xls' : 'xlsx-not-zip',
      file,
      message: isOle ? '这个文件设置了打开密码，或是旧版 .xls 格式，无法读取' : '这不是有效的 .xlsx 文件（文件已损坏或扩展名不对）',
      hint: isOle ? '在 Excel/WPS 中取消密码，并“另存为”Excel 工作簿（*.xlsx）。' : '用 Excel/WPS 打开后“另存为”Excel 工作簿（*.xlsx），或导出为 CSV UTF-8。',
    });
    return { sheets: undefined, diagnostics };
  }
  // exceljs is loaded only when a workspace has spreadsheets (it costs 0.3 s of start-up)
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    // empty formatted rows (a whole column formatted down to row 1,048,576) go before exceljs sees them
    const compact = await compactWorkbook(bytes);
    await wb.xlsx.load(Buffer.from(compact) as unknown as ArrayBuffer);
  } catch (e) {
    if (e instanceof TooBigError) {
      diagnostics.push({ severity: 'error', code: 'xlsx-too-big', file, message: `工作表解压后太大（超过 ${MAX_SHEET_XML / 1048576} MB），无法读取`, hint: '只保留本年度需要的内容，另存为新的 .xlsx 文件或导出为 CSV UTF-8。' });
      return { sheets: undefined, diagnostics };
    }
    diagnostics.push({ severity: 'error', code: 'xlsx-corrupt', file, message: '无法读取这个 .xlsx 文件（文件已损坏）', hint: '用 Excel/WPS 打开后重新保存为 .xlsx。' });
    return { sheets: undefined, diagnostics };
  }
  const sheets: { name: string; rows: Row[]; lines?: number[] }[] = [];
  for (const ws of wb.worksheets) {
    const { header, dataStart } = headerOf(ws);
    const rows: Row[] = [];
    const lines: number[] = [];
    if (header.length === 0) {
      diagnostics.push({ severity: 'warning', code: 'xlsx-empty-sheet', file, message: `工作表“${ws.name}”是空的，已跳过` });
      sheets.push({ name: ws.name, rows: [] });
      continue;
    }
    const seen = new Set<string>();
    header.forEach((h, i) => {
      if (h === '') diagnostics.push({ severity: 'error', code: 'xlsx-empty-header', file, line: 1, column: i + 1, message: `工作表“${ws.name}”第 ${i + 1} 列没有列名`, hint: '在第一行给这一列写上名称。' });
      else if (seen.has(h)) diagnostics.push({ severity: 'error', code: 'xlsx-duplicate-header', file, line: 1, column: i + 1, message: `工作表“${ws.name}”的列名“${h}”重复（第 ${header.indexOf(h) + 1} 列和第 ${i + 1} 列）`, hint: '每一列的列名必须不同：改掉其中一个，或删除多余的一列。' });
      seen.add(h);
    });
    for (let r = dataStart; r <= ws.rowCount; r++) {
      const xr = ws.getRow(r);
      const row: Row = {};
      let own = false;
      header.forEach((h, i) => {
        const cell = xr.getCell(i + 1);
        const master = cell.isMerged ? cell.master : cell;
        // a merged cell: its value is the top-left cell's; copied down within real rows, never across
        // columns, and a row whose only values come from a cell merged down from above is not a row
        const v = master !== cell && Number(master.row) === r ? '' : cellValue(cell.value);
        if (v !== '' && master === cell) own = true;
        row[h] = v;
      });
      if (own) {
        setRowOrigin(row, file, r, ws.name);
        rows.push(row);
        lines.push(r);
      }
    }
    sheets.push({ name: ws.name, rows, lines });
  }
  if (sheets.length === 0) diagnostics.push({ severity: 'error', code: 'xlsx-no-sheet', file, message: '工作簿里没有工作表' });
  return { sheets, diagnostics };
}

/**
 * The header of a sheet. One row normally; two rows when the first has merged cells — a group title
 * over sub-columns (出生人数 over 男/女), or titles merged down over both rows. A sub-column is keyed by
 * its own name, or "组名子列" when that name repeats under another group.
 */
function headerOf(ws: ExcelJS.Worksheet): { header: string[]; dataStart: number } {
  const first = ws.getRow(1);
  const second = ws.getRow(2);
  const width = Math.max(first.cellCount, ws.columnCount);
  const text = (c: ExcelJS.Cell) => String(cellValue((c.isMerged ? c.master : c).value)).trim();
  let twoRows = false;
  for (let col = 1; col <= width; col++) {
    const top = first.getCell(col);
    const below = second.getCell(col);
    if ((top.isMerged && top.master.address !== top.address) || (below.isMerged && Number(below.master.row) === 1)) twoRows = true;
  }
  if (!twoRows) {
    const header: string[] = [];
    for (let col = 1; col <= width; col++) header[col - 1] = text(first.getCell(col));
    while (header.length && header[header.length - 1] === '') header.pop();
    return { header, dataStart: 2 };
  }
  const parts: { top: string; sub: string }[] = [];
  for (let col = 1; col <= width; col++) {
    const below = second.getCell(col);
    const mergedDown = below.isMerged && Number(below.master.row) === 1;
    parts.push({ top: text(first.getCell(col)), sub: mergedDown ? '' : text(below) });
  }
  while (parts.length && parts[parts.length - 1]?.top === '' && parts[parts.length - 1]?.sub === '') parts.pop();
  const count = new Map<string, number>();
  for (const p of parts) if (p.sub) count.set(p.sub, (count.get(p.sub) ?? 0) + 1);
  const header = parts.map((p) => (!p.sub ? p.top : (count.get(p.sub) ?? 0) > 1 || p.sub === p.top ? (p.sub === p.top ? p.sub : `${p.top}${p.sub}`) : p.sub));
  return { header, dataStart: 3 };
}
