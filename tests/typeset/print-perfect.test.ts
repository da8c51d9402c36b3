//! Print-perfect, read back from the real files of examples/澧源镇 and the 计生服务站 scaffold, built once:
//! the words of every document's PDF equal those of its DOCX; no glyph right of the 版心 on a portrait page;
//! two-line titles broken between words (checked against a list typed here); every bound volume's 页号 in the
//! corner of its sheet side, 10 mm clear of a landscape page's binding edge (poppler's boxes).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { blocksOf, openDocx, textOf } from '../helpers/docx-read.js';
import { linesOf, readPdfText, type PdfPageText } from '../helpers/pdf-read.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCES = { 澧源镇: 'examples/澧源镇', 计生服务站: 'scaffold/计生服务站' } as const;
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

interface Built {
  name: string;
  out: string;
  /** per-document files: stem (folder/NN-题名) → both formats */
  docs: { stem: string; pdf: string; docx: string }[];
  volumes: string[];
}

const built: Built[] = [];
const pdfCache = new Map<string, PdfPageText[]>();
const readPdf = async (file: string): Promise<PdfPageText[]> => {
  let p = pdfCache.get(file);
  if (!p) {
    p = await readPdfText(new Uint8Array(readFileSync(file)));
    pdfCache.set(file, p);
  }
  return p;
};

beforeAll(async () => {
  for (const [name, rel] of Object.entries(SOURCES)) {
    const root = mkdtempSync(path.join(tmpdir(), 'dossier-pp-'));
    roots.push(root);
    const ws = path.join(root, 'ws');
    cpSync(path.join(ROOT, rel), ws, { recursive: true, filter: (s) => !s.split(path.sep).includes('out') });
    const report = await build(ws, { formats: ['pdf', 'docx'] });
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const year = readdirSync(path.join(ws, 'out')).find((d) => /^\d{4}$/.test(d)) as string;
    const out = path.join(ws, 'out', year);
    const docs: Built['docs'] = [];
    const volumes: string[] = [];
    for (const entry of readdirSync(out, { withFileTypes: true })) {
      if (entry.isFile() && /^[A-Z]+\d*-.*\.pdf$/.test(entry.name)) volumes.push(path.join(out, entry.name));
      if (!entry.isDirectory() || !/^[A-Z]/.test(entry.name)) continue;
      for (const f of readdirSync(path.join(out, entry.name)).filter((n) => n.endsWith('.pdf')).sort()) {
        const stem = path.join(entry.name, f.slice(0, -4));
        docs.push({ stem, pdf: path.join(out, `${stem}.pdf`), docx: path.join(out, `${stem}.docx`) });
      }
    }
    built.push({ name, out, docs, volumes: volumes.sort() });
  }
}, 240_000);

/** A page's text without its 页码 ("— 3 —") and whitespace. */
const pageWords = (p: PdfPageText): string => p.items.map((i) => i.text).join('').replace(/\s+/g, '').replace(/—\d+—$/, '');

