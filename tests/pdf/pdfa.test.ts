// PDF/A-2b: every PDF the example workspace makes (documents, print sets, volumes, 案卷目录, 脊背) passes
// the structural checks veraPDF makes (tests/helpers/pdfa-check.ts, no Java); the scans bound into volumes
// are fixed (standard fonts embedded) or, when they cannot be (CMYK), their volume is plain PDF and says so.
// scripts/preflight.sh runs PDFBox Preflight on the same outputs in .ci/run.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fg from 'fast-glob';
import { cmyk, PDFDict, PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opaquePng, prepareAttachmentForPdfA } from '../../src/bind/attachment-pdfa.js';
import { build, type BuildReport } from '../../src/build/build.js';
import { savePdf } from '../../src/generators/pdf/pdfa/index.js';
import { srgbProfile, srgbToLinear } from '../../src/generators/pdf/pdfa/icc.js';
import { writePdf } from '../../src/generators/pdf/write.js';
import { layoutDocument } from '../../src/layout/index.js';
import { docOf, testFonts } from '../helpers/pdf-docs.js';
import { checkPdfA } from '../helpers/pdfa-check.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/澧源镇');
let root = '';
let out = '';
let report: BuildReport;
let files: string[] = [];

/** A photographed form as a PNG with a half-transparent stamp (alpha channel): 40 × 30 px. */
function alphaPng(): Uint8Array {
  const upng = (createRequire(import.meta.url)('@pdf-lib/upng') as { default: typeof import('@pdf-lib/upng') }).default;
  const px = new Uint8Array(40 * 30 * 4);
  for (let i = 0; i < px.length; i += 4) px.set(i < px.length / 2 ? [255, 0, 0, 128] : [0, 0, 255, 255], i);
  return new Uint8Array(upng.encode([px.buffer], 40, 30, 0));
}

/** An attachment drawn in CMYK (as some office printers' “scan to PDF” write). */
async function cmykPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([595.28, 841.89]);
  page.drawRectangle({ x: 72, y: 400, width: 450, height: 300, color: cmyk(0, 1, 1, 0) });
  return doc.save();
}

/** A scan-to-PDF page whose text is set in Helvetica, not embedded (as many scanners write it). */
async function helveticaPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('Scanned form 2025', { x: 72, y: 760, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return doc.save();
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'dossier-pdfa-'));
  const ws = path.join(root, 'ws');
  cpSync(EXAMPLE, ws, { recursive: true, filter: (s) => !s.split(path.sep).includes('out') });
  writeFileSync(path.join(ws, 'attachments/综合资料卷/上级文件/市卫健委转发的彩色通知.pdf'), await cmykPdf());
  writeFileSync(path.join(ws, 'attachments/人口计划卷/半年报表/报表盖章页.png'), alphaPng());
  writeFileSync(path.join(ws, 'attachments/人口计划卷/半年报表/报表封面（扫描）.pdf'), await helveticaPdf());
  report = await build(ws, { formats: ['pdf'] });
  out = path.join(ws, 'out', '2025');
  files = (await fg('**/*.pdf', { cwd: out })).sort();
}, 180_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('PDF/A-2b over every output of the example', () => {
  it('makes the documents, print sets, volumes and year lists', () => {
    expect(report.ok).toBe(true);
    expect(files.length).toBeGreaterThan(120);
    expect(files).toContain('案卷目录.pdf');
    expect(files).toContain('脊背.pdf');
    expect(files.filter((f) => f.startsWith('印制/')).length).toBeGreaterThan(3);
  });

  it('every file but the volume with the CMYK scan passes, with unique IDs and subset tags per program', async () => {
    const failures: string[] = [];
    const ids = new Map<string, string>();
    for (const f of files) {
      if (f === 'ZH-综合资料卷.pdf') continue;
      const bytes = new Uint8Array(readFileSync(path.join(out, f)));
      const c = await checkPdfA(bytes);
      for (const p of c.problems) failures.push(`${f}: ${p}`);
      // same content, same ID (one document bound in two volumes is the same file); else different
      const sha = createHash('sha256').update(bytes).digest('hex');
      if (ids.has(c.id) && ids.get(c.id) !== sha) failures.push(`${f}: /ID of another file`);
      ids.set(c.id, sha);
    }
    expect(ids.size).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  }, 120_000);

  it('dates are the 成文日期, keywords the 文号 or 档号, author the issuing 机关', async () => {
    const notice = files.find((f) => /^RK-人口计划卷\/\d+-办理二孩生育指标须知\.pdf$/.test(f)) as string;
    const doc = await checkPdfA(new Uint8Array(readFileSync(path.join(out, notice))));
    expect(doc.info['CreationDate']).toBe('D:20250105000000Z');
    expect(doc.xmp['xmp:createdate']).toBe('2025-01-05T00:00:00Z');
    expect(doc.xmp['dc:creator']).toEqual(['澧源镇人民政府']);
    const vol = await checkPdfA(new Uint8Array(readFileSync(path.join(out, 'RK-人口计划卷.pdf'))));
    expect(vol.info['Keywords']).toMatch(/^J012-WS·2025-(Y|D10|D30)-\d{4}$/);
    expect(vol.xmp['pdf:keywords']).toBe(vol.info['Keywords']);
    expect(vol.info['CreationDate']).toBe('D:20251230000000Z'); // 立卷时间 (dossier.yaml date)
  });

  it('the Helvetica of the scan is embedded as Arimo (same widths), and the PNG scan placed opaque, in the PDF/A volume', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(out, 'RK-人口计划卷.pdf')));
    const c = await checkPdfA(bytes);
    expect(c.problems).toEqual([]);
    expect(c.fonts.filter((f) => /^[A-Z]{6}\+Arimo-Regular$/.test(f))).toHaveLength(1);
    expect(c.fonts.filter((f) => /Helvetica/.test(f))).toEqual([]);
    expect(c.images).toBe(1); // the PNG, flattened: no soft mask image beside it
    expect(new Set(c.fonts.map((f) => f.slice(0, 6))).size).toBe(c.fonts.length);
  });

  it('the volume with the CMYK scan is plain PDF, and the build says which file and what to do', async () => {
    const c = await checkPdfA(new Uint8Array(readFileSync(path.join(out, 'ZH-综合资料卷.pdf'))));
    expect(c.xmp['pdfaid:part']).toBeUndefined();
    expect(c.problems).toContain('catalog: no /Metadata stream');
    expect(c.problems).toContain('output intents: 0 GTS_PDFA1');
    const w = report.diagnostics.filter((d) => d.code === 'attachment-not-pdfa');
    expect(w.map((d) => [d.file, d.message])).toEqual([
      ['attachments/综合资料卷/上级文件/市卫健委转发的彩色通知.pdf', expect.stringContaining('使用了 CMYK 颜色，不能放进 PDF/A 文件：综合资料卷的 PDF 按普通 PDF 生成')],
    ]);
    expect(w[0]?.hint).toMatch(/重新扫描为图像 PDF/);
  });
});

