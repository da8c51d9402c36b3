//! CSV data files: header row = keys (Chinese headers allowed), UTF-8 with or without BOM;
//! GBK/GB18030 files (Excel's default "CSV" on Chinese Windows) are detected and read, with a notice.
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { normalizeCell, type Row } from './cells.js';

export interface CsvResult {
  rows: Row[] | undefined;
  diagnostics: Diagnostic[];
}

/** Decode bytes: UTF-8 when valid, else GB18030 (a superset of GBK). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030' };
  }
}

export function readCsv(bytes: Uint8Array, file: string): CsvResult {
  const diagnostics: Diagnostic[] = [];
  const { text, encoding } = decodeText(bytes);
  if (encoding === 'gb18030')
    diagnostics.push({
      severity: 'warning',
      code: 'csv-gbk',
      file,
      message: '文件是 GBK 编码（Excel“CSV（逗号分隔）”的默认编码），已按 GBK 读取',
      hint: '如有乱码，请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”。',
    });
  let records: string[][];
  try {
    records = parse(text, { relax_quotes: false, skip_empty_lines: true, relax_column_count: true, trim: false }) as string[][];
  } catch (e) {
    const err = e as { lines?: number; message?: string; code?: string };
    diagnostics.push({
      severity: 'error',
      code: 'csv-syntax',
      file,
      line: err.lines,
      message: `CSV 格式错误：${err.code === 'CSV_QUOTE_NOT_CLOSED' ? '引号没有闭合' : (err.message ?? '无法解析')}`,
      hint: '检查这一行的英文双引号是否成对；单元格里有逗号时整个单元格要用双引号括起来。',
    });
    return { rows: undefined, diagnostics };
  }
  const [header, ...body] = records;
  if (!header || header.every((h) => h.trim() === '')) {
    diagnostics.push({ severity: 'error', code: 'csv-empty', file, message: '文件是空的，没有表头行', hint: '第一行写列名（表头），从第二行起每行一条记录。' });
    return { rows: undefined, diagnostics };
  }
  const keys = header.map((h) => h.trim());
  const seen = new Set<string>();
  keys.forEach((k, i) => {
    if (k === '') diagnostics.push({ severity: 'error', code: 'csv-empty-header', file, line: 1, column: i + 1, message: `第 ${i + 1} 列没有列名`, hint: '在表头行给这一列写上名称，或删除这一列。' });
    else if (seen.has(k)) diagnostics.push({ severity: 'error', code: 'csv-duplicate-header', file, line: 1, column: i + 1, message: `列名“${k}”重复`, hint: '每一列的列名必须不同。' });
    seen.add(k);
  });
  const rows: Row[] = [];
  body.forEach((rec, r) => {
    const line = r + 2;
    if (rec.length !== keys.length) {
      diagnostics.push({
        severity: 'error',
        code: 'csv-ragged',
        file,
        line,
        message: `这一行有 ${rec.length} 个单元格，表头有 ${keys.length} 列`,
        hint: '补齐或删除多余的逗号；单元格内容里有逗号时用英文双引号括起来。',
      });
      return;
    }
    const row: Row = {};
    keys.forEach((k, i) => {
      row[k] = normalizeCell(rec[i] ?? '');
    });
    rows.push(row);
  });
  return { rows, diagnostics };
}
