//! Pagination: a flat list of flow lines (grid text lines, table rows, fixed 版头 pieces, the 版记 footer)
//! → pages. Handles keep-with-next chains (headings, widows), repeated table headers, page orientation.

import type { FontFace } from '../fonts/resolve.js';
import type { FontRole } from '../fonts/roles.js';
import { LANDSCAPE, PORTRAIT, ptToMm, type PageGeometry } from './grid.js';
import type { PageItem, Rgb } from './types.js';

/** Text relative to its flow line: x from the 版心 left edge, baseline from the line top (pt). */
export interface RelText {
  kind: 'text';
  xPt: number;
  baselinePt: number;
  face: FontFace;
  role: FontRole;
  sizePt: number;
  text: string;
  tcPt: number;
  color?: Rgb;
}

/** A rule relative to its flow line (pt). */
export interface RelRule {
  kind: 'rule';
  x1Pt: number;
  y1Pt: number;
  x2Pt: number;
  y2Pt: number;
  widthPt: number;
  color?: Rgb;
}

export type RelItem = RelText | RelRule;

/** 行: one unit of vertical flow. */
export interface FlowLine {
  heightPt: number;
  /** snap the top to the next grid line (body text) */
  grid: boolean;
  items: RelItem[];
  /** do not end a page after this line (headings, widows, 落款) */
  keepWithNext?: boolean;
  /** an empty line (空行): dropped at the top of a page */
  spacer?: boolean;
  /** a grid line after this one keeps at least this much space from it, when the page has room for that */
  gapAfterPt?: number;
  /** fixed distance from the 版心 top (版头 pieces, cover) */
  minTopPt?: number;
  /** 版记: sits on the bottom edge of the 版心 */
  footer?: boolean;
  pageBreakBefore?: boolean;
  landscape?: boolean;
  /** the page is a cover: no page number, not counted */
  cover?: boolean;
  /** table header rows to repeat when this row opens a page */
  repeatHeader?: FlowLine[];
  /** a line of a 落款 or 签署栏 (what a copy clause keeps with) */
  placed?: boolean;
  /** 1-based source line for overflow warnings */
  overflowNote?: string;
  /** drawn only when this line ends its page (the rule under a merged table cell broken across pages) */
  atPageBottom?: RelItem[];
  /** drawn only when this line opens its page, below any repeated header (the rule over such a cell) */
  atPageTop?: RelItem[];
}

interface Placed {
  index: number;
  topPt: number;
  line: FlowLine;
}

/** A page before page numbers: geometry, placed lines, cover flag. */
export interface FlowPage {
  geom: PageGeometry;
  placed: Placed[];
  cover: boolean;
}

const EPS = 1e-3;

/** Distributes lines over pages. Returns pages with absolute items (mm). */
export function paginate(lines: FlowLine[], onOverflow: (note: string) => void): FlowPage[] {
  const pages: FlowPage[] = [];
  let page: FlowPage = newPage(false);
  let cursor = 0;
  /** the space the last placed line asks before the next grid line */
  let gapAfter = 0;
  pages.push(page);

  const startPage = (landscape: boolean): void => {
    const last = page.placed[page.placed.length - 1];
    if (last?.line.atPageBottom?.length) page.placed[page.placed.length - 1] = { ...last, line: { ...last.line, items: [...last.line.items, ...last.line.atPageBottom] } };
    page = newPage(landscape);
    pages.push(page);
    cursor = 0;
    gapAfter = 0;
  };
  const place = (line: FlowLine, index: number, top: number): void => {
    page.placed.push({ index, topPt: top, line });
    if (line.cover) page.cover = true;
    cursor = top + line.heightPt;
    gapAfter = line.gapAfterPt ?? 0;
  };
  const topFor = (line: FlowLine): number => {
    const pitch = page.geom.linePitchPt;
    if (line.minTopPt !== undefined) return Math.max(cursor, line.minTopPt);
    if (line.footer) return Math.max(cursor, page.geom.areaHeightPt - line.heightPt);
    if (!line.grid) return cursor;
    const snapped = Math.ceil(cursor / pitch - EPS) * pitch;
    if (gapAfter <= 0 || snapped - cursor >= gapAfter - EPS) return snapped;
    const apart = Math.ceil((cursor + gapAfter) / pitch - EPS) * pitch;
    return apart + line.heightPt <= page.geom.areaHeightPt + EPS ? apart : snapped;
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as FlowLine;
    const empty = page.placed.length === 0;
    const wantLandscape = line.landscape === true;
    if (!empty && (line.pageBreakBefore || wantLandscape !== page.geom.landscape)) {
      startPage(wantLandscape);
      continue;
    }
    if (empty && wantLandscape !== page.geom.landscape) page.geom = wantLandscape ? LANDSCAPE : PORTRAIT;
    if (line.spacer && page.placed.length === 0) {
      i++;
      continue;
    }
    if (empty && line.repeatHeader?.length) {
      for (const h of line.repeatHeader) place({ ...h, keepWithNext: false }, -1, topFor(h));
    }
    const top = topFor(line);
    if (top + line.heightPt > page.geom.areaHeightPt + EPS && page.placed.some((p) => p.index >= 0)) {
      // keep-with-next: move the chain of kept lines that ends here to the next page
      const first = page.placed.find((p) => p.index >= 0)?.index ?? i;
      let b = i;
      while (b - 1 > first && lines[b - 1]?.keepWithNext) b--;
      if (b < i && b > first) {
        page.placed = page.placed.filter((p) => p.index < b);
        i = b;
      }
      startPage(page.geom.landscape);
      continue;
    }
    if (top + line.heightPt > page.geom.areaHeightPt + EPS && line.overflowNote) onOverflow(line.overflowNote);
    const opens = line.atPageTop?.length && !page.placed.some((p) => p.index >= 0);
    place(opens ? { ...line, items: [...line.items, ...(line.atPageTop ?? [])] } : line, i, top);
    i++;
  }
  return pages;
}

function newPage(landscape: boolean): FlowPage {
  return { geom: landscape ? LANDSCAPE : PORTRAIT, placed: [], cover: false };
}

/** Converts a page's placed lines into absolute items (mm, y from the paper's top edge). */
export function pageItems(page: FlowPage): PageItem[] {
  const { marginLeftMm: left, marginTopMm: top } = page.geom;
  const items: PageItem[] = [];
  for (const p of page.placed) {
    for (const it of p.line.items) {
      if (it.kind === 'text') {
        items.push({
          kind: 'text',
          xMm: left + ptToMm(it.xPt),
          yMm: top + ptToMm(p.topPt + it.baselinePt),
          fontRole: it.role,
          faceId: it.face.id,
          sizePt: it.sizePt,
          text: it.text,
          charSpacingPt: it.tcPt,
          ...(it.color ? { color: it.color } : {}),
        });
      } else {
        items.push({
          kind: 'rule',
          x1Mm: left + ptToMm(it.x1Pt),
          y1Mm: top + ptToMm(p.topPt + it.y1Pt),
          x2Mm: left + ptToMm(it.x2Pt),
          y2Mm: top + ptToMm(p.topPt + it.y2Pt),
          widthPt: it.widthPt,
          ...(it.color ? { color: it.color } : {}),
        });
      }
    }
  }
  return items;
}
