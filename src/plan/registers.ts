//! Registers kept in Excel (登记册, 花名册, 台账, 统计表…): which data file and sheet a `table:` key names, and
//! what the 缺件清单 tells a clerk when a register has no rows — fill the spreadsheet, or file the scan instead.
import path from 'node:path';
import type { Catalog, CatalogItem } from '../schema/catalog.js';
import { displayPath } from '../workspace/paths.js';
import type { Workspace } from '../workspace/types.js';
import { ISSUED_TABLE } from './issued-register.js';

/** The file (and sheet) a register's `table:` key is read from: "data/流入人口.xlsx" or "data/监测汇总.xlsx 的“第三季度”工作表". */
export interface RegisterFile {
  /** data key of the file (the part before the first dot) */
  key: string;
  /** workspace-relative file, existing or to be created (.xlsx) */
  file: string;
  /** sheet of a workbook, for keys like 监测汇总.第三季度 */
  sheet?: string;
}

export function registerFile(ws: Pick<Workspace, 'data' | 'dataFiles'>, table: string, dataDir = 'data'): RegisterFile {
  // an exact key wins (a YAML key with a dot in it, or an xlsx sheet registered as key.sheet)
  const dot = table.indexOf('.');
  const key = dot < 0 ? table : table.slice(0, dot);
  const rest = dot < 0 ? undefined : table.slice(dot + 1);
  const file = ws.dataFiles[key] ?? `${dataDir}/${key}.xlsx`;
  return rest === undefined ? { key, file } : { key, file, sheet: rest };
}

/** "data/流入人口.xlsx" or "data/监测汇总.xlsx 的“第三季度”工作表" (for a YAML file: its key). */
export function registerFileText(f: RegisterFile): string {
  if (f.sheet === undefined) return f.file;
  return /\.(xlsx)$/i.test(f.file) ? `${f.file} 的“${f.sheet}”工作表` : `${f.file} 的 ${f.sheet}`;
}

/** The folders a scan of the item may go into: attachments/…/ (`into`: 村/青龙村/attachments for a village) */
export function scanFolders(item: CatalogItem, prefix: (glob: string) => string, into = 'attachments'): string[] {
  if (item.attach === undefined) return [];
  return (typeof item.attach === 'string' ? [item.attach] : item.attach).map((g) => `${into}/${prefix(g)}`);
}

/**
 * What to do about a register with no rows: “把数据填进 data/xxx.xlsx 或放入扫描件 attachments/…/” — for a
 * village built from the township's workspace, the folders that satisfy the item are its own:
 * 村/青龙村/attachments/…/ for scans, and 村/青龙村/data/ for a data file it does not have yet.
 */
export function registerMissingReason(ws: Pick<Workspace, 'data' | 'dataFiles' | 'dir' | 'attachmentsDir' | 'unitOf'>, item: CatalogItem, prefix: (glob: string) => string, hasFile: boolean): string {
  const into = displayPath(ws.dir, ws.attachmentsDir);
  const dataDir = ws.unitOf ? displayPath(ws.dir, path.join(ws.attachmentsDir, '..', 'data')) : 'data';
  const where = registerFileText(registerFile(ws, item.table ?? '', dataDir));
  const scans = scanFolders(item, prefix, into);
  const head = hasFile ? '还没有数据' : '还没有数据文件';
  return scans.length ? `${head}：把数据填进 ${where} 或放入扫描件 ${scans.join('、')}` : `${head}：把数据填进 ${where}`;
}

/** A register form of a catalog: the data file (and sheet) it is kept in, its columns, the items it serves. */
export interface RegisterForm {
  key: string;
  sheet?: string;
  columns: string[];
  /** the catalog items made from it (volume code and title) */
  items: { volume: string; title: string; scans: string[] }[];
}

/**
 * Every register form of a catalog in catalog order — `table:` items with `columns:` and case lists
 * (`cases.data` with `cases.columns`) — one per data file and sheet, columns merged when items share it.
 */
export function registerForms(catalog: Catalog, prefix: (glob: string) => string): RegisterForm[] {
  const forms: RegisterForm[] = [];
  for (const v of catalog.volumes)
    for (const it of v.items) {
      if (it.table === ISSUED_TABLE) continue; // made from the year's documents (issue 19), never a data file
      const table = it.table ?? it.cases?.data;
      const columns = it.table !== undefined ? it.columns : it.cases?.columns;
      if (table === undefined || columns === undefined) continue;
      const dot = table.indexOf('.');
      const key = dot < 0 ? table : table.slice(0, dot);
      const sheet = dot < 0 ? undefined : table.slice(dot + 1);
      let form = forms.find((f) => f.key === key && f.sheet === sheet);
      if (!form) {
        form = { key, columns: [], items: [], ...(sheet === undefined ? {} : { sheet }) };
        forms.push(form);
      }
      for (const c of columns) if (!form.columns.includes(c)) form.columns.push(c);
      form.items.push({ volume: v.code, title: it.title, scans: it.table !== undefined ? scanFolders(it, prefix) : [`attachments/${it.cases?.folder.replace(/\/?$/, '/') ?? ''}`] });
    }
  return forms;
}
