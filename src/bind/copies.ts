//! 印制 (print sets): every copy of a 一式多份 document in one PDF, collated, each page marked top right
//! ("镇人民政府执 第1份/共3份"), identical pagination; plus the whole print run of an item in one PDF.
//! Only the archive copy (the one whose label contains 存档) belongs in the bound volume.

import path from 'node:path';
import type { FontSet } from '../fonts/resolve.js';
import { topRightMark, type MarkOptions } from '../layout/mark.js';
import type { PagedDoc } from '../layout/types.js';
import { safeFileName } from '../util/file-names.js';
import { hashJson } from '../util/hash.js';
import type { Row } from '../workspace/readers/cells.js';

export { archiveCopyIndex, copyLabels, copyMarkText, DEFAULT_COPY_MARK } from '../util/copy-labels.js';
import { copyLabels, copyMarkText, DEFAULT_COPY_MARK } from '../util/copy-labels.js';

/** The same pages with a mark on every page: each page drawn as it was (its underlay), the mark its only item. */
export function markPages(paged: PagedDoc, text: string, fonts: FontSet, opts: MarkOptions = {}): PagedDoc {
  const warnings = [...paged.warnings];
  const pages = paged.pages.map((p) => ({ widthMm: p.widthMm, heightMm: p.heightMm, landscape: p.landscape, number: p.number, underlay: p, items: topRightMark(text, p, fonts, opts, warnings) }));
  return { ...paged, pages, warnings };
}

export interface PrintSetOptions extends MarkOptions {
  /** mark format, default DEFAULT_COPY_MARK */
  format?: string;
}

/** 印制一套: copy 1 (all pages), copy 2 (all pages), … each page marked. */
export function printSet(paged: PagedDoc, labels: readonly string[], fonts: FontSet, opts: PrintSetOptions = {}): PagedDoc {
  const format = opts.format ?? DEFAULT_COPY_MARK;
  const copies = labels.map((label, i) => markPages(paged, copyMarkText(format, label, i + 1, labels.length), fonts, opts));
  return { ...paged, pages: copies.flatMap((c) => c.pages), warnings: copies[0]?.warnings ?? paged.warnings };
}

/** out/<year>/印制/<题名>-<对方>.pdf: one document's copies. */
export function printSetPath(outDir: string, title: string, rowName?: string): string {
  return path.join(outDir, '印制', `${safeFileName(rowName ? `${title}-${rowName}` : title)}.pdf`);
}

/** out/<year>/印制/<题名>-全部.pdf: the whole print run of an item. */
export function printRunPath(outDir: string, title: string): string {
  return path.join(outDir, '印制', `${safeFileName(title)}-全部.pdf`);
}

/** A document that has copies, as the build knows it. */
export interface PrintSetInput {
  /** the document's id in the plan */
  id: string;
  /** 题名 of the catalog item */
  title: string;
  /** groups the documents of one item (volume code + item index) */
  itemKey: string;
  rowName?: string;
  row?: Row;
  copies: readonly string[];
  /** mark format from the catalog item (copyMark) */
  format?: string;
  /** what the document's pages were made from (model and page count): with the labels, the set's key */
  docKey: string;
  /** fresh layout; absent when the document was reused from the last build */
  paged?: PagedDoc;
}

export interface PrintSetContext {
  fonts: FontSet;
  /** out/<year> */
  outDir: string;
  created: Date;
  /** tool, fonts and settings (part of every key) */
  toolKey: string;
  /** PDF bytes of each of these page sets, in order (the caller may write them in parallel) */
  writePdfs: (sets: readonly PagedDoc[]) => Promise<Uint8Array[]>;
  /** pages of a reused document whose print set must be made again (its labels or mark changed) */
  layout: (input: PrintSetInput) => PagedDoc | undefined;
  /** the key the previous build recorded for an output, and whether it is still as written */
  previousKey: (absPath: string) => string | undefined;
  intact: (absPath: string) => boolean;
}

export interface PrintSetOutput {
  files: { path: string; data: Uint8Array; key: string }[];
  /** unchanged files left as they are (absolute paths) */
  kept: string[];
}

/**
 * out/<year>/印制/<题名>-<对方>.pdf per document, and <题名>-全部.pdf per item with several documents: the
 * whole run is written as one PDF from every set's pages (one font subset for all; merging the set PDFs
 * would carry a subset per document, five times the bytes). A file whose inputs hash as last time and
 * which is still as written is kept without being made again.
 */
export async function printSetFiles(inputs: readonly PrintSetInput[], ctx: PrintSetContext): Promise<PrintSetOutput> {
  const out: PrintSetOutput = { files: [], kept: [] };
  const groups = new Map<string, PrintSetInput[]>();
  for (const i of inputs) groups.set(i.itemKey, [...(groups.get(i.itemKey) ?? []), i]);
  const base = { tool: ctx.toolKey, created: ctx.created.getTime() };
  const setOf = (d: PrintSetInput, paged: PagedDoc): PagedDoc => {
    const set = printSet(paged, copyLabels(d.copies, d.row), ctx.fonts, d.format ? { format: d.format } : {});
    return { ...set, title: `${paged.title}（印制${d.copies.length}份）` };
  };
  const jobs: { path: string; key: string; set: PagedDoc }[] = [];
  for (const docs of groups.values()) {
    // 1. each document's set: kept when unchanged, else marked pages to write
    const members: { d: PrintSetInput; key: string; set?: PagedDoc }[] = [];
    for (const d of docs) {
      const file = printSetPath(ctx.outDir, d.title, d.rowName);
      const key = hashJson({ ...base, doc: d.docKey, labels: copyLabels(d.copies, d.row), format: d.format ?? DEFAULT_COPY_MARK });
      if (!d.paged && ctx.previousKey(file) === key && ctx.intact(file)) {
        out.kept.push(file);
        members.push({ d, key });
        continue;
      }
      const paged = d.paged ?? ctx.layout(d);
      if (!paged) continue; // a render error, already reported
      const set = setOf(d, paged);
      jobs.push({ path: file, key, set });
      members.push({ d, key, set });
    }
    // 2. the whole run, from every member's pages (a kept member's laid out again from its model)
    const first = docs[0];
    if (!first || docs.length < 2 || members.length < docs.length) continue;
    const file = printRunPath(ctx.outDir, first.title);
    const key = hashJson({ ...base, run: 'one-pdf', members: members.map((m) => m.key) });
    if (ctx.previousKey(file) === key && ctx.intact(file)) {
      out.kept.push(file);
      continue;
    }
    const sets: PagedDoc[] = [];
    for (const m of members) {
      const paged = m.set ? undefined : (m.d.paged ?? ctx.layout(m.d));
      const set = m.set ?? (paged ? setOf(m.d, paged) : undefined);
      if (set) sets.push(set);
    }
    if (sets.length < members.length || !sets[0]) continue;
    jobs.push({ path: file, key, set: { ...sets[0], title: `${first.title}（全部印制）`, pages: sets.flatMap((x) => x.pages), warnings: sets.flatMap((x) => x.warnings) } });
  }
  // 3. written together (in the build's threads)
  const written = await ctx.writePdfs(jobs.map((j) => j.set));
  jobs.forEach((j, i) => {
    const data = written[i];
    if (data) out.files.push({ path: j.path, data, key: j.key });
  });
  return out;
}
