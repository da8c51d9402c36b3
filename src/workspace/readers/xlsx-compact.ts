//! Before exceljs sees a workbook: each sheet's XML keeps only the rows that hold a value (and the first
//! two, which hold the header), merged ranges end at the last such row, and the parts we never read
//! (data validations, conditional formats, extensions) go. A sheet with all 1,048,576 rows formatted
//! then costs what its filled rows cost, not 4 GB (exceljs builds an object per row and per validated cell).
import { inflateRawSync } from 'node:zlib';
import type JSZip from 'jszip';

/** A sheet's XML larger than this when unpacked is refused (a register is a few MB; this is a zip bomb). */
export const MAX_SHEET_XML = 400 * 1024 * 1024;

/** Thrown for a workbook whose parts unpack to more than MAX_SHEET_XML. */
export class TooBigError extends Error {}

const ROW_START = /<((?:[\w.-]+:)?)row\b([^>]*?)(\/?)>/g;
const HAS_VALUE = /<(?:[\w.-]+:)?v>[^<]|<(?:[\w.-]+:)?t(?:\s[^>]*)?>[^<]/;
const ROW_NUMBER = /\sr\s*=\s*"(\d+)"/;
const MERGE = /<((?:[\w.-]+:)?)mergeCell\b[^>]*?\bref\s*=\s*"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"[^>]*?\/>/g;
const UNUSED = ['dataValidations', 'conditionalFormatting', 'extLst'];

interface RowSpan {
  start: number;
  /** just after the row's end tag */
  end: number;
  row: number;
  /** the row carries r="…" */
  numbered: boolean;
  filled: boolean;
}

/** Every <row> of the sheet data between `from` and `to`, in order. */
function* rowsOf(xml: string, from: number, to: number): Generator<RowSpan> {
  const re = new RegExp(ROW_START.source, 'g');
  re.lastIndex = from;
  let implicit = 0;
  for (;;) {
    const m = re.exec(xml);
    if (!m || m.index >= to) return;
    const prefix = m[1] ?? '';
    const contentStart = re.lastIndex;
    let end = contentStart;
    if (m[3] !== '/') {
      const c = xml.indexOf(`</${prefix}row>`, contentStart);
      end = c < 0 || c > to ? to : c + prefix.length + 6;
    }
    const r = ROW_NUMBER.exec(m[2] ?? '');
    const row = r ? Number(r[1]) : implicit + 1;
    implicit = row;
    yield { start: m.index, end, row, numbered: r !== null, filled: m[3] !== '/' && HAS_VALUE.test(xml.slice(contentStart, end)) };
    re.lastIndex = end;
  }
}

/**
 * Where the last value of the sheet data ends: just after the closing tag of the row that holds the last
 * non-empty <v> or <t> (prefixed or not); `from` when there is none. Found from the end, so a tail of a
 * million empty rows costs one backward search, not a million row matches.
 */
function tailEnd(xml: string, from: number, to: number): number {
  let last = -1;
  for (const tag of ['v>', 't>']) {
    for (let pos = to; pos > from; ) {
      const i = xml.lastIndexOf(tag, pos - 1);
      if (i <= from) break;
      pos = i;
      // a closing tag </v> or </x:v> with something before it that is not its own opening tag
      let k = i - 1;
      if (xml[k] === ':') {
        k--;
        while (k > from && /[\w.-]/.test(xml[k] ?? '')) k--;
      }
      const closing = xml[k] === '/';
      const lt = xml.lastIndexOf('<', i);
      if (!closing || xml[lt - 1] === '>') continue;
      last = Math.max(last, i);
      break;
    }
  }
  if (last < 0) return from;
  const end = /<\/(?:[\w.-]+:)?row>/g;
  end.lastIndex = last;
  const m = end.exec(xml);
  return m && m.index < to ? m.index + m[0].length : to;
}

