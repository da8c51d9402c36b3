// Bound volumes read back from the real PDFs: every 卷内目录 row's 页号 leads to the first page of its 件;
// 件数/页数 on the cover and the 备考表 equal the counted ones; 页号 recto top right / verso top left;
// scans (PDF, JPG) imported; split volumes; an encrypted PDF gives a Chinese error and the rest builds;
// --zip entries carry the UTF-8 flag; two builds give identical bytes.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName, PDFDict } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildReport } from '../../src/build/build.js';
import { blocksOf, elements, openDocx } from '../helpers/docx-read.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';
import { linesOf, readPdfColumnEdges, type PdfPageText } from '../helpers/pdf-read.js';
import { bindWorkspace, contentsRows, pageText, readBound, stampOf } from './fixture.js';

afterAll(cleanupWorkspaces);

const OUT = 'out/2025';
const read = (dir: string, rel: string) => new Uint8Array(readFileSync(path.join(dir, OUT, rel)));

/** Page indices of XObject images per page (scans drawn from JPG/PNG). */
async function imagePages(bytes: Uint8Array): Promise<number[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().flatMap((p, i) => {
    const res = p.node.Resources();
    const xo = res?.lookupMaybe(PDFName.of('XObject'), PDFDict);
    return xo && xo.keys().length > 0 ? [i] : [];
  });
}

