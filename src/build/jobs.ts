//! The units of work of the build's threads (main thread and workers give the same bytes): a document
//! laid out, encoded once (kept in the cache) and written in the formats asked; a bound volume; a print
//! set. Jobs are plain data; each writes its files into the build's staging folder and returns their
//! hashes, never the bytes.

import { readFileSync } from 'node:fs';
import type { AssembleEnv, PrintSetJob, PrintSetResult, VolumeJob, VolumeResult, WrittenFile } from '../bind/assemble.js';
import { writePrintSet, writeVolume } from '../bind/assemble.js';
import type { FontSet } from '../fonts/resolve.js';
import type { FontRole } from '../fonts/roles.js';
import { layoutDocument, WRITERS, type WriterName } from '../generators/index.js';
import { encodeDoc, parseEncodedDoc, serializeEncodedDoc, type EncodedDoc } from '../generators/index.js';
import type { LayoutWarning } from '../layout/types.js';
import type { Document } from '../model/types.js';
import { writeAtomic } from './atomic.js';
import { DiskSubsets } from './cache.js';
import { FileSink, writeStagedBytes } from './staging.js';

export type { PrintSetJob, PrintSetResult, VolumeJob, VolumeResult, WrittenFile } from '../bind/assemble.js';

/** A document to lay out, encode and write. */
export interface DocumentJob {
  kind: 'document';
  id: string;
  document: Document;
  created: number;
  /** where its encoded pages are kept (this job writes them) */
  encoded: string;
  /** temporary paths of the files to write, by format */
  outputs: Partial<Record<WriterName, string>>;
}

export interface DocumentResult {
  kind: 'document';
  id: string;
  pages: number;
  warnings: LayoutWarning[];
  files: Partial<Record<WriterName, WrittenFile>>;
}

export type Job = DocumentJob | VolumeJob | PrintSetJob;
export type JobResult = DocumentResult | VolumeResult | PrintSetResult;

/** Fonts as a worker loads them (dossier.yaml's overrides, relative to the workspace). */
export interface FontConfig {
  overrides: Partial<Record<FontRole, string>>;
  baseDir: string;
}

export interface JobEnv extends AssembleEnv {
  /** keeps an encoded document in the cache */
  keepEncoded(ref: string, doc: EncodedDoc): void;
}

/** What jobs need on this thread: fonts, the cache, staging files. */
export function jobEnv(fonts: FontSet, wsDir: string): JobEnv {
  const recent = new Map<string, EncodedDoc>();
  const remember = (ref: string, doc: EncodedDoc): void => {
    recent.delete(ref);
    recent.set(ref, doc);
    if (recent.size > 64) recent.delete(recent.keys().next().value as string);
  };
  return {
    fonts,
    subsets: DiskSubsets.of(wsDir),
    encoded(ref) {
      let doc = recent.get(ref);
      if (!doc) {
        doc = parseEncodedDoc(new Uint8Array(readFileSync(ref)));
        if (!doc) throw new Error(`bug: encoded pages unreadable: ${ref}`);
      }
      remember(ref, doc);
      return doc;
    },
    keepEncoded(ref, doc) {
      remember(ref, doc);
      try {
        writeAtomic(ref, serializeEncodedDoc(doc));
      } catch {
        // the cache cannot be written: the document stays in this thread's memory for its volume
      }
    },
    sink: (tmp) => new FileSink(tmp),
    put: (tmp, data) => writeStagedBytes(tmp, data),
  };
}

/** Runs one job. */
export async function runJob(job: Job, env: JobEnv): Promise<JobResult> {
  if (job.kind === 'volume') return writeVolume(job, env);
  if (job.kind === 'printset') return writePrintSet(job, env);
  return writeDocument(job, env);
}

async function writeDocument(job: DocumentJob, env: JobEnv): Promise<DocumentResult> {
  const paged = layoutDocument(job.document, env.fonts);
  const encoded = encodeDoc(paged, env.fonts);
  env.keepEncoded(job.encoded, encoded);
  const result: DocumentResult = { kind: 'document', id: job.id, pages: paged.pages.length, warnings: paged.warnings, files: {} };
  const ctx = { created: new Date(job.created), fonts: env.fonts };
  for (const [f, tmp] of Object.entries(job.outputs) as [WriterName, string][]) {
    const w = WRITERS[f];
    if (w.input === 'paged') {
      const sink = env.sink(tmp);
      await w.write(encoded, ctx, sink);
      result.files[f] = sink.close();
    } else result.files[f] = env.put(tmp, await w.write(job.document, ctx));
  }
  return result;
}
