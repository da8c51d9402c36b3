//! Marks drawn over finished pages (印制 copy marks "镇人民政府执 第1份/共3份"): a short line of text placed
//! top right on every page, portrait or landscape, without touching the page's own layout.

import type { FontSet } from '../fonts/resolve.js';
import type { FontRole } from '../fonts/roles.js';
import { COPY_MARK_BASELINE_MM, COPY_MARK_SIZE_PT, LANDSCAPE_MARGIN, MARGIN } from '../standards/gbt9704.js';
import { ptToMm } from './grid.js';
import { placeLine } from './linebreak.js';
import { shapeAtoms } from './shape.js';
import type { LayoutWarning, Page, TextRun } from './types.js';

export interface MarkOptions {
  sizePt?: number;
  role?: FontRole;
  /** baseline, mm from the paper's top edge */
  baselineMm?: number;
}

/** Text runs of `text`, right-aligned on the 版心's right edge of `page`, in its top margin. */
export function topRightMark(text: string, page: Page, fonts: FontSet, opts: MarkOptions = {}, warnings: LayoutWarning[] = []): TextRun[] {
  const size = opts.sizePt ?? COPY_MARK_SIZE_PT;
  const role = opts.role ?? 'songti';
  const atoms = shapeAtoms([{ text, role }], { fonts, sizePt: size, pitchPt: size, warnings });
  const width = atoms.reduce((w, a) => w + a.widthPt, 0);
  const rightMm = page.widthMm - (page.landscape ? LANDSCAPE_MARGIN.rightMm : MARGIN.rightMm);
  const x0 = rightMm - ptToMm(width);
  const baseline = opts.baselineMm ?? (page.landscape ? Math.min(COPY_MARK_BASELINE_MM, LANDSCAPE_MARGIN.topMm - 6) : COPY_MARK_BASELINE_MM);
  return placeLine({ atoms, indentPt: 0, widthPt: width, last: true }, width, 'left').map((r) => ({
    kind: 'text',
    xMm: x0 + ptToMm(r.xPt),
    yMm: baseline,
    fontRole: role,
    faceId: r.face.id,
    sizePt: size,
    text: r.text,
    charSpacingPt: r.tcPt,
  }));
}