describe('bound volume', () => {
  let dir: string;
  let report: BuildReport;
  let pages: PdfPageText[];
  let bytes: Uint8Array;

  beforeAll(async () => {
    dir = makeWorkspace(await bindWorkspace());
    report = await build(dir, { zip: true });
    bytes = read(dir, 'ZH-综合资料卷.pdf');
    pages = await readBound(bytes);
  }, 60_000);

  it('is written with the DOCX, 案卷目录, 脊背 and the zip', () => {
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const f of ['ZH-综合资料卷.pdf', 'ZH-综合资料卷.docx', 'RK-人口计划卷.pdf', 'RK-人口计划卷.docx', '案卷目录.pdf', '脊背.pdf', '澧源镇人民政府-2025.zip']) expect(existsSync(path.join(dir, OUT, f)), f).toBe(true);
    // the received Word file is typeset, not listed to print separately
    expect(report.diagnostics.filter((d) => d.file?.includes('青龙村报告'))).toEqual([]);
  });

  it('gives the 卷内目录’s 题名 the room (≥ 60 of 170 mm; QA minor 1)', async () => {
    const k = pages.findIndex((p) => pageText(p).includes('卷内文件目录'));
    expect(k).toBeGreaterThanOrEqual(0);
    const edges = await readPdfColumnEdges(bytes, k + 1);
    expect(edges).toHaveLength(8);
    const mm = edges.slice(1).map((x, i) => ((x - (edges[i] as number)) * 25.4) / 72);
    expect(mm.reduce((a, b) => a + b, 0)).toBeCloseTo(170, 0);
    expect(mm[3]).toBeGreaterThanOrEqual(60);
  });

  it('numbers document pages 1…N by sheet side: fronts top right, backs top left; each 件 on a front; blank backs unnumbered', () => {
    const stamps = pages.map(stampOf);
    const numbered = stamps.flatMap((s, i) => (s ? [{ ...s, i }] : []));
    expect(numbered.map((s) => s.n)).toEqual(numbered.map((_, k) => k + 1));
    // printed duplex (the default): PDF page i is the front of a sheet when i is even (0-based)
    const front = (i: number) => i % 2 === 0;
    for (const s of numbered) {
      const w = pages[s.i]?.widthMm ?? 210;
      if (front(s.i)) expect(s.xMm, `页号 ${s.n} on a front`).toBeGreaterThan(w - 30);
      else expect(s.xMm, `页号 ${s.n} on a back`).toBeLessThan(20);
    }
    // every 件 starts on a front: the 目录's start pages are stamped on fronts
    for (const r of contentsRows(pages).filter((x) => x.pageNo !== '')) {
      const at = numbered.find((s) => s.n === Number(r.pageNo.split('-')[0]));
      expect(at && front(at.i), `件 ${r.seq} starts on a front`).toBe(true);
    }
    // blank backs: nothing printed, not even a 页号; each follows a part that ended on a front
    const blanks = pages.flatMap((p, i) => (p.items.length === 0 ? [i] : []));
    expect(blanks.length).toBeGreaterThan(0);
    for (const i of blanks) expect(front(i), `blank page ${i + 1}`).toBe(false);
    // cover, 目录 first; 备考表 last
    expect(stamps[0]).toBeUndefined();
    expect(pageText(pages[0] as PdfPageText)).toContain('全宗名称');
    // the cover's back is blank; the 目录 starts on the next front
    expect(pages[1]?.items).toEqual([]);
    expect(pageText(pages[2] as PdfPageText)).toContain('卷内文件目录');
    expect(stamps[2]).toBeUndefined();
    const last = pages[pages.length - 1] as PdfPageText;
    expect(pageText(last)).toContain('卷内备考表');
    expect(stamps[stamps.length - 1]).toBeUndefined();
  });

  it('the Word volume: cover, 目录, notes on scans and 备考表 unnumbered; each 件 numbered from 1, as its own PDF', async () => {
    const docx = await openDocx(read(dir, 'ZH-综合资料卷.docx'));
    const body = docx.part('word/document.xml');
    const rels = docx.part('word/_rels/document.xml.rels');
    const footerOf = (id: string) => docx.part(`word/${elements(rels, 'Relationship').find((r) => r['Id'] === id)?.['Target'] ?? ''}`);
    // each section: numbered from 1? its own footers: with a PAGE field or blank? (none: inherits the previous)
    const sections = blocksOf(body, 'w:sectPr').map((x) => {
      const ref = elements(x, 'w:footerReference').find((r) => r['w:type'] === 'default')?.['r:id'];
      return `${elements(x, 'w:pgNumType')[0]?.['w:start'] === '1' ? 'from 1' : '-'}/${ref === undefined ? 'inherit' : footerOf(ref).includes('PAGE') ? 'numbered' : 'blank'}`;
    });
    // cover, 目录, 上级文件 (scan), 实施意见, 现场照片 (scan), 村级上报文件 (received Word, typeset), 工作总结, 备考表
    // (计生协会章程 is missing)
    expect(sections).toEqual(['-/blank', '-/blank', '-/blank', 'from 1/numbered', '-/blank', 'from 1/numbered', 'from 1/inherit', '-/blank']);
    // printed duplex: every part after the cover starts on the next odd page (Word adds the blank back)
    expect(blocksOf(body, 'w:sectPr').slice(1).map((x) => elements(x, 'w:type')[0]?.['w:val'])).toEqual(Array.from({ length: 7 }, () => 'oddPage'));
  });

  it('every 目录 row points at the first page of its 件', async () => {
    const rows = contentsRows(pages);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    const byStamp = new Map(pages.flatMap((p, i) => {
      const s = stampOf(p);
      return s ? [[s.n, i] as const] : [];
    }));
    const images = await imagePages(bytes);
    const total = Math.max(...byStamp.keys());
    const first = (r: (typeof rows)[number]) => Number(r.pageNo.split('-')[0]);
    for (const r of rows.filter((x) => x.pageNo !== '')) expect(byStamp.has(first(r)), `row ${r.seq} 页号 ${r.pageNo}`).toBe(true);
    const pageOf = (k: number) => pages[byStamp.get(first(rows[k] as (typeof rows)[number])) as number] as PdfPageText;
    // 1: the scanned PDF, imported as is (its own marker text), 3 pages
    expect(rows[0]?.title).toContain('县局通知');
    expect(pageText(pageOf(0))).toContain('SCAN-A-1');
    expect(first(rows[1]!) - first(rows[0]!)).toBe(3);
    // 2: 实施意见 (generated), its title on its first page, before it the scan's last page (3 pages: it ended
    // on a front, so a blank back lies between)
    expect(rows[1]?.title).toContain('实施意见');
    expect(pageText(pageOf(1))).toContain('关于进一步抓好人口和计划生育工作的实施意见');
    const at = byStamp.get(first(rows[1]!)) as number;
    expect(pages[at - 1]?.items).toEqual([]);
    expect(pageText(pages[at - 2] as PdfPageText)).toContain('SCAN-A-3');
    // 3: the JPG, one page with an image and no text but its 页号
    expect(rows[2]?.title).toContain('宣传栏');
    const jpgIndex = byStamp.get(first(rows[2]!)) as number;
    expect(images).toContain(jpgIndex);
    expect(pageText(pages[jpgIndex] as PdfPageText)).toBe(String(first(rows[2]!)));
    // 4: the received DOCX, typeset: its own title in the 目录, pointing at its first page
    // (its 文号 may wrap after the 机关代字 in the 文号 column: the row's lines are read across all columns)
    expect(rows[3]?.title).toContain('县卫健发');
    expect(rows[3]?.title).toContain('〔2025〕12号');
    expect(rows[3]?.title).toContain('计划生育家庭');
    expect(pageText(pageOf(3))).toContain('县卫健发〔2025〕12号');
    // 5: the 总结, last row, shows its range up to the last page
    expect(pageText(pageOf(4))).toContain('人口和计划生育工作总结');
    const lastRow = rows[4]!;
    expect(lastRow.pageNo.includes('-') ? Number(lastRow.pageNo.split('-')[1]) : first(lastRow)).toBe(total);
  });

  it('cover and 备考表 state the counted 件数 and 页数, and the missing item', () => {
    const rows = contentsRows(pages);
    const total = Math.max(...pages.map((p) => stampOf(p)?.n ?? 0));
    expect(pageText(pages[0] as PdfPageText)).toContain(`本卷共${rows.length}件${total}页`);
    expect(pageText(pages[0] as PdfPageText)).toContain('J012-WS·2025-Y-0001');
    const remarks = pageText(pages[pages.length - 1] as PdfPageText);
    expect(remarks).toContain(`本卷共有文件${rows.length}件，共${total}页。`);
    expect(remarks).toContain('计生协会章程');
    expect(remarks).toContain('立卷人：王丽');
    expect(remarks).toContain('检查人：张建国');
    expect(remarks).toContain('立卷时间：2025年12月30日');
  });

  it('zip entries carry the UTF-8 flag (bit 11) and Chinese names', () => {
    const zip = read(dir, '澧源镇人民政府-2025.zip');
    const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    let eocd = zip.length - 22;
    while (eocd > 0 && dv.getUint32(eocd, true) !== 0x06054b50) eocd--;
    const count = dv.getUint16(eocd + 10, true);
    let p = dv.getUint32(eocd + 16, true);
    const names: string[] = [];
    for (let k = 0; k < count; k++) {
      expect(dv.getUint32(p, true)).toBe(0x02014b50);
      const flags = dv.getUint16(p + 8, true);
      const n = dv.getUint16(p + 28, true);
      const extra = dv.getUint16(p + 30, true);
      const comment = dv.getUint16(p + 32, true);
      const name = new TextDecoder().decode(zip.subarray(p + 46, p + 46 + n));
      expect(flags & 0x800, name).toBe(0x800);
      names.push(name);
      p += 46 + n + extra + comment;
    }
    expect(names).toContain('ZH-综合资料卷.pdf');
    expect(names).toContain('案卷目录.pdf');
    expect(names).toContain('缺件清单.md');
    expect(names.some((n) => n.startsWith('ZH-综合资料卷/'))).toBe(true);
  });

  it('gives byte-identical bound PDF, DOCX and zip on a forced rebuild', async () => {
    const before = ['ZH-综合资料卷.pdf', 'ZH-综合资料卷.docx', '澧源镇人民政府-2025.zip', '脊背.pdf', '案卷目录.pdf'].map((f) => read(dir, f));
    await build(dir, { zip: true, force: true });
    const after = ['ZH-综合资料卷.pdf', 'ZH-综合资料卷.docx', '澧源镇人民政府-2025.zip', '脊背.pdf', '案卷目录.pdf'].map((f) => read(dir, f));
    after.forEach((a, i) => expect(Buffer.compare(Buffer.from(a), Buffer.from(before[i] as Uint8Array)), String(i)).toBe(0));
  }, 60_000);
});

