//! BuildPlan: what a build will make — volumes (案卷) → items (件 entries of the catalog) → documents.
import type { Row } from '../workspace/readers/cells.js';
import type { SubunitModelRef, Unit } from '../workspace/types.js';

export type Retention = '永久' | '30年' | '10年';

interface DocumentBase {
  /** stable id: volume code + item + row */
  id: string;
  volume: string;
  /** 件号 within the volume, 1-based */
  seq: number;
  /** index of the catalog item within the volume, 0-based */
  itemIndex: number;
  /** 题名 */
  title: string;
  /** NN-<题名>[-<行名>] (no extension) */
  fileStem: string;
}

/** A document generated from a template. */
export interface TemplateDocument extends DocumentBase {
  kind: 'template';
  template: string;
  /** the item's `data:` path, merged into the context */
  dataPath?: string;
  /** `each:` row, its 1-based index and display name */
  row?: Row;
  rowIndex?: number;
  rowName?: string;
  eachPath?: string;
  /** print-set copies (一式多份), e.g. [镇人民政府执, 村民委员会执, 镇计生办存档] */
  copies?: string[];
  /** a received Word file (attach: matched a .docx): typeset as text, `template` names it (issue 18) */
  received?: { path: string; file: string };
  /** a part or the 目录 of a case file (案件卷): `case` in the template's context */
  case?: CaseContext;
  /** a document the parent workspace (the township) generates for this unit, filed by a `from:` item:
   *  rendered with the parent's data and templates (src/plan/from-parent.ts) */
  fromParent?: FromParent;
}

/** What a unit's `from:` document was made from in its parent's catalog. */
export interface FromParent {
  /** the parent's template name (`template` names the unit's alias of it, whose text hash covers the parent's item) */
  template: string;
  /** 题名 of the parent's item (`item` in the template's context, as in the parent's own build) */
  title: string;
  /** 卷代码/题名 of the parent's item */
  item: string;
  /** the mark of the unit's own copy of a 一式多份 document ("青龙村村民委员会执 第2份/共3份"), bound on its pages */
  copyMark?: string;
}

/** What a case's generated parts and its 目录 see as `case` (the case's row is `row`). */
export interface CaseContext {
  /** 当事人 */
  party: string;
  /** 编号 (案号), may be empty */
  number: string;
  /** 案由, e.g. 社会抚养费征收 */
  kind: string;
  /** e.g. 王某某社会抚养费征收案 */
  title: string;
  /** the case's parts in filing order, with their 件号 in the volume (filled in when the case is planned) */
  parts: { no: number; title: string; seq: string; note: string }[];
}

/** A filed attachment (scan, PDF, image, DOCX) matched by a glob. */
export interface AttachmentDocument extends DocumentBase {
  kind: 'attachment';
  /** absolute path */
  path: string;
  /** workspace-relative display path */
  file: string;
  format: 'pdf' | 'image' | 'docx';
  number?: string;
  responsible?: string;
  /** a unit's document filed by a `collect:` item (the unit's name) */
  unit?: string;
  /** a received .docx that cannot be read (damaged, a renamed .doc): why, and what to do — its volume is not bound */
  unreadable?: { message: string; hint?: string };
  /** 日期 of a unit's generated document (from its model) */
  date?: string;
  /** where the unit keeps a generated document's model: the Word volume carries its text, not a placeholder */
  model?: SubunitModelRef;
}

/** A register (花名册/登记册) rendered from data rows. */
export interface TableDocument extends DocumentBase {
  kind: 'table';
  dataKey: string;
  dataFile?: string;
  columns: string[];
  rows: Row[];
  /** the catalog's choice; without it the columns decide (src/model/columns.ts) */
  landscape?: boolean;
  /** rows made by the build, not read from data/: `issued` = the 发文登记 of the year's documents */
  derived?: 'issued';
}

export type PlannedDocument = TemplateDocument | AttachmentDocument | TableDocument;

/** One case of a case-file item (案件卷) and which of its parts are there. */
export interface PlannedCase {
  /** 当事人 */
  party: string;
  /** 编号, may be empty */
  number: string;
  /** how titles and the 缺件清单 name it: 王某某案 (with the 编号 when two cases share a party) */
  label: string;
  /** workspace-relative folder of its scans, when it has one */
  folder?: string;
  /** it has a row in the item's `cases.data` */
  hasRow: boolean;
  /** 1-based position of its row among the rows of `cases.data` */
  rowIndex?: number;
  parts: { title: string; required: boolean; found: 'scan' | 'generated' | 'none'; documents: number }[];
  /** required parts with no scan and nothing generated */
  missing: string[];
  /** files of its folder that match no part (bound after the parts) */
  unmatched: string[];
}

/** A catalog item and what was found for it. */
export interface PlannedItem {
  index: number;
  title: string;
  /** table: a register (its `attach:` scans, if any, are the alternative); cases: case files; from: what the
   *  parent workspace (the township) generates for this unit (its scans, if any, win) */
  source: 'template' | 'attach' | 'table' | 'cases' | 'from';
  /** from: where the unit's documents came from — the parent's item (卷代码/题名), or its own scans */
  fromParent?: { item: string } | { scans: true };
  /** table items that also take scans (`attach:`) */
  scans?: boolean;
  /** case files: every case and its parts */
  cases?: PlannedCase[];
  required: boolean;
  /** no source material (required or not) */
  missing: boolean;
  /** why it is missing and what to do, in Chinese */
  missingReason?: string;
  remark?: string;
}

/** 案卷 */
export interface PlannedVolume {
  code: string;
  title: string;
  retention: Retention;
  category?: string;
  pageLimit: number;
  items: PlannedItem[];
  documents: PlannedDocument[];
}

/** A required item with no material: a line of the 缺件清单. */
export interface MissingItem {
  volume: string;
  volumeTitle: string;
  item: string;
  reason: string;
}

export interface BuildPlan {
  unit: Unit;
  year: number;
  fonds?: string;
  /** 机构(问题) code in the 档号: a unit filing under its parent's 全宗 */
  orgCode?: string;
  volumes: PlannedVolume[];
  missing: MissingItem[];
}
