// DOCX conformance: page, margins, grid, styles, fonts, footers, tables, fields — asserted on the real XML,
// with expected values typed from GB/T 9704 (not imported from src/standards).

import { lowerDocument } from '../../src/model/lower.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDocx } from '../../src/generators/docx/write.js';
import { blocksOf, elements, openDocx, textOf, type DocxParts } from '../helpers/docx-read.js';
import { longDoc, noticeDoc, pledgeDoc, registerDoc } from '../helpers/docx-fixtures.js';

const created = new Date('2025-09-05T08:00:00Z');
const twips = (mm: number): number => Math.round((mm / 25.4) * 1440);

let notice: DocxParts;
let pledge: DocxParts;
let register: DocxParts;
let long: DocxParts;
let all: [string, DocxParts][];

beforeAll(async () => {
  notice = await openDocx(await writeDocx(noticeDoc(), { created }));
  pledge = await openDocx(await writeDocx(pledgeDoc(), { created }));
  register = await openDocx(await writeDocx(registerDoc(300), { created }));
  long = await openDocx(await writeDocx(longDoc(20), { created }));
  all = [
    ['notice', notice],
    ['pledge', pledge],
    ['register', register],
    ['long', long],
  ];
});

const xmlParts = (d: DocxParts): string[] => d.names.filter((n) => n.endsWith('.xml') || n.endsWith('.rels'));

describe('page setup (GB/T 9704 5.2)', () => {
  it('A4 portrait, margins 37/35/28/26 mm, 版心 156 × 225 mm', () => {
    const doc = notice.part('word/document.xml');
    const [size] = elements(doc, 'w:pgSz');
    expect(size).toMatchObject({ 'w:w': String(twips(210)), 'w:h': String(twips(297)) });
    const [m] = elements(doc, 'w:pgMar');
    expect(Number(m!['w:top'])).toBe(twips(37));
    expect(Number(m!['w:bottom'])).toBe(twips(35));
    expect(Number(m!['w:left'])).toBe(twips(28));
    expect(Number(m!['w:right'])).toBe(twips(26));
    const width = twips(210) - Number(m!['w:left']) - Number(m!['w:right']);
    const height = twips(297) - Number(m!['w:top']) - Number(m!['w:bottom']);
    expect(Math.abs(width - twips(156))).toBeLessThanOrEqual(1);
    expect(Math.abs(height - twips(225))).toBeLessThanOrEqual(1);
  });

  it('document grid: linesAndChars, 22 lines and 28 characters of 3号 in the 版心', () => {
    for (const [name, d] of all) {
      for (const g of elements(d.part('word/document.xml'), 'w:docGrid')) {
        expect(g['w:type'], name).toBe('linesAndChars');
        const pitch = Number(g['w:linePitch']);
        expect(22 * pitch).toBeLessThanOrEqual(twips(225) + 1);
        expect(23 * pitch).toBeGreaterThan(twips(225));
        const charPt = 16 + Number(g['w:charSpace']) / 4096; // charSpace is relative to the Normal size, 16 pt
        const areaPt = (156 / 25.4) * 72;
        expect(28 * charPt).toBeLessThanOrEqual(areaPt + 0.1);
        expect(28 * charPt).toBeGreaterThan(areaPt - 0.5);
      }
    }
    // the grid is relative to the Normal size: 3号 = 16 pt = 32 half-points
    const styles = notice.part('word/styles.xml');
    const normal = /<w:style [^>]*w:styleId="Normal"[\s\S]*?<\/w:style>/.exec(styles)![0];
    expect(elements(normal, 'w:sz')[0]!['w:val']).toBe('32');
  });

  it('landscape table section keeps the 版心 on the sheet and the grid', () => {
    const doc = register.part('word/document.xml');
    const sizes = elements(doc, 'w:pgSz');
    const land = sizes.find((s) => s['w:orient'] === 'landscape');
    expect(land).toMatchObject({ 'w:w': String(twips(297)), 'w:h': String(twips(210)) });
    // a register's title sits on its landscape page, not alone on a portrait one (as in the PDF)
    expect(sizes.map((s) => s['w:orient'])).toEqual(sizes.map(() => 'landscape'));
    const margins = elements(doc, 'w:pgMar');
    const lm = margins[sizes.indexOf(land!)]!;
    expect(Number(lm['w:top']) + Number(lm['w:bottom'])).toBe(twips(28) + twips(26));
    expect(Number(lm['w:left']) + Number(lm['w:right'])).toBe(twips(37) + twips(35));
  });
});

