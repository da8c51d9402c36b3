//! The source model: what a template (front matter + Markdown) or a register says, before composition.
//! Dates are ISO, 落款 and 签署栏 are parties and names, tables have no widths yet. src/model/lower.ts turns
//! it into the composed model (types.ts) that every writer reads.

import type { Block, DocMeta, SourcePos, TableCell, Target } from './types.js';

/** A party of a 责任书 签署栏: 授书人 / 立书人 and the unit. */
export interface SignatureParty {
  /** 单位, e.g. 澧源镇人民政府 */
  name: string;
  /** 身份, e.g. 授书人 */
  role: string;
}

/** Blocks the templates give; those not listed here are already in their composed form. */
export type SourceBlock =
  | Exclude<Block, { t: 'title' | 'addressee' | 'table' | 'signature' | 'colophon' | 'targets' | 'signatures' | 'coverPage' | 'list' | 'div' }>
  | { t: 'title'; text: string; subtitle?: string; src?: SourcePos }
  | { t: 'addressee'; text: string; src?: SourcePos }
  | {
      t: 'table';
      header: TableCell[][];
      rows: TableCell[][];
      /** relative widths from the catalog (without it: from the content) */
      widths?: number[];
      /** the catalog's choice (without it: landscape when the columns do not fit portrait) */
      landscape?: boolean;
      caption?: string;
      src?: SourcePos;
    }
  /** 落款: one office, or the offices of a joint issue in issuing order; ISO date */
  | { t: 'signature'; issuers: string[]; date: string; sealed: boolean; src?: SourcePos }
  /** 版记; ISO 印发日期 */
  | { t: 'colophon'; cc?: string; printer?: string; printDate?: string; src?: SourcePos }
  | { t: 'targets'; items: Target[]; total?: number; src?: SourcePos }
  /** 签署栏: parties and an ISO date */
  | { t: 'signatures'; parties: SignatureParty[]; date?: string; src?: SourcePos }
  /** 责任书 cover: unit, title, issuer, ISO date */
  | { t: 'coverPage'; unit: string; title: string; issuer: string; date: string; src?: SourcePos }
  | { t: 'list'; ordered: boolean; items: { marker: string; blocks: SourceBlock[] }[]; src?: SourcePos }
  | { t: 'div'; role: string; children: SourceBlock[]; src?: SourcePos };

export interface SourceDocument {
  meta: DocMeta;
  blocks: SourceBlock[];
  src?: SourcePos;
}
