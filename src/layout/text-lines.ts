//! Text block → flow lines: shaping, line breaking and justification glued together, one flow line
//! per text line, em box top on the line top (GB/T 9704 grid).

import type { FontSet } from '../fonts/resolve.js';
import type { Align, SourcePos } from '../model/types.js';
import { EM_BOX_ASCENT } from '../standards/gbt9704.js';
import type { FlowLine, RelText } from './flow.js';
import { breakLines, placeLine, type BrokenLine, type LineRun } from './linebreak.js';
import { shapeAtoms, type Atom, type StyledText } from './shape.js';
import type { LayoutWarning } from './types.js';

export interface TextBlockOptions {
  sizePt: number;
  /** cell width of full-width glyphs (grid pitch for body text, the size elsewhere) */
  pitchPt: number;
  measurePt: number;
  firstIndentPt?: number;
  restIndentPt?: number;
  align: Align | 'justify';
  /** left offset of the measure within the 版心 */
  offsetPt?: number;
  lineHeightPt: number;
  grid: boolean;
  keepLinesWithNext?: boolean;
}

/** Shared by every block of one document. */
export interface LayoutContext {
  fonts: FontSet;
  warnings: LayoutWarning[];
  src?: SourcePos;
}

export function shape(ctx: LayoutContext, parts: StyledText[], sizePt: number, pitchPt: number, src?: SourcePos): Atom[] {
  const s = src ?? ctx.src;
  return shapeAtoms(parts, { fonts: ctx.fonts, sizePt, pitchPt, warnings: ctx.warnings, ...(s ? { src: s } : {}) });
}

/** Runs → relative text items with the em box top on the line top. */
export function runsToItems(runs: LineRun[], offsetPt: number, topPt: number): RelText[] {
  return runs.map((r) => ({
    kind: 'text',
    xPt: offsetPt + r.xPt,
    baselinePt: topPt + EM_BOX_ASCENT * r.sizePt,
    face: r.face,
    role: r.role,
    sizePt: r.sizePt,
    text: r.text,
    tcPt: r.tcPt,
    ...(r.color ? { color: r.color } : {}),
  }));
}

/** Lays out a paragraph-like block into flow lines. Widow control: the penultimate line keeps with the last. */
export function textBlock(ctx: LayoutContext, parts: StyledText[], opts: TextBlockOptions, src?: SourcePos): FlowLine[] {
  const atoms = shape(ctx, parts, opts.sizePt, opts.pitchPt, src);
  const lines = breakLines(atoms, {
    measurePt: opts.measurePt,
    firstIndentPt: opts.firstIndentPt ?? 0,
    restIndentPt: opts.restIndentPt ?? 0,
  });
  return brokenToFlow(lines, opts);
}

export function brokenToFlow(lines: BrokenLine[], opts: TextBlockOptions): FlowLine[] {
  const offset = opts.offsetPt ?? 0;
  return lines.map((line, k) => ({
    heightPt: opts.lineHeightPt,
    grid: opts.grid,
    items: runsToItems(placeLine(line, opts.measurePt, opts.align), offset, 0),
    // widow control: a paragraph's last line never starts a page alone
    keepWithNext: opts.keepLinesWithNext === true || (lines.length >= 2 && k === lines.length - 2),
  }));
}

/** Width in pt of a short text on one line (for right/centre placement). */
export function textWidth(ctx: LayoutContext, parts: StyledText[], sizePt: number, pitchPt: number): number {
  let w = 0;
  for (const a of shape(ctx, parts, sizePt, pitchPt)) w += a.widthPt;
  return w;
}

/** One line of text at x (no breaking), as items relative to a line top. */
export function fixedText(ctx: LayoutContext, parts: StyledText[], sizePt: number, pitchPt: number, xPt: number, topPt = 0): RelText[] {
  const atoms = shape(ctx, parts, sizePt, pitchPt);
  const line: BrokenLine = { atoms, indentPt: 0, widthPt: atoms.reduce((w, a) => w + a.widthPt, 0), last: true };
  return runsToItems(placeLine(line, line.widthPt, 'left'), xPt, topPt);
}
