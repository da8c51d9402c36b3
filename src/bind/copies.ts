//! 印制 (print sets): every copy of a 一式多份 document in one PDF, collated, each page marked top right
//! ("镇人民政府执 第1份/共3份"), identical pagination; plus the whole print run of an item in one PDF.
//! Only the archive copy (the one whose label contains 存档) belongs in the bound volume. Sheets, not pages
//! (issue 14 §6): printed duplex, every copy starts on the front of a sheet — a copy that ends on a front
//! is followed by a blank, unmarked back, so the copies can be handed out separately.

import path from 'node:path';
import { fitFileName } from '../util/file-names.js';
import { hashJson } from '../util/hash.js';
import type { Row } from '../workspace/readers/cells.js';
import type { PrintFile, PrintSetJob } from './assemble.js';
import type { PrintMode } from './sheets.js';

export { archiveCopyIndex, copyLabels, copyMarkText, DEFAULT_COPY_MARK } from '../util/copy-labels.js';
import { copyLabels, copyMarkText, DEFAULT_COPY_MARK } from '../util/copy-labels.js';

/** out/<year>/印制/<题名>-<对方>.pdf: one document's copies. */
export function printSetPath(outDir: string, title: string, rowName?: string): string {
  return path.join(outDir, '印制', `${fitFileName('', title, rowName ? `-${rowName}` : '')}.pdf`);
}

/** out/<year>/印制/<题名>-全部.pdf: the whole print run of an item. */
export function printRunPath(outDir: string, title: string): string {
  return path.join(outDir, '印制', `${fitFileName('', title, '-全部')}.pdf`);
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
  /** its encoded pages (the build's cache file) */
  encoded: string;
}

export interface PrintSetContext {
  /** out/<year> */
  outDir: string;
  created: Date;
  /** PDF/A-2b (dossier.yaml `pdfa`) */
  pdfa: boolean;
  /** dossier.yaml `print`: duplex puts each copy on the front of a sheet (a blank back after an odd-length copy) */
  print: PrintMode;
  /** tool, fonts and settings (part of every key) */
  toolKey: string;
  /** the key the previous build recorded for an output, and whether it is still as written */
  previousKey: (absPath: string) => string | undefined;
  intact: (absPath: string) => boolean;
  /** a fresh temporary path for a job's output */
  tmpPath: () => string;
  /** where an output's font subsets are cached */
  subsetCache: (target: string) => string;
}

export interface PrintSetPlan {
  /** one job per catalog item with files to write, and each file's key */
  jobs: PrintSetJob[];
  keys: Map<string, string>;
  /** unchanged files left as they are (absolute paths) */
  kept: string[];
}

/**
 * out/<year>/印制/<题名>-<对方>.pdf per document, and <题名>-全部.pdf per item with several documents: the
 * whole run is written as one PDF from every set's pages (one font subset for all; merging the set PDFs
 * would carry a subset per document, five times the bytes). A file whose inputs hash as last time and
 * which is still as written is kept without being made again.
 */
export function printSetJobs(inputs: readonly PrintSetInput[], ctx: PrintSetContext): PrintSetPlan {
  const out: PrintSetPlan = { jobs: [], keys: new Map(), kept: [] };
  const groups = new Map<string, PrintSetInput[]>();
  for (const i of inputs) groups.set(i.itemKey, [...(groups.get(i.itemKey) ?? []), i]);
  const base = { tool: ctx.toolKey, created: ctx.created.getTime(), print: ctx.print };
  const created = ctx.created.getTime();
  const partOf = (d: PrintSetInput) => {
    const labels = copyLabels(d.copies, d.row);
    const format = d.format ?? DEFAULT_COPY_MARK;
    return { encoded: d.encoded, marks: labels.map((l, i) => copyMarkText(format, l, i + 1, labels.length)) };
  };
  for (const [itemKey, docs] of groups) {
    const job: PrintSetJob = { kind: 'printset', id: itemKey, files: [], created, pdfa: ctx.pdfa, print: ctx.print };
    const add = (target: string, key: string, file: Omit<PrintFile, 'target' | 'pdf' | 'subsetCache'>): void => {
      out.keys.set(target, key);
      job.files.push({ target, pdf: ctx.tmpPath(), subsetCache: ctx.subsetCache(target), ...file });
    };
    // 1. each document's set
    const keys: string[] = [];
    for (const d of docs) {
      const file = printSetPath(ctx.outDir, d.title, d.rowName);
      const key = hashJson({ ...base, doc: d.docKey, labels: copyLabels(d.copies, d.row), format: d.format ?? DEFAULT_COPY_MARK });
      keys.push(key);
      if (ctx.previousKey(file) === key && ctx.intact(file)) out.kept.push(file);
      else add(file, key, { titleSuffix: `（印制${d.copies.length}份）`, parts: [partOf(d)] });
    }
    // 2. the whole run, from every member's pages
    const first = docs[0];
    if (first && docs.length >= 2) {
      const file = printRunPath(ctx.outDir, first.title);
      const key = hashJson({ ...base, run: 'one-pdf', members: keys });
      if (ctx.previousKey(file) === key && ctx.intact(file)) out.kept.push(file);
      else add(file, key, { title: `${first.title}（全部印制）`, titleSuffix: '', parts: docs.map(partOf) });
    }
    if (job.files.length) out.jobs.push(job);
  }
  return out;
}
