import { describe, expect, it } from 'vitest';
import { issuedRegister, issuedRows, parseDocNumber, serialRuns, type IssuedSource } from './issued-register.js';

let seq = 0;
function src(number: string, date: string, title: string, extra: Partial<IssuedSource> = {}): IssuedSource {
  seq++;
  return { id: `ZH/${title}`, template: '通知', item: title, volume: 'ZH', volumeTitle: '综合卷', seq, meta: { number, date, title, issuer: '测试镇人民政府', to: '各村' }, ...extra };
}

describe('发文字号', () => {
  it('splits a 文号 into 机关代字, year and serial', () => {
    expect(parseDocNumber('澧政发〔2025〕4号')).toEqual({ prefix: '澧政发', year: 2025, serial: 4 });
    expect(parseDocNumber('中共澧源镇委〔2025〕第012号')).toEqual({ prefix: '中共澧源镇委', year: 2025, serial: 12 });
    expect(parseDocNumber('澧政函 〔2025〕 7号')).toEqual({ prefix: '澧政函', year: 2025, serial: 7 });
    expect(parseDocNumber('澧政发2025-4')).toBeUndefined();
  });

  it('writes serials as runs', () => {
    expect(serialRuns([1, 2, 3, 6, 8, 9, 12])).toBe('1号—3号、6号、8号、9号、12号');
    expect(serialRuns([5])).toBe('5号');
  });
});

describe('发文登记', () => {
  it('one row per 文号; a document filed in two volumes is one row with both places; order by series then serial', () => {
    const r = issuedRegister([
      src('测政发〔2025〕2号', '2025-02-01', '乙'),
      src('测发〔2025〕1号', '2025-01-05', '党委文'),
      src('测政发〔2025〕1号', '2025-01-10', '甲', { copies: 3 }),
      { ...src('测政发〔2025〕1号', '2025-01-10', '甲'), volume: 'XH', volumeTitle: '协会卷', seq: 2 },
    ]);
    expect(r.diagnostics).toEqual([]);
    expect(issuedRows(r.entries).map((x) => [x['文号'], x['份数'], x['归档']])).toEqual([
      ['测政发〔2025〕1号', 3, '综合卷第3件；协会卷第2件'],
      ['测政发〔2025〕2号', 1, '综合卷第1件'],
      ['测发〔2025〕1号', 1, '综合卷第2件'],
    ]);
  });

  it('a 文号 used by two different documents is an error naming both; dates against numbers and gaps are warnings', () => {
    seq = 0;
    const r = issuedRegister([src('测政发〔2025〕1号', '2025-01-10', '甲'), src('测政发〔2025〕1号', '2025-02-10', '乙'), src('测政发〔2025〕2号', '2025-03-10', '丙'), src('测政发〔2025〕5号', '2025-02-20', '丁')], (s) => ({ file: `data/${s.meta.title}.yaml`, line: 3 }));
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.file, d.line, d.message])).toEqual([
      ['error', 'docnumber-duplicate', 'data/乙.yaml', 3, '发文字号“测政发〔2025〕1号”被两份公文使用：模板“通知”（综合卷第1件“甲”）的《甲》和模板“通知”（综合卷第2件“乙”）的《乙》'],
      ['warning', 'docnumber-order', 'data/丁.yaml', 3, '测政发〔2025〕5号《丁》的成文日期 2025年2月20日早于编号在前的 2号（2025年3月10日）：文号顺序与成文日期不符'],
      ['warning', 'docnumber-gap', undefined, undefined, '测政发〔2025〕的文号不连续：1号至5号之间缺 3号、4号'],
    ]);
  });

  it('a number out of place in the middle is named with what it contradicts on both sides', () => {
    const list = [1, 2, 3, 4, 5, 6].map((n) => src(`测政发〔2025〕${n}号`, `2025-0${n === 4 ? 9 : n}-01`, `文${n}`));
    const r = issuedRegister(list);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['测政发〔2025〕4号《文4》的成文日期 2025年9月1日晚于编号在后的 5号、6号（2025年5月1日—2025年6月1日）：文号顺序与成文日期不符']);
  });
});
