//! DocModel: the one document model every writer reads (Pandoc-shaped, plain data).
//! Blocks are the elements of a 公文 (GB/T 9704) and of a 责任书; inlines are text with emphasis.
//! Knows nothing of PDF, DOCX, catalogs or templates.

/** Where a node came from: template file and 1-based line. */
export interface SourcePos {
  file: string;
  line: number;
}

/** Inline content. */
export type Inline =
  | { t: 'text'; text: string }
  /** 加粗 (rendered in 黑体 by the 公文 writers). */
  | { t: 'strong'; children: Inline[] }
  /** 强调 (rendered in 楷体). */
  | { t: 'emph'; children: Inline[] }
  /** hard line break inside a paragraph */
  | { t: 'break' };

/** Heading level: 1 = 一、 (黑体), 2 = （一） (楷体), 3 = 1. (仿宋), 4 = （1） (仿宋). */
export type HeadingLevel = 1 | 2 | 3 | 4;

export type Align = 'left' | 'center' | 'right';

/** A table cell: inline content plus optional spans. A cell with `rowSpan` n > 1 covers its columns in the next
 *  n − 1 rows, which list only their other cells (HTML's rule; see model/table-grid.ts). */
export interface TableCell {
  content: Inline[];
  colSpan?: number;
  /** rows the cell spans (a vertical merge, Word's w:vMerge); 1 when absent */
  rowSpan?: number;
  align?: Align;
}

/** A 责任书 target (责任目标). Value and unit are kept apart so writers and checks see the number. */
export interface Target {
  /** 指标, e.g. 符合政策生育率 */
  indicator: string;
  /** the full sentence as printed, e.g. 符合政策生育率达到90%以上 */
  text: string;
  /** 分值, when the 责任书 is scored */
  score?: number;
}

/** A piece of text placed on a line at an anchor `x`, in 字 (grid characters) from the 版心's left edge:
 *  its left edge, centre or right edge there. `rule`: a line to sign on, that many 字 long, after the text. */
export interface PlacedText {
  text: string;
  x: number;
  align: Align;
  rule?: number;
}

/** One line of placed texts (落款, 签署栏). */
export type PlacedLine = PlacedText[];

/** The lines of a 责任书 cover, top to bottom; `role` picks size and height (standards COVER_*). */
export interface CoverLine {
  text: string;
  role: 'unit' | 'lead' | 'big' | 'title' | 'issuer' | 'date';
}

/**
 * Block content: closed set of node types, with `div` as the one escape hatch. This is the composed model
 * (src/model/lower.ts made it from what the templates said): every text is as printed, every break and
 * width decided; the PDF layout and the DOCX writer only place and draw it.
 */
export type Block =
  /** 份号 / 密级和保密期限 / 紧急程度, flush left above the 版头 */
  | { t: 'securityMarks'; copyNo?: string; secret?: string; urgency?: string; src?: SourcePos }
  /** 发文机关标志 in red; `joint`: the offices of a joint issue, stacked, `issuer` then being their names + 文件;
   *  `separator` draws the red line under the 发文字号 */
  | { t: 'masthead'; issuer: string; separator: boolean; joint?: string[]; src?: SourcePos }
  /** 发文字号 (with 〔〕), optional 签发人 for 上行文 */
  | { t: 'docNumber'; text: string; signer?: string; src?: SourcePos }
  /** 标题 (2号 小标宋, centred): `lines` are the printed lines, broken between words (trapezoid or diamond) */
  | { t: 'title'; text: string; lines: string[]; subtitle?: string; src?: SourcePos }
  /** 主送机关, ending with a full-width colon; `lines` broken between words, flush left */
  | { t: 'addressee'; text: string; lines: string[]; src?: SourcePos }
  /** numbered heading; `number` is the computed 一、 / （一） / 1. / （1） */
  | { t: 'heading'; level: HeadingLevel; number: string; content: Inline[]; src?: SourcePos }
  /** body paragraph; `indent` = two-character first-line indent (default for body text) */
  | { t: 'para'; content: Inline[]; indent: boolean; align?: Align; src?: SourcePos }
  /** list; each item is a list of blocks; `marker` is computed per item (e.g. "1." or "•") */
  | { t: 'list'; ordered: boolean; items: { marker: string; blocks: Block[] }[]; src?: SourcePos }
  /** table; `widths` are fractions of the 版心 summing to 1, `landscape` the page it needs; `header` rows
   *  repeat on every page; every cell has its alignment */
  | {
      t: 'table';
      header: TableCell[][];
      rows: TableCell[][];
      widths: number[];
      landscape: boolean;
      /** text size (pt) when a smaller one than 小四 was needed to keep the table's numbers whole */
      sizePt?: number;
      caption?: string;
      src?: SourcePos;
    }
  /** 附件说明: "附件：1. …" */
  | { t: 'attachments'; items: string[]; src?: SourcePos }
  /** 落款: 署名(s) and 成文日期 as printed and placed (7.3.5): `gap` empty lines above, then the lines */
  | { t: 'signature'; sealed: boolean; gap: number; lines: PlacedLine[]; src?: SourcePos }
  /** 附注, in parentheses below the 成文日期 */
  | { t: 'note'; text: string; src?: SourcePos }
  /** 版记: 抄送 (the names, ending with 。) and 印发机关 + 印发日期 (as printed, with 印发) */
  | { t: 'colophon'; cc?: string; printer?: string; printDate?: string; src?: SourcePos }
  /** 责任书 target list: `items` for the checks, `lines` as printed ("1.…（10分）", "合计：100分") */
  | { t: 'targets'; items: Target[]; total?: number; lines: string[]; src?: SourcePos }
  /** 责任书 签署栏 as printed and placed: `gap` empty lines above, then the lines (date last) */
  | { t: 'signatures'; gap: number; lines: PlacedLine[]; src?: SourcePos }
  /** 责任书 copy clause: "此书一式三份……" */
  | { t: 'copyClause'; text: string; src?: SourcePos }
  /** 责任书 cover page: its lines as printed (二〇二五年二月) */
  | { t: 'coverPage'; lines: CoverLine[]; src?: SourcePos }
  | { t: 'pageBreak'; src?: SourcePos }
  /**
   * A new page that also starts a new part of the document for page numbering: `none` (archive forms:
   * no 页码), `restart` (the next 件 of a bound volume: 页码 from 1 again, as each document's own PDF).
   * `recto`: the part starts on the front of a sheet (duplex printing of a bound volume).
   */
  | { t: 'sectionBreak'; numbering: 'none' | 'restart'; recto?: boolean; src?: SourcePos }
  /** escape hatch: a group of blocks with a role a writer may know (e.g. "form") */
  | { t: 'div'; role: string; children: Block[]; src?: SourcePos };

export type BlockType = Block['t'];

/** The 公文 elements from the template's front matter, after rendering. */
export interface DocMeta {
  /** 公文种类: 通知, 意见, 决定, 报告, 方案, 总结, 责任书, 登记册 … */
  kind: string;
  title: string;
  /** 发文机关 */
  issuer?: string;
  /** 发文字号 */
  number?: string;
  /** 主送机关 */
  to?: string;
  /** 成文日期, ISO yyyy-mm-dd */
  date?: string;
  /** 抄送 */
  cc?: string;
  /** print the red 版头 */
  header: boolean;
}

/** One rendered document. */
export interface Document {
  meta: DocMeta;
  blocks: Block[];
  /** template (or data) file the document came from */
  src?: SourcePos;
}
