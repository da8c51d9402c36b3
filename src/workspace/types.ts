//! Workspace: everything a build reads, loaded and validated once (our "World").
import type { Catalog } from '../schema/catalog.js';
import type { DossierConfig } from '../schema/dossier.js';
import type { Locate } from '../schema/issues.js';
import type { ParseCache } from './parse-cache.js';

/** A template or partial source. */
export interface TemplateSource {
  name: string;
  /** display path (workspace-relative or <内置>/…) */
  file: string;
  text: string;
  builtin: boolean;
}

/** 立档单位: full name and the short name templates use as {{unit.short}}. */
export interface Unit {
  name: string;
  short: string;
}

/** An input file the build read, with its content hash (for incremental builds). */
export interface InputRecord {
  file: string;
  sha256: string;
}

export interface Workspace {
  /** absolute workspace folder */
  dir: string;
  config: DossierConfig;
  unit: Unit;
  catalog: Catalog;
  catalogFile: string;
  catalogLocate: Locate;
  /** data context: every data file by key */
  data: Record<string, unknown>;
  /** data key → display path of its file */
  dataFiles: Record<string, string>;
  templates: Map<string, TemplateSource>;
  partials: Map<string, TemplateSource>;
  /** absolute attachments/ folder */
  attachmentsDir: string;
  inputs: InputRecord[];
  /** clean YAML parses to keep for the next build (when loaded with `parseCache`) */
  parseCache?: ParseCache;
  /** a unit built from a parent workspace (a village's dossier from the township's): its own output and
   *  record folders (default out/<年度> and out/.dossier of `dir`) — src/workspace/units.ts */
  out?: { dir: string; state: string };
}