describe('split volume', () => {
  it('splits at 件 boundaries into （一）（二）, each with its own cover, 目录, 备考表 and 页号 from 1', async () => {
    const dir = makeWorkspace(await bindWorkspace({ pageLimit: 10 }));
    const report = await build(dir, { formats: ['pdf'] });
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(existsSync(path.join(dir, OUT, 'ZH-综合资料卷.pdf'))).toBe(false);
    const parts = ['ZH-综合资料卷（一）.pdf', 'ZH-综合资料卷（二）.pdf'];
    let items = 0;
    for (const [k, f] of parts.entries()) {
      const pages = await readBound(read(dir, f));
      const nums = pages.flatMap((p) => (stampOf(p) ? [stampOf(p)!.n] : []));
      expect(nums[0]).toBe(1);
      expect(nums.length).toBeLessThanOrEqual(10);
      expect(pageText(pages[0] as PdfPageText)).toContain(`综合资料卷（${k === 0 ? '一' : '二'}）`);
      expect(pageText(pages[pages.length - 1] as PdfPageText)).toContain('卷内备考表');
      const rows = contentsRows(pages);
      expect(rows[0]?.seq).toBe(1);
      items += rows.length;
      expect(pageText(pages[0] as PdfPageText)).toContain(`本卷共${rows.length}件${nums.length}页`);
    }
    expect(items).toBe(5);
    expect(existsSync(path.join(dir, OUT, 'ZH-综合资料卷（三）.pdf'))).toBe(false);
    // 卷号 continue over the parts (永久 0001, 0002) and run within each 保管期限: the 30年 volume is its first
    expect(pageText((await readBound(read(dir, parts[1] as string)))[0] as PdfPageText)).toContain('J012-WS·2025-Y-0002');
    expect(pageText((await readBound(read(dir, 'RK-人口计划卷.pdf')))[0] as PdfPageText)).toContain('J012-WS·2025-D30-0001');
  }, 60_000);
});

