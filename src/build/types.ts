//! What a build is asked (BuildOptions) and what it answers (BuildReport).
import type { Diagnostic } from '../diag/diagnostic.js';
import type { FontReport, FontSet } from '../fonts/resolve.js';
import type { WriterName } from '../generators/formats.js';
import type { Document } from '../model/types.js';
import type { BuildPlan, PlannedDocument, PlannedVolume, TableDocument, TemplateDocument } from '../plan/types.js';
import type { OutputFormat } from '../schema/dossier.js';
import type { IssuedEntry } from '../plan/issued-register.js';
import type { LoadResult } from '../workspace/load.js';
import type { Workspace } from '../workspace/types.js';
import type { OutputFile } from './atomic.js';
import type { JobPool } from './pool.js';

export interface BuildOptions {
  formats?: OutputFormat[];
  /** only these volume codes */
  volumes?: string[];
  /** rebuild everything, ignoring the manifest */
  force?: boolean;
  /** also write each DocModel as JSON beside the documents (debugging aid) */
  model?: boolean;
  /** also pack the year's outputs into out/<year>/<unit>-<year>.zip */
  zip?: boolean;
  onProgress?: (done: number, total: number, label: string) => void;
  /** threads for layout and writing, the main thread included (default: see pool.ts defaultJobs) */
  jobs?: number;
  /** use workers from this much work on (default 300; tests lower it) */
  workersFrom?: number;
  /**
   * keep every rendered DocModel in the report (`rendered`); default true for the API. The command line
   * and `serve` turn it off, so a build's memory does not grow with the number of documents.
   */
  keepModels?: boolean;
  /** how long to wait for another build of the same workspace (default 10 minutes) */
  lockWaitMs?: number;
  /** told when the build waits for another build of the same workspace (who holds it) */
  onWait?: (message: string) => void;
  /** the workspace already loaded (a unit's, made by src/workspace/units.ts; or the caller's) */
  loaded?: LoadResult;
  /** fonts and threads shared by several builds (the units of one workspace, src/build/units.ts);
   *  a pool passed in is left open */
  fonts?: FontSet;
  pool?: JobPool;
  /** more outputs of this build, committed and recorded with the others (各村缺件汇总) */
  extraFiles?: OutputFile[];
  /** more files for --zip (the units' outputs, absolute paths under out/<年度>) */
  zipAlso?: string[];
  /** the units built before this one wrote or removed files (a zip of the last build no longer matches) */
  unitsChanged?: boolean;
  /** the caller holds the workspace's build lock (buildAll, for every unit's build) */
  lockHeld?: boolean;
}

/** A rendered document with where it goes. */
export interface RenderedDocument {
  planned: PlannedDocument;
  volume: PlannedVolume;
  document: Document;
}

/** Every generated document of the build, fresh or reused, with its files. */
export interface DocumentOutcome {
  planned: TemplateDocument | TableDocument;
  volume: PlannedVolume;
  /** laid-out page count */
  pages?: number;
  /** output files by writer, absolute paths */
  files: Partial<Record<WriterName, string>>;
  /** true when nothing was re-rendered or re-written for it */
  reused: boolean;
  /** why it was rebuilt (Chinese), when it was */
  reason?: string;
}

export interface BuildSummary {
  rebuilt: { id: string; reason: string }[];
  reused: number;
  removed: string[];
}

export interface BuildReport {
  ok: boolean;
  diagnostics: Diagnostic[];
  plan?: BuildPlan;
  workspace?: Workspace;
  /** documents rendered in this run (reused documents are not rendered; empty unless `keepModels`) */
  rendered: RenderedDocument[];
  /** every generated document, fresh or reused */
  documents: DocumentOutcome[];
  /** output files written, relative to the workspace */
  written: string[];
  /** a commit that failed and could not undo every step: how many files were left (the next build repairs them) */
  unrestored?: number;
  /** role → font file mapping */
  fonts?: FontReport;
  /** pages per generated document id (PDF layout) */
  pages: Record<string, number>;
  /** 发文登记: every 文号 of the year (issue 19) */
  issued?: IssuedEntry[];
  summary: BuildSummary;
  timings: { loadMs: number; planMs: number; renderMs: number; layoutMs: number; writeMs: number };
}

export function emptyReport(): BuildReport {
  return { ok: false, diagnostics: [], rendered: [], documents: [], written: [], pages: {}, summary: { rebuilt: [], reused: 0, removed: [] }, timings: { loadMs: 0, planMs: 0, renderMs: 0, layoutMs: 0, writeMs: 0 } };
}
