//! 发文登记 in the build (issue 19): the 文号 of every generated document — from this run's models, or,
//! for a reused document, from what the manifest recorded of its model — checked and made into the
//! register: rows for a `table: 发文登记` item, and out/<年度>/发文登记簿.pdf and .xlsx.
import path from 'node:path';
import type { FontSet } from '../fonts/resolve.js';
import { layoutDocument, WRITERS } from '../generators/index.js';
import { writeXlsx } from '../generators/xlsx/write.js';
import type { Document } from '../model/types.js';
import { ISSUED_COLUMNS, ISSUED_TABLE, issuedRegister, parseDocNumber, issuedRows, type IssuedEntry, type IssuedMeta, type IssuedRegister, type IssuedSource } from '../plan/issued-register.js';
import type { PlannedVolume, TableDocument, TemplateDocument } from '../plan/types.js';
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
  const found: { d: TemplateDocument; v: PlannedVolume; meta: DocumentMeta }[] = [];
  for (const j of jobs) {
    if (j.d.kind !== 'template') continue;
    const doc = fresh.get(j.d.id);
    const meta: DocumentMeta | undefined = doc ? metaEntry(doc) : (recorded(j) ?? withDoc(renderer.render(j.d).document));
    if (meta?.number) found.push({ d: j.d, v: j.v, meta });
  }
  // a received Word file is the unit's own 发文 only when the unit issued it; the rest is 收文
  const own = ownIssuers(ws, found.filter((f) => !f.d.received).map((f) => f.meta));
  const docs = new Map<string, TemplateDocument>();
  const sources: IssuedSource[] = [];
  for (const f of found) {
    if (f.d.received && !isOwn(f.meta, own)) continue;
    docs.set(f.d.id, f.d);
    sources.push(sourceOf(ws, f.d, f.v, f.meta));
  }
  return issuedRegister(sources, (s) => {
    const d = docs.get(s.id);
    if (!d) return {};
    if (d.dataPath && !d.row) {
      const at = locateDataValue(ws, d.dataPath, 'number');
      if (at) return at;
    }
    if (d.row && d.eachPath) {
      const file = ws.dataFiles[d.eachPath.split('.')[0] ?? d.eachPath];
      if (file) return { file };
    }
    const t = ws.templates.get(d.template);
    return t ? { file: t.file } : {};
  });
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
          landscape: true,
          columns: [{ header: '序号', width: 6, kind: 'number' }, ...ISSUED_COLUMNS.map((h) => ({ header: h, width: XLSX_WIDTHS[h], ...(h === '成文日期' ? { kind: 'date' as const } : h === '份数' ? { kind: 'number' as const } : {}) }))],
          rows: rows.map((r, i) => [i + 1, ...ISSUED_COLUMNS.map((h) => r[h] ?? null)] as (string | number | null)[]),
        },
        c.created,
      ),
    });
  return { files, kept };
}
