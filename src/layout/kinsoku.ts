//! 避头尾 (kinsoku) character classes and break rules for Chinese text (clreq "basic" + GB/T 15834 5.1).
//! Pure data and predicates; standards.md §4.

import { LINE_END_FORBIDDEN_CHARS, LINE_START_FORBIDDEN_CHARS, PAIRED_MARK_CHARS } from '../standards/gbt15834.js';

/** 行首禁则: closing punctuation that never starts a line. */
export const LINE_START_FORBIDDEN = new Set(Array.from(LINE_START_FORBIDDEN_CHARS));

/** 行尾禁则: opening brackets and quotes that never end a line. */
export const LINE_END_FORBIDDEN = new Set(Array.from(LINE_END_FORBIDDEN_CHARS));

/** Marks that are never split across lines when doubled: —— and …… (GB/T 15834 5.1.4–5.1.5). */
export const PAIRED_MARKS = new Set(Array.from(PAIRED_MARK_CHARS));

/** Closing brackets after which a number stays attached (〔2025〕38号). */
const CLOSING_BRACKETS = new Set(Array.from('〕）]）'));

/** Whether a code point is a CJK ideograph (Han, including extensions and compatibility). */
export function isIdeograph(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x3134f) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    cp === 0x3007
  );
}

/** Characters that form unbreakable Latin/number words (half-width, not space). */
export function isWordChar(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  return cp > 0x20 && cp < 0x2000 && !LINE_END_FORBIDDEN.has(ch) && ch !== '·';
}

/** An atom boundary summary used by the break rule. */
export interface AtomEdge {
  first: string;
  last: string;
  /** Latin/number word (several half-width chars kept together) */
  word: boolean;
}

/** May a line break fall between atom a and the following atom b? */
export function canBreakBetween(a: AtomEdge, b: AtomEdge): boolean {
  if (b.first === ' ') return false;
  if (LINE_START_FORBIDDEN.has(b.first) || LINE_END_FORBIDDEN.has(a.last)) return false;
  if (a.last === b.first && PAIRED_MARKS.has(a.last)) return false;
  // keep digits with their unit: 38号, 2025年, 15日
  if (a.word && /[0-9]$/.test(a.last) && isIdeograph(b.first.codePointAt(0) ?? 0)) return false;
  // keep a number after a closing bracket: 〔2025〕38号
  if (b.word && CLOSING_BRACKETS.has(a.last) && /^[0-9]/.test(b.first)) return false;
  // words are broken only at spaces
  if (a.word && b.word) return false;
  return true;
}
