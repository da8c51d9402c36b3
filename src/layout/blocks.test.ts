import { describe, expect, it } from 'vitest';
import { canBreakBetween } from './kinsoku.js';

const edge = (s: string, word = false) => ({ first: s[0] as string, last: s[s.length - 1] as string, word });

describe('kinsoku rules', () => {
  it('forbids closing punctuation at line start and opening brackets at line end', () => {
    expect(canBreakBetween(edge('作'), edge('。'))).toBe(false);
    expect(canBreakBetween(edge('（'), edge('一'))).toBe(false);
    expect(canBreakBetween(edge('作'), edge('（'))).toBe(true);
  });
  it('keeps numbers with units and after 〔〕', () => {
    expect(canBreakBetween(edge('38', true), edge('号'))).toBe(false);
    expect(canBreakBetween(edge('〕'), edge('38', true))).toBe(false);
    expect(canBreakBetween(edge('—'), edge('—'))).toBe(false);
  });
});
