import { describe, expect, it } from 'vitest';
import { arrangeSheets } from './sheets.js';

describe('sheets, not pages', () => {
  const parts = [
    { pages: 1, stamped: false }, // cover
    { pages: 1, stamped: false }, // 卷内目录
    { pages: 3, stamped: true }, // a 件 of three pages
    { pages: 2, stamped: true }, // a 件 of two
    { pages: 1, stamped: true }, // a 件 of one
    { pages: 1, stamped: false }, // 备考表
  ];
  it('duplex: every part on a front, blank backs inserted and unnumbered, 页号 over the stamped pages only', () => {
    const plan = arrangeSheets(parts, 'duplex');
    expect(plan.slots.map((s) => (s.part < 0 ? '_' : s.stamp ?? 'f'))).toEqual(['f', '_', 'f', '_', 1, 2, 3, '_', 4, 5, 6, '_', 'f']);
    expect(plan.slots.map((s) => s.side[0])).toEqual(['r', 'v', 'r', 'v', 'r', 'v', 'r', 'v', 'r', 'v', 'r', 'v', 'r']);
    expect(plan.sheets).toBe(7);
    expect(plan.stamped).toBe(6);
  });
  it('simplex: every page a front, no blanks', () => {
    const plan = arrangeSheets(parts, 'simplex');
    expect(plan.slots.every((s) => s.side === 'recto' && s.part >= 0)).toBe(true);
    expect(plan.sheets).toBe(9);
  });
});
