//! BuildSession: everything one build knows, made once at its start and handed to every phase — the
//! workspace and plan, the formats and volumes asked for, the tool key, the last manifest and the one
//! being made, the output checks, diagnostics, the staging folder, fonts and threads (both started only
//! when something has to be laid out). No module-level state: two builds never share anything but the
//! process-wide font cache.

import { readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { FontReport, FontSet } from '../fonts/resolve.js';
import { FORMATS, type WriterName } from '../generators/formats.js';
import type { BuildPlan, PlannedDocument, PlannedVolume } from '../plan/types.js';
import type { CatalogItem } from '../schema/catalog.js';
import type { Manifest } from '../schema/manifest.js';
import { hashJson, sha256 } from '../util/hash.js';
import type { Workspace } from '../workspace/types.js';
import { volumeStem } from '../bind/index.js';
import type { FontConfig } from './jobs.js';
import type { JobPool } from './pool.js';
import type { Staging } from './staging.js';
import type { BuildOptions } from './types.js';

/** Output files as the last build left them: stat once, hash at most once per build. */
export class FileChecks {
  private readonly stats = new Map<string, Stats | null>();
  private readonly shas = new Map<string, string | null>();

  constructor(private readonly display: (abs: string) => string) {}

  stat(abs: string): Stats | undefined {
    let st = this.stats.get(abs);
    if (st === undefined) {
      try {
        st = statSync(abs);
      } catch {
        st = null;
      }
      this.stats.set(abs, st);
    }
    return st ?? undefined;
  }

  sha(abs: string): string | null {
    let h = this.shas.get(abs);
    if (h === undefined) {
      h = this.stat(abs)?.isFile() ? sha256(readFileSync(abs)) : null;
      this.shas.set(abs, h);
    }
    return h;
  }

  /** The file is still as `manifest` recorded it: same size and mtime (as make and git judge), else same sha256. */
  intact(abs: string, manifest: Manifest | undefined): boolean {
    const entry = manifest?.outputs[this.display(abs)];
    if (entry === undefined) return false;
    const st = this.stat(abs);
    if (!st?.isFile()) return false;
    if (entry.size === st.size && entry.mtimeMs === st.mtimeMs) return true;
    if (this.sha(abs) !== entry.sha256) return false;
    // same bytes (touched, or recorded before sizes were): remember size and mtime for the next build
    entry.size = st.size;
    entry.mtimeMs = st.mtimeMs;
    return true;
  }
}

export interface BuildSession {
  readonly dir: string;
  readonly opts: BuildOptions;
  readonly ws: Workspace;
  readonly plan: BuildPlan;
  /** formats written now (dossier.yaml's, or --format's; plus `model` with --model) */
  readonly formats: readonly WriterName[];
  /** --format: the files of the other formats stay as they are (unless outdated) */
  readonly restricted: boolean;
  /** --volume: only these volumes are built */
  readonly only: ReadonlySet<string> | undefined;
  /** tool, fonts and settings: part of every key */
  readonly toolKey: string;
  /** out/<year> (a unit's: out/<year>/村/<名>) */
  readonly outDir: string;
  /** what this build may retire files under: out/ (a unit's: its out/<year>/村/<名>) */
  readonly outRoot: string;
  /** the build's records: manifest, staging, journal, caches — out/.dossier (a unit's: out/.dossier/村/<名>) */
  readonly stateDir: string;
  /** the manifest on disk (what the last build made) */
  readonly last: Manifest | undefined;
  /** `last` unless set aside (--force, other settings or fonts): the basis for reuse */
  readonly previous: Manifest | undefined;
  /** the manifest this build makes (filled as phases go; written by the commit) */
  readonly manifest: Manifest;
  /** why everything is made again, when `previous` was set aside */
  readonly allReason: string | undefined;
  readonly files: FileChecks;
  readonly diagnostics: Diagnostic[];
  readonly staging: Staging;
  readonly pool: JobPool;
  readonly fontConfig: FontConfig;
  readonly fontReport: FontReport;
  /** the fonts, parsed when first laid out with */
  fonts(): Promise<FontSet>;
  /** workspace-relative path with "/" */
  display(abs: string): string;
  /** a volume's folder, out/<year>/<code>-<卷名> */
  folder(v: PlannedVolume): string;
  /** the catalog item a document was planned from */
  item(v: PlannedVolume, d: PlannedDocument): CatalogItem | undefined;
}

/** The tool key: version, dossier.yaml and the font files (their paths and sizes). */
export function toolKeyOf(version: string, ws: Workspace, fonts: FontSet): string {
  return hashJson({ version, config: ws.config, fonts: fonts.report.entries.map((e) => [e.role, e.file, fonts.face(e.file)?.fingerprint ?? '']) });
}

/** Output files of a document, by format: out/<year>/<code>-<卷名>/<stem><ext>. */
export function documentFiles(s: Pick<BuildSession, 'folder' | 'formats'>, d: PlannedDocument, v: PlannedVolume): Partial<Record<WriterName, string>> {
  const folder = s.folder(v);
  const out: Partial<Record<WriterName, string>> = {};
  for (const f of s.formats) out[f] = `${folder}${path.sep}${d.fileStem}${FORMATS[f].extension}`;
  return out;
}

/** out/<year>/<code>-<卷名> of each volume, worked out once per build. */
export function volumeFolders(outDir: string): (v: PlannedVolume) => string {
  const folders = new Map<PlannedVolume, string>();
  return (v) => {
    let f = folders.get(v);
    if (f === undefined) {
      f = path.join(outDir, volumeStem(v.code, v.title));
      folders.set(v, f);
    }
    return f;
  };
}

/** The previous manifest's entry for an output is still the file on disk. */
export function intactBefore(s: BuildSession, abs: string): boolean {
  return s.previous !== undefined && s.files.intact(abs, s.previous);
}
