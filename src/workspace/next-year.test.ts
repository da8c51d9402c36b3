import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { csvHeader, csvOf, emptyCsv, emptyYaml, nextYearConfig, oldYearLines } from './next-year.js';

describe('next year: dossier.yaml', () => {
  it('sets the year and moves 立卷时间 to the same day, comments kept; 29 February becomes the 28th', () => {
    const text = 'unit: 澧源镇人民政府 # 立档单位\nyear: 2024   # 年度\ndate: 2024-02-29 # 立卷时间\n';
    expect(nextYearConfig(text, 2024, 2025)).toBe('unit: 澧源镇人民政府 # 立档单位\nyear: 2025   # 年度\ndate: 2025-02-28 # 立卷时间\n');
    // a date of another year is left alone
    expect(nextYearConfig('year: 2025\ndate: 2026-01-05\n', 2025, 2026)).toBe('year: 2026\ndate: 2026-01-05\n');
  });
});

describe('next year: emptying year-bound data', () => {
  it('statistics: figures and dates emptied, text and comments kept, previous: filled from the old figures', () => {
    const text = '# 全镇统计\ndate: 2025-12-20\nnote: 全年数据\npopulation: 23122 # 常住人口\nfees:\n  due: 1200000\n  collected: 1062600\nprevious:\n  fees:\n    due: 1300000\n    collected: 1222150\n';
    const r = emptyYaml(text, []);
    expect(YAML.parse(r.text)).toEqual({ date: null, note: '全年数据', population: null, fees: { due: null, collected: null }, previous: { fees: { due: 1200000, collected: 1062600 } } });
    expect(r.text).toContain('# 全镇统计');
    expect(r.text).toContain('population: # 常住人口');
    expect([r.figures, r.previous]).toEqual([4, 2]);
  });

  it("a file without previous: gets one with all of last year's counts", () => {
    const r = emptyYaml('population: 100\nbirths:\n  total: 3\n  girls: 1\ndate: 2025-12-20\n', []);
    expect(YAML.parse(r.text)).toEqual({ population: null, births: { total: null, girls: null }, date: null, previous: { population: 100, births: { total: 3, girls: 1 } } });
    expect(r.text).toContain('# 上年数：dossier init --from 从上一年度的数字填入');
  });

  it('a list (a register kept in YAML) becomes empty; a key inside a file is reached by its path', () => {
    const text = 'leading:\n  - { 姓名: 刘德明 }\n  - { 姓名: 陈志刚 }\nother:\n  - { 姓名: 赵秀英 }\n';
    const r = emptyYaml(text, ['leading']);
    expect(YAML.parse(r.text)).toEqual({ leading: [], other: [{ 姓名: '赵秀英' }] });
    expect(r.items).toBe(2);
  });

  it('a CSV keeps its header line byte for byte (GBK included); rows rewritten as UTF-8 with BOM', () => {
    const gbk = iconv.encode('姓名,所在村\r\n张某某,青龙村\r\n李某某,白岩村\r\n', 'gbk');
    const r = emptyCsv(new Uint8Array(gbk));
    expect(Buffer.from(r.bytes).equals(iconv.encode('姓名,所在村\r\n', 'gbk'))).toBe(true);
    expect(r.rows).toBe(2);
    expect(csvHeader(new Uint8Array(gbk))).toEqual(['姓名', '所在村']);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(csvOf(['姓名', '备注'], [{ 姓名: '王某某', 备注: '含,逗号' }]))).toBe('\ufeff姓名,备注\r\n王某某,"含,逗号"\r\n');
  });
});

describe('next year: what still says the old year', () => {
  it('finds the year as a word, not inside longer numbers; YAML comments are not data', () => {
    const text = 'title: 澧源镇2025年工作要点\nnumber: 120251\ndate: 2025-03-01 # 2025\n# 2025年的说明\nnote: 略 # 依据2025年文件\n';
    expect(oldYearLines(text, 2025, true)).toEqual([1, 3]);
    expect(oldYearLines(text, 2025)).toEqual([1, 3, 4, 5]);
  });
});
