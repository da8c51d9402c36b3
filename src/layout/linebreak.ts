//! Line breaking on the character grid: greedy fill with 避头尾 push-out (kinsoku.ts), words kept whole,
//! then two-side justification into positioned runs (PDF Tc per run). standards.md §4.

import type { FontFace } from '../fonts/resolve.js';
import type { FontRole } from '../fonts/roles.js';
import type { Align } from '../model/types.js';
import { canBreakBetween } from './kinsoku.js';
import type { Atom, ShapedGlyph } from './shape.js';
import type { Rgb } from './types.js';

/** One broken line: its atoms (no leading/trailing spaces) and whether it ends a paragraph. */
export interface BrokenLine {
  atoms: Atom[];
  indentPt: number;
  widthPt: number;
  /** last line of the paragraph, or ended by a hard break: not stretched */
  last: boolean;
  /** pt the line is wider than its measure: taken out of the blank halves of its punctuation (挤进) */
  squeezePt?: number;
}

export interface BreakOptions {
  measurePt: number;
  /** first-line indent (段首缩进) */
  firstIndentPt: number;
  /** indent of the following lines (hanging indent for 附件说明) */
  restIndentPt?: number;
  /** break between words (atoms marked `glue` continue a word), between characters only when a word is too long */
  words?: boolean;
}

const EPS = 1e-6;

/** Splits atoms into lines. Never returns an empty paragraph's zero lines: [] in, [] out. */
export function breakLines(atoms: Atom[], opts: BreakOptions): BrokenLine[] {
  const lines: BrokenLine[] = [];
  let start = 0;
  while (start < atoms.length) {
    while (start < atoms.length && atoms[start]?.space) start++;
    if (start >= atoms.length) break;
    const indent = lines.length === 0 ? opts.firstIndentPt : (opts.restIndentPt ?? 0);
    const room = opts.measurePt - indent;
    let width = 0;
    let end = start; // exclusive
    let hard = false;
    while (end < atoms.length) {
      const a = atoms[end] as Atom;
      if (width + a.widthPt > room + EPS && !a.space) break;
      width += a.widthPt;
      end++;
      if (a.hardBreak) {
        hard = true;
        break;
      }
    }
    let squeeze = 0;
    if (end < atoms.length && !hard && end > start) {
      // 挤进 before 推出: a closing mark or a word that does not fit is pulled in when the blank halves of the
      // line's punctuation (pairs first) can make the room; only then is the break moved back
      const into = pushIn(atoms, start, end, room, width, opts.words === true);
      if (into) {
        end = into.end;
        squeeze = into.squeezePt;
      } else end = pushOut(atoms, start, end, opts.words === true);
    }
    if (end === start) end = splitLongAtom(atoms, start, room);
    const lineAtoms = trimSpaces(atoms.slice(start, end));
    const line: BrokenLine = { atoms: lineAtoms, indentPt: indent, widthPt: sumWidth(lineAtoms), last: hard || end >= atoms.length };
    if (squeeze > 0) line.squeezePt = squeeze;
    lines.push(line);
    start = end;
  }
  const lastLine = lines[lines.length - 1];
  if (lastLine) lastLine.last = true;
  return lines;
}

/** Punctuation whose glyph fills half its cell (GB style): the other half may be taken out of the line. */
const RIGHT_BLANK = new Set(Array.from('。，、）」』》〉】〕〗］｝”’'));
const LEFT_BLANK = new Set(Array.from('（「『《〈【〔〖［｛“‘'));
const PUNCT = new Set([...RIGHT_BLANK, ...LEFT_BLANK, ...Array.from('：；？！·…—')]);

