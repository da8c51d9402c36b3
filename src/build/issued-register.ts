//! 发文登记 in the build (issue 19): the 文号 of every generated document — from this run's models, or,
//! for a reused document, from what the manifest recorded of its model — checked and made into the
//! register: rows for a `table: 发文登记` item, and out/<年度>/发文登记簿.pdf and .xlsx.
import path from 'node:path';
import type { FontSet } from '../fonts/resolve.js';
import { layoutDocument, WRITERS } from '../generators/index.js';
import { writeXlsx } from '../generators/xlsx/write.js';
import type { Document } from '../model/types.js';
import { ISSUED_COLUMNS, ISSUED_TABLE, issuedRegister, issuedRows, parseDocNumber, type IssuedEntry, type IssuedMeta, type IssuedRegister, type IssuedSource } from '../plan/issued-register.js';
import type { PlannedVolume, TableDocument, TemplateDocument } from '../plan/types.js';
import { yearWarnings, type DatedDocument } from '../plan/year-check.js';
import { renderTable, type Renderer } from '../render/document.js';
import type { DocumentMeta } from '../schema/manifest.js';
import { hashJson } from '../util/hash.js';
import type { Row } from '../workspace/readers/cells.js';
import { locateDataValue } from '../workspace/locate.js';
import type { Workspace } from '../workspace/types.js';
import type { OutputFile } from './atomic.js';

/** File names of the register beside the volumes. */
export const ISSUED_FILE = '发文登记簿';

/** What the manifest keeps of a document's model, so a reused document's 文号 is known without rendering. */
export function metaEntry(doc: Document): DocumentMeta {
  const m = doc.meta;
  return { title: m.title, ...(m.number ? { number: m.number } : {}), ...(m.date ? { date: m.date } : {}), ...(m.to ? { to: m.to } : {}), ...(m.issuer ? { issuer: m.issuer } : {}) };
}

interface JobLike {
  d: TemplateDocument | TableDocument;
  v: PlannedVolume;
  frozen?: boolean;
}

/**
 * The register of the build's documents, in plan order. `recorded` gives what the last build recorded of a
 * document not rendered now; a document with no record (a manifest from before) is rendered for its 文号.
 */
export function issuedRegisterOf(ws: Workspace, jobs: readonly JobLike[], rendered: readonly { planned: { id: string }; document: Document }[], recorded: (j: JobLike) => DocumentMeta | undefined, renderer: Renderer): IssuedRegister {
  const fresh = new Map(rendered.map((r) => [r.planned.id, r.document]));
  const sources: IssuedSource[] = [];
  const docs = new Map<string, TemplateDocument>();
  const dated: (DatedDocument & { d: TemplateDocument })[] = [];
  for (const j of jobs) {
    // the parent's documents a unit files (from:) are the parent's 发文, registered there
    if (j.d.kind !== 'template' || j.d.fromParent) continue;
    const doc = fresh.get(j.d.id);
    const meta: DocumentMeta | undefined = doc ? metaEntry(doc) : (recorded(j) ?? withDoc(renderer.render(j.d).document));
    // the unit's own documents (not a received file, not a case's) are of its 年度 (QA S3)
    if (meta && !j.d.received && !j.d.case) dated.push({ d: j.d, title: meta.title, volumeTitle: j.v.title, seq: j.d.seq, ...(j.d.rowName ? { rowName: j.d.rowName } : {}), ...(meta.number ? { number: meta.number } : {}), ...(meta.date ? { date: meta.date } : {}) });
    if (!meta?.number) continue;
    // a case carried over from last year (still open) keeps its documents, but last year's 发文 stay in last year's register
    if (j.d.case && (parseDocNumber(meta.number)?.year ?? ws.config.year) < ws.config.year) continue;
    const m: IssuedMeta = { number: meta.number, title: meta.title, issuer: meta.issuer ?? ws.unit.name, ...(meta.date ? { date: meta.date } : {}), ...(meta.to ? { to: meta.to } : {}) };
    docs.set(j.d.id, j.d);
    sources.push({ id: j.d.id, template: j.d.template, item: ws.catalog.volumes.find((c) => c.code === j.v.code)?.items[j.d.itemIndex]?.title ?? j.d.title, volume: j.v.code, volumeTitle: j.v.title, seq: j.d.seq, meta: m, ...(j.d.rowName ? { rowName: j.d.rowName } : {}), ...(j.d.copies?.length ? { copies: j.d.copies.length } : {}) });
  }
  const register = issuedRegister(sources, (s) => {
    const d = docs.get(s.id);
    return d ? whereSet(ws, d, 'number') : {};
  });
  register.diagnostics.push(...yearWarnings(ws.config.year, dated, (x, field) => whereSet(ws, (x as (typeof dated)[number]).d, field)));
  return register;
}

