//! Workspace: everything a build reads, loaded and validated once (our "World").
import type { Catalog } from '../schema/catalog.js';
import type { DossierConfig } from '../schema/dossier.js';
import type { Locate } from '../schema/issues.js';
import type { ParseCache } from './parse-cache.js';
import type { WordDoc } from './readers/docx.js';

/** A template or partial source. */
export interface TemplateSource {
  name: string;
  /** display path (workspace-relative or <内置>/…) */
  file: string;
  text: string;
  builtin: boolean;
  /** a Word template (templates/<名称>.docx) or received file: its outline; `text` is then docx:<sha256> */
  word?: WordDoc;
  /** a received Word file (attachments/): typeset as text, no template tags */
  received?: boolean;
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
}