/** What the punctuation of atoms [s, e) can give up (all that squeezeCuts may take). */
function compressible(atoms: readonly Atom[], s: number, e: number, enough: number): number {
  let sum = 0;
  let first = true;
  for (let k = s; k < e; k++) {
    const glyphs = (atoms[k] as Atom).glyphs;
    for (let i = 0; i < glyphs.length; i++) {
      const g = glyphs[i] as ShapedGlyph;
      const last = k === e - 1 && i === glyphs.length - 1;
      if (g.advPt >= 0.75 * g.sizePt && ((RIGHT_BLANK.has(g.ch) && !last) || (LEFT_BLANK.has(g.ch) && !first))) {
        sum += g.cellPt / 2;
        if (sum >= enough) return sum;
      }
      first = false;
    }
  }
  return sum;
}

/** 挤进: the next allowed break after `end` within two atoms, if the line's punctuation can absorb the overflow. */
function pushIn(atoms: Atom[], start: number, end: number, room: number, widthToEnd: number, words: boolean): { end: number; squeezePt: number } | undefined {
  const a = atoms[end - 1];
  const b = atoms[end];
  if (!a || !b) return undefined;
  // only where a break is forbidden (a closing mark) or a word would be pushed out whole
  if (canBreakBetween(a, b) && !b.word && !(words && b.glue)) return undefined;
  let width = widthToEnd;
  for (let j = end + 1; j <= Math.min(atoms.length, end + 2); j++) {
    const x = atoms[j - 1] as Atom;
    width += x.widthPt;
    const y = atoms[j];
    if (y && (!canBreakBetween(x, y) || (words && y.glue))) continue;
    if (x.space) return undefined;
    const over = width - room;
    // at most a few halves can go: a wider overflow is pushed out at once
    if (over <= EPS || over > 2 * x.glyphs[0]!.sizePt) return undefined;
    let s = start;
    while (s < j && atoms[s]?.space) s++;
    return over <= compressible(atoms, s, j, over - EPS) + EPS ? { end: j, squeezePt: over } : undefined;
  }
  return undefined;
}

/** 推出: moves the break back to the nearest allowed break (between words first); keeps `end` if none exists. */
function pushOut(atoms: Atom[], start: number, end: number, words: boolean): number {
  if (words) {
    for (let j = end; j > start; j--) {
      const a = atoms[j - 1];
      const b = atoms[j];
      if (a && b && !b.glue && canBreakBetween(a, b)) return j;
    }
  }
  for (let j = end; j > start; j--) {
    const a = atoms[j - 1];
    const b = atoms[j];
    if (a && b && canBreakBetween(a, b)) return j;
  }
  return end;
}

/** A word wider than the line: cut it into pieces that fit (forced break). */
function splitLongAtom(atoms: Atom[], at: number, room: number): number {
  const a = atoms[at] as Atom;
  if (a.glyphs.length <= 1) return at + 1;
  let w = 0;
  let n = 0;
  for (const g of a.glyphs) {
    if (n > 0 && w + g.cellPt > room + EPS) break;
    w += g.cellPt;
    n++;
  }
  if (n >= a.glyphs.length) return at + 1;
  const head: Atom = { ...a, glyphs: a.glyphs.slice(0, n), widthPt: w, last: a.glyphs[n - 1]?.ch ?? a.last, hardBreak: false };
  const tail: Atom = { ...a, glyphs: a.glyphs.slice(n), widthPt: a.widthPt - w, first: a.glyphs[n]?.ch ?? a.first, glue: true };
  atoms.splice(at, 1, head, tail);
  return at + 1;
}

function trimSpaces(atoms: Atom[]): Atom[] {
  let s = 0;
  let e = atoms.length;
  while (s < e && atoms[s]?.space) s++;
  while (e > s && atoms[e - 1]?.space) e--;
  return atoms.slice(s, e);
}

function sumWidth(atoms: Atom[]): number {
  let w = 0;
  for (const a of atoms) w += a.widthPt;
  return w;
}

/** A run positioned within the line, x from the left edge of the measure. */
export interface LineRun {
  xPt: number;
  face: FontFace;
  role: FontRole;
  sizePt: number;
  text: string;
  /** PDF Tc: extra advance after each glyph */
  tcPt: number;
  color?: Rgb;
}