describe('PDF and Word say the same', () => {
  it('every document of both workspaces: the words of the PDF equal the words of the DOCX', async () => {
    let compared = 0;
    const differ: string[] = [];
    for (const b of built) {
      for (const d of b.docs) {
        const pages = await readPdf(d.pdf);
        const xml = (await openDocx(new Uint8Array(readFileSync(d.docx)))).part('word/document.xml');
        // a table's header rows are printed again at the top of every page of the PDF, once in Word (its
        // w:tblHeader rows): a page after the first that starts with a table's header words drops them
        const headers = blocksOf(xml, 'w:tbl')
          .map((t) => blocksOf(t, 'w:tr').filter((r) => r.includes('<w:tblHeader/>')).map((r) => textOf(r)).join('').replace(/\s+/g, ''))
          .filter((h) => h !== '');
        let pdf = '';
        pages.forEach((p, k) => {
          const words = pageWords(p);
          const h = k > 0 ? headers.find((x) => words.startsWith(x)) : undefined;
          pdf += h ? words.slice(h.length) : words;
        });
        const docx = textOf(xml).replace(/\s+/g, '');
        compared++;
        if (pdf !== docx) differ.push(`${b.name} ${d.stem}\n  PDF:  ${firstDiff(pdf, docx)}\n  DOCX: ${firstDiff(docx, pdf)}`);
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(differ).toEqual([]);
  });

  it('every bound volume: the Word volume has the PDF’s cover, word for word', async () => {
    const differ: string[] = [];
    let covers = 0;
    for (const b of built) {
      for (const v of b.volumes) {
        const [cover] = await readPdf(v);
        const body = (await openDocx(new Uint8Array(readFileSync(v.replace(/\.pdf$/, '.docx'))))).part('word/document.xml');
        const first = textOf(body.slice(0, body.indexOf('<w:sectPr'))).replace(/\s+/g, '');
        const pdf = pageWords(cover as PdfPageText);
        covers++;
        if (pdf !== first) differ.push(`${path.basename(v)}\n  PDF:  ${firstDiff(pdf, first)}\n  DOCX: ${firstDiff(first, pdf)}`);
        expect(pdf).toContain('全宗名称');
      }
    }
    expect(covers).toBeGreaterThan(10);
    expect(differ).toEqual([]);
  });
});

function firstDiff(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `…${a.slice(Math.max(0, i - 12), i)}⟨${a.slice(i, i + 24)}⟩`;
}

describe('text inside the 版心', () => {
  it('no glyph on a portrait page runs right of the 版心 (28 + 156 mm) or left of it', async () => {
    const out: string[] = [];
    for (const b of built) {
      for (const d of b.docs) {
        const pages = await readPdf(d.pdf);
        pages.forEach((p, k) => {
          if (p.widthMm > p.heightMm) return;
          for (const it of p.items) {
            if (it.text.trim() === '') continue;
            const right = it.xMm + it.widthMm;
            if (right > 184 + 0.3 || it.xMm < 28 - 0.3) out.push(`${d.stem} p${k + 1} “${it.text}” ${it.xMm.toFixed(1)}–${right.toFixed(1)} mm`);
          }
        });
      }
    }
    expect(out).toEqual([]);
  });
});

/** Words a title must never be broken inside (GB/T 9704 7.3.1 词意完整), typed from the documents' titles. */
const WORDS = [
  '澧源镇', '人民政府', '委员会', '计划生育', '人口', '领导小组', '实施意见', '实施方案', '工作', '关于', '进一步', '调整',
  '新农村', '新家庭', '示范村', '违法生育', '综合治理', '关爱女孩', '婚育新风', '进万家', '工资', '信息员', '计生专干',
  '专项治理', '目标管理', '责任书', '流动人口', '考核方案', '考核结果', '工作要点', '工作安排', '工作总结', '情况表', '三结合',
  '服务站', '技术服务', '登记册', '花名册', '通知', '通报', '创建', '活动', '协会', '会员', '完成',
];

describe('titles broken between words', () => {
  it('every two-line title of both workspaces breaks outside the listed words', async () => {
    const broken: string[] = [];
    let twoLine = 0;
    for (const b of built) {
      for (const d of b.docs) {
        const [first] = await readPdf(d.pdf);
        if (!first) continue;
        // title lines: 2号 (22 pt) text in the top half of the first page, centred
        const lines = linesOf(first).filter((l) => Math.abs(l.sizePt - 22) < 0.5 && l.yMm < 150 && !/文件$/.test(l.text));
        if (lines.length < 2) continue;
        twoLine++;
        for (let k = 0; k + 1 < lines.length; k++) {
          const a = (lines[k] as { text: string }).text;
          const c = (lines[k + 1] as { text: string }).text;
          const joined = a + c;
          for (const w of WORDS) {
            for (let at = joined.indexOf(w); at >= 0; at = joined.indexOf(w, at + 1)) {
              if (at < a.length && at + w.length > a.length) broken.push(`${d.stem}: ${a} / ${c} (${w})`);
            }
          }
        }
      }
    }
    expect(twoLine).toBeGreaterThan(30);
    expect(broken).toEqual([]);
  });
});

/** Poppler's word boxes of a page (mm): text, xMin, yMin, xMax. */
function bboxWords(file: string, page: number): { text: string; x0: number; y0: number; x1: number }[] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  const mm = (v: string) => (Number(v) * 25.4) / 72;
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ text: m[4] as string, x0: mm(m[1] as string), y0: mm(m[2] as string), x1: mm(m[3] as string) }));
}

describe('bound volumes: covers', () => {
  it('档号 and 保管期限 as DA/T 22 writes them, each one unbroken token in the text layer (pdftotext -raw)', () => {
    let n = 0;
    for (const b of built) {
      for (const v of b.volumes) {
        const raw = execFileSync('pdftotext', ['-raw', '-f', '1', '-l', '1', v, '-'], { encoding: 'utf8' });
        const tokens = raw.split(/\s+/);
        const code = tokens.find((t) => /WS·\d{4}-/.test(t));
        expect(code, path.basename(v)).toMatch(/^([A-Z0-9]+-)?WS·\d{4}-(Y|D30|D10)-\d{4}$/);
        const retention = /-(Y|D30|D10)-/.exec(code as string)?.[1] as string;
        const label = { Y: '永久', D30: '定期30年', D10: '定期10年' }[retention] as string;
        expect(tokens, path.basename(v)).toContain(`${label}（${retention}）`);
        expect(tokens, path.basename(v)).toContain(label);
        n++;
      }
    }
    expect(n).toBeGreaterThan(10);
  });
});

describe('bound volumes: 页号 by sheet side', () => {
  it('fronts top right, backs top left, blank backs unnumbered, landscape pages 10 mm clear of the binding edge', async () => {
    const wrong: string[] = [];
    let stamps = 0;
    let landscape = 0;
    for (const b of built) {
      for (const v of b.volumes) {
        const pages = await readPdf(v);
        let expected = 1;
        for (let i = 0; i < pages.length; i++) {
          const p = pages[i] as PdfPageText;
          const front = i % 2 === 0; // printed duplex: the PDF's odd pages are the fronts
          const stamp = p.items.find((it) => it.yMm < 20 && /^\d+$/.test(it.text.trim()));
          if (p.items.length === 0) {
            if (front) wrong.push(`${path.basename(v)} p${i + 1}: a blank front`);
            continue;
          }
          if (!stamp) continue;
          stamps++;
          if (Number(stamp.text) !== expected++) wrong.push(`${path.basename(v)} p${i + 1}: 页号 ${stamp.text}`);
          const ok = front ? stamp.xMm > p.widthMm - 30 : stamp.xMm < 20;
          if (!ok) wrong.push(`${path.basename(v)} p${i + 1}: 页号 ${stamp.text} at ${stamp.xMm.toFixed(1)} mm on a ${front ? 'front' : 'back'}`);
          if (p.widthMm > p.heightMm) {
            landscape++;
            const box = bboxWords(v, i + 1).find((w) => w.text === stamp.text.trim() && w.y0 < 20);
            if (!box || box.y0 < 10) wrong.push(`${path.basename(v)} p${i + 1}: landscape 页号 ${box?.y0.toFixed(1)} mm from the binding edge`);
          }
        }
      }
    }
    expect(stamps).toBeGreaterThan(120);
    expect(landscape).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });
});
