import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HelperError, type HelperOptions } from './errors.js';
import { percent, permille, ratio100, sum } from './numbers.js';

function thrown(f: () => unknown): HelperError {
  try {
    f();
  } catch (e) {
    if (e instanceof HelperError) return e;
    throw e;
  }
  throw new Error('expected a HelperError');
}

const o: HelperOptions = { loc: { start: { line: 3, column: 4 } }, hash: {} };

describe('percent / permille / ratio100', () => {
  it('gives the examples of DESIGN.md §2', () => {
    expect(percent(196, 216, 1, o)).toBe('90.7%');
    expect(permille(216, 23122, 2, o)).toBe('9.34‰');
    expect(ratio100(108, 108, 0, o)).toBe('100');
  });

  it('rounds once from the exact ratio, half up', () => {
    expect(percent(3438, 3508, 2, o)).toBe('98.00%');
    expect(percent(1, 8, 1, o)).toBe('12.5%');
    expect(percent(1, 8, 0, o)).toBe('13%');
    expect(percent(1, 3, 2, o)).toBe('33.33%');
    expect(percent(2, 3, 2, o)).toBe('66.67%');
    expect(percent(1062600, 1200000, 2, o)).toBe('88.55%');
    expect(permille(1, 2000, 1, o)).toBe('0.5‰');
    expect(percent('0.1', '0.3', 3, o)).toBe('33.333%');
    expect(percent(0, 5, 1, o)).toBe('0.0%');
  });

  it('accepts numeric text from CSV cells', () => {
    expect(percent('196', '216', 1, o)).toBe('90.7%');
  });

  it('defaults to one decimal when digits are omitted', () => {
    expect((percent as unknown as (a: number, b: number, o: HelperOptions) => string)(196, 216, o)).toBe('90.7%');
  });

  it('refuses a zero denominator with the helper and both numbers, never NaN% or Infinity‰', () => {
    expect(() => percent(5, 0, 1, o)).toThrowError(HelperError);
    const err = thrown(() => permille(216, 0, 2, o));
    expect(err.helper).toBe('permille');
    expect(err.message).toBe('permille 的分母为 0（分子 216，分母 0），无法计算');
    expect(err.line).toBe(3);
    expect(err.column).toBe(5);
    expect(() => ratio100(108, '0.00', 0, o)).toThrowError('ratio100 的分母为 0');
  });

  it('refuses text that is not a number', () => {
    expect(() => percent('九十', 100, 1, o)).toThrowError('percent 的分子“九十”不是数字');
    expect(() => percent(1, 2, 9, o)).toThrowError('小数位数');
  });

  it('equals exact rational arithmetic rounded half up (property)', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 4 }), (num, den, digits) => {
        // exact: round(num*100*10^d/den) half up, in BigInt
        const p = BigInt(num) * 100n * 10n ** BigInt(digits);
        const q = BigInt(den);
        let r = p / q;
        if ((p % q) * 2n >= q) r += 1n;
        const s = r.toString().padStart(digits + 1, '0');
        const expected = digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}%` : `${s}%`;
        expect(percent(num, den, digits, o)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('sum', () => {
  it('totals a column exactly, numeric text included', () => {
    const rows = [{ 人口: 1536 }, { 人口: '1288' }, { 人口: 1102 }, { 人口: 3120 }];
    expect(sum(rows, '人口', o)).toBe('7046');
    expect(sum([{ a: 0.1 }, { a: 0.2 }], 'a', o)).toBe('0.3');
  });

  it('names the row with an empty or non-numeric cell', () => {
    expect(() => sum([{ a: 1 }, { a: '' }], 'a', o)).toThrowError('sum：列表第 2 项的“a”是空的');
    expect(() => sum([{ a: 'x' }], 'a', o)).toThrowError('不是数字');
    expect(() => sum('abc', 'a', o)).toThrowError('sum 的第一个参数应是列表');
  });
});
