//! Test fixtures for the binder: a workspace with generated documents, a scanned PDF, a JPG, a DOCX and a
//! missing required item; scanned and encrypted PDFs made with pdf-lib; the bound PDF read back.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { linesOf, readPdfText, type PdfPageText } from '../helpers/pdf-read.js';
import { JPG_60x40 } from './images.js';

/** A PDF "scan" of `pages` pages, each carrying the ASCII marker `${marker}-${n}`. */
export async function scanPdf(marker: string, pages: number, rotate = 0): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) {
    const p = doc.addPage([595.28, 841.89]);
    p.drawText(`${marker}-${n}`, { x: 200, y: 400, size: 20, font });
    if (rotate) p.setRotation(degrees(rotate));
  }
  return doc.save();
}

/** A PDF whose trailer says it is encrypted (pdf-lib refuses it as it would a real one). */
export async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.addPage();
  const enc = doc.context.obj({ Filter: 'Standard', V: 1, R: 2, P: -44, O: 'x'.repeat(32), U: 'y'.repeat(32) });
  doc.context.trailerInfo.Encrypt = doc.context.register(enc);
  return doc.save();
}

const para = (n: number): string => `${'乡镇人口和计划生育工作要坚持以人为本，统筹解决人口问题，'.repeat(n)}切实做好各项工作。`;

/** Workspace files: volume ZH (documents, scans, a DOCX, a missing item) and volume RK (one document). */
export async function bindWorkspace(opts: { pageLimit?: number; cover?: 'simple'; encryptedIn?: 'RK'; print?: 'simplex' | 'duplex' } = {}): Promise<Record<string, string | Uint8Array>> {
  return {
    'dossier.yaml': `unit: 澧源镇人民政府\nfonds: "J012"\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [pdf, docx]\npreparer: 王丽\nchecker: 张建国\ndate: 2025-12-30\n${opts.cover ? `cover: ${opts.cover}\n` : ''}${opts.print ? `print: ${opts.print}\n` : ''}`,
    'catalog/test.yaml': `name: 测试目录
volumes:
  - code: ZH
    title: 综合资料卷
    retention: 永久
    category: 综合
${opts.pageLimit ? `    pageLimit: ${opts.pageLimit}\n` : ''}    items:
      - title: 上级文件
        attach: 上级/*.pdf
        number: 县人口发〔2025〕3号
        responsible: 县人口计生局
      - title: 实施意见
        template: 意见
      - title: 现场照片
        attach: 照片/*.jpg
      - title: 村级上报文件
        attach: 村级/*.docx
      - title: 工作总结
        template: 总结
      - title: 计生协会章程
        attach: 章程/*.pdf
  - code: RK
    title: 人口计划卷
    retention: 30年
    items:
      - title: 人口计划
        template: 总结
${opts.encryptedIn === 'RK' ? '      - title: 报表\n        attach: 报表/*.pdf\n' : ''}`,
    'templates/意见.md.hbs': `---\ntitle: 关于进一步抓好人口和计划生育工作的实施意见\nnumber: 澧政发〔2025〕38号\nissuer: 澧源镇人民政府\ndate: 2025-03-05\n---\n${Array.from({ length: 24 }, () => para(5)).join('\n\n')}\n`,
    'templates/总结.md.hbs': `---\ntitle: 人口和计划生育工作总结\ndate: 2025-12-20\n---\n${para(3)}\n`,
    'attachments/上级/县局通知.pdf': await scanPdf('SCAN-A', 3),
    'attachments/照片/宣传栏.jpg': Buffer.from(JPG_60x40, 'base64'),
    // a received Word file: typeset as a document (a damaged one is an error: tests/word/word-build.test.ts)
    'attachments/村级/青龙村报告.docx': readFileSync(path.join(import.meta.dirname, '../word/fixtures/上级来文.docx')),
    ...(opts.encryptedIn === 'RK' ? { 'attachments/报表/加密报表.pdf': await encryptedPdf() } : {}),
  };
}

/** 页号 stamps: numbers alone in the top 20 mm of a page. */
export function stampOf(page: PdfPageText): { n: number; xMm: number } | undefined {
  const s = page.items.find((i) => i.yMm < 20 && /^\d+$/.test(i.text.trim()));
  return s ? { n: Number(s.text.trim()), xMm: s.xMm } : undefined;
}

export interface ContentsRow {
  seq: number;
  title: string;
  pageNo: string;
}

/**
 * The rows of the 卷内目录 pages: a row is the band around its 顺序号 (the leftmost number); its 页号 the
 * rightmost short number or range in the band (the 日期 has 8 digits); its title the band's whole text.
 */
export function contentsRows(pages: PdfPageText[]): ContentsRow[] {
  const rows: ContentsRow[] = [];
  for (const page of pages) {
    if (!page.items.some((i) => i.text.includes('卷内文件目录'))) continue;
    const left = Math.min(...page.items.map((i) => i.xMm));
    const seqs = page.items.filter((i) => i.xMm < left + 12 && /^\d+$/.test(i.text.trim())).sort((a, b) => a.yMm - b.yMm);
    seqs.forEach((s, k) => {
      const lo = k === 0 ? s.yMm - 10 : (s.yMm + (seqs[k - 1]?.yMm ?? 0)) / 2;
      const hi = k === seqs.length - 1 ? s.yMm + 10 : (s.yMm + (seqs[k + 1]?.yMm ?? 0)) / 2;
      const band = page.items.filter((i) => i.yMm >= lo && i.yMm < hi && i !== s);
      const nums = band.filter((i) => /^\d{1,4}(-\d{1,4})?$/.test(i.text.trim())).sort((a, b) => b.xMm - a.xMm);
      const title = linesOf({ ...page, items: band }).map((l) => l.text).join('');
      rows.push({ seq: Number(s.text.trim()), title, pageNo: nums[0]?.text.trim() ?? '' });
    });
  }
  return rows;
}

export async function readBound(bytes: Uint8Array): Promise<PdfPageText[]> {
  return readPdfText(bytes);
}

export const pageText = (p: PdfPageText): string => linesOf(p).map((l) => l.text).join('');
