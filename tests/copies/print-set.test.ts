//! 印制: a 责任书 with copies: [3 labels] and each: villages gives, per village, one PDF with 3× the pages,
//! every page carrying its copy mark (read back from the PDF), plus the whole print run in village order.
import { readFileSync } from 'node:fs';
import { PDFArray, PDFDocument, PDFName } from 'pdf-lib';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildReport } from '../../src/build/build.js';
import { archiveCopyIndex, copyLabels, copyMarkText, DEFAULT_COPY_MARK } from '../../src/bind/copies.js';
import { linesOf, readEmbeddedFonts, readPdfText, type PdfPageText } from '../helpers/pdf-read.js';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

const TITLE = '乡镇与村签订的目标管理责任书';
/** the 计分式 责任书: 3 pages (cover, two of text), an odd length */
const SCORED = '乡镇与村签订的流动人口目标管理责任书（计分式）';
const SCORED_ITEM = `      - title: ${SCORED}
        template: 目标责任书-计分
        data: migrantTargets
        each: villages
        copies: [镇人民政府执, "{委员会}执", 镇计生办存档]
`;
const MIGRANT_TARGETS = readFileSync(new URL('../../examples/澧源镇/data/migrantTargets.yaml', import.meta.url), 'utf8');
const TARGETS = `signDate: 2025-02-10
indicators:
  - name: 符合政策生育率
    direction: "≥"
    value: 90
    unit: "%"
  - name: 人口出生率
    direction: "≤"
    value: 12
    unit: "‰"
`;

let dir: string;
let report: BuildReport;
let simplexDir: string;
let simplexReport: BuildReport;
beforeAll(async () => {
  dir = makeWorkspace({
    'dossier.yaml': `${BASE_DOSSIER}formats: [pdf]\n`,
    'catalog/test.yaml': catalogWith(`      - title: ${TITLE}
        template: 目标责任书
        data: targets
        each: villages
        copies: [镇人民政府执, "{委员会}执", 镇计生办存档]
${SCORED_ITEM}`),
    'data/villages.csv': '村名,委员会\n青龙村,青龙村村民委员会\n河口社区,河口社区居民委员会\n',
    'data/targets.yaml': TARGETS,
    'data/migrantTargets.yaml': MIGRANT_TARGETS,
  });
  simplexDir = makeWorkspace({
    'dossier.yaml': `${BASE_DOSSIER}formats: [pdf]\nprint: simplex\n`,
    'catalog/test.yaml': catalogWith(SCORED_ITEM),
    'data/villages.csv': '村名,委员会\n青龙村,青龙村村民委员会\n河口社区,河口社区居民委员会\n',
    'data/migrantTargets.yaml': MIGRANT_TARGETS,
  });
  report = await build(dir);
  simplexReport = await build(simplexDir);
}, 60_000);
afterAll(cleanupWorkspaces);

const out = (rel: string) => path.join(dir, 'out', '2025', rel);
/** The copy mark of a page: the top line above the 版心 (baseline < 37 mm). */
const markOf = (p: PdfPageText) => linesOf(p).filter((l) => l.yMm < 30).map((l) => l.text).join('');

