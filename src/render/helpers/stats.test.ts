import { describe, expect, it } from 'vitest';
import { assessTargets, deductSentence, findIndicator, indicatorText, partsMismatches, readCounts, scoreSum, targetProblem, targetSentence, type TargetSpec } from './stats.js';

/** 004 第一篇 基本情况 */
const S004 = {
  population: 23122,
  women: { total: 5892, married: 4452, childless: 165, oneChild: 1967, twoChildren: 2224, moreChildren: 96 },
  births: { total: 216, inPolicy: 196, outPolicy: 20, boys: 108, girls: 108 },
  fees: { due: 1200000, collected: 1062600 },
};

const ind = (name: string, obj: unknown, digits?: number) => {
  const def = findIndicator(name);
  if (!def) throw new Error(name);
  return indicatorText(def, readCounts(obj).counts, digits).text;
};

describe('indicators from counts (004 第一篇)', () => {
  it('符合政策生育率 90.7% (1 dp) and 90.74% (2 dp)', () => {
    expect(ind('符合政策生育率', S004, 1)).toBe('90.7%');
    expect(ind('符合政策生育率', S004, 2)).toBe('90.74%');
  });
  it('性别比 100, 出生率 9.34‰, 征兑率 88.55%', () => {
    expect(ind('出生人口性别比', S004)).toBe('100');
    expect(ind('出生率', S004)).toBe('9.34‰');
    expect(ind('社会抚养费征兑率', S004, 2)).toBe('88.55%');
  });
  it('近二年征兑率 91.39%: this year and last year summed before dividing (1062600+1222150)/(1200000+1300000)', () => {
    const two = { ...S004, previous: { fees: { due: 1300000, collected: 1222150 } } };
    expect(ind('近二年社会抚养费征兑率', two)).toBe('91.39%');
    expect(ind('近二年社会抚养费征兑率', { 社会抚养费应收: 100, 社会抚养费实收: 50, 上年社会抚养费应收: 100, 上年社会抚养费实收: 100 })).toBe('75.00%');
    expect(() => ind('近二年社会抚养费征兑率', S004)).toThrow(/上年社会抚养费实收/);
    expect(() => ind('近二年社会抚养费征兑率', { fees: { due: 0, collected: 0 }, previous: { fees: { due: 0, collected: 0 } } })).toThrow(/社会抚养费应收＋上年社会抚养费应收”为 0/);
    // any count-over-count indicator has its 近二年 form: (196 + 180) / (216 + 200)
    expect(ind('近两年符合政策生育率', { ...S004, previous: { births: { total: 200, inPolicy: 180 } } }, 2)).toBe('90.38%');
    expect(findIndicator('近二年自然增长率')).toBeUndefined();
    expect(findIndicator('近二年不存在的指标')).toBeUndefined();
  });
  it('3438 / 3508 prints 98.00% (the seed typed 98.01%)', () => {
    expect(ind('符合政策生育率', { births: { total: 3508, inPolicy: 3438 } }, 2)).toBe('98.00%');
  });
  it('reads flat Chinese column names (CSV rows)', () => {
    expect(ind('自然增长率', { 常住人口: 1000, 出生: 12, 死亡: 7 })).toBe('5.00‰');
  });
  it('a missing count or zero denominator is a clear Chinese error', () => {
    expect(() => ind('综合节育率', S004)).toThrow(/落实节育措施/);
    expect(() => ind('出生人口性别比', { births: { boys: 3, girls: 0 } })).toThrow(/为 0/);
  });
});

describe('parts vs totals', () => {
  it('004 parts add up', () => {
    expect(partsMismatches(S004)).toEqual([]);
  });
  it('1070 + 565 ≠ 1637 is reported with both numbers', () => {
    const m = partsMismatches({ specialAid: { name: '特扶人数', total: 1637, parts: { 独子死亡: 1070, 独子伤残: 565 } } });
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ total: { name: '特扶人数', value: '1637' }, sum: '1635' });
  });
  it('男婴 + 女婴 ≠ 出生', () => {
    const m = partsMismatches({ births: { total: 10, boys: 5, girls: 4 } });
    expect(m[0]?.sum).toBe('9');
  });
});

describe('targets as data', () => {
  it('phrases each direction', () => {
    expect(targetSentence({ name: '符合政策生育率', direction: '≥', value: 90, unit: '%' })).toBe('符合政策生育率达到90%以上');
    expect(targetSentence({ name: '人口出生率', direction: '≤', value: 12, unit: '‰' })).toBe('人口出生率控制在12‰以内');
    expect(targetSentence({ name: '出生人口性别比', direction: 'range', min: 103, max: 107 })).toBe('出生人口性别比控制在103～107之间');
  });
  it('a target without a value is an error, never "控制在‰以内"', () => {
    expect(targetProblem({ name: '人口出生率', direction: '≤', unit: '‰' })).toMatch(/没有填写目标值.*控制在‰以内/);
    expect(() => targetSentence({ name: '人口出生率', direction: '≤', unit: '‰' })).toThrow();
  });
  it('deduction rule text', () => {
    expect(deductSentence({ name: 'x', direction: '≥', unit: '%', deduct: { per: 1, points: 5 } })).toBe('每低于1个百分点扣5分，扣完为止');
  });
  it('score sums exactly (002: 90 of 100)', () => {
    const t002: TargetSpec[] = [5, 10, 10, 20, 20, 10, 10, 5].map((score, i) => ({ name: `第${i + 1}项`, direction: 'text', score }));
    expect(scoreSum(t002)).toBe('90');
  });
  it('assesses against counts with the deduction rule', () => {
    const targets: TargetSpec[] = [
      { name: '符合政策生育率', direction: '≥', value: 90, unit: '%', score: 20 },
      { name: '社会抚养费征收到位率', direction: '≥', value: 90, unit: '%', score: 15, deduct: { per: 1, points: 5 } },
      { name: '人口出生率', direction: '≤', value: 9, unit: '‰', score: 10, deduct: { per: 0.5, points: 5 } },
      { name: '村民自治', direction: 'text', score: 10 },
    ];
    const a = assessTargets(targets, readCounts(S004).counts);
    expect(a[0]).toMatchObject({ 实际: '90.7%', 完成情况: '完成', 得分: '20' });
    // 88.55% is 1.45 points short: two started points × 5 = 10 lost
    expect(a[1]).toMatchObject({ 实际: '88.55%', 完成情况: '未完成', 得分: '5' });
    expect(a[2]).toMatchObject({ 实际: '9.34‰', 完成情况: '未完成', 得分: '5' });
    expect(a[3]).toMatchObject({ 实际: '', 完成情况: '另行考核', 得分: '' });
  });
});