describe('pdfa: false', () => {
  it('writes plain PDF: no XMP packet, no output intent, but the content-derived /ID and subset tags', async () => {
    const fonts = await testFonts();
    const paged = layoutDocument(docOf([{ t: 'para', indent: true, content: [{ t: 'text', text: '普通 PDF，不标 PDF/A。' }] }]), fonts);
    const created = new Date(Date.UTC(2025, 11, 31));
    const plain = await checkPdfA(await writePdf(paged, fonts, { created, pdfa: false }));
    // only what PDF/A adds is missing (the XMP fields then differ from Info, being absent)
    expect(plain.problems.filter((p) => !p.startsWith('xmp:')).sort()).toEqual(['0 ICC profiles (one expected)', '0 XMP packets', 'catalog: no /Metadata stream', 'output intent: no DestOutputProfile', 'output intents: 0 GTS_PDFA1']);
    expect(plain.xmp).toEqual({});
    const pdfa = await checkPdfA(await writePdf(paged, fonts, { created }));
    expect(pdfa.problems).toEqual([]);
    expect([...pdfa.tags.keys()]).toEqual([...plain.tags.keys()]);
  });
});

describe('attached PDFs', () => {
  it('standard fonts of every family are embedded with their widths; JavaScript links lose the script', async () => {
    const src = await PDFDocument.create({ updateMetadata: false });
    const page = src.addPage([595, 842]);
    const fonts = [StandardFonts.Helvetica, StandardFonts.TimesRomanBold, StandardFonts.CourierOblique, StandardFonts.HelveticaBoldOblique];
    for (const [i, name] of fonts.entries()) page.drawText(`Quick brown fox ${i}: “café” – 12,5 € ±`, { x: 50, y: 700 - i * 30, size: 12, font: await src.embedFont(name) });
    const link = src.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [50, 50, 100, 70], Border: [0, 0, 0], A: { S: 'JavaScript', JS: PDFString.of('app.alert(1)') } });
    page.node.set(PDFName.of('Annots'), src.context.obj([src.context.register(link)]));
    const loaded = await PDFDocument.load(await src.save(), { updateMetadata: false });
    const result = prepareAttachmentForPdfA(loaded);
    expect(result.blockers).toEqual([]);
    expect(result.fixes).toEqual(expect.arrayContaining(['去掉了脚本等 PDF/A 不允许的动作', expect.stringMatching(/^嵌入了与 .*Times-Bold.* 字宽相同的替代字体$/)]));
    const out = await PDFDocument.create({ updateMetadata: false });
    out.setTitle('t');
    for (const p of await out.copyPages(loaded, [0])) out.addPage(p);
    const c = await checkPdfA(await savePdf(out, { pdfa: true }));
    expect(c.problems.filter((p) => !p.startsWith('xmp:'))).toEqual([]);
    expect(c.tags.size).toBe(4);
  });

  it('an unembedded CJK font and CMYK block PDF/A and leave the file untouched', async () => {
    const src = await PDFDocument.create({ updateMetadata: false });
    const page = src.addPage([595, 842]);
    page.drawRectangle({ x: 10, y: 10, width: 10, height: 10, color: cmyk(0, 0, 0, 1) });
    const font = src.context.register(src.context.obj({ Type: 'Font', Subtype: 'TrueType', BaseFont: 'SimSun', Encoding: 'WinAnsiEncoding' }));
    page.node.setFontDictionary(PDFName.of('F9'), font);
    page.drawText('Helvetica stays as it was');
    const loaded = await PDFDocument.load(await src.save(), { updateMetadata: false });
    const result = prepareAttachmentForPdfA(loaded);
    expect(result.blockers.sort()).toEqual(['使用了 CMYK 颜色', '使用了未嵌入的字体“SimSun”']);
    const bases = loaded.context.enumerateIndirectObjects().flatMap(([, o]) => (o instanceof PDFDict && o.get(PDFName.of('BaseFont')) ? [String(o.get(PDFName.of('BaseFont')))] : []));
    expect(bases.sort()).toEqual(['/Helvetica', '/SimSun']); // nothing embedded: the volume is plain PDF anyway
    // a transparency group blending in CMYK is CMYK too; an RGB one is fine (PDF/A-2 allows transparency)
    for (const [cs, blockers] of [['DeviceCMYK', ['使用了 CMYK 颜色']], ['DeviceRGB', []]] as const) {
      const g = await PDFDocument.create({ updateMetadata: false });
      const p = g.addPage([595, 842]);
      p.drawText('x');
      p.node.set(PDFName.of('Group'), g.context.obj({ S: 'Transparency', CS: cs }));
      const l = await PDFDocument.load(await g.save(), { updateMetadata: false });
      expect(prepareAttachmentForPdfA(l).blockers).toEqual(blockers);
    }
  });
});