describe('print sets', () => {
  it('builds without errors', () => {
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('has 3× the pages of the document, each page marked with its copy', async () => {
    const single = await readPdfText(new Uint8Array(readFileSync(out(`ZH-综合资料卷/01-${TITLE}-青龙村.pdf`))));
    const set = await readPdfText(new Uint8Array(readFileSync(out(`印制/${TITLE}-青龙村.pdf`))));
    const n = single.length;
    expect(n).toBe(2); // cover + one page of text (format A fits one page after the cover)
    expect(set.length).toBe(3 * n);
    const labels = ['镇人民政府执', '青龙村村民委员会执', '镇计生办存档'];
    set.forEach((p, i) => {
      const copy = Math.floor(i / n);
      expect(markOf(p)).toBe(`${labels[copy]}第${copy + 1}份/共3份`);
    });
    // identical pagination: every copy's pages carry the same text as the single document
    const text = (p: PdfPageText) => linesOf(p).filter((l) => l.yMm >= 30).map((l) => l.text).join('|');
    set.forEach((p, i) => expect(text(p)).toBe(text(single[i % n] as PdfPageText)));
    // the mark sits top right: its right edge on the 版心's right edge (210 − 26 = 184 mm)
    const mark = linesOf(set[0] as PdfPageText).find((l) => l.yMm < 30);
    expect(mark?.rightMm).toBeCloseTo(184, 0);
  });

  it('draws each page of the document once, shared by its copies (one content stream per page)', async () => {
    const bytes = new Uint8Array(readFileSync(out(`印制/${TITLE}-青龙村.pdf`)));
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(pdf.getPageCount()).toBe(6);
    // every page draws the document page's stream first, then its own copy mark
    const placed = pdf.getPages().map((page) => {
      const contents = page.node.get(PDFName.of('Contents'));
      expect(contents).toBeInstanceOf(PDFArray);
      const refs = (contents as PDFArray).asArray().map(String);
      expect(refs).toHaveLength(2);
      return refs;
    });
    const drawing = placed.map((r) => r[0]);
    expect(drawing.slice(0, 2)).toEqual(drawing.slice(2, 4));
    expect(drawing.slice(0, 2)).toEqual(drawing.slice(4, 6));
    expect(drawing[0]).not.toBe(drawing[1]);
    // each copy has its own mark (its pages, all A4, share it) and no two copies the same
    const marks = placed.map((r) => r[1]);
    expect(new Set(marks).size).toBe(3);
    expect(marks[0]).toBe(marks[1]);
    expect(marks[2]).not.toBe(marks[0]);
    // stored once each: the document's two page drawings and the three copies' marks
    const streams = pdf.context.enumerateIndirectObjects().filter(([ref]) => placed.some((r) => r.includes(String(ref))));
    expect(streams).toHaveLength(5);
  });

  it('writes the whole print run for all villages in order', async () => {
    const all = await readPdfText(new Uint8Array(readFileSync(out(`印制/${TITLE}-全部.pdf`))));
    expect(all.length).toBe(12);
    expect(markOf(all[6] as PdfPageText)).toBe('镇人民政府执第1份/共3份');
    expect(linesOf(all[7] as PdfPageText).map((l) => l.text).join('')).toContain('河口社区');
    expect(markOf(all[9] as PdfPageText)).toBe('河口社区居民委员会执第2份/共3份');
    // one PDF written from all the sets' pages: each face embedded once, not once per village
    const runFonts = await readEmbeddedFonts(new Uint8Array(readFileSync(out(`印制/${TITLE}-全部.pdf`))));
    const setFonts = await readEmbeddedFonts(new Uint8Array(readFileSync(out(`印制/${TITLE}-青龙村.pdf`))));
    expect(runFonts.length).toBe(setFonts.length);
  });

  it('binds the archive copy: the volume’s pages of each 责任书 carry the 存档 mark, and no other copy’s', async () => {
    const volume = await readPdfText(new Uint8Array(readFileSync(out('ZH-综合资料卷.pdf'))));
    const single = await readPdfText(new Uint8Array(readFileSync(out(`ZH-综合资料卷/01-${TITLE}-青龙村.pdf`))));
    const marks = volume.map(markOf).filter((m) => m.includes('份/共'));
    // two villages × the pages of both 责任书 (3 pages the 计分式), each marked as the third copy (the 存档 one)
    expect(marks).toEqual(Array.from({ length: 2 * (single.length + 3) }, () => expect.stringMatching(/镇计生办存档第3份\/共3份/)));
    expect(volume.some((p) => markOf(p).includes('执'))).toBe(false);
  });

  it('duplex (the default): each copy of an odd-length document starts on the front of a sheet — a blank, unmarked back after it', async () => {
    const single = await readPdfText(new Uint8Array(readFileSync(out(`ZH-综合资料卷/03-${SCORED}-青龙村.pdf`))));
    expect(single.length).toBe(3);
    const set = await readPdfText(new Uint8Array(readFileSync(out(`印制/${SCORED}-青龙村.pdf`))));
    // copies at p1, p5, p9; p4 and p8 blank (no text at all, no mark); the file ends with the last copy
    expect(set.length).toBe(11);
    const labels = ['镇人民政府执', '青龙村村民委员会执', '镇计生办存档'];
    for (let copy = 0; copy < 3; copy++) {
      for (let k = 0; k < 3; k++) expect(markOf(set[copy * 4 + k] as PdfPageText)).toBe(`${labels[copy]}第${copy + 1}份/共3份`);
      if (copy < 2) expect(linesOf(set[copy * 4 + 3] as PdfPageText)).toEqual([]);
    }
    expect(linesOf(set[4] as PdfPageText).map((l) => l.text).join('')).toContain('目标管理责任书');
    // the whole run: 2 villages × 3 copies × 4 pages but the last blank; every copy on a front (odd page number)
    const all = await readPdfText(new Uint8Array(readFileSync(out(`印制/${SCORED}-全部.pdf`))));
    expect(all.length).toBe(23);
    const starts = all.flatMap((p, i) => (/第\d份\/共3份/.test(markOf(p)) && (i === 0 || markOf(all[i - 1] as PdfPageText) !== markOf(p)) ? [i + 1] : []));
    expect(starts).toEqual([1, 5, 9, 13, 17, 21]);
    expect(markOf(all[12] as PdfPageText)).toBe('镇人民政府执第1份/共3份');
    expect(linesOf(all[15] as PdfPageText)).toEqual([]);
    // the even-length 责任书's sets are as before: no blank page
    expect((await readPdfText(new Uint8Array(readFileSync(out(`印制/${TITLE}-青龙村.pdf`))))).length).toBe(6);
  });

  it('simplex: copies follow each other with no blank page', async () => {
    expect(simplexReport.ok).toBe(true);
    const set = await readPdfText(new Uint8Array(readFileSync(path.join(simplexDir, 'out', '2025', `印制/${SCORED}-青龙村.pdf`))));
    expect(set.length).toBe(9);
    expect([0, 3, 6].map((i) => markOf(set[i] as PdfPageText))).toEqual(['镇人民政府执第1份/共3份', '青龙村村民委员会执第2份/共3份', '镇计生办存档第3份/共3份']);
    expect(set.every((p) => markOf(p) !== '')).toBe(true);
  });

  it('names the archive copy and fills {列名} from the row', () => {
    expect(archiveCopyIndex(['镇人民政府执', '村民委员会执', '镇计生办存档'])).toBe(2);
    expect(copyLabels(['{委员会}执'], { 委员会: '白岩村村民委员会' })).toEqual(['白岩村村民委员会执']);
    expect(copyMarkText(DEFAULT_COPY_MARK, '镇人民政府执', 1, 3)).toBe('镇人民政府执 第1份/共3份');
  });
});
