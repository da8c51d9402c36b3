//! Vertical text (竖排) for spine labels (脊背): one character under another, each centred on a column.
//! A layout primitive used by the archive forms; returns absolute TextRuns in mm.

import type { FontSet } from '../fonts/resolve.js';
import type { FontRole } from '../fonts/roles.js';
import { EM_BOX_ASCENT } from '../standards/gbt9704.js';
import { mmToPt, ptToMm } from './grid.js';
import { shapeAtoms } from './shape.js';
import type { LayoutWarning, Rgb, TextRun } from './types.js';

export interface VerticalTextOptions {
  /** centre line of the column, mm from the page's left edge */
  centerXMm: number;
  /** top of the first character's em box, mm from the page's top edge */
  topMm: number;
  fontRole: FontRole;
  sizePt: number;
  /** advance from one character to the next (default: the size) */
  pitchPt?: number;
  color?: Rgb;
}

/** Lays out `text` top to bottom. Returns the runs and the height used (mm). */
export function layoutVerticalText(text: string, fonts: FontSet, opts: VerticalTextOptions, warnings: LayoutWarning[] = []): { items: TextRun[]; heightMm: number } {
  const pitch = opts.pitchPt ?? opts.sizePt;
  const atoms = shapeAtoms([{ text: text.replace(/\s+/g, ''), role: opts.fontRole }], { fonts, sizePt: opts.sizePt, pitchPt: opts.sizePt, warnings });
  const glyphs = atoms.flatMap((a) => a.glyphs);
  const items: TextRun[] = glyphs.map((g, k) => ({
    kind: 'text',
    xMm: opts.centerXMm - ptToMm(g.advPt) / 2,
    yMm: opts.topMm + ptToMm(k * pitch + EM_BOX_ASCENT * opts.sizePt),
    fontRole: g.role,
    faceId: g.face.id,
    sizePt: opts.sizePt,
    text: g.ch,
    charSpacingPt: 0,
    ...(opts.color ? { color: opts.color } : {}),
  }));
  return { items, heightMm: ptToMm(glyphs.length * pitch) };
}

export { mmToPt };
