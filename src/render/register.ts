//! Registers (花名册/登记册/台账) from CSV/XLSX rows: 序号 (unless the data has its own), the configured
//! columns in order with renames, widths and merged group headers, cells formatted the Chinese way
//! (2025年3月1日; empty stays empty), and the 制表人/制表日期 footer. Returns source blocks; the lowering
//! pass sizes the columns and turns the page when they need it.
import type { Diagnostic } from '../diag/diagnostic.js';
import type { SourceBlock } from '../model/source.js';
import type { TableCell } from '../model/types.js';
import { arabicDate } from '../util/cn.js';
import type { CatalogItem } from '../schema/catalog.js';
import type { CellValue, Row } from '../workspace/readers/cells.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** 序号 column width relative to a default column of 1 */
const SERIAL_WIDTH = 0.5;

/** A cell as printed: dates 2025年3月1日, numbers without float noise, booleans 是/否, empty stays empty. */
export function formatCell(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(12)));
  }
  const s = String(v).trim();
  return ISO_DATE.test(s) ? arabicDate(s) : s;
}

export interface RegisterSpec {
  title: string;
  unit: string;
  year: number;
  columns: readonly string[];
  rows: readonly Row[];
  item?: CatalogItem;
  /** dossier.yaml preparer and date, the footer's defaults */
  preparer?: string;
  date?: string;
  /** the catalog's choice; without it the columns decide */
  landscape?: boolean;
  src: { file: string; line: number };
}

const cell = (text: string, align?: 'center'): TableCell => ({ content: [{ t: 'text', text }], ...(align ? { align } : {}) });

/** Column names that already number the rows: no second 序号 is added. */
const SERIAL_NAMES = new Set(['序号', '顺序号', '编号序号']);

export function registerBlocks(r: RegisterSpec): { blocks: SourceBlock[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const item = r.item;
  const name = (c: string) => item?.headers?.[c] ?? c;
  for (const k of Object.keys(item?.headers ?? {}))
    if (!r.columns.includes(k)) diagnostics.push({ severity: 'warning', code: 'register-unknown-header', file: r.src.file, message: `登记册“${r.title}”的 headers 中的“${k}”不是表格的列`, hint: `可改名的列：${r.columns.join('、')}。` });

  // header rows: with groups, row 1 has the group titles (merged) and row 2 the column names under them
  const groups = item?.groups ?? [];
  const groupAt = new Map<number, { title: string; span: number }>();
  const grouped = new Set<string>();
  for (const g of groups) {
    const idx = g.columns.map((c) => r.columns.indexOf(c));
    const start = Math.min(...idx);
    if (idx.some((i) => i < 0) || idx.some((i, k) => k > 0 && i !== (idx[k - 1] as number) + 1)) {
      diagnostics.push({ severity: 'warning', code: 'register-bad-group', file: r.src.file, message: `登记册“${r.title}”的合并表头“${g.title}”要包含相邻的几列（${g.columns.join('、')}）`, hint: '在 columns 中把这几列排在一起。' });
      continue;
    }
    groupAt.set(start, { title: g.title, span: g.columns.length });
    for (const c of g.columns) grouped.add(c);
  }
  // the data's own 序号 column numbers the rows; else one is added in front
  const serial = !r.columns.some((c) => SERIAL_NAMES.has(c.trim()) || SERIAL_NAMES.has(name(c).trim()));
  let header: TableCell[][];
  if (groupAt.size === 0) header = [[...(serial ? [cell('序号', 'center')] : []), ...r.columns.map((c) => cell(name(c), 'center'))]];
  else {
    const top: TableCell[] = serial ? [cell('序号', 'center')] : [];
    const bottom: TableCell[] = serial ? [cell('', 'center')] : [];
    for (let i = 0; i < r.columns.length; i++) {
      const c = r.columns[i] as string;
      const g = groupAt.get(i);
      if (g) top.push({ ...cell(g.title, 'center'), colSpan: g.span });
      else if (!grouped.has(c)) top.push(cell(name(c), 'center'));
      bottom.push(cell(grouped.has(c) ? name(c) : '', 'center'));
    }
    header = [top, bottom];
  }
  const rows = r.rows.map((row, i) => [...(serial ? [cell(String(i + 1), 'center')] : []), ...r.columns.map((c) => cell(formatCell(row[c])))]);

  let widths: number[] | undefined;
  if (item?.widths) {
    if (item.widths.length !== r.columns.length)
      diagnostics.push({ severity: 'warning', code: 'register-widths', file: r.src.file, message: `登记册“${r.title}”的 widths 有 ${item.widths.length} 个数，而表格有 ${r.columns.length} 列，已按内容自动定宽`, hint: '每一列写一个相对宽度（不含序号列）。' });
    else {
      const avg = item.widths.reduce((a, b) => a + b, 0) / item.widths.length;
      widths = serial ? [SERIAL_WIDTH * avg, ...item.widths] : [...item.widths];
    }
  }
  const preparer = item?.preparer ?? r.preparer;
  const date = item?.preparedOn ?? r.date;
  const footer = [preparer ? `制表人：${preparer}` : '制表人：', date ? `制表日期：${arabicDate(date)}` : '制表日期：'].join('　　　　');
  const blocks: SourceBlock[] = [
    { t: 'title', text: r.title },
    { t: 'para', content: [{ t: 'text', text: `填报单位：${r.unit}　　年度：${r.year}` }], indent: false, align: 'left' },
    { t: 'table', header, rows, ...(r.landscape !== undefined ? { landscape: r.landscape } : {}), ...(widths ? { widths } : {}), src: r.src },
    { t: 'para', content: [{ t: 'text', text: footer }], indent: false, align: 'right' },
  ];
  return { blocks, diagnostics };
}
