import { describe, expect, it } from 'vitest';
import { paginate, type FlowLine } from './flow.js';
import { PORTRAIT } from './grid.js';

const pitch = PORTRAIT.linePitchPt;
const row = (heightPt: number, gapAfterPt?: number): FlowLine => ({ heightPt, grid: false, items: [], ...(gapAfterPt ? { gapAfterPt } : {}) });
const text: FlowLine = { heightPt: pitch, grid: true, items: [] };

describe('the line after a table (QA minor 5: 制表人 touching the bottom rule)', () => {
  it('keeps its gap from a table that ends just above a grid line', () => {
    const pages = paginate([row(3 * pitch - 0.5, 6), text], () => undefined);
    const [table, after] = pages[0]?.placed ?? [];
    expect((after?.topPt ?? 0) - ((table?.topPt ?? 0) + (table?.line.heightPt ?? 0))).toBeGreaterThanOrEqual(6);
  });

  it('gives the gap up rather than push the line to the next page', () => {
    const rows = Math.floor(PORTRAIT.areaHeightPt / pitch) - 1;
    const pages = paginate([row(rows * pitch - 0.5, 6), text], () => undefined);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.placed[1]?.topPt).toBe(rows * pitch);
  });
});
