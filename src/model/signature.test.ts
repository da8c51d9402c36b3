import { describe, expect, it } from 'vitest';
import { placeSignature, placeSignatures } from './signature.js';

/** Left and right edges (字) of a placed text `w` 字 wide. */
const edges = (p: { x: number; align: string }, w: number): [number, number] => {
  const left = p.align === 'center' ? p.x - w / 2 : p.align === 'right' ? p.x - w : p.x;
  return [left, left + w];
};

describe('落款 (GB/T 9704 7.3.5)', () => {
  it('unsealed, one office: name 2 字 in from the right, the date starting 2 字 right of it', () => {
    const p = placeSignature(['澧源镇人民政府计划生育办公室'], '2025年9月5日', false);
    expect(p.gap).toBe(1);
    const [name, date] = p.lines.map((l) => l[0]);
    expect(edges(name!, 14)).toEqual([12, 26]);
    expect(date).toMatchObject({ x: 14, align: 'left' });
  });
  it('unsealed, a date that would pass the 2-字 inset: date 2 字 in, the name 2 字 left of the date', () => {
    const p = placeSignature(['澧源镇人民政府'], '2025年9月5日', false);
    const [name, date] = p.lines.map((l) => l[0]);
    expect(date).toMatchObject({ x: 26, align: 'right' });
    expect(name?.align).toBe('left');
    expect(name!.x).toBeGreaterThan(26 - 7 - 2 - 0.01);
    expect(name!.x).toBeLessThan(26 - 6 - 2 + 0.01);
  });
  it('unsealed joint issue: the offices one under another in issuing order, then the date (7.3.5.2)', () => {
    const p = placeSignature(['中共澧源镇委员会', '澧源镇人民政府'], '2025年9月5日', false);
    expect(p.lines.map((l) => l.map((t) => t.text))).toEqual([['中共澧源镇委员会'], ['澧源镇人民政府'], ['2025年9月5日']]);
    expect(edges(p.lines[0]![0]!, 8)[1]).toBeLessThanOrEqual(26 + 1e-9);
  });
  it('sealed: date 4 字 in, the office centred over it', () => {
    const p = placeSignature(['澧源镇人民政府'], '2025年9月5日', true);
    expect(p.gap).toBe(2);
    expect(p.lines[1]).toEqual([{ text: '2025年9月5日', x: 24, align: 'right' }]);
    expect(p.lines[0]![0]!.align).toBe('center');
    expect(p.lines[0]![0]!.x).toBeGreaterThan(20.5);
    expect(p.lines[0]![0]!.x).toBeLessThan(21);
  });
  it('sealed joint issue: offices side by side in issuing order, a seal (42 mm) apart, all inside the 版心', () => {
    const p = placeSignature(['中共澧源镇委员会', '澧源镇人民政府'], '2025年9月5日', true);
    const [row, date] = p.lines;
    expect(row!.map((t) => t.text)).toEqual(['中共澧源镇委员会', '澧源镇人民政府']);
    const [a, b] = [edges(row![0]!, 8), edges(row![1]!, 7)];
    expect(a[0]).toBeGreaterThanOrEqual(0);
    expect(b[1]).toBeLessThanOrEqual(28);
    expect(a[1]).toBeLessThan(b[0]);
    // centres a seal's width apart (42 mm seal + 4 mm, 156/28 mm a 字)
    expect(row![1]!.x - row![0]!.x).toBeGreaterThanOrEqual(46 / (156 / 28) - 1e-9);
    expect(date![0]).toMatchObject({ x: 24, align: 'right' });
  });
  it('sealed, four long offices: rows of seals that stay inside the 版心, the last office over the date', () => {
    const names = ['中共澧源镇委员会', '澧源镇人民政府', '澧源镇人民代表大会主席团', '中国人民政治协商会议澧源镇委员会'];
    const p = placeSignature(names, '2025年9月5日', true);
    const rows = p.lines.filter((l) => l.length > 0 && l[0]!.text !== '2025年9月5日');
    expect(rows.flat().map((t) => t.text)).toEqual(names);
    for (const r of rows) for (const t of r) {
      const [l, rr] = edges(t, [...t.text].length);
      expect(l).toBeGreaterThanOrEqual(-1e-9);
      expect(rr).toBeLessThanOrEqual(28 + 1e-9);
    }
    expect(rows.length).toBeGreaterThan(1);
  });
});

describe('责任书 签署栏', () => {
  it('one line per party, 签字 with its line flush right; the date 4 字 in', () => {
    const p = placeSignatures([{ role: '授书人', name: '澧源镇人民政府' }, { role: '立书人', name: '青龙村村民委员会' }], '2025年2月10日');
    expect(p.lines).toEqual([
      [{ text: '授书人：澧源镇人民政府（盖章）', x: 2, align: 'left' }, { text: '签字：', x: 21, align: 'left', rule: 4 }],
      [{ text: '立书人：青龙村村民委员会（盖章）', x: 2, align: 'left' }, { text: '签字：', x: 21, align: 'left', rule: 4 }],
      [{ text: '2025年2月10日', x: 24, align: 'right' }],
    ]);
  });
  it('a party too long for one line gets its 签字 on the next', () => {
    const p = placeSignatures([{ role: '立书人', name: '澧源镇青龙村村民委员会计划生育协会分会' }], undefined);
    expect(p.lines).toHaveLength(2);
  });
});

describe('a very long 署名', () => {
  it('is broken between words and stays inside the 版心', () => {
    const p = placeSignature(['澧源镇人民政府人口和计划生育领导小组办公室澧源镇计划生育协会'], '2025年9月5日', false);
    expect(p.lines.length).toBe(3);
    for (const l of p.lines.slice(0, 2)) expect(edges(l[0]!, [...l[0]!.text].length)[1]).toBeLessThanOrEqual(26 + 1e-9);
    expect(p.lines.slice(0, 2).map((l) => l[0]!.text).join('')).toBe('澧源镇人民政府人口和计划生育领导小组办公室澧源镇计划生育协会');
  });
});
