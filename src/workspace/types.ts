//! Workspace: everything a build reads, loaded and validated once (our "World").
import type { Catalog } from '../schema/catalog.js';
import type { DossierConfig } from '../schema/dossier.js';
import type { Locate } from '../schema/issues.js';
import type { ParseCache } from './parse-cache.js';
import type { Row } from './readers/cells.js';
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
  /** a unit built from a parent workspace (a village's dossier from the township's): its own output and
   *  record folders (default out/<年度> and out/.dossier of `dir`) — src/workspace/units.ts */
  out?: { dir: string; state: string };
  /** set for a unit (a village built from the township's workspace) */
  unitOf?: UnitInfo;
  /** the units built from this workspace and their documents, for its `collect:` items (set by the build) */
  subunits?: Subunits;
  /**
   * data keys whose files have errors (a workspace loaded only to report every problem at once: documents
   * reading these are not rendered, their problems would only repeat the file's) — src/workspace/load.ts
   */
  brokenData?: ReadonlySet<string>;
  /** a unit's parent workspace (the township's, for a village): what its `from:` items are made from */
  parent?: Workspace;
}

/** What a unit knows of itself (src/workspace/units.ts). */
export interface UnitInfo {
  /** 村 | 乡镇: how the units are called, and the folder of their own files */
  label: string;
  /** 村名 */
  name: string;
  /** the parent's 立档单位 (澧源镇人民政府): `unit.parent` in templates */
  parent: string;
  /** names from the top workspace down: [青龙村], or [澧源镇, 青龙村] for a county */
  path: string[];
  /** its row of the units' table: `row` in its templates */
  row: Row;
  /** the data key of that table (the unit's copy holds only this row: reading `row` depends on it) */
  key: string;
  /** 机构(问题) code in the 档号 when the unit files under its parent's 全宗 */
  orgCode?: string;
  /** data keys from its own files (the units' shared folder and its own), not inherited */
  ownKeys: string[];
  /** the column of the parent's tables that names a unit (村名) */
  column: string;
}

/** One document of a unit, for a `collect:` item of the parent's catalog. */
export interface SubunitDocument {
  /** unit name */
  unit: string;
  /** 题名 of the item in the unit's catalog */
  item: string;
  /** 题名 of the document */
  title: string;
  /** absolute path of its file (the unit's generated PDF or DOCX, or its filed scan) */
  path: string;
  format: 'pdf' | 'docx' | 'image';
  /** 立档单位 of the unit (责任者 in the parent's 卷内目录) */
  responsible: string;
  /** a generated document: what its model says of itself (its real 题名, 文号, 日期, 发文机关), from the unit's build */
  meta?: SubunitDocumentMeta;
  /** a generated document: where the unit's build keeps its model, so the parent's Word volume carries its text */
  model?: SubunitModelRef;
}

export interface SubunitDocumentMeta {
  title: string;
  number?: string;
  date?: string;
  issuer?: string;
}

/** A model kept by a unit's build: out/.dossier/<单位>/models/<volume>.json, entry `id` with model hash `key`. */
export interface SubunitModelRef {
  /** the unit's state folder (absolute; relative to the parent's folder in a stamp) */
  state: string;
  volume: string;
  id: string;
  key: string;
}

export interface Subunits {
  label: string;
  names: string[];
  documents: SubunitDocument[];
}
