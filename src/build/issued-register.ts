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
  const found: { d: TemplateDocument; v: PlannedVolume; meta: DocumentMeta }[] = [];
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
    found.push({ d: j.d, v: j.v, meta });
  }
  // a received Word file is the unit's own 发文 only when the unit issued it; the rest is 收文 (QA S9)
  const own = ownIssuers(ws, found.filter((f) => !f.d.received).map((f) => f.meta));
  const docs = new Map<string, TemplateDocument>();
  const sources: IssuedSource[] = [];
  for (const f of found) {
    if (f.d.received && !isOwn(f.meta, own)) continue;
    docs.set(f.d.id, f.d);
    sources.push(sourceOf(ws, f.d, f.v, f.meta));
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

function sourceOf(ws: Workspace, d: TemplateDocument, v: PlannedVolume, meta: DocumentMeta): IssuedSource {
  const m: IssuedMeta = { number: meta.number ?? '', title: meta.title, issuer: meta.issuer ?? ws.unit.name, ...(meta.date ? { date: meta.date } : {}), ...(meta.to ? { to: meta.to } : {}) };
  const item = ws.catalog.volumes.find((c) => c.code === v.code)?.items[d.itemIndex]?.title ?? d.title;
  return { id: d.id, template: d.template, item, volume: v.code, volumeTitle: v.title, seq: d.seq, meta: m, ...(d.rowName ? { rowName: d.rowName } : {}), ...(d.copies?.length ? { copies: d.copies.length } : {}) };
}

/** 发文机关 names of a document: a joint issue's offices are written “甲、乙”. */
function issuerNames(issuer: string | undefined): string[] {
  return (issuer ?? '').split(/[、，,\s\u3000]+/).filter((n) => n !== '');
}

interface OwnIssuers {
  names: Set<string>;
  prefixes: Set<string>;
}

/** The unit's own 发文机关 (the unit, and every office its generated documents are issued by) and 机关代字. */
function ownIssuers(ws: Workspace, metas: readonly DocumentMeta[]): OwnIssuers {
  const names = new Set<string>([ws.unit.name]);
  const prefixes = new Set<string>();
  for (const m of metas) {
    for (const n of issuerNames(m.issuer)) names.add(n);
    const p = m.number ? parseDocNumber(m.number) : undefined;
    if (p) prefixes.add(p.prefix);
  }
  return { names, prefixes };
}

/**
 * A received document belongs in the unit's 发文登记簿 when the unit issued it (alone or jointly: one of its
 * 发文机关 is the unit's); with no 发文机关 recognised, when its 机关代字 is one the unit's documents use.
 * Everything else is 收文 and takes no part in the unit's 文号 checks (S9).
 */
function isOwn(meta: DocumentMeta, own: OwnIssuers): boolean {
  const names = issuerNames(meta.issuer);
  if (names.length) return names.some((n) => own.names.has(n));
  const p = meta.number ? parseDocNumber(meta.number) : undefined;
  return p !== undefined && own.prefixes.has(p.prefix);
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
  // the .xlsx prints landscape (QA S9): part of the key, so a register written portrait before is rewritten
  return hashJson({ tool: toolKey, created: created.getTime(), title: issuedTitle(ws), rows: issuedRows(entries), xlsx: 'landscape' });
}

export function issuedTitle(ws: Workspace): string {
  return `${ws.unit.name}${ws.config.year}年度发文登记簿`;
}
