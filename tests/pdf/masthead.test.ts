//! 发文机关标志 (GB/T 9704 7.2.4), read back from the PDF and the DOCX: its top 35 mm below the top of the
//! 版心 (72 mm from the paper's top edge), centred; for a joint issue (联合行文) the offices stacked, lead
//! office first, each spread to the same width, and “文件” to their right, centred on the stack.
import { beforeAll, describe, expect, it } from 'vitest';
import type { FontSet } from '../../src/fonts/resolve.js';
import { writeDocx } from '../../src/generators/docx/write.js';
import { writePdf } from '../../src/generators/pdf/write.js';
import { layoutDocument } from '../../src/layout/index.js';
import type { SourceBlock as Block } from '../../src/model/source.js';
import { blocksOf, elements, openDocx, textOf } from '../helpers/docx-read.js';
import { docOf, para, testFonts } from '../helpers/pdf-docs.js';
import { linesOf, readPdfText, type PdfLine } from '../helpers/pdf-read.js';

const PT = 25.4 / 72;
const MASTHEAD_TOP_MM = 37 + 35;
const CENTRE_MM = 28 + 156 / 2;
const EM_ASCENT = 0.88;
const created = new Date('2025-03-05T00:00:00Z');

let fonts: FontSet;
beforeAll(async () => {
  fonts = await testFonts();
});

const head = (masthead: Extract<Block, { t: 'masthead' }>): Block[] => [masthead, { t: 'docNumber', text: '澧发〔2025〕38号' }, { t: 'title', text: '关于进一步抓好人口和计划生育工作的实施意见' }, para('正文。')];

/** Lines of page 1, the right edge taken from the last item that shows a glyph (pdfjs adds items for gaps). */
async function lines(blocks: Block[]): Promise<PdfLine[]> {
  const [page] = await readPdfText(await writePdf(layoutDocument(docOf(blocks), fonts), fonts, { created }));
  if (!page) return [];
  return linesOf(page).map((l) => {
    const glyphs = page.items.filter((i) => Math.abs(i.yMm - l.yMm) < 0.3 && i.text.trim() !== '');
    return { ...l, rightMm: Math.max(...glyphs.map((i) => i.xMm + i.widthMm)) };
  });
}
const topMm = (l: PdfLine) => l.yMm - EM_ASCENT * l.sizePt * PT;

describe('发文机关标志', () => {
  it('a single office: one centred line, its top 35 mm below the 版心 top', async () => {
    const [mark] = await lines(head({ t: 'masthead', issuer: '澧源镇人民政府文件', separator: true }));
    expect(mark?.text).toBe('澧源镇人民政府文件');
    expect(topMm(mark as PdfLine)).toBeCloseTo(MASTHEAD_TOP_MM, 0);
    expect(((mark as PdfLine).xMm + (mark as PdfLine).rightMm) / 2).toBeCloseTo(CENTRE_MM, 0);
  });

  it('a joint issue: offices stacked and spread to one width, 文件 to the right and centred on them', async () => {
    const all = await lines(head({ t: 'masthead', issuer: '中共澧源镇委员会澧源镇人民政府文件', joint: ['中共澧源镇委员会', '澧源镇人民政府'], separator: true }));
    const [first, second] = all.filter((l) => l.text.startsWith('中共') || l.text.startsWith('澧源镇人民政府'));
    const suffix = all.find((l) => l.text === '文件');
    if (!first || !second || !suffix) throw new Error(`masthead lines not found: ${all.map((l) => l.text).join(' | ')}`);
    expect(first.text).toBe('中共澧源镇委员会');
    expect(second.text).toBe('澧源镇人民政府');
    // the lead office on top, at the 标志's place
    expect(topMm(first)).toBeCloseTo(MASTHEAD_TOP_MM, 0);
    expect(second.yMm).toBeGreaterThan(first.yMm);
    // 分散对齐: both names start and end at the same x
    expect(second.xMm).toBeCloseTo(first.xMm, 1);
    expect(second.rightMm).toBeCloseTo(first.rightMm, 0);
    // 文件 right of the names, vertically centred on the stack, all of it centred in the 版心
    expect(suffix.xMm).toBeGreaterThan(first.rightMm);
    expect(suffix.yMm).toBeCloseTo((first.yMm + second.yMm) / 2, 0);
    expect(suffix.sizePt).toBeCloseTo(first.sizePt, 1);
    expect((first.xMm + suffix.rightMm) / 2).toBeCloseTo(CENTRE_MM, 0);
    expect(first.rightMm - first.xMm + (suffix.rightMm - suffix.xMm)).toBeLessThan(156);
    // the 发文字号 still follows below, the red line under it
    const number = all.find((l) => l.text.includes('〔2025〕'));
    expect(number?.yMm).toBeGreaterThan(second.yMm);
  });

  it('DOCX: the joint 标志 is a borderless table — names spread (distribute), 文件 centred on them', async () => {
    const docx = await openDocx(await writeDocx(docOf(head({ t: 'masthead', issuer: '中共澧源镇委员会澧源镇人民政府文件', joint: ['中共澧源镇委员会', '澧源镇人民政府'], separator: true })), { created }));
    const doc = docx.part('word/document.xml');
    const [tbl] = blocksOf(doc, 'w:tbl');
    if (!tbl) throw new Error('no table');
    const borders = blocksOf(tbl, 'w:tblBorders')[0] ?? '';
    expect(['w:top', 'w:left', 'w:bottom', 'w:right', 'w:insideH', 'w:insideV'].map((b) => elements(borders, b)[0]?.['w:val'])).toEqual(['none', 'none', 'none', 'none', 'none', 'none']);
    const cells = blocksOf(tbl, 'w:tc');
    expect(cells).toHaveLength(4);
    const names = blocksOf(cells[1] as string, 'w:p');
    expect(names.map(textOf)).toEqual(['中共澧源镇委员会', '澧源镇人民政府']);
    expect(names.every((p) => elements(p, 'w:jc')[0]?.['w:val'] === 'distribute')).toBe(true);
    expect(textOf(cells[2] as string)).toBe('文件');
    expect(elements(cells[2] as string, 'w:vAlign')[0]?.['w:val']).toBe('center');
    // the 标志 style is off the character grid (a 36 pt character would take three grid cells)
    const styles = docx.part('word/styles.xml');
    const masthead = blocksOf(styles, 'w:style').find((s) => s.includes('w:styleId="GwMasthead"')) ?? '';
    expect(elements(masthead, 'w:snapToGrid')[0]?.['w:val']).toBe('0');
  });
});
