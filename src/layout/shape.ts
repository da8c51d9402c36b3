//! Shaping for the grid: inline content → glyphs with font (role face or glyph fallback), size and width,
//! grouped into unbreakable atoms (one CJK char, or one Latin/number word). Fontkit metrics only.

import type { FontFace, FontSet } from '../fonts/resolve.js';
import type { FontRole } from '../fonts/roles.js';
import type { Inline, SourcePos } from '../model/types.js';
import { wordBreaks } from '../model/words.js';
import { isWordChar, type AtomEdge } from './kinsoku.js';
import type { LayoutWarning, Rgb } from './types.js';

/** A glyph ready for line breaking; widths in pt. */
export interface ShapedGlyph {
  ch: string;
  role: FontRole;
  face: FontFace;
  sizePt: number;
  /** the font's own advance at this size */
  advPt: number;
  /** the width it occupies in the line: one grid cell for full-width glyphs, its advance otherwise */
  cellPt: number;
  color?: Rgb;
}

/** 不可断单元: glyphs that stay on one line. */
export interface Atom extends AtomEdge {
  glyphs: ShapedGlyph[];
  widthPt: number;
  space: boolean;
  /** hard line break after this atom */
  hardBreak: boolean;
  /** continues the word of the atom before (see markWords) */
  glue?: boolean;
}

/** A run of text in one role (after flattening strong/emph). */
export interface StyledText {
  text: string;
  role: FontRole;
  color?: Rgb;
  /** forced line break (Markdown hard break) */
  hardBreak?: boolean;
}

/** Everything shaping needs. `pitchPt` = cell width for full-width glyphs (grid pitch or the size). */
export interface ShapeContext {
  fonts: FontSet;
  sizePt: number;
  pitchPt: number;
  warnings: LayoutWarning[];
  src?: SourcePos;
}

/** Full-width threshold: glyphs at least this wide (in em) take a whole cell — Han, kana, full-width forms and
 *  CJK punctuation; never a Latin letter or digit, however wide (D, M, W in a 档号 keep their own advance). */
const FULL_WIDTH_EM = 0.75;
const LATIN_END = 0x2000;

/** Flattens inlines: strong → 黑体, emph → 楷体 (the 公文 convention). */
export function flattenInlines(inlines: Inline[], role: FontRole, out: StyledText[] = []): StyledText[] {
  for (const node of inlines) {
    if (node.t === 'text') out.push({ text: node.text, role });
    else if (node.t === 'strong') flattenInlines(node.children, 'heiti', out);
    else if (node.t === 'emph') flattenInlines(node.children, 'kaiti', out);
    else out.push({ text: '', role, hardBreak: true });
  }
  return out;
}

/** Picks the first face of the role's chain that has the character; warns once per char if none does. */
function faceFor(ch: string, role: FontRole, ctx: ShapeContext): FontFace {
  const cp = ch.codePointAt(0) ?? 0;
  const chain = ctx.fonts.chain(role);
  for (const face of chain) if (face.hasChar(cp)) return face;
  const where = ctx.src ? `${ctx.src.file} 第 ${ctx.src.line} 行` : '文档';
  const message = `${where}：字符“${ch}”（U+${cp.toString(16).toUpperCase()}）在所有字体中都没有字形，打印会是空白，请改用常用字或在 dossier.yaml 的 fonts: 中指定含此字的字体`;
  if (!ctx.warnings.some((w) => w.message === message)) {
    ctx.warnings.push({ code: 'missing-glyph', message, ...(ctx.src ? { file: ctx.src.file, line: ctx.src.line } : {}) });
  }
  return chain[0] ?? ctx.fonts.faces[role];
}

function shapeChar(ch: string, role: FontRole, ctx: ShapeContext, color: Rgb | undefined): ShapedGlyph {
  const face = faceFor(ch, role, ctx);
  const cp = ch.codePointAt(0) ?? 0;
  const advEm = face.advanceEm(cp);
  const advPt = advEm * ctx.sizePt;
  const cellPt = cp >= LATIN_END && advEm >= FULL_WIDTH_EM ? ctx.pitchPt : advPt;
  return color ? { ch, role, face, sizePt: ctx.sizePt, advPt, cellPt, color } : { ch, role, face, sizePt: ctx.sizePt, advPt, cellPt };
}

/** Normalises whitespace: tabs/newlines → space; keeps single spaces only. */
function normaliseSpaces(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ').replace(/ {2,}/g, ' ');
}

/** Shapes styled text into atoms. */
export function shapeAtoms(parts: StyledText[], ctx: ShapeContext): Atom[] {
  const atoms: Atom[] = [];
  let word: Atom | undefined;
  for (const part of parts) {
    if (part.hardBreak) {
      word = undefined;
      const last = atoms[atoms.length - 1];
      if (last) last.hardBreak = true;
      continue;
    }
    const text = normaliseSpaces(part.text);
    let at = 0;
    for (const ch of text) {
      at += ch.length;
      let g = shapeChar(ch, part.role, ctx, part.color);
      // a number's % or ‰, and a · between Latin letters and digits (J012-WS·2025), belong to the run:
      // set at their own width, never spread by justification
      let joins = false;
      if (word !== undefined && (ch === '%' || ch === '‰' || ch === '·')) {
        const next = ch === '·' ? String.fromCodePoint(text.codePointAt(at) ?? 32) : '';
        joins = ch !== '·' || (next !== ' ' && isWordChar(next));
        if (joins && g.cellPt !== g.advPt) g = { ...g, cellPt: g.advPt };
      }
      if (ch === ' ') {
        word = undefined;
        atoms.push({ glyphs: [g], widthPt: g.advPt, first: ch, last: ch, word: false, space: true, hardBreak: false });
      } else if (joins || (g.cellPt === g.advPt && isWordChar(ch))) {
        if (!word) {
          word = { glyphs: [], widthPt: 0, first: ch, last: ch, word: true, space: false, hardBreak: false };
          atoms.push(word);
        }
        word.glyphs.push(g);
        word.widthPt += g.cellPt;
        word.last = ch;
      } else {
        word = undefined;
        atoms.push({ glyphs: [g], widthPt: g.cellPt, first: ch, last: ch, word: false, space: false, hardBreak: false });
      }
    }
  }
  return atoms;
}

/** Marks the atoms that continue a word (src/model/words.ts), for breaking between words in cells and names. */
export function markWords(atoms: Atom[]): Atom[] {
  const text = atoms.map((a) => a.glyphs.map((g) => g.ch).join('')).join('');
  const breaks = wordBreaks(text);
  let at = 0;
  for (const a of atoms) {
    if (at > 0 && !breaks[at]) a.glue = true;
    at += a.glyphs.length;
  }
  return atoms;
}