describe('fonts and styles (standards.md §5)', () => {
  it('every w:rFonts anywhere sets all four slots', () => {
    for (const [name, d] of all) {
      for (const part of xmlParts(d)) {
        for (const f of elements(d.part(part), 'w:rFonts')) {
          for (const slot of ['w:ascii', 'w:hAnsi', 'w:eastAsia', 'w:cs']) expect(f[slot], `${name} ${part} ${slot}`).toBeTruthy();
        }
      }
    }
  });

  it('every paragraph and character style and the defaults carry rFonts with the four slots', () => {
    const styles = notice.part('word/styles.xml');
    const list = blocksOf(styles, 'w:style').filter((s) => /w:type="(paragraph|character)"/.test(s));
    expect(list.length).toBeGreaterThan(20);
    for (const s of list) expect(elements(s, 'w:rFonts'), s.slice(0, 80)).toHaveLength(1);
    expect(elements(blocksOf(styles, 'w:docDefaults')[0]!, 'w:rFonts')[0]).toMatchObject({ 'w:eastAsia': '仿宋_GB2312', 'w:ascii': 'Times New Roman' });
  });

  it('styles have the names clerks know, mapped to the official fonts and sizes', () => {
    const styles = notice.part('word/styles.xml');
    const style = (name: string): string => {
      const s = blocksOf(styles, 'w:style').find((x) => x.includes(`<w:name w:val="${name}"/>`));
      expect(s, name).toBeDefined();
      return s!;
    };
    const font = (s: string): string => elements(s, 'w:rFonts')[0]!['w:eastAsia']!;
    const size = (s: string): string | undefined => elements(s, 'w:sz')[0]?.['w:val'];
    expect(font(style('Normal'))).toBe('仿宋_GB2312'); // 正文
    expect(font(style('Title'))).toBe('方正小标宋简体'); // 标题, 2号
    expect(size(style('Title'))).toBe('44');
    expect(font(style('一级标题'))).toBe('黑体');
    expect(font(style('二级标题'))).toBe('楷体_GB2312');
    expect(font(style('三级标题'))).toBe('仿宋_GB2312');
    expect(font(style('四级标题'))).toBe('仿宋_GB2312');
    expect(font(style('版头'))).toBe('方正小标宋简体');
    expect(font(style('加粗（黑体）'))).toBe('黑体');
    expect(font(style('强调（楷体）'))).toBe('楷体_GB2312');
    expect(font(style('页码'))).toBe('宋体');
    // 正文: justified, two-character first-line indent in characters and in twips
    const normal = style('Normal');
    expect(elements(normal, 'w:jc')[0]!['w:val']).toBe('both');
    expect(elements(normal, 'w:ind')[0]).toMatchObject({ 'w:firstLineChars': '200', 'w:firstLine': '640' });
  });

  it('fontNames override the roles', async () => {
    const d = await openDocx(await writeDocx(noticeDoc(), { created, fontNames: { fangsong: 'FandolFang', heiti: 'Noto Sans CJK SC' } }));
    const styles = d.part('word/styles.xml');
    expect(styles).toContain('w:eastAsia="FandolFang"');
    expect(styles).not.toContain('仿宋_GB2312');
    expect(d.part('word/document.xml')).toContain('w:eastAsia="Noto Sans CJK SC"');
    expect(d.part('word/fontTable.xml')).toContain('w:name="FandolFang"');
  });

  it('加粗 is a 黑体 run and 强调 a 楷体 run', () => {
    const doc = notice.part('word/document.xml');
    const run = (text: string): string => blocksOf(doc, 'w:r').find((r) => r.includes(`>${text}<`))!;
    expect(elements(run('以村支部书记为组长'), 'w:rFonts')[0]!['w:eastAsia']).toBe('黑体');
    expect(elements(run('明确专人负责'), 'w:rFonts')[0]!['w:eastAsia']).toBe('楷体_GB2312');
  });
});

