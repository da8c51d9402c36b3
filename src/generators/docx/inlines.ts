//! DocModel inlines → docx runs: text, hard breaks, 加粗 as a 黑体 run, 强调 as a 楷体 run
//! (character style plus direct rFonts with all four slots; the innermost emphasis wins).

import { TextRun } from 'docx';
import type { FontRole } from '../../fonts/roles.js';
import type { Inline } from '../../model/types.js';
import { runFontsFor, type FontSet } from './fonts.js';
import { STYLE } from './styles.js';

/** Run-level overrides carried down the inline tree. */
export interface RunContext {
  fonts: FontSet;
  /** font role forced on every run (set by 加粗/强调, or by a block such as 签发人 names) */
  role?: FontRole;
  /** character style id matching `role` */
  charStyle?: string;
  /** w:sz in half-points, when the paragraph style's size is not wanted */
  size?: number;
  /** RRGGBB */
  color?: string;
  underline?: boolean;
}

/** One text run in the context's fonts (plain paragraph-style fonts when the context sets none). */
export function textRun(text: string, ctx: RunContext): TextRun {
  return new TextRun({
    text,
    ...(ctx.charStyle ? { style: ctx.charStyle } : {}),
    ...(ctx.role ? { font: runFontsFor(ctx.fonts, ctx.role) } : {}),
    ...(ctx.size ? { size: ctx.size } : {}),
    ...(ctx.color ? { color: ctx.color } : {}),
    ...(ctx.underline ? { underline: {} } : {}),
  });
}

/** Runs for `inlines`, in order. */
export function inlineRuns(inlines: readonly Inline[], ctx: RunContext): TextRun[] {
  const out: TextRun[] = [];
  for (const node of inlines) {
    switch (node.t) {
      case 'text':
        if (node.text !== '') out.push(...textWithBreaks(node.text, ctx));
        break;
      case 'break':
        out.push(new TextRun({ break: 1 }));
        break;
      case 'strong':
        out.push(...inlineRuns(node.children, { ...ctx, role: 'heiti', charStyle: STYLE.strong }));
        break;
      case 'emph':
        out.push(...inlineRuns(node.children, { ...ctx, role: 'kaiti', charStyle: STYLE.emph }));
        break;
    }
  }
  return out;
}

/** A string with embedded newlines as runs separated by hard line breaks. */
export function textWithBreaks(text: string, ctx: RunContext): TextRun[] {
  const lines = text.split('\n');
  const out: TextRun[] = [];
  lines.forEach((line, i) => {
    if (i > 0) out.push(new TextRun({ break: 1 }));
    if (line !== '') out.push(textRun(line, ctx));
  });
  return out;
}

/** Plain text of inlines (for widths and checks). */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines
    .map((n) => (n.t === 'text' ? n.text : n.t === 'break' ? '\n' : inlineText(n.children)))
    .join('');
}
