//! 页号 (PageNo) of the bound volume (DA/T 22 6.3, GB/T 9705): one run from 1 over the documents' pages,
//! on the front of a sheet top right, on the back top left (src/bind/sheets.ts says which side); cover,
//! 卷内目录, 备考表 and blank backs carry none. On a landscape page the top edge is the binding edge of a
//! front: the 页号 keeps 10 mm clear of it. Generated pages get TextRuns; imported scans get the same
//! digits placed by a text matrix.

import type { FontSet } from '../fonts/resolve.js';
import { faceIndex, type MatrixText } from '../generators/pdf/encode.js';
import { shapeAtoms } from '../layout/shape.js';
import type { Page, TextRun } from '../layout/types.js';
import { PAGE_NO_OUTER_MM, PAGE_NO_SIZE_PT, PAGE_NO_TOP_LANDSCAPE_MM, PAGE_NO_TOP_MM } from '../standards/dat22.js';
import type { Side } from './sheets.js';
import { EM_BOX_ASCENT, MM_PER_PT } from '../standards/gbt9704.js';

/** Where the 页号 goes on a page of this size and side: left edge of the digits and baseline, mm from top-left. */
export function pageNoPosition(side: Side, pageWidthMm: number, pageHeightMm: number, textWidthMm: number): { xMm: number; baselineMm: number } {
  const landscape = pageWidthMm > pageHeightMm;
  return {
    xMm: side === 'recto' ? pageWidthMm - PAGE_NO_OUTER_MM - textWidthMm : PAGE_NO_OUTER_MM,
    baselineMm: (landscape ? PAGE_NO_TOP_LANDSCAPE_MM : PAGE_NO_TOP_MM) + EM_BOX_ASCENT * PAGE_NO_SIZE_PT * MM_PER_PT,
  };
}

/** The 页号 `n` as a run in 宋体 on one of our laid-out pages, on the given side of its sheet. */
export function pageNoRun(n: number, side: Side, page: Page, fonts: FontSet): TextRun {
  const text = String(n);
  const atoms = shapeAtoms([{ text, role: 'songti' }], { fonts, sizePt: PAGE_NO_SIZE_PT, pitchPt: PAGE_NO_SIZE_PT, warnings: [] });
  const widthMm = atoms.reduce((w, a) => w + a.widthPt, 0) * MM_PER_PT;
  const face = atoms[0]?.glyphs[0]?.face ?? fonts.faces.songti;
  const { xMm, baselineMm } = pageNoPosition(side, page.widthMm, page.heightMm, widthMm);
  return { kind: 'text', xMm, yMm: baselineMm, fontRole: 'songti', faceId: face.id, sizePt: PAGE_NO_SIZE_PT, text, charSpacingPt: 0 };
}

/** The 页号 `n` for an imported page (a scan) whose media box and /Rotate are given, on the given side of its
 * sheet: drawn so that it sits top right (front) or top left (back) as the page is seen. */
export function scanPageNo(n: number, side: Side, box: { x0: number; y0: number; widthPt: number; heightPt: number }, rotate: number, fonts: FontSet): MatrixText {
  const text = String(n);
  const atoms = shapeAtoms([{ text, role: 'songti' }], { fonts, sizePt: PAGE_NO_SIZE_PT, pitchPt: PAGE_NO_SIZE_PT, warnings: [] });
  const textW = atoms.reduce((w, a) => w + a.widthPt, 0);
  const face = atoms[0]?.glyphs[0]?.face ?? fonts.faces.songti;
  const rot = ((rotate % 360) + 360) % 360;
  const { widthPt: w, heightPt: h } = box;
  const visW = rot % 180 === 0 ? w : h;
  const visH = rot % 180 === 0 ? h : w;
  const pos = pageNoPosition(side, visW * MM_PER_PT, visH * MM_PER_PT, textW * MM_PER_PT);
  const vx = pos.xMm / MM_PER_PT;
  const vy = visH - pos.baselineMm / MM_PER_PT;
  // visual (vx, vy from the bottom-left as displayed) → unrotated user space
  const [ux, uy] = rot === 90 ? [w - vy, vx] : rot === 180 ? [w - vx, h - vy] : rot === 270 ? [vy, h - vx] : [vx, vy];
  const rad = (rot * Math.PI) / 180;
  const cos = Math.round(Math.cos(rad));
  const sin = Math.round(Math.sin(rad));
  return { text, faceIndex: faceIndex(fonts, face.id), sizePt: PAGE_NO_SIZE_PT, matrix: [cos, sin, -sin, cos, box.x0 + ux, box.y0 + uy] };
}