describe('page numbers (7.5)', () => {
  it('odd and even footers: "— PAGE —" in 4号 宋体, odd right one char in, even left one char in', () => {
    expect(notice.part('word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    const doc = notice.part('word/document.xml');
    const refs = elements(doc, 'w:footerReference');
    expect(refs.map((r) => r['w:type']).sort()).toEqual(['default', 'even']);
    const rels = notice.part('word/_rels/document.xml.rels');
    const target = (id: string): string => new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1]!;
    for (const ref of refs) {
      const ftr = notice.part(`word/${target(ref['r:id']!)}`);
      const odd = ref['w:type'] === 'default';
      expect(elements(ftr, 'w:jc')[0]!['w:val']).toBe(odd ? 'right' : 'left');
      const ind = elements(ftr, 'w:ind')[0]!;
      expect(Number(ind[odd ? 'w:right' : 'w:left'])).toBe(14 * 20); // one 4号 character
      // structure: text "— ", field PAGE, text " —"
      const seq = [...ftr.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>|<w:instrText[^>]*>([^<]*)<\/w:instrText>|<w:fldChar w:fldCharType="(\w+)"/g)].map(
        (m) => m[1] ?? (m[2] !== undefined ? `{${m[2].trim()}}` : `[${m[3]}]`),
      );
      expect(seq).toEqual(['— ', '[begin]', '{PAGE}', '[separate]', '[end]', ' —']);
      for (const f of elements(ftr, 'w:rFonts')) expect(f).toMatchObject({ 'w:ascii': '宋体', 'w:eastAsia': '宋体', 'w:hAnsi': '宋体', 'w:cs': '宋体' });
      for (const s of elements(ftr, 'w:sz')) expect(s['w:val']).toBe('28');
    }
  });

  it('no fields but PAGE anywhere, and never updateFields', () => {
    for (const [name, d] of all) {
      for (const part of xmlParts(d)) {
        const xml = d.part(part);
        for (const m of xml.matchAll(/<w:instrText[^>]*>([^<]*)</g)) expect(m[1]!.trim(), `${name} ${part}`).toBe('PAGE');
        expect(xml, `${name} ${part}`).not.toMatch(/<w:fldSimple|TOC|PAGEREF|\bREF\b|w:updateFields/);
      }
    }
  });
});

describe('tables', () => {
  it('every table has tblW and a tblGrid whose gridCols add up to it', () => {
    for (const [name, d] of all) {
      const doc = d.part('word/document.xml');
      for (const tbl of blocksOf(doc, 'w:tbl')) {
        const w = elements(tbl, 'w:tblW')[0];
        expect(w, name).toBeDefined();
        expect(w!['w:type']).toBe('dxa');
        const cols = elements(tbl, 'w:gridCol').map((c) => Number(c['w:w']));
        expect(cols.length, name).toBeGreaterThan(0);
        expect(cols.reduce((a, b) => a + b, 0)).toBe(Number(w!['w:w']));
      }
    }
  });

  it('header rows repeat (tblHeader), no row splits, borders are explicit 0.5 pt', () => {
    const doc = register.part('word/document.xml');
    const [tbl] = blocksOf(doc, 'w:tbl');
    const rows = blocksOf(tbl!, 'w:tr');
    expect(rows).toHaveLength(301);
    expect(rows[0]).toContain('<w:tblHeader/>');
    expect(rows.filter((r) => r.includes('<w:tblHeader/>'))).toHaveLength(1);
    expect(rows.every((r) => r.includes('<w:cantSplit/>'))).toBe(true);
    for (const side of ['w:top', 'w:left', 'w:bottom', 'w:right', 'w:insideH', 'w:insideV']) {
      expect(elements(blocksOf(tbl!, 'w:tblBorders')[0]!, side)[0]).toMatchObject({ 'w:val': 'single', 'w:sz': '4' });
    }
    expect(elements(tbl!, 'w:gridCol')).toHaveLength(6);
  });

  it('table widths follow the model fractions', () => {
    const doc = notice.part('word/document.xml');
    const tbl = blocksOf(doc, 'w:tbl')[0]!;
    const cols = elements(tbl, 'w:gridCol').map((c) => Number(c['w:w']));
    const total = cols.reduce((a, b) => a + b, 0);
    expect(cols.map((c) => Math.round((c / total) * 10))).toEqual([4, 3, 3]);
  });
});