/**
 * Positions a line's glyphs: justified lines spread the slack over every gap between atoms
 * (so half-width words keep their width), other lines sit on the grid and are aligned.
 */
export function placeLine(line: BrokenLine, measurePt: number, align: Align | 'justify'): LineRun[] {
  const gaps = line.atoms.length - 1;
  const squeeze = line.squeezePt ?? 0;
  const slack = measurePt - line.indentPt - line.widthPt + squeeze;
  const stretch = align === 'justify' && !line.last && gaps > 0 && slack > 0 ? slack / gaps : 0;
  // a squeezed line: the blank halves of its punctuation shrink, adjacent pairs first (clreq 3.1.6)
  const cut = squeeze > 0 ? squeezeCuts(line, squeeze) : undefined;
  let gi = 0;
  let x = line.indentPt;
  if (align === 'center') x += Math.max(0, slack) / 2;
  else if (align === 'right') x += Math.max(0, slack);

  const runs: LineRun[] = [];
  let run: LineRun | undefined;
  let runCount = 0;
  let prev: ShapedGlyph | undefined;
  let prevTarget = 0;
  for (const atom of line.atoms) {
    const glyphs = atom.glyphs;
    const lastIndex = glyphs.length - 1;
    for (let i = 0; i <= lastIndex; i++) {
      const g = glyphs[i] as ShapedGlyph;
      let target = i === lastIndex ? g.cellPt + stretch : g.cellPt;
      if (cut) target -= cut[gi] ?? 0;
      gi++;
      // centre a narrow full-width glyph (e.g. an 0.89 em dash) in its cell
      const offset = g.cellPt > g.advPt + EPS && !atom.word ? (g.cellPt - g.advPt) / 2 : 0;
      const tc = prev ? prevTarget - prev.advPt : 0;
      if (run && prev && offset === 0 && prev.face === g.face && prev.sizePt === g.sizePt && prev.color === g.color && (runCount === 1 || Math.abs(run.tcPt - tc) < EPS)) {
        if (runCount === 1) run.tcPt = tc;
        run.text += g.ch;
        runCount++;
      } else {
        run = { xPt: x + offset, face: g.face, role: g.role, sizePt: g.sizePt, text: g.ch, tcPt: 0, ...(g.color ? { color: g.color } : {}) };
        runs.push(run);
        runCount = 1;
      }
      x += target;
      // a centred glyph ends its run: the next glyph starts a fresh, exactly positioned run
      prev = offset === 0 ? g : undefined;
      prevTarget = target;
    }
  }
  return runs;
}

/**
 * How much each glyph's advance shrinks on a squeezed line (by glyph index): a closing mark gives up the half
 * after it (never the line's last glyph: its box stays inside the 版心), an opening one the half before it (the
 * advance of the glyph before shrinks; never at the line's start); adjacent pairs of marks first.
 */
function squeezeCuts(line: BrokenLine, squeeze: number): number[] {
  const glyphs: ShapedGlyph[] = [];
  for (const a of line.atoms) for (const g of a.glyphs) glyphs.push(g);
  const cut: number[] = [];
  let left = squeeze;
  for (const pairsOnly of [true, false]) {
    for (let i = 0; i < glyphs.length && left > EPS; i++) {
      const g = glyphs[i] as ShapedGlyph;
      if (g.advPt < 0.75 * g.sizePt) continue; // a half-width glyph has no blank half
      const pair = PUNCT.has(glyphs[i - 1]?.ch ?? '') || PUNCT.has(glyphs[i + 1]?.ch ?? '');
      if (pair !== pairsOnly) continue;
      const at = RIGHT_BLANK.has(g.ch) && i < glyphs.length - 1 ? i : LEFT_BLANK.has(g.ch) && i > 0 ? i - 1 : -1;
      if (at < 0) continue;
      const take = Math.min(g.cellPt / 2, left);
      cut[at] = (cut[at] ?? 0) + take;
      left -= take;
    }
  }
  return cut;
}