describe('scanned images', () => {
  it('a PNG with an alpha channel is flattened onto white (no soft mask); an opaque one is left as it is', () => {
    const upng = (createRequire(import.meta.url)('@pdf-lib/upng') as { default: typeof import('@pdf-lib/upng') }).default;
    const png = alphaPng();
    const flat = opaquePng(png);
    const rgba = new Uint8Array(upng.toRGBA8(upng.decode(flat.slice().buffer))[0] as ArrayBuffer);
    expect(rgba.filter((_, i) => i % 4 === 3 && rgba[i] !== 255)).toHaveLength(0); // pdf-lib makes no soft mask
    expect([...rgba.subarray(0, 4)]).toEqual([255, 127, 127, 255]); // half red over white
    expect([...rgba.subarray(rgba.length - 4)]).toEqual([0, 0, 255, 255]);
    expect(opaquePng(flat)).toBe(flat);
  });
});

describe('the sRGB profile', () => {
  it('is an ICC v2.1 display profile whose tone curve is the sRGB curve at every 8-bit level, under 1.2 KB', () => {
    const icc = srgbProfile();
    const dv = new DataView(icc.buffer, icc.byteOffset, icc.byteLength);
    expect(dv.getUint32(0)).toBe(icc.length);
    expect(icc.length).toBeLessThan(1200);
    expect(Buffer.from(icc.subarray(12, 20)).toString('latin1')).toBe('mntrRGB ');
    expect(dv.getUint32(8)).toBe(0x02100000);
    // the tag table's rTRC → curv with 256 entries; 50 % grey ≈ 21.4 % linear light (IEC 61966-2.1)
    const tags = dv.getUint32(128);
    const at = Array.from({ length: tags }, (_, i) => 132 + i * 12).find((p) => Buffer.from(icc.subarray(p, p + 4)).toString('latin1') === 'rTRC') as number;
    const off = dv.getUint32(at + 4);
    expect(dv.getUint32(off + 8)).toBe(256);
    expect(dv.getUint16(off + 12 + 128 * 2) / 65535).toBeCloseTo(0.2158605, 4);
    expect(srgbToLinear(1)).toBe(1);
  });
});
