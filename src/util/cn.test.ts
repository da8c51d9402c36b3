import { describe, expect, it } from 'vitest';
import { arabicDate, chineseYearMonth, cnInteger, digitsChinese, eightDigitDate, normaliseDocNumber } from './cn.js';

describe('Chinese numbers and dates (one module for all writers)', () => {
  it('writes 成文日期 in Arabic numerals without leading zeros', () => {
    expect(arabicDate('2025-09-05')).toBe('2025年9月5日');
    expect(arabicDate('2025-9-5')).toBe('2025年9月5日');
    expect(arabicDate('2025-02')).toBe('2025年2月');
    expect(arabicDate('不是日期')).toBe('不是日期');
  });
  it('writes cover dates as year and month in Chinese numerals with 〇', () => {
    expect(chineseYearMonth('2025-02-10')).toBe('二〇二五年二月');
    expect(chineseYearMonth('2025-12-01')).toBe('二〇二五年十二月');
    expect(chineseYearMonth('2030-10')).toBe('二〇三〇年十月');
    expect(digitsChinese(1949)).toBe('一九四九');
  });
  it('counts in Chinese', () => {
    expect([0, 3, 10, 12, 20, 21, 105, 1010, 20000, 100001].map(cnInteger)).toEqual(['零', '三', '十', '十二', '二十', '二十一', '一百零五', '一千零一十', '二万', '十万零一']);
  });
  it('writes 8-digit dates', () => {
    expect(eightDigitDate('2025-9-5')).toBe('20250905');
    expect(eightDigitDate(undefined)).toBe('');
  });
  it('normalises 发文字号 brackets to 〔〕', () => {
    expect(normaliseDocNumber('澧政发„2025‟38号')).toBe('澧政发〔2025〕38号');
    expect(normaliseDocNumber('澧政发﹝2025﹞38号')).toBe('澧政发〔2025〕38号');
    expect(normaliseDocNumber('澧政发[2025]38号')).toBe('澧政发〔2025〕38号');
    expect(normaliseDocNumber('澧政发（2025）38号')).toBe('澧政发〔2025〕38号');
  });
});

describe('reading numbers written in dates', () => {
  it('reads Arabic, 〇-digit years and counting numerals', async () => {
    const { parseCnNumber } = await import('./cn.js');
    expect(['2025', '二〇二五', '二○二五', '三', '十', '十二', '二十一', '三十'].map(parseCnNumber)).toEqual([2025, 2025, 2025, 3, 10, 12, 21, 30]);
    expect(parseCnNumber('甲')).toBeNaN();
  });
});
