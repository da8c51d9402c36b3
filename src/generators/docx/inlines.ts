//! DocModel inlines → WordprocessingML runs: text, hard breaks, 加粗 as a 黑体 run, 强调 as a 楷体 run
//! (character style plus direct rFonts with all four slots; the innermost emphasis wins).

import type { FontRole } from '../../fonts/roles.js';
import type { Inline } from '../../model/types.js';
import { runFontsFor, type FontSet } from './fonts.js';
import { BREAK_RUN, rPrXml, textRunXml } from './ooxml.js';
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

/** The w:rPr of a context's runs ('' for plain paragraph-style text, the common case). */
function runPropsXml(ctx: RunContext): string {
  if (!ctx.charStyle && !ctx.role && !ctx.size && !ctx.color && !ctx.underline) return '';
  return rPrXml({
    ...(ctx.charStyle ? { style: ctx.charStyle } : {}),
    ...(ctx.role ? { fonts: runFontsFor(ctx.fonts, ctx.role) } : {}),
    ...(ctx.color ? { color: ctx.color } : {}),
    ...(ctx.size ? { size: ctx.size } : {}),
    ...(ctx.underline ? { underline: true } : {}),
  });
}

/** One text run in the context's fonts (plain paragraph-style fonts when the context sets none). */
export function textRun(text: string, ctx: RunContext): string {
  return textRunXml(runPropsXml(ctx), text);
}

/** Runs for `inlines`, in order, as XML. */
export function inlineRuns(inlines: readonly Inline[], ctx: RunContext): string {
  let out = '';
  for (const node of inlines) {
    switch (node.t) {
      case 'text':
        if (node.text !== '') out += textWithBreaks(node.text, ctx);
        break;
      case 'break':
        out += BREAK_RUN;
        break;
      case 'strong':
        out += inlineRuns(node.children, { ...ctx, role: 'heiti', charStyle: STYLE.strong });
        break;
      case 'emph':
        out += inlineRuns(node.children, { ...ctx, role: 'kaiti', charStyle: STYLE.emph });
        break;
    }
  }
  return out;
}

/** A string with embedded newlines as runs separated by hard line breaks. */
export function textWithBreaks(text: string, ctx: RunContext): string {
  if (!text.includes('\n')) return text === '' ? '' : textRun(text, ctx);
  const rPr = runPropsXml(ctx);
  return text
    .split('\n')
    .map((line, i) => (i > 0 ? BREAK_RUN : '') + (line !== '' ? textRunXml(rPr, line) : ''))
    .join('');
}

/** Plain text of inlines (for widths and checks). */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines
    .map((n) => (n.t === 'text' ? n.text : n.t === 'break' ? '\n' : inlineText(n.children)))
    .join('');
}
