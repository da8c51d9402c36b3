// Hostile attachments, bound for real (issue 15, items 7, 8, 19 and the messages on scans): one workspace,
// one volume per case, built once. A bad scan stops its own volume with one Chinese message naming the
// file; every other volume is bound; what is bound carries no script, no action but a plain GoTo, no
// embedded file; big pictures are averaged down to 300 dpi; phone photos stand as they were taken.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { build, type BuildReport } from '../../src/build/build.js';
import { sortDiagnostics } from '../../src/diag/diagnostic.js';
import { JPG_60x40 } from '../bind/images.js';
import { line } from '../helpers/diagnose.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';
import { BROKEN_OBJECTS_PDF, JPEG_HEADER_ONLY, ODD_SIZES_PDF, PLAIN_PDF, pngOf, SCRIPTED_PDF, withOrientation } from './fixtures.js';

afterAll(cleanupWorkspaces);

const CASES: Record<string, { title: string; file: string; content: string | Uint8Array }> = {
  OK: { title: '正常卷', file: '通知.pdf', content: PLAIN_PDF },
  JS: { title: '脚本卷', file: '带脚本.pdf', content: SCRIPTED_PDF },
  BIG: { title: '巨图卷', file: '巨图.png', content: pngOf(40000, 40000, 4) },
  DOWN: { title: '大图卷', file: '大图.png', content: pngOf(6000, 4000) },
  CUT: { title: '残图卷', file: '残图.png', content: pngOf(3000, 3000, 10) },
  HDR: { title: '空头卷', file: '空头.jpg', content: JPEG_HEADER_ONLY },
  EXIF: { title: '照片卷', file: '竖拍.jpg', content: withOrientation(Uint8Array.from(Buffer.from(JPG_60x40, 'base64')), 6) },
  SIZE: { title: '尺寸卷', file: '怪尺寸.pdf', content: ODD_SIZES_PDF },
  BAD: { title: '损坏卷', file: '有坏对象.pdf', content: BROKEN_OBJECTS_PDF },
};

const catalog = `name: 测试目录
volumes:
${Object.entries(CASES)
  .map(([code, c]) => `  - code: ${code}\n    title: ${c.title}\n    retention: 永久\n    items:\n      - title: 材料\n        attach: ${code}/*\n`)
  .join('')}`;

let dir = '';
let report: BuildReport;
let lines: string[] = [];
const warned: string[] = [];

const volume = (code: string) => path.join(dir, 'out/2025', `${code}-${CASES[code]?.title}.pdf`);

beforeAll(async () => {
  const files: Record<string, string | Uint8Array> = {
    'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [pdf]\ndate: 2025-12-30\n',
    'catalog/test.yaml': catalog,
  };
  for (const [code, c] of Object.entries(CASES)) files[`attachments/${code}/${c.file}`] = c.content;
  dir = makeWorkspace(files);
  const spy = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    warned.push(args.map(String).join(' '));
  });
  try {
    report = await build(dir);
  } finally {
    spy.mockRestore();
  }
  lines = sortDiagnostics(report.diagnostics).map(line);
}, 120_000);

/** Every object of a PDF, resolved (indirect objects and what they hold). */
function objectsOf(doc: PDFDocument): PDFObject[] {
  return doc.context.enumerateIndirectObjects().map(([, o]) => o);
}

function dictsOf(doc: PDFDocument): PDFDict[] {
  const out: PDFDict[] = [];
  const seen = new Set<PDFObject>();
  const walk = (o: PDFObject | undefined): void => {
    if (o === undefined || seen.has(o)) return;
    seen.add(o);
    if (o instanceof PDFRawStream) walk(o.dict);
    else if (o instanceof PDFArray) for (let i = 0; i < o.size(); i++) walk(o.get(i));
    else if (o instanceof PDFDict) {
      out.push(o);
      for (const [, v] of o.entries()) if (!(v instanceof PDFRef)) walk(v);
    }
  };
  for (const o of objectsOf(doc)) walk(o);
  return out;
}

describe('a bad scan stops only its own volume, with one Chinese message naming the file', () => {
  it('lists exactly the expected errors', () => {
    expect(lines.filter((l) => l.startsWith('E '))).toEqual([
      'E attachments/BIG/巨图.png 附件“attachments/BIG/巨图.png”图片有 40000×40000 像素（16.0 亿），超过上限 3 亿像素，未能装订进案卷（巨图卷）',
      'E attachments/CUT/残图.png 附件“attachments/CUT/残图.png”不是有效的 JPG 或 PNG 图片（文件已损坏或格式不符：图片数据不完整（只有 10 行，应有 3000 行）），未能装订进案卷（残图卷）',
      'E attachments/HDR/空头.jpg 附件“attachments/HDR/空头.jpg”图片有 65000×65000 像素（42.3 亿），超过上限 3 亿像素，未能装订进案卷（空头卷）',
    ]);
    expect(report.ok).toBe(false);
  });

  it('binds every other volume; the refused ones get no bound volume (never a blank page)', () => {
    for (const code of ['OK', 'JS', 'DOWN', 'EXIF', 'SIZE', 'BAD']) expect(existsSync(volume(code)), code).toBe(true);
    for (const code of ['BIG', 'CUT', 'HDR']) expect(existsSync(volume(code)), code).toBe(false);
  });
});

