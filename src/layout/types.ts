//! PagedDoc: the layout result — pages of positioned items in millimetres (y from the top edge).
//! Read by the PDF writer and by the binder (page counts). Knows nothing of pdf-lib.

import type { FontRole } from '../fonts/roles.js';

/** sRGB colour, components 0–1. */
export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** A run of text drawn with one font at one size; `x`/`y` = start of the baseline. */
export interface TextRun {
  kind: 'text';
  xMm: number;
  /** baseline, from the top edge of the page */
  yMm: number;
  fontRole: FontRole;
  /** FontFace.id of the face that has the glyphs (the role's face, or a glyph fallback) */
  faceId: string;
  sizePt: number;
  text: string;
  /** extra advance after every glyph (PDF Tc), in pt; carries grid pitch and justification */
  charSpacingPt: number;
  color?: Rgb;
}

/** A straight line (分隔线, table border); thickness in pt. */
export interface Rule {
  kind: 'rule';
  x1Mm: number;
  y1Mm: number;
  x2Mm: number;
  y2Mm: number;
  widthPt: number;
  color?: Rgb;
}

export type PageItem = TextRun | Rule;

/** One page. `number` is the printed 页码, or null (cover, empty page). */
export interface Page {
  widthMm: number;
  heightMm: number;
  landscape: boolean;
  number: number | null;
  items: PageItem[];
  /**
   * A page drawn beneath this one's own items, unchanged (a copy of a document page in a print set, with
   * only the copy mark as its own item). Pages sharing the same underlay object share its drawing: the
   * PDF writer makes it one Form XObject.
   */
  underlay?: Page;
}

/** A layout problem for the user (Chinese message with file and line). */
export interface LayoutWarning {
  code: 'missing-glyph' | 'overflow';
  message: string;
  file?: string;
  line?: number;
}

/** 版面结果: what the writers and the binder need. */
export interface PagedDoc {
  title: string;
  /** 发文机关, for the PDF Author */
  author?: string;
  /** 公文种类, for the PDF Subject */
  kind: string;
  /** 成文日期 (ISO yyyy-mm-dd): the PDF's creation and modification dates, so they never depend on the clock */
  date?: string;
  /** 档号 or 发文字号, for the PDF Keywords */
  keywords?: string;
  pages: Page[];
  warnings: LayoutWarning[];
}
