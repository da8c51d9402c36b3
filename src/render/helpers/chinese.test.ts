import { describe, expect, it } from 'vitest';
import { cnDate, cnInteger, cnNum, cnYearMonth } from './chinese.js';
import type { HelperOptions } from './errors.js';

const o: HelperOptions = { loc: { start: { line: 1, column: 0 } }, hash: {} };

describe('Chinese dates and numerals', () => {
  it('cnDate prints Arabic numerals without leading zeros', () => {
    expect(cnDate('2025-02-10', o)).toBe('2025年2月10日');
    expect(cnDate('2025-12-01', o)).toBe('2025年12月1日');
  });

  it('cnYearMonth uses 〇 for covers', () => {
    expect(cnYearMonth('2025-02-10', o)).toBe('二〇二五年二月');
    expect(cnYearMonth('2012-12-31', o)).toBe('二〇一二年十二月');
    expect(cnYearMonth('2000-10-01', o)).toBe('二〇〇〇年十月');
  });

  it('refuses dates that do not exist', () => {
    expect(() => cnDate('2025-02-30', o)).toThrowError('cnDate 的日期“2025-02-30”写法不对或日期不存在');
    expect(() => cnYearMonth('2025/02/10', o)).toThrowError('写法不对');
    expect(cnDate('2024-02-29', o)).toBe('2024年2月29日');
  });

  it('cnNum counts in Chinese', () => {
    const cases: [number, string][] = [
      [0, '零'], [3, '三'], [10, '十'], [11, '十一'], [20, '二十'], [21, '二十一'], [100, '一百'], [105, '一百零五'],
      [110, '一百一十'], [1001, '一千零一'], [2025, '二千零二十五'], [10000, '一万'], [10010, '一万零一十'], [120000, '十二万'],
    ];
    for (const [n, s] of cases) expect(cnInteger(n)).toBe(s);
    expect(cnNum(3, o)).toBe('三');
    expect(() => cnNum(-1, o)).toThrowError('cnNum 的参数“-1”');
    expect(() => cnNum('abc', o)).toThrowError('cnNum');
  });
});
