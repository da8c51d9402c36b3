//! Line breaking decided once in the model, for text that is broken rarely and must break between words:
//! titles balanced as a trapezoid or a diamond (GB/T 9704 7.3.1 "词意完整，排列对称"), 主送 and names flush
//! left. Widths come from model/measure.ts (font-independent), so the PDF and the DOCX break alike.

import { LINE_END_FORBIDDEN_CHARS, LINE_START_FORBIDDEN_CHARS, PAIRED_MARK_CHARS } from '../standards/gbt15834.js';
import { charEm } from './measure.js';
import { wordBreaks } from './words.js';

const START_FORBIDDEN = new Set(Array.from(LINE_START_FORBIDDEN_CHARS));
const END_FORBIDDEN = new Set(Array.from(LINE_END_FORBIDDEN_CHARS));
const PAIRED = new Set(Array.from(PAIRED_MARK_CHARS));
const SPACE = /^[ \u3000]$/;
const EPS = 1e-6;

/** Widths of the characters of a line-broken text: em (titles) or grid cells (body text); `key` names them. */
export interface Widths {
  (ch: string): number;
  key: string;
}

/** Em widths (titles, names: the pitch is the size). */
export const emWidths: Widths = Object.assign((ch: string) => charEm(ch), { key: 'em' });

/** Grid cells of body text: a full-width character one cell, a half-width one its advance over the pitch. */
export function cellWidths(cellEm: number): Widths {
  const f = (ch: string): number => {
    const em = charEm(ch);
    return (ch.codePointAt(0) ?? 0) >= 0x2000 && em >= 0.75 ? 1 : em / cellEm;
  };
  return Object.assign(f, { key: `cell${cellEm}` });
}

interface Text {
  chars: string[];
  /** prefix sums of widths */
  acc: number[];
}

function prepare(text: string, widths: Widths): Text {
  const chars = [...text];
  const acc = [0];
  for (const c of chars) acc.push((acc[acc.length - 1] as number) + widths(c));
  return { chars, acc };
}

/** Width of chars [a, b) without spaces at either end. */
function widthOf(t: Text, a: number, b: number): number {
  while (a < b && SPACE.test(t.chars[a] ?? '')) a++;
  while (b > a && SPACE.test(t.chars[b - 1] ?? '')) b--;
  return (t.acc[b] as number) - (t.acc[a] as number);
}

function lineText(t: Text, a: number, b: number): string {
  return t.chars.slice(a, b).join('').replace(/^[ \u3000]+|[ \u3000]+$/g, '');
}

/** May a line break before char i by the kinsoku rules (GB/T 15834 5.1)? */
function kinsokuOk(t: Text, i: number): boolean {
  const a = t.chars[i - 1] ?? '';
  const b = t.chars[i] ?? '';
  if (START_FORBIDDEN.has(b) || END_FORBIDDEN.has(a)) return false;
  if (a === b && PAIRED.has(a)) return false;
  if (/[A-Za-z0-9]/.test(a) && /[A-Za-z0-9]/.test(b)) return false;
  return true;
}

/** Lengths of the words either side of each break opportunity (single characters make poor line ends). */
function singleAt(text: string, breaks: readonly boolean[]): Set<number> {
  const out = new Set<number>();
  const chars = [...text];
  let start = 0;
  for (let i = 1; i <= chars.length; i++) {
    if (i < chars.length && !breaks[i]) continue;
    if (i - start === 1 && /\p{Script=Han}/u.test(chars[start] ?? '') && !/[的和与及]/.test(chars[start] ?? '')) {
      out.add(start);
      out.add(i);
    }
    start = i;
  }
  return out;
}

/** Break positions: between words (or anywhere, `chars`), never against the kinsoku rules. */
function candidates(t: Text, breaks: readonly boolean[], chars: boolean): number[] {
  const words = chars ? undefined : breaks;
  const out: number[] = [];
  for (let i = 1; i < t.chars.length; i++) {
    if (words && !words[i]) continue;
    if (!kinsokuOk(t, i)) continue;
    out.push(i);
  }
  return out;
}

/** Penalty of a break before char i (grammar of titles: not after 关于 or 的, gladly before 关于; a word of one
 *  character alone at a line's end or start reads badly). */
function breakPenalty(t: Text, i: number, singles: Set<number>): number {
  const before = t.chars.slice(Math.max(0, i - 2), i).join('');
  const after = t.chars.slice(i, i + 2).join('');
  let p = singles.has(i) ? 3 : 0;
  if (after === '关于') p -= 4;
  if (before === '关于') p += 6;
  if (/[的和与及]$/.test(before)) p += 3;
  if (/^[的]/.test(after)) p += 6;
  if (/[、，：；]$/.test(before)) p -= 2;
  return p;
}

