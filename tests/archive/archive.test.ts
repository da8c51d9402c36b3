// Archive forms and binder pieces: 档号 form, retention codes, part titles, splitting at 件 boundaries,
// spine widths from the page count, form DocModels (what DOCX shows), dossier.yaml cover option.
import { describe, expect, it } from 'vitest';
import { chineseNumeral, partTitle, splitAtItems } from '../../src/bind/split.js';
import { archivalCode, retentionCode } from '../../src/generators/archive/archival-code.js';
import { contentsOf } from '../../src/generators/archive/contents.js';
import { pageNoLabel } from '../../src/generators/archive/format.js';
import { remarksText } from '../../src/generators/archive/remarks.js';
import { spineWidthMm } from '../../src/generators/archive/spine.js';
import type { VolumeSheet } from '../../src/generators/archive/types.js';
import { DossierSchema } from '../../src/schema/dossier.js';

const sheet: VolumeSheet = {
  unit: '澧源镇人民政府', fonds: 'J012', year: 2025, code: 'ZH', title: '综合资料卷', retention: '永久', volumeNo: 1,
  archivalCode: 'J012-WS·2025-Y-0001', itemCount: 2, pageCount: 7,
  entries: [
    { seq: 1, title: '关于调整领导小组的通知', number: '澧政发〔2025〕3号', responsible: '澧源镇人民政府', date: '2025-01-15', startPage: 1, pages: 2 },
    { seq: 2, title: '工作总结', startPage: 3, pages: 5 },
  ],
  missing: [{ item: '计生协会章程', reason: '未找到材料' }], notes: [],
};

describe('档号 and codes', () => {
  it('uses 全宗号-门类·年度-保管期限-卷号 (DA/T 22 5.4)', () => {
    expect(archivalCode({ fonds: 'J012', year: 2025, retention: '永久', volumeNo: 1 })).toBe('J012-WS·2025-Y-0001');
    expect(archivalCode({ fonds: '0194', year: 2016, retention: '30年', volumeNo: 12 })).toBe('0194-WS·2016-D30-0012');
    expect(archivalCode({ year: 2025, retention: '10年', volumeNo: 3 })).toBe('WS·2025-D10-0003');
    expect(retentionCode('永久')).toBe('Y');
  });
});

describe('splitting', () => {
  it('cuts at 件 boundaries, a long 件 alone, order kept', () => {
    expect(splitAtItems([50, 60, 80, 30], 200)).toEqual([[0, 1, 2], [3]]);
    expect(splitAtItems([120, 90, 250, 10], 200)).toEqual([[0], [1], [2], [3]]);
    expect(splitAtItems([], 200)).toEqual([[]]);
    expect(splitAtItems([200], 200)).toEqual([[0]]);
  });
  it('names parts （一）（二）… and leaves a single part unchanged', () => {
    expect(partTitle('综合资料卷', 0, 1)).toBe('综合资料卷');
    expect(partTitle('综合资料卷', 1, 3)).toBe('综合资料卷（二）');
    expect([1, 9, 10, 11, 20, 21].map(chineseNumeral)).toEqual(['一', '九', '十', '十一', '二十', '二十一']);
  });
});

describe('spine width (GB/T 9705: 10, 15 or 20 mm)', () => {
  it('is the thinnest that holds the sheets', () => {
    expect(spineWidthMm(20)).toBe(10);
    expect(spineWidthMm(100)).toBe(10);
    expect(spineWidthMm(101)).toBe(15);
    expect(spineWidthMm(180)).toBe(20);
    expect(spineWidthMm(400)).toBe(20);
  });
});

describe('forms as DocModel', () => {
  it('卷内目录: the seven columns, start pages, the last row with its range', () => {
    const doc = contentsOf(sheet);
    const div = doc.blocks[0];
    expect(div?.t).toBe('div');
    const table = div?.t === 'div' ? div.children.find((b) => b.t === 'table') : undefined;
    if (table?.t !== 'table') throw new Error('no table');
    const text = (c: { content: { t: string; text?: string }[] }) => c.content.map((i) => i.text ?? '').join('');
    expect(table.header[0]?.map(text)).toEqual(['顺序号', '文号', '责任者', '题名', '日期', '页号', '备注']);
    expect(table.rows.map((r) => text(r[5]!))).toEqual(['1', '3-7']);
    expect(table.rows.map((r) => text(r[4]!))).toEqual(['20250115', '']);
    expect(pageNoLabel(undefined, 0, true)).toBe('');
  });
  it('备考表 text: 件数, 页数 and the missing items', () => {
    expect(remarksText(sheet)).toEqual(['本卷共有文件2件，共7页。', '本卷缺少以下应归档材料1项：', '1. 计生协会章程']);
  });
});

describe('dossier.yaml cover', () => {
  const base = { unit: '澧源镇人民政府', year: 2025, catalog: '乡镇计生办' };
  it('accepts standard and simple, defaults to none (standard), rejects others', () => {
    expect(DossierSchema.parse(base).cover).toBeUndefined();
    expect(DossierSchema.parse({ ...base, cover: 'simple' }).cover).toBe('simple');
    expect(DossierSchema.safeParse({ ...base, cover: 'fancy' }).success).toBe(false);
  });
});