describe('imported PDF pages carry no scripts, actions or embedded files (item 7)', () => {
  it('no JavaScript, automatic action, form submission or file is left; the plain GoTo link stays', async () => {
    const doc = await PDFDocument.load(readFileSync(volume('JS')));
    const dicts = dictsOf(doc);
    const bad = ['JS', 'JavaScript', 'AA', 'OpenAction', 'EF', 'EmbeddedFiles', 'EmbeddedFile'];
    expect(dicts.flatMap((d) => d.keys().map((k) => k.decodeText()).filter((k) => bad.includes(k)))).toEqual([]);
    const types = dicts.flatMap((d) => [d.get(PDFName.of('S')), d.get(PDFName.of('Subtype')), d.get(PDFName.of('Type'))]).filter((v): v is PDFName => v instanceof PDFName).map((v) => v.decodeText());
    for (const t of ['JavaScript', 'SubmitForm', 'Launch', 'FileAttachment', 'EmbeddedFile']) expect(types).not.toContain(t);
    const gotos = dicts.filter((d) => d.get(PDFName.of('S')) === PDFName.of('GoTo'));
    expect(gotos).toHaveLength(1);
    expect(gotos[0]?.has(PDFName.of('Next'))).toBe(false);
    expect(lines).toContain('W attachments/JS/带脚本.pdf 附件“attachments/JS/带脚本.pdf”含有脚本、自动动作或嵌入的文件（6 处），已去除，只装订页面内容（脚本卷）');
  });
});

describe('pictures (items 8 and 19)', () => {
  /** Width and height of each image XObject of a PDF. */
  async function images(file: string): Promise<{ w: number; h: number }[]> {
    const doc = await PDFDocument.load(readFileSync(file));
    return objectsOf(doc)
      .filter((o): o is PDFRawStream => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'))
      .map((o) => ({ w: (o.dict.get(PDFName.of('Width')) as PDFNumber).asNumber(), h: (o.dict.get(PDFName.of('Height')) as PDFNumber).asNumber() }));
  }

  it('a 6000×4000 PNG is bound averaged down to the page at 300 dpi (265 × 178 mm box: 3129 px wide)', async () => {
    expect(await images(volume('DOWN'))).toEqual([{ w: 3129, h: 2086 }]);
  });

  it('a phone photo stored 60×40 with EXIF orientation 6 is bound upright on a portrait page, turned a quarter clockwise', async () => {
    const doc = await PDFDocument.load(readFileSync(volume('EXIF')));
    const scanPage = doc.getPages().find((p) => (p.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict)?.keys().length ?? 0) > 0);
    expect(scanPage).toBeDefined();
    const { width, height } = scanPage?.getSize() ?? { width: 0, height: 0 };
    expect(width).toBeLessThan(height);
    const contents = scanPage?.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    const text = streams.map((s) => (s instanceof PDFRawStream ? (s.dict.get(PDFName.of('Filter')) ? inflateSync(s.contents) : Buffer.from(s.contents)).toString('latin1') : '')).join('\n');
    const m = /(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) cm\s*\/[^\s]+ Do/.exec(text);
    expect(m).not.toBeNull();
    const [a, b, c, d] = (m ?? []).slice(1, 5).map(Number);
    // [0 -h w 0 x y+h]: the stored top row becomes the right-hand column
    expect([a, Math.sign(b ?? 0), Math.sign(c ?? 0), d]).toEqual([0, -1, 1, 0]);
  });
});

describe('messages on scans', () => {
  it('absurd page sizes (14400 pt, 10 pt) are named in a warning', () => {
    expect(lines).toContain('W attachments/SIZE/怪尺寸.pdf 附件“attachments/SIZE/怪尺寸.pdf”第 1、2 页的页面尺寸不正常（5080×5080 毫米，A4 是 210×297 毫米），打印出来会被缩得看不清或只印出一角（尺寸卷）');
  });

  it("pdf-lib's English “Trying to parse invalid object” stays off the console; the clerk reads it in Chinese", () => {
    expect(warned.filter((w) => /invalid object|Invalid object ref/i.test(w))).toEqual([]);
    expect(lines).toContain('W attachments/BAD/有坏对象.pdf 附件“attachments/BAD/有坏对象.pdf”有 4 处内部结构损坏，已尽量读取后装订（损坏卷）');
  });
});
