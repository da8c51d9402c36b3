//! The units of work of the build's threads (main thread and workers give the same bytes): a document
//! laid out, encoded once (kept in the cache) and written in the formats asked; a bound volume; a print
//! set. Jobs are plain data; each writes its files into the build's staging folder and returns their
//! hashes, never the bytes.

import { statSync } from 'node:fs';
import type { AssembleEnv, PrintSetJob, PrintSetResult, VolumeJob, VolumeResult, WrittenFile } from '../bind/assemble.js';
import { writePrintSet, writeVolume } from '../bind/assemble.js';
import type { FontSet } from '../fonts/resolve.js';
import type { FontRole } from '../fonts/roles.js';
import { layoutDocument, WRITERS, type WriterName } from '../generators/index.js';
import { encodeDoc, parseEncodedDoc, serializeEncodedDoc, type EncodedDoc } from '../generators/index.js';
import type { LayoutWarning } from '../layout/types.js';
import type { Document } from '../model/types.js';
import { FileSubsets, FormsFile, readPack, ScanBlockFile } from './cache.js';
import { FileSink, writeStagedBytes } from './staging.js';

export type { PrintSetJob, PrintSetResult, VolumeJob, VolumeResult, WrittenFile } from '../bind/assemble.js';

/** A document to lay out, encode and write. */
export interface DocumentJob {
  kind: 'document';
  id: string;
  document: Document;
  created: number;
  /** PDF/A-2b (dossier.yaml `pdfa`; a document with a character no font has is not) */
  pdfa: boolean;
  /** temporary paths of the files to write, by format (none: only its encoded pages are wanted) */
  outputs: Partial<Record<WriterName, string>>;
  /** where its PDF's font subsets are kept (a document made again: likely to be made again soon, as a template is edited) */
  subsetCache?: string;
}

export interface DocumentResult {
  kind: 'document';
  id: string;
  pages: number;
  warnings: LayoutWarning[];
  files: Partial<Record<WriterName, WrittenFile>>;
  /** its encoded pages, serialised (the build keeps them in its volume's pack) */
  encoded: Uint8Array;
}

export type Job = DocumentJob | VolumeJob | PrintSetJob;
export type JobResult = DocumentResult | VolumeResult | PrintSetResult;

/** Fonts as a worker loads them (dossier.yaml's overrides, relative to the workspace). */
export interface FontConfig {
  overrides: Partial<Record<FontRole, string>>;
  baseDir: string;
}

/** What jobs need on this thread: fonts, the cache, staging files. */
export function jobEnv(fonts: FontSet): AssembleEnv {
  const packs = new Map<string, { mtimeMs: number; entries: Map<string, Uint8Array> }>();
  const docs = new Map<string, EncodedDoc>();
  return {
    fonts,
    encoded(ref) {
      const cut = ref.lastIndexOf('#');
      const file = ref.slice(0, cut);
      const key = ref.slice(cut + 1);
      let mtimeMs = -1;
      try {
        mtimeMs = statSync(file).mtimeMs;
      } catch {
        // no pack: reported below
      }
      let pack = packs.get(file);
      if (!pack || pack.mtimeMs !== mtimeMs) {
        pack = { mtimeMs, entries: readPack(file) };
        packs.set(file, pack);
        if (packs.size > 8) packs.delete(packs.keys().next().value as string);
      }
      let doc = docs.get(ref);
      if (!doc) {
        const bytes = pack.entries.get(key);
        doc = bytes ? parseEncodedDoc(bytes) : undefined;
        if (!doc) throw new Error(`bug: encoded pages not in the cache: ${ref}`);
        docs.set(ref, doc);
        if (docs.size > 64) docs.delete(docs.keys().next().value as string);
      }
      return doc;
    },
    subsets: (file) => new FileSubsets(file),
    sink: (tmp) => new FileSink(tmp),
    put: (tmp, data) => writeStagedBytes(tmp, data),
    scans: new Map(),
    scanBlocks: (file) => new ScanBlockFile(file),
    forms: (file) => new FormsFile(file),
  };
}

/** Runs one job. */
export async function runJob(job: Job, env: AssembleEnv): Promise<JobResult> {
  if (job.kind === 'volume') return writeVolume(job, env);
  if (job.kind === 'printset') return writePrintSet(job, env);
  return writeDocument(job, env);
}

async function writeDocument(job: DocumentJob, env: AssembleEnv): Promise<DocumentResult> {
  const paged = layoutDocument(job.document, env.fonts);
  const encoded = encodeDoc(paged, env.fonts);
  const result: DocumentResult = { kind: 'document', id: job.id, pages: paged.pages.length, warnings: paged.warnings, files: {}, encoded: serializeEncodedDoc(encoded) };
  const subsets = job.subsetCache !== undefined && job.outputs.pdf !== undefined ? env.subsets(job.subsetCache) : undefined;
  const ctx = { created: new Date(job.created), fonts: env.fonts, pdfa: job.pdfa, ...(subsets ? { subsets } : {}) };
  for (const [f, tmp] of Object.entries(job.outputs) as [WriterName, string][]) {
    const w = WRITERS[f];
    if (w.input === 'paged') {
      const sink = env.sink(tmp);
      await w.write(encoded, ctx, sink);
      result.files[f] = sink.close();
      subsets?.save();
    } else result.files[f] = env.put(tmp, await w.write(job.document, ctx));
  }
  return result;
}
