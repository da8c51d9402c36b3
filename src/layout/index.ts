//! Layout entry point: DocModel → PagedDoc on the GB/T 9704 grid (blocks → flow lines → pages → 页码).
//! Pure and synchronous; uses fontkit metrics through FontSet, never pdf-lib.

import type { FontSet } from '../fonts/resolve.js';
import type { Document } from '../model/types.js';
import { EM_BOX_ASCENT, PAGE_NUMBER_BELOW_TYPE_AREA_MM, PAGE_NUMBER_INSET_CHARS, PAGE_NUMBER_SIZE_PT } from '../standards/gbt9704.js';
import { layoutBlocks } from './blocks.js';
import { formOf, layoutForm } from './forms.js';
import { pageItems, paginate, type FlowPage } from './flow.js';
import { ptToMm } from './grid.js';
import { placeLine } from './linebreak.js';
import { shapeAtoms } from './shape.js';
import type { LayoutWarning, Page, PagedDoc, TextRun } from './types.js';

export type { LayoutWarning, Page, PagedDoc, PageItem, Rgb, Rule, TextRun } from './types.js';
export { layoutVerticalText, type VerticalTextOptions } from './vertical.js';

/** 排版: lays out one document. */
export function layoutDocument(doc: Document, fonts: FontSet): PagedDoc {
  const form = formOf(doc); // archive forms (GB/T 9705) have their own fixed geometry
  if (form) return layoutForm(doc, form, fonts);
  const warnings: LayoutWarning[] = [];
  const ctx = { fonts, warnings, ...(doc.src ? { src: doc.src } : {}) };
  const flow = layoutBlocks(doc, ctx);
  const flowPages = paginate(flow, (note) => warnings.push({ code: 'overflow', message: note }));
  const pages: Page[] = [];
  let counter = 0;
  for (const fp of flowPages) {
    const items = pageItems(fp);
    if (!fp.cover) counter++;
    const hasContent = items.length > 0;
    const number = !fp.cover && hasContent ? counter : null;
    if (number !== null) items.push(...pageNumberRuns(number, fp, fonts, warnings));
    pages.push({ widthMm: fp.geom.widthMm, heightMm: fp.geom.heightMm, landscape: fp.geom.landscape, number, items });
  }
  if (pages.length === 0) pages.push({ widthMm: flowPages[0]?.geom.widthMm ?? 210, heightMm: flowPages[0]?.geom.heightMm ?? 297, landscape: false, number: null, items: [] });
  return {
    title: doc.meta.title,
    kind: doc.meta.kind,
    ...(doc.meta.issuer ? { author: doc.meta.issuer } : {}),
    ...(doc.meta.date ? { date: doc.meta.date } : {}),
    ...(doc.meta.number ? { keywords: doc.meta.number } : {}),
    pages,
    warnings,
  };
}

/** 页码 "— N —": 4号 宋体, 7 mm below the 版心, odd pages right and even pages left, one char in (7.5). */
function pageNumberRuns(n: number, page: FlowPage, fonts: FontSet, warnings: LayoutWarning[]): TextRun[] {
  const size = PAGE_NUMBER_SIZE_PT;
  const atoms = shapeAtoms([{ text: `— ${n} —`, role: 'songti' }], { fonts, sizePt: size, pitchPt: size, warnings });
  const width = atoms.reduce((w, a) => w + a.widthPt, 0);
  const g = page.geom;
  const inset = PAGE_NUMBER_INSET_CHARS * g.charPitchPt;
  const xPt = n % 2 === 1 ? g.areaWidthPt - inset - width : inset;
  const runs = placeLine({ atoms, indentPt: 0, widthPt: width, last: true }, width, 'left');
  const topMm = g.marginTopMm + ptToMm(g.areaHeightPt) + PAGE_NUMBER_BELOW_TYPE_AREA_MM;
  return runs.map((r) => ({
    kind: 'text',
    xMm: g.marginLeftMm + ptToMm(xPt + r.xPt),
    yMm: topMm + ptToMm(EM_BOX_ASCENT * size),
    fontRole: 'songti',
    faceId: r.face.id,
    sizePt: size,
    text: r.text,
    charSpacingPt: r.tcPt,
  }));
}

