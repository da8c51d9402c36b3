//! 页号 (PageNo) of the bound volume (DA/T 22 6.3, GB/T 9705): one run from 1 over the documents' pages,
//! recto (odd) top right, verso (even) top left; cover, 卷内目录 and 备考表 carry none.
//! Generated pages get TextRuns; imported scans get the same digits placed by a text matrix.

import type { FontSet } from '../fonts/resolve.js';
import { faceIndex, type MatrixText } from '../generators/pdf/encode.js';
import { shapeAtoms } from '../layout/shape.js';
import type { Page, TextRun } from '../layout/types.js';
import { PAGE_NO_OUTER_MM, PAGE_NO_SIZE_PT, PAGE_NO_TOP_MM } from '../standards/dat22.js';
import { EM_BOX_ASCENT, MM_PER_PT } from '../standards/gbt9704.js';

/** Where the 页号 of page `n` goes on a page of this size: left edge of the digits and baseline, mm from top-left. */
export function pageNoPosition(n: number, pageWidthMm: number, textWidthMm: number): { xMm: number; baselineMm: number } {
  const recto = n % 2 === 1;
  return {
    xMm: recto ? pageWidthMm - PAGE_NO_OUTER_MM - textWidthMm : PAGE_NO_OUTER_MM,
    baselineMm: PAGE_NO_TOP_MM + EM_BOX_ASCENT * PAGE_NO_SIZE_PT * MM_PER_PT,
  };
}

/** The 页号 of page `n` as a run in 宋体 on one of our laid-out pages. */
export function pageNoRun(n: number, page: Page, fonts: FontSet): TextRun {
  const text = String(n);
  const atoms = shapeAtoms([{ text, role: 'songti' }], { fonts, sizePt: PAGE_NO_SIZE_PT, pitchPt: PAGE_NO_SIZE_PT, warnings: [] });
  const widthMm = atoms.reduce((w, a) => w + a.widthPt, 0) * MM_PER_PT;
  const face = atoms[0]?.glyphs[0]?.face ?? fonts.faces.songti;
  const { xMm, baselineMm } = pageNoPosition(n, page.widthMm, widthMm);
  return { kind: 'text', xMm, yMm: baselineMm, fontRole: 'songti', faceId: face.id, sizePt: PAGE_NO_SIZE_PT, text, charSpacingPt: 0 };
}

/** The 页号 of page `n` for an imported page (a scan) whose media box and /Rotate are given: drawn so that it
 * sits top right (recto) or top left (verso) as the page is seen. */
export function scanPageNo(n: number, box: { x0: number; y0: number; widthPt: number; heightPt: number }, rotate: number, fonts: FontSet): MatrixText {
  const text = String(n);
  const atoms = shapeAtoms([{ text, role: 'songti' }], { fonts, sizePt: PAGE_NO_SIZE_PT, pitchPt: PAGE_NO_SIZE_PT, warnings: [] });
  const textW = atoms.reduce((w, a) => w + a.widthPt, 0);
  const face = atoms[0]?.glyphs[0]?.face ?? fonts.faces.songti;
  const rot = ((rotate % 360) + 360) % 360;
  const { widthPt: w, heightPt: h } = box;
  const visW = rot % 180 === 0 ? w : h;
  const visH = rot % 180 === 0 ? h : w;
  const pos = pageNoPosition(n, visW * MM_PER_PT, textW * MM_PER_PT);
  const vx = pos.xMm / MM_PER_PT;
  const vy = visH - pos.baselineMm / MM_PER_PT;
  // visual (vx, vy from the bottom-left as displayed) → unrotated user space
  const [ux, uy] = rot === 90 ? [w - vy, vx] : rot === 180 ? [w - vx, h - vy] : rot === 270 ? [vy, h - vx] : [vx, vy];
  const rad = (rot * Math.PI) / 180;
  const cos = Math.round(Math.cos(rad));
  const sin = Math.round(Math.sin(rad));
  return { text, faceIndex: faceIndex(fonts, face.id), sizePt: PAGE_NO_SIZE_PT, matrix: [cos, sin, -sin, cos, box.x0 + ux, box.y0 + uy] };
}
