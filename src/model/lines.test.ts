import { describe, expect, it } from 'vitest';
import { balancedLines, flushLines } from './lines.js';
import { planColumns } from './columns.js';
import { unbreakableRuns, wordsOf } from './words.js';

/** The title measure of GB/T 9704: 156 mm at 2号 (22 pt) ≈ 20.1 em. */
const TITLE_EM = (156 / 25.4) * 72 / 22;

describe('words (Intl.Segmenter, glued)', () => {
  it('keeps place names, compounds and suffixed words whole', () => {
    expect(wordsOf('关于调整澧源镇人口和计划生育工作领导小组的通知')).toEqual(['关于', '调整', '澧源镇', '人口和计划生育', '工作领导小组', '的', '通知']);
    expect(wordsOf('兑现计生专干、信息员工资')).toContain('工资');
  });
  it('never breaks dates, 文号, IDs and numbers with their unit', () => {
    expect(unbreakableRuns('澧二〔2025〕001')).toEqual(['澧二〔2025〕001']);
    expect(unbreakableRuns('430721198803124567')).toEqual(['430721198803124567']);
    expect(unbreakableRuns('2025年10月15日')).toEqual(['2025年10月15日']);
    expect(unbreakableRuns('严玉华')).toEqual(['严玉华']);
    expect(unbreakableRuns('定期30年（D30）')).toContain('定期30年');
    expect(wordsOf('湖南省石门县青龙村3组')).toContain('3组');
  });
  it('keeps a closing mark with the word before it and an opening one with the word after', () => {
    expect(wordsOf('金额（元）')).toEqual(['金额', '（元）']);
  });
});

describe('title lines (7.3.1: 词意完整, 排列对称)', () => {
  it('breaks between words, balanced, before 关于 where that fits', () => {
    expect(balancedLines('中共澧源镇委员会　澧源镇人民政府关于开展关爱女孩行动的实施意见', TITLE_EM)).toEqual(['中共澧源镇委员会　澧源镇人民政府', '关于开展关爱女孩行动的实施意见']);
    expect(balancedLines('关于调整镇人口和计划生育工作领导小组的通知', TITLE_EM)).toEqual(['关于调整镇人口和计划生育', '工作领导小组的通知']);
  });
  it('a short title stays on one line; a long one takes three, never an hourglass', () => {
    expect(balancedLines('关于做好春季宣传活动的通知', TITLE_EM)).toEqual(['关于做好春季宣传活动的通知']);
    const three = balancedLines('关于调整澧源镇打击非医学需要的胎儿性别鉴定和选择性别人工终止妊娠（“两非”）工作领导小组的通知', TITLE_EM);
    expect(three).toHaveLength(3);
    const w = three.map((l) => [...l].length);
    expect(w[1]).toBeGreaterThanOrEqual(Math.min(w[0] as number, w[2] as number));
  });
  it('no line of one lonely character', () => {
    for (const l of balancedLines('一二三四五六七八九十一二三四五六七八九十甲', TITLE_EM)) expect([...l].length).toBeGreaterThan(2);
  });
});

describe('主送 lines', () => {
  it('flush left, broken after a word, never before a closing mark', () => {
    const lines = flushLines('各村（居）党支部、村（居）委会，镇属各单位，县直各部门驻镇单位，各学校、医院、企业：', 28);
    expect(lines.length).toBe(2);
    expect(lines.join('')).toBe('各村（居）党支部、村（居）委会，镇属各单位，县直各部门驻镇单位，各学校、医院、企业：');
    for (const l of lines.slice(1)) expect(l[0]).not.toMatch(/[，、：）]/);
  });
});

describe('table columns from the content', () => {
  const cell = (text: string) => ({ content: [{ t: 'text' as const, text }] });
  it('gives an 18-digit ID its whole width, turns the page when the minimums do not fit portrait', () => {
    const header = [['序号', '姓名', '性别', '公民身份号码', '户籍地', '流入时间', '婚育证明编号', '联系电话'].map(cell)];
    const rows = [['1', '欧阳志强', '男', '43072119880312456X', '湖北省公安县', '2025年10月15日', 'HY20250001', '13907440000'].map(cell)];
    const plan = planColumns(header, rows);
    expect(plan.landscape).toBe(true);
    expect(plan.widths.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(plan.align).toEqual(['center', 'center', 'center', 'center', 'left', 'center', 'center', 'center']);
    const short = planColumns([['姓名', '职务'].map(cell)], [['王丽', '计生办主任'].map(cell)]);
    expect(short.landscape).toBe(false);
  });
  it('keeps given widths as preferences, never below a column’s minimum', () => {
    const plan = planColumns([['文号', '题名'].map(cell)], [['澧政发〔2025〕38号', '关于进一步抓好人口和计划生育工作的实施意见'].map(cell)], { given: [0.05, 0.95] });
    // the 文号 needs about 8.4 em of 小四 plus padding out of the 442 pt 版心
    expect((plan.widths[0] as number) * 442).toBeGreaterThan(8 * 12);
  });
});