/** The sheet XML with empty rows beyond the header dropped and merged ranges cut at the last filled row. */
export function compactSheetXml(xml: string): string {
  const open = /<(?:[\w.-]+:)?sheetData\b[^>]*>/.exec(xml);
  if (!open || open[0].endsWith('/>')) return xml;
  const openEnd = open.index + open[0].length;
  const closeMatch = /<\/(?:[\w.-]+:)?sheetData>/.exec(xml.slice(openEnd));
  if (!closeMatch) return xml;
  // everything after the row of the last value goes at once (the 1,048,576 formatted rows are a tail)
  const close = tailEnd(xml, openEnd, openEnd + closeMatch.index);
  let lastFilled = 0;
  let numbered = true;
  for (const r of rowsOf(xml, openEnd, close)) {
    if (r.filled) lastFilled = Math.max(lastFilled, r.row);
    if (!r.numbered) numbered = false;
  }
  const keep = Math.max(lastFilled, 2);
  // rows without r="" keep their places (dropping one would renumber those after it): then only the tail goes
  const parts: string[] = [xml.slice(0, openEnd)];
  for (const r of rowsOf(xml, openEnd, close)) if (r.row <= 2 || r.filled || (!numbered && r.row <= keep)) parts.push(xml.slice(r.start, r.end));
  parts.push(xml.slice(openEnd + closeMatch.index));
  let out = parts.join('');
  out = out.replace(MERGE, (all, _p: string, c1: string, r1: string, c2: string | undefined, r2: string | undefined) => {
    if (c2 === undefined || r2 === undefined) return all;
    const top = Number(r1);
    if (top > keep) return '';
    const bottom = Math.min(Number(r2), Math.max(keep, top));
    if (bottom === top && c1 === c2) return '';
    return all.replace(/\bref\s*=\s*"[^"]*"/, `ref="${c1}${top}:${c2}${bottom}"`);
  });
  for (const tag of UNUSED) out = out.replace(new RegExp(`<((?:[\\w.-]+:)?)${tag}\\b[^>]*?(?:/>|>[\\s\\S]*?</\\1${tag}>)`, 'g'), '');
  return out;
}

/** What JSZip keeps of an entry it has not unpacked yet (its internals; absent once an entry is rewritten). */
interface EntryData {
  uncompressedSize?: number;
  compressedContent?: Uint8Array;
  compression?: { magic?: string };
}

/**
 * A sheet's XML as text. Deflated entries are unpacked by Node's zlib (several times faster than JSZip's
 * JavaScript inflate on a 50 MB sheet) and never past MAX_SHEET_XML, whatever the zip claims.
 */
async function sheetText(f: JSZip.JSZipObject): Promise<string> {
  const data = (f as unknown as { _data?: EntryData })._data;
  if ((data?.uncompressedSize ?? 0) > MAX_SHEET_XML) throw new TooBigError(f.name);
  if (data?.compressedContent && data.compression?.magic === '\x08\x00') {
    try {
      return inflateRawSync(data.compressedContent, { maxOutputLength: MAX_SHEET_XML }).toString('utf8');
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new TooBigError(f.name);
      throw e;
    }
  }
  return f.async('string');
}

/** The workbook with every sheet compacted, as zip bytes for exceljs (unchanged bytes when nothing changed). */
export async function compactWorkbook(bytes: Uint8Array): Promise<Uint8Array> {
  const { default: JSZipCtor } = await import('jszip');
  const zip = await JSZipCtor.loadAsync(bytes);
  let changed = false;
  for (const f of Object.values(zip.files)) {
    if (f.dir || !/^\/?xl\/worksheets\/[^/]+\.xml$/i.test(f.name)) continue;
    const xml = await sheetText(f);
    const compact = compactSheetXml(xml);
    if (compact !== xml) {
      zip.file(f.name, compact);
      changed = true;
    }
  }
  if (!changed) return bytes;
  return new Uint8Array(await zip.generateAsync({ type: 'uint8array', compression: 'STORE' }));
}
