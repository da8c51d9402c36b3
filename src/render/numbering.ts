//! Heading numbers of GB/T 9704 by level: 一、 （一） 1. （1）. Counters reset below a higher level.
import type { HeadingLevel, Inline } from '../model/types.js';
import { cnInteger } from '../util/cn.js';

export function headingNumber(level: HeadingLevel, n: number): string {
  switch (level) {
    case 1:
      return `${cnInteger(n)}、`;
    case 2:
      return `（${cnInteger(n)}）`;
    case 3:
      return `${n}.`;
    case 4:
      return `（${n}）`;
  }
}

export class HeadingNumberer {
  private counts = [0, 0, 0, 0];

  next(level: HeadingLevel): string {
    const i = level - 1;
    this.counts[i] = (this.counts[i] ?? 0) + 1;
    for (let j = i + 1; j < 4; j++) this.counts[j] = 0;
    return headingNumber(level, this.counts[i] ?? 1);
  }
}

const CN = '[一二三四五六七八九十百零〇]+';
const PATTERNS: Record<HeadingLevel, RegExp> = {
  1: new RegExp(`^\\s*(${CN}[、.．])\\s*`),
  2: new RegExp(`^\\s*([（(]${CN}[)）][、，,]?)\\s*`),
  3: /^\s*(\d+[.．、](?!\d))\s*/,
  4: /^\s*([（(]\d+[)）][、，,]?)\s*/,
};

/** Remove a hand-typed number ("一、强化组织领导") so the automatic one is not doubled. */
export function stripHeadingNumber(content: Inline[], level: HeadingLevel): { content: Inline[]; given?: string } {
  const first = content[0];
  if (!first || first.t !== 'text') return { content };
  const m = PATTERNS[level].exec(first.text);
  if (!m) return { content };
  const rest = first.text.slice(m[0].length);
  const given = (m[1] ?? '').replace(/[(]/g, '（').replace(/[)]/g, '）').replace(/[．]/g, '.').replace(/[、，,]$/, (x) => (level === 1 ? '、' : x === '、' && level === 3 ? '.' : ''));
  const out = rest ? [{ t: 'text' as const, text: rest }, ...content.slice(1)] : content.slice(1);
  return { content: out, given };
}
