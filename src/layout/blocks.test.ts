import { beforeAll, describe, expect, it } from 'vitest';
import { loadFonts, type FontSet } from '../fonts/resolve.js';
import { canBreakBetween } from './kinsoku.js';
import { formatDate, formatDateChinese, normaliseDocNumber, titleLines } from './blocks.js';

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

describe('公文 text helpers', () => {
  it('normalises 发文字号 brackets to 〔〕', () => {
    expect(normaliseDocNumber('澧政发„2025‟38号')).toBe('澧政发〔2025〕38号');
    expect(normaliseDocNumber('澧政发﹝2025﹞38号')).toBe('澧政发〔2025〕38号');
    expect(normaliseDocNumber('澧政发[2025]38号')).toBe('澧政发〔2025〕38号');
  });
  it('formats dates in Arabic numerals and covers in Chinese numerals', () => {
    expect(formatDate('2025-09-05')).toBe('2025年9月5日');
    expect(formatDateChinese('2025-02-01')).toBe('二〇二五年二月');
    expect(formatDateChinese('2025-12-01')).toBe('二〇二五年十二月');
  });
});

describe('title balancing', () => {
  let fonts: FontSet;
  beforeAll(async () => {
    fonts = await loadFonts({ searchSystem: false });
  });
  it('breaks a long title into balanced lines without a lonely character', () => {
    const ctx = { fonts, warnings: [] };
    const texts = (t: string) => titleLines(ctx, t).map((l) => l.items.map((i) => (i.kind === 'text' ? i.text : '')).join(''));
    const two = texts('澧源镇人民政府关于做好2025年度人口和计划生育目标管理工作的通知');
    expect(two).toHaveLength(2);
    expect(Math.abs([...(two[0] as string)].length - [...(two[1] as string)].length)).toBeLessThanOrEqual(3);
    const lonely = texts('一二三四五六七八九十一二三四五六七八九十甲');
    for (const l of lonely) expect([...l].length).toBeGreaterThan(1);
  });
});