/** Where a document's 文号 or 成文日期 is set: its data file's value, its row's file, or its template. */
function whereSet(ws: Workspace, d: TemplateDocument, field: 'number' | 'date'): { file?: string; line?: number } {
  if (d.dataPath && (!d.row || field === 'date')) {
    const at = locateDataValue(ws, d.dataPath, field);
    if (at && (!d.row || at.line)) return at;
  }
  if (d.row && d.eachPath) {
    const file = ws.dataFiles[d.eachPath.split('.')[0] ?? d.eachPath];
    if (file) return { file };
  }
  const t = ws.templates.get(d.template);
  return t ? { file: t.file } : {};
}

function withDoc(doc: Document | undefined): DocumentMeta | undefined {
  return doc ? metaEntry(doc) : undefined;
}

/** Fill the `table: 发文登记` items' rows; returns the rows (their hash is the items' data dependency). */
export function fillIssuedTables(docs: readonly TableDocument[], entries: readonly IssuedEntry[]): Row[] {
  const rows = issuedRows(entries);
  for (const d of docs) d.rows = rows;
  return rows;
}

export { ISSUED_TABLE };

export interface IssuedFilesContext {
  ws: Workspace;
  entries: readonly IssuedEntry[];
  formats: readonly string[];
  fonts?: FontSet;
  /** out/<年度> */
  outDir: string;
  created: Date;
  toolKey: string;
  previousKey: (abs: string) => string | undefined;
  intact: (abs: string) => boolean;
}

const XLSX_WIDTHS: Record<(typeof ISSUED_COLUMNS)[number], number> = { 文号: 20, 成文日期: 16, 标题: 48, 主送: 30, 发文机关: 22, 份数: 6, 归档: 28 };

/** out/<年度>/发文登记簿.pdf (with PDF output) and .xlsx; an unchanged register keeps its files. */
export async function issuedRegisterFiles(c: IssuedFilesContext): Promise<{ files: OutputFile[]; kept: string[] }> {
  const files: OutputFile[] = [];
  const kept: string[] = [];
  if (!c.entries.length) return { files, kept };
  const rows = issuedRows(c.entries);
  const title = `${c.ws.unit.name}${c.ws.config.year}年度发文登记簿`;
  const key = hashJson({ tool: c.toolKey, created: c.created.getTime(), title, rows });
  const unchanged = (abs: string) => c.previousKey(abs) === key && c.intact(abs);
  if (c.fonts && c.formats.includes('pdf')) {
    const abs = path.join(c.outDir, `${ISSUED_FILE}.pdf`);
    if (unchanged(abs)) kept.push(abs);
    else {
      const job: TableDocument = { kind: 'table', id: ISSUED_FILE, volume: '', seq: 0, itemIndex: -1, title: ISSUED_FILE, fileStem: ISSUED_FILE, dataKey: ISSUED_TABLE, columns: [...ISSUED_COLUMNS], rows, landscape: true, derived: 'issued' };
      const doc = renderTable(c.ws, job).document;
      if (doc) files.push({ path: abs, data: await WRITERS.pdf.write(layoutDocument(doc, c.fonts), { created: c.created, fonts: c.fonts }), key });
    }
  }
  const xlsx = path.join(c.outDir, `${ISSUED_FILE}.xlsx`);
  if (unchanged(xlsx)) kept.push(xlsx);
  else
    files.push({
      path: xlsx,
      key,
      data: await writeXlsx(
        {
          name: ISSUED_FILE,
          title,
          columns: [{ header: '序号', width: 6, kind: 'number' }, ...ISSUED_COLUMNS.map((h) => ({ header: h, width: XLSX_WIDTHS[h], ...(h === '成文日期' ? { kind: 'date' as const } : h === '份数' ? { kind: 'number' as const } : {}) }))],
          rows: rows.map((r, i) => [i + 1, ...ISSUED_COLUMNS.map((h) => r[h] ?? null)] as (string | number | null)[]),
        },
        c.created,
      ),
    });
  return { files, kept };
}