/** Cost of a title's line widths: unevenness, then shape (a trapezoid either way, or a diamond; never an hourglass). */
function shapeCost(w: number[]): number {
  const n = w.length;
  const mean = w.reduce((a, b) => a + b, 0) / n;
  let cost = w.reduce((a, x) => a + (x - mean) ** 2, 0);
  for (const x of w) if (x < 3) cost += 50;
  if (n === 2 && (w[0] as number) > (w[1] as number)) cost += 0.5 * ((w[0] as number) - (w[1] as number)) ** 2;
  for (let k = 1; k < n - 1; k++) {
    const dip = Math.min(w[k - 1] as number, w[k + 1] as number) - (w[k] as number);
    if (dip > 0.5) cost += 2 * dip * dip;
  }
  return cost;
}

function split(t: Text, breaks: number[]): string[] {
  const edges = [0, ...breaks, t.chars.length];
  const out: string[] = [];
  for (let k = 0; k + 1 < edges.length; k++) out.push(lineText(t, edges[k] as number, edges[k + 1] as number));
  return out;
}

/** Best `n`-line split with every line within `max`, by exhaustive search (n ≤ 4) over the candidates. */
function bestSplit(t: Text, cands: number[], n: number, max: number, singles: Set<number>): { breaks: number[]; cost: number } | undefined {
  const end = t.chars.length;
  let best: { breaks: number[]; cost: number } | undefined;
  const walk = (from: number, startIdx: number, chosen: number[]): void => {
    if (chosen.length === n - 1) {
      if (widthOf(t, from, end) > max + EPS) return;
      const edges = [0, ...chosen, end];
      const widths = edges.slice(1).map((e, k) => widthOf(t, edges[k] as number, e));
      const cost = shapeCost(widths) + chosen.reduce((a, i) => a + breakPenalty(t, i, singles), 0);
      if (!best || cost < best.cost - EPS) best = { breaks: [...chosen], cost };
      return;
    }
    for (let k = startIdx; k < cands.length; k++) {
      const c = cands[k] as number;
      if (widthOf(t, from, c) > max + EPS) break;
      chosen.push(c);
      walk(c, k + 1, chosen);
      chosen.pop();
    }
  };
  walk(0, 0, []);
  return best;
}

/** Greedy fill: the furthest candidate break that keeps each line within `max` (first line `max - indent`). */
function greedy(t: Text, cands: number[], max: number, firstIndent = 0): number[] | undefined {
  const breaks: number[] = [];
  let from = 0;
  let room = max - firstIndent;
  while (widthOf(t, from, t.chars.length) > room + EPS) {
    let pick: number | undefined;
    for (const c of cands) {
      if (c <= from) continue;
      if (widthOf(t, from, c) <= room + EPS) pick = c;
      else break;
    }
    if (pick === undefined) return undefined;
    breaks.push(pick);
    from = pick;
    room = max;
  }
  return breaks;
}

/**
 * 标题 lines: the fewest lines that fit `max`, broken between words and balanced (trapezoid or diamond);
 * a title with no break between words that fits is broken between characters.
 */
export function balancedLines(text: string, max: number, widths: Widths = emWidths): string[] {
  return remember(`b|${max}|${widths.key}|${text}`, () => balance(text, max, widths));
}

/** Titles and 主送 repeat over a build (every village's 责任书): each is broken once. */
const MEMO = new Map<string, string[]>();
function remember(key: string, f: () => string[]): string[] {
  const hit = MEMO.get(key);
  if (hit) return [...hit];
  const got = f();
  if (MEMO.size >= 2048) MEMO.clear();
  MEMO.set(key, got);
  return [...got];
}

function balance(text: string, max: number, widths: Widths): string[] {
  const t = prepare(text, widths);
  const total = widthOf(t, 0, t.chars.length);
  if (total <= max + EPS || t.chars.length < 2) return [text.trim()];
  const least = Math.max(2, Math.ceil(total / max - EPS));
  const breaks = wordBreaks(text);
  const singles = singleAt(text, breaks);
  for (const chars of [false, true]) {
    const cands = candidates(t, breaks, chars);
    for (let n = least; n <= least + 2; n++) {
      if (n <= 4) {
        const got = bestSplit(t, cands, n, max, singles);
        if (got) return split(t, got.breaks);
      } else {
        // a very long title: the narrowest measure that still gives n lines, filled greedily
        let lo = total / n;
        let hi = max;
        let pick = greedy(t, cands, max);
        for (let k = 0; k < 20 && pick; k++) {
          const mid = (lo + hi) / 2;
          const trial = greedy(t, cands, mid);
          if (trial && trial.length + 1 <= n) {
            hi = mid;
            pick = trial;
          } else lo = mid;
        }
        if (pick && pick.length + 1 <= n) return split(t, pick);
      }
    }
  }
  return [text.trim()];
}

/** 主送, names: lines filled greedily and broken between words (between characters only when a word is too long). */
export function flushLines(text: string, max: number, widths: Widths = emWidths): string[] {
  return remember(`f|${max}|${widths.key}|${text}`, () => flush(text, max, widths));
}

function flush(text: string, max: number, widths: Widths): string[] {
  const t = prepare(text, widths);
  if (widthOf(t, 0, t.chars.length) <= max + EPS) return [text.trim()];
  const words = wordBreaks(text);
  const breaks = greedy(t, candidates(t, words, false), max) ?? greedy(t, candidates(t, words, true), max);
  return breaks ? split(t, breaks) : [text.trim()];
}