describe('bad attachment', () => {
  it('an encrypted PDF is a Chinese error naming the file; the other volumes still build', async () => {
    const dir = makeWorkspace(await bindWorkspace({ encryptedIn: 'RK' }));
    const report = await build(dir, { formats: ['pdf'] });
    expect(report.ok).toBe(false);
    const err = report.diagnostics.find((d) => d.severity === 'error');
    expect(err?.code).toBe('attachment-encrypted');
    expect(err?.message).toContain('附件“attachments/报表/加密报表.pdf”是加密的 PDF');
    expect(err?.hint).toContain('去掉密码');
    expect(existsSync(path.join(dir, OUT, 'ZH-综合资料卷.pdf'))).toBe(true);
    expect(existsSync(path.join(dir, OUT, 'RK-人口计划卷.pdf'))).toBe(false);
    // the 30年 list (the 案卷目录's second page: one list per 保管期限) says why RK is missing, in its 备注
    // column: everything right of the 保管期限 column (永久 / 定期30年, centred in theirs)
    const listPage = (await readBound(read(dir, '案卷目录.pdf')))[1] as PdfPageText;
    const edge = Math.max(...listPage.items.filter((i) => /^(保管期限|永久|定期\d+年)$/.test(i.text.trim())).map((i) => i.xMm + i.widthMm));
    const remark = linesOf({ ...listPage, items: listPage.items.filter((i) => i.xMm >= edge) }).map((l) => l.text).join('');
    expect(remark).toContain('附件有误，未装订');
  }, 60_000);
});

describe('simplex printing', () => {
  it('print: simplex puts every page on a front: no blank backs, every 页号 top right, Word sections on the next page', async () => {
    const dir = makeWorkspace(await bindWorkspace({ print: 'simplex' }));
    const report = await build(dir, { formats: ['pdf', 'docx'], volumes: ['ZH'] });
    expect(report.ok).toBe(true);
    const pages = await readBound(read(dir, 'ZH-综合资料卷.pdf'));
    expect(pages.filter((p) => p.items.length === 0)).toEqual([]);
    const stamps = pages.flatMap((p) => {
      const s = stampOf(p);
      return s ? [{ ...s, w: p.widthMm }] : [];
    });
    expect(stamps.map((s) => s.n)).toEqual(stamps.map((_, k) => k + 1));
    for (const s of stamps) expect(s.xMm, `页号 ${s.n}`).toBeGreaterThan(s.w - 30);
    const body = (await openDocx(read(dir, 'ZH-综合资料卷.docx'))).part('word/document.xml');
    expect(new Set(blocksOf(body, 'w:sectPr').slice(1).map((x) => elements(x, 'w:type')[0]?.['w:val']))).toEqual(new Set(['nextPage']));
  }, 60_000);
});

describe('cover style', () => {
  it('dossier.yaml cover: simple prints the seeds cover (立档单位, 卷名, 年度)', async () => {
    const dir = makeWorkspace(await bindWorkspace({ cover: 'simple' }));
    const report = await build(dir, { formats: ['pdf'], volumes: ['RK'] });
    expect(report.ok).toBe(true);
    const cover = pageText((await readBound(read(dir, 'RK-人口计划卷.pdf')))[0] as PdfPageText);
    expect(cover).toContain('澧源镇人民政府');
    expect(cover).toContain('人口计划卷');
    expect(cover).toContain('2025年度');
    expect(cover).not.toContain('全宗名称');
  }, 60_000);
});