describe('公文 elements', () => {
  it('版头 red and centred, red rule under the 发文字号, 标题 centred', () => {
    const doc = notice.part('word/document.xml');
    const paras = blocksOf(doc, 'w:p');
    const mast = paras.find((p) => p.includes('澧源镇人民政府文件'))!;
    expect(mast).toContain('w:val="GwMasthead"');
    const styles = notice.part('word/styles.xml');
    const mastStyle = blocksOf(styles, 'w:style').find((s) => s.includes('w:styleId="GwMasthead"'))!;
    const red = elements(mastStyle, 'w:color')[0]!['w:val']!;
    expect(parseInt(red.slice(0, 2), 16)).toBeGreaterThan(200);
    expect(parseInt(red.slice(2, 4), 16)).toBeLessThan(80);
    const num = paras.find((p) => p.includes('澧源政发〔2025〕3号'))!;
    expect(elements(num, 'w:bottom')[0]).toMatchObject({ 'w:val': 'single', 'w:color': red });
  });

  it('heading numbers appear as plain text in order, with no Word numbering', () => {
    const text = textOf(notice.part('word/document.xml'));
    const order = ['一、强化组织领导', '（一）落实目标责任', '1.分解任务', '（1）按月调度'].map((h) => text.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(notice.part('word/document.xml')).not.toContain('<w:numPr>');
  });

  /** The tab stop a placed text of `p` goes to (its text follows a tab): alignment and position in twips. */
  const tabOf = (para: string): { val: string; pos: number } => {
    const t = elements(para, 'w:tab').find((a) => a['w:pos'] !== undefined)!;
    return { val: t['w:val']!, pos: Number(t['w:pos']) };
  };

  it('成文日期 in Arabic numerals, 落款 placed by the model, 附注 in parentheses, 版记 lines', () => {
    const doc = notice.part('word/document.xml');
    const paras = blocksOf(doc, 'w:p');
    const date = paras.find((p) => textOf(p) === '2025年9月5日')!;
    const name = paras.find((p) => textOf(p) === '澧源镇人民政府')!;
    // unsealed (7.3.5.2): the date (about 6.5 字 wide) starting 2 right of the name (7 字) would end past the
    // 2-字 inset, so the date ends 2 字 in from the right and the name starts 2 字 left of the date
    const char = twips(156 / 28);
    expect(tabOf(date).val).toBe('right');
    expect(tabOf(date).pos).toBeCloseTo(26 * char, -1);
    expect(tabOf(name).val).toBe('left');
    expect(tabOf(name).pos).toBeGreaterThan((26 - 7 - 2) * char - 5);
    expect(tabOf(name).pos).toBeLessThan((26 - 6 - 2) * char + 5);
    expect(textOf(doc)).toContain('（此件公开发布）');
    expect(textOf(doc)).toContain('抄送：县卫生健康局。');
    expect(textOf(doc)).toContain('2025年9月5日印发');
    const colophon = blocksOf(doc, 'w:tbl').find((t) => t.includes('抄送'))!;
    const b = blocksOf(colophon, 'w:tblBorders')[0]!;
    expect(Number(elements(b, 'w:top')[0]!['w:sz'])).toBeGreaterThan(Number(elements(b, 'w:insideH')[0]!['w:sz']));
    expect(elements(b, 'w:left')[0]!['w:val']).toBe('none');
  });

  it('sealed: date four characters in from the right, name centred over it', async () => {
    const doc = noticeDoc();
    const sealed = lowerDocument({ meta: doc.meta, blocks: [{ t: 'signature', issuers: ['澧源镇人民政府'], date: '2025-09-05', sealed: true }] });
    const xml = (await openDocx(await writeDocx(sealed, { created }))).part('word/document.xml');
    const paras = blocksOf(xml, 'w:p');
    const tab = (text: string) => tabOf(paras.find((p) => textOf(p) === text)!);
    const char = twips(156 / 28);
    expect(tab('2025年9月5日')).toMatchObject({ val: 'right' });
    expect(tab('2025年9月5日').pos).toBeCloseTo(24 * char, -1);
    // the name centred over the date (6 to 7 字 wide)
    expect(tab('澧源镇人民政府').val).toBe('center');
    expect(tab('澧源镇人民政府').pos).toBeGreaterThan((24 - 3.5) * char - 5);
    expect(tab('澧源镇人民政府').pos).toBeLessThan((24 - 3) * char + 5);
  });

  it('责任书: cover page alone and unnumbered, no second title, targets, one 签署栏 line per party', () => {
    const doc = pledge.part('word/document.xml');
    // the cover is its own section: its sectPr comes before the body, with blank footers; numbering restarts at 1
    const coverEnd = doc.indexOf('<w:sectPr');
    expect(coverEnd).toBeLessThan(doc.indexOf('为确保全年目标任务完成'));
    expect(doc).not.toContain('w:val="Title"');
    const sects = blocksOf(doc, 'w:sectPr');
    expect(sects).toHaveLength(2);
    expect(elements(sects[1]!, 'w:pgNumType')[0]).toMatchObject({ 'w:start': '1' });
    const rels = pledge.part('word/_rels/document.xml.rels');
    const target = (id: string): string => new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1]!;
    for (const ref of elements(sects[0]!, 'w:footerReference')) expect(pledge.part(`word/${target(ref['r:id']!)}`)).not.toContain('PAGE');
    for (const ref of elements(sects[1]!, 'w:footerReference')) expect(pledge.part(`word/${target(ref['r:id']!)}`)).toContain('PAGE');
    expect(textOf(doc)).toContain('二〇二五年二月');
    expect(textOf(doc)).not.toContain('二〇二五年二月十日');
    expect(textOf(doc)).toContain('1.符合政策生育率达到90%以上（30分）');
    expect(blocksOf(doc, 'w:tbl').some((t) => t.includes('授书人'))).toBe(false);
    const party = blocksOf(doc, 'w:p').find((p) => textOf(p).startsWith('授书人：澧源镇人民政府（盖章）'))!;
    expect(textOf(party)).toBe('授书人：澧源镇人民政府（盖章）签字：\u3000\u3000\u3000\u3000');
    expect(party).toContain('<w:u w:val="single"/>');
  });
});

