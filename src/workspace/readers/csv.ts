//! CSV data files: header row = keys (Chinese headers allowed), UTF-8 with or without BOM;
//! GBK/GB18030 files (Excel's default "CSV" on Chinese Windows) are detected and read, with a notice.
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { MAX_CELL_CHARS, normalizeCell, setRowOrigin, type Row } from './cells.js';

export interface CsvResult {
  rows: Row[] | undefined;
  diagnostics: Diagnostic[];
}

export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** Lines of a decoded text whose bytes were in another encoding than the rest (a row pasted from a GBK file). */
export interface ForeignLine {
  line: number;
  /** the line read in the other encoding, to show the clerk */
  other: string;
  otherEncoding: 'utf-8' | 'gb18030';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** UTF-16 without a BOM: NUL bytes (every ASCII character has one) mostly on odd (LE) or even (BE) offsets. */
function utf16Guess(b: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(b.length, 4096);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) if (b[i] === 0) (i % 2 === 0 ? even++ : odd++);
  if (even + odd < n / 8) return undefined;
  return odd > even * 4 ? 'utf-16le' : even > odd * 4 ? 'utf-16be' : undefined;
}

/**
 * Decode bytes, per file: a BOM decides (UTF-8, UTF-16 LE/BE); else UTF-16 by its NUL bytes; else UTF-8
 * when valid, else GB18030 (a superset of GBK). A file whose lines are mostly one of UTF-8/GB18030 but
 * some the other (a row pasted from another file) is decoded in its own encoding throughout, and those
 * lines are returned in `foreign` — named to the clerk, never silently turned into mojibake.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding; foreign: ForeignLine[] } {
  const b = bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return decodeText(b.subarray(3));
  if (b[0] === 0xff && b[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(b.subarray(2)), encoding: 'utf-16le', foreign: [] };
  if (b[0] === 0xfe && b[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(b.subarray(2)), encoding: 'utf-16be', foreign: [] };
  const u16 = utf16Guess(b);
  if (u16) return { text: new TextDecoder(u16).decode(b), encoding: u16, foreign: [] };
  if (isUtf8(b)) return { text: utf8.decode(b), encoding: 'utf-8', foreign: [] };
  // line by line (0x0A is never part of a multi-byte character in UTF-8 or GB18030)
  const lines: Uint8Array[] = [];
  for (let start = 0; start <= b.length; ) {
    let end = b.indexOf(0x0a, start);
    if (end < 0) end = b.length;
    lines.push(b.subarray(start, end));
    start = end + 1;
  }
  const wide = (l: Uint8Array) => l.some((x) => x >= 0x80);
  const kinds = lines.map((l) => (!wide(l) ? 'ascii' : isUtf8(l) ? 'utf-8' : 'gb18030'));
  const nUtf8 = kinds.filter((k) => k === 'utf-8').length;
  const nGbk = kinds.filter((k) => k === 'gb18030').length;
  const encoding: 'utf-8' | 'gb18030' = nUtf8 > nGbk ? 'utf-8' : 'gb18030';
  const other: 'utf-8' | 'gb18030' = encoding === 'utf-8' ? 'gb18030' : 'utf-8';
  const dec = (l: Uint8Array, e: 'utf-8' | 'gb18030') => (e === 'utf-8' ? new TextDecoder('utf-8').decode(l) : iconv.decode(Buffer.from(l), 'gb18030'));
  const foreign: ForeignLine[] = [];
  const text = lines
    .map((l, i) => {
      if (kinds[i] === other) foreign.push({ line: i + 1, other: dec(l, other).replace(/\r$/, ''), otherEncoding: other });
      return dec(l, encoding);
    })
    .join('\n');
  return { text, encoding, foreign };
}

const ENCODING_NAME: Record<'utf-8' | 'gb18030', string> = { 'utf-8': 'UTF-8', gb18030: 'GBK' };

/** At most this many problems of one kind are listed per file (a broken file would give thousands). */
export const MAX_LISTED = 20;

export function readCsv(bytes: Uint8Array, file: string): CsvResult {
  const diagnostics: Diagnostic[] = [];
  const { text, encoding, foreign } = decodeText(bytes);
  if (encoding === 'gb18030')
    diagnostics.push({
      severity: 'warning',
      code: 'csv-gbk',
      file,
      message: '文件是 GBK 编码（Excel“CSV（逗号分隔）”的默认编码），已按 GBK 读取',
      hint: '如有乱码，请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”。',
    });
  const rest = encoding === 'utf-8' ? 'UTF-8' : 'GBK';
  for (const f of foreign.slice(0, MAX_LISTED)) {
    diagnostics.push({
      severity: 'error',
      code: 'csv-mixed-encoding',
      file,
      line: f.line,
      message: `这一行的文字编码（${ENCODING_NAME[f.otherEncoding]}）与文件其余各行（${rest}）不同，按 ${ENCODING_NAME[f.otherEncoding]} 读是“${[...f.other].slice(0, 40).join('')}”`,
      hint: '这一行多半是从另一个文件粘贴来的：在 Excel/WPS 中把这一行重新输入一遍，整个文件“另存为”→“CSV UTF-8（逗号分隔）”。',
    });
  }
  if (foreign.length > MAX_LISTED)
    diagnostics.push({ severity: 'error', code: 'csv-mixed-encoding', file, message: `还有 ${foreign.length - MAX_LISTED} 行的文字编码与文件其余各行不同`, hint: '整个文件在 Excel/WPS 中核对后“另存为”→“CSV UTF-8（逗号分隔）”。' });
  // Excel's “Unicode 文本” is separated by tabs: a header line with tabs and no commas says so
  const nl = text.indexOf('\n');
  const firstLine = nl < 0 ? text : text.slice(0, nl);
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  let records: string[][];
  let lines: number[];
  try {
    const parsed = parse(text, { delimiter, relax_quotes: false, skip_empty_lines: true, relax_column_count: true, trim: false, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    records = parsed.map((p) => p.record);
    // the line a record ends on (blank lines are skipped, a quoted cell may span lines)
    lines = parsed.map((p) => p.info.lines);
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
  let ragged = 0;
  body.forEach((rec, r) => {
    const line = lines[r + 1] ?? r + 2;
    if (rec.length !== keys.length) {
      if (++ragged > MAX_LISTED) return;
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
    let long = -1;
    keys.forEach((k, i) => {
      const raw = rec[i] ?? '';
      if (raw.length > MAX_CELL_CHARS && long < 0) long = i;
      row[k] = normalizeCell(raw);
    });
    if (long >= 0) {
      diagnostics.push({ severity: 'error', code: 'cell-too-long', file, line, column: long + 1, message: `“${keys[long]}”这一格有 ${(rec[long] ?? '').length} 个字，超过上限 ${MAX_CELL_CHARS} 字（与 Excel 相同）`, hint: '多半是引号没有配对，把后面的许多行并进了这一格：检查这一格前后的英文双引号。' });
      return;
    }
    setRowOrigin(row, file, line);
    rows.push(row);
  });
  if (ragged > MAX_LISTED) diagnostics.push({ severity: 'error', code: 'csv-ragged', file, message: `还有 ${ragged - MAX_LISTED} 行的单元格个数与表头不符`, hint: '在 Excel/WPS 中打开核对后重新保存。' });
  return { rows, diagnostics };
}
