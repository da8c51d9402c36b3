//! 发文登记 in the build (issue 19): the 文号 of every generated document — from this run's models, or,
//! for a reused document, from what the manifest recorded of its model — checked and made into the
//! register: rows for a `table: 发文登记` item, and out/<年度>/发文登记簿.pdf and .xlsx.
//! The register's files are written by issued-files.ts, loaded only when they change.
import type { Document } from '../model/types.js';
import { ISSUED_TABLE, issuedRegister, issuedRows, parseDocNumber, type IssuedEntry, type IssuedMeta, type IssuedRegister, type IssuedSource } from '../plan/issued-register.js';
import type { PlannedVolume, TableDocument, TemplateDocument } from '../plan/types.js';
import { yearWarnings, type DatedDocument } from '../plan/year-check.js';
import type { DocumentMeta } from '../schema/manifest.js';
import { hashJson } from '../util/hash.js';
import type { Row } from '../workspace/readers/cells.js';
import { locateDataValue } from '../workspace/locate.js';
import type { Workspace } from '../workspace/types.js';

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
 * The register of the build's documents, in plan order. `metaOf` gives each document's meta: from its
 * model rendered now, or what the last build recorded of it (a document with no record, from a manifest
 * of before, is rendered for its 文号).
 */
export async function issuedRegisterOf(ws: Workspace, jobs: readonly JobLike[], metaOf: (j: JobLike) => Promise<DocumentMeta | undefined>): Promise<IssuedRegister> {
  const sources: IssuedSource[] = [];
  const docs = new Map<string, TemplateDocument>();
  const dated: (DatedDocument & { d: TemplateDocument })[] = [];
  for (const j of jobs) {
    // the parent's documents a unit files (from:) are the parent's 发文, registered there
    if (j.d.kind !== 'template' || j.d.fromParent) continue;
    const meta = await metaOf(j);
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

/** Fill the `table: 发文登记` items' rows; returns the rows (their hash is the items' data dependency). */
export function fillIssuedTables(docs: readonly TableDocument[], entries: readonly IssuedEntry[]): Row[] {
  const rows = issuedRows(entries);
  for (const d of docs) d.rows = rows;
  return rows;
}

export { ISSUED_TABLE };

/** The key of the register's files: an unchanged register keeps its files (without loading a writer). */
export function issuedFilesKey(ws: Workspace, entries: readonly IssuedEntry[], created: Date, toolKey: string): string {
  return hashJson({ tool: toolKey, created: created.getTime(), title: issuedTitle(ws), rows: issuedRows(entries) });
}

export function issuedTitle(ws: Workspace): string {
  return `${ws.unit.name}${ws.config.year}年度发文登记簿`;
}
