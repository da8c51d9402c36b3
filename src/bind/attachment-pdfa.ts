//! Attached PDFs (scans bound into a volume) against PDF/A-2b (ISO 19005-2): every page's content, resources
//! and annotations are read; what can be fixed without changing how the page looks is fixed in memory
//! (standard 14 fonts embedded as metric-compatible Arimo/Tinos/Cousine subsets, LZW re-compressed, screen-only
//! actions and appearances dropped, image interpolation off); anything else blocks PDF/A for the volume,
//! with the reason in Chinese. The attachment's file is never changed. Our own output is src/generators/pdf/pdfa.
import { createRequire } from 'node:module';
import { Font, type FontNames } from '@pdf-lib/standard-fonts';
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import { replacementFace, standardFontOf, type ReplacementFace, type StandardFont } from '../fonts/standard14.js';
import { truetypeSubset } from '../fonts/truetype-subset.js';
import { scanContent } from './content-scan.js';
import { GLYPH_UNICODE, STANDARD, WIN_ANSI } from './pdf-encodings.js';

export interface AttachmentPdfA {
  /** why the attachment cannot go into a PDF/A file (Chinese clauses, each once) */
  blockers: string[];
  /** what is changed in memory so that it can (Chinese clauses) */
  fixes: string[];
}

const N = (s: string) => PDFName.of(s);

/** Blocker clauses, worded for “附件“x”{clause}、{clause}”. */
export const BLOCK = {
  font: (name: string) => `使用了未嵌入的字体“${name}”`,
  glyph: (name: string) => `有字符在替代“${name}”的字体中没有字形`,
  cmyk: '使用了 CMYK 颜色',
  media: '含有声音、视频、三维或文件附件类的批注',
  annotation: '含有不打印或没有外观的批注',
  graphics: '含有 PDF/A 不允许的图形设置（传递函数、半色调、PostScript 或外部引用）',
  blend: '使用了非标准的混合模式',
  operator: '含有 PDF 标准之外的绘图指令',
  unreadable: '有内容流无法读取',
  filter: '使用了 PDF/A 不允许的压缩或加密方式',
} as const;

const FORBIDDEN_ANNOTS = new Set(['3D', 'Sound', 'Screen', 'Movie', 'RichMedia', 'FileAttachment']);
const ALLOWED_ACTIONS = new Set(['GoTo', 'GoToR', 'GoToE', 'Thread', 'URI', 'SubmitForm', 'Named']);
const ALLOWED_NAMED = new Set(['NextPage', 'PrevPage', 'FirstPage', 'LastPage']);
const BLEND_MODES = new Set(['Normal', 'Compatible', 'Multiply', 'Screen', 'Overlay', 'Darken', 'Lighten', 'ColorDodge', 'ColorBurn', 'HardLight', 'SoftLight', 'Difference', 'Exclusion', 'Hue', 'Saturation', 'Color', 'Luminosity']);
const DECODABLE = new Set(['FlateDecode', 'LZWDecode', 'ASCII85Decode', 'ASCIIHexDecode', 'RunLengthDecode']);

/** A standard font to embed: the dictionary, which font, and each code shown → glyph name. */
interface FontPlan {
  dict: PDFDict;
  std: StandardFont;
  face: ReplacementFace;
  names: Map<number, string>;
}

class Scan {
  readonly blockers = new Set<string>();
  readonly fixes = new Set<string>();
  readonly seen = new Set<PDFObject>();
  readonly codes = new Map<PDFDict, Set<number>>();
  readonly fonts = new Map<PDFDict, { std: StandardFont; face: ReplacementFace; encoding: Map<number, string> }>();
  /** edits applied only when nothing blocks */
  readonly edits: (() => void)[] = [];
  lzw = new Set<PDFStream>();
  constructor(readonly doc: PDFDocument) {}

  lookup(o: PDFObject | undefined): PDFObject | undefined {
    return o instanceof PDFRef ? this.doc.context.lookup(o) : o;
  }
  dict(o: PDFObject | undefined): PDFDict | undefined {
    const v = this.lookup(o);
    return v instanceof PDFDict ? v : v instanceof PDFStream ? v.dict : undefined;
  }
  once(o: PDFObject): boolean {
    if (this.seen.has(o)) return false;
    this.seen.add(o);
    return true;
  }
  names(o: PDFObject | undefined): string[] {
    const v = this.lookup(o);
    if (v instanceof PDFName) return [v.decodeText()];
    if (v instanceof PDFArray) return v.asArray().flatMap((x) => this.names(x));
    return [];
  }

  /** The decoded bytes of a stream, noting filters PDF/A forbids. */
  decoded(s: PDFStream): Uint8Array | undefined {
    const filters = this.names(s.dict.get(N('Filter')));
    if (filters.includes('LZWDecode')) this.lzw.add(s);
    if (filters.includes('Crypt')) this.blockers.add(BLOCK.filter);
    if (!(s instanceof PDFRawStream)) return s.getContents();
    if (!filters.every((f) => DECODABLE.has(f))) {
      this.blockers.add(BLOCK.unreadable);
      return undefined;
    }
    try {
      return decodePDFRawStream(s).decode();
    } catch {
      this.blockers.add(BLOCK.unreadable);
      return undefined;
    }
  }

  /** A content stream (or array of them) drawn with `res`. */
  content(contents: PDFObject | undefined, res: PDFDict | undefined): void {
    const v = this.lookup(contents);
    const streams = v instanceof PDFArray ? v.asArray().map((x) => this.lookup(x)) : [v];
    const parts: Uint8Array[] = [];
    for (const s of streams) if (s instanceof PDFStream) {
      const d = this.decoded(s);
      if (d) parts.push(d, Uint8Array.of(10));
    }
    if (!parts.length) return;
    const use = scanContent(Buffer.concat(parts));
    if (use.unknown.size) this.blockers.add(BLOCK.operator);
    if (use.lzw) this.blockers.add(BLOCK.filter);
    if (use.cmyk && !this.hasDefaultCmyk(res)) this.blockers.add(BLOCK.cmyk);
    const fonts = this.dict(res?.get(N('Font')));
    for (const [name, codes] of use.codes) {
      const f = this.dict(fonts?.get(N(name)));
      if (!f) continue;
      let set = this.codes.get(f);
      if (!set) this.codes.set(f, (set = new Set()));
      for (const c of codes) set.add(c);
    }
    this.resources(res);
  }

  hasDefaultCmyk(res: PDFDict | undefined): boolean {
    return this.dict(res?.get(N('ColorSpace')))?.get(N('DefaultCMYK')) !== undefined;
  }

  resources(res: PDFDict | undefined): void {
    if (!res || !this.once(res)) return;
    const each = (key: string, fn: (o: PDFObject | undefined) => void) => {
      const d = this.dict(res.get(N(key)));
      if (d) for (const [, v] of d.entries()) fn(v);
    };
    each('Font', (f) => this.font(f));
    each('XObject', (x) => this.xobject(x, res));
    each('ExtGState', (g) => this.extGState(g, res));
    each('ColorSpace', (c) => this.colorSpace(c, res));
    each('Pattern', (p) => this.pattern(p, res));
    each('Shading', (s) => this.colorSpace(this.dict(s)?.get(N('ColorSpace')), res));
  }

  colorSpace(o: PDFObject | undefined, res: PDFDict | undefined): void {
    const v = this.lookup(o);
    if (v instanceof PDFName) {
      if (v.decodeText() === 'DeviceCMYK' && !this.hasDefaultCmyk(res)) this.blockers.add(BLOCK.cmyk);
      return;
    }
    if (!(v instanceof PDFArray)) return;
    const family = this.names(v.get(0))[0];
    if (family === 'Indexed' || family === 'Pattern') this.colorSpace(v.get(1), res);
    else if (family === 'Separation') this.colorSpace(v.get(2), res);
    else if (family === 'DeviceN') this.colorSpace(v.get(2), res);
  }

  pattern(o: PDFObject | undefined, res: PDFDict | undefined): void {
    const v = this.lookup(o);
    if (!v || !this.once(v)) return;
    if (v instanceof PDFStream) this.content(v, this.dict(v.dict.get(N('Resources'))) ?? res);
    else if (v instanceof PDFDict) {
      this.colorSpace(this.dict(v.get(N('Shading')))?.get(N('ColorSpace')), res);
      this.extGState(v.get(N('ExtGState')), res);
    }
  }

  extGState(o: PDFObject | undefined, res: PDFDict | undefined): void {
    const g = this.dict(o);
    if (!g || !this.once(g)) return;
    const tr = this.names(g.get(N('TR')));
    if (g.get(N('TR')) !== undefined && !(tr.length === 1 && tr[0] === 'Identity')) this.blockers.add(BLOCK.graphics);
    const tr2 = this.names(g.get(N('TR2')));
    if (g.get(N('TR2')) !== undefined && !(tr2.length === 1 && tr2[0] === 'Default')) this.blockers.add(BLOCK.graphics);
    if (g.get(N('HTP')) !== undefined) this.blockers.add(BLOCK.graphics);
    const ht = this.dict(g.get(N('HT')));
    if (ht && (ht.get(N('TransferFunction')) !== undefined || ![1, 5].includes((this.lookup(ht.get(N('HalftoneType'))) as PDFNumber | undefined)?.asNumber() ?? 1))) this.blockers.add(BLOCK.graphics);
    for (const bm of this.names(g.get(N('BM')))) if (!BLEND_MODES.has(bm)) this.blockers.add(BLOCK.blend);
    const smask = this.dict(g.get(N('SMask')));
    if (smask) this.xobject(smask.get(N('G')), res);
  }

  xobject(o: PDFObject | undefined, res: PDFDict | undefined): void {
    const x = this.lookup(o);
    if (!(x instanceof PDFStream) || !this.once(x)) return;
    const d = x.dict;
    const subtype = this.names(d.get(N('Subtype')))[0];
    if (subtype === 'PS' || d.get(N('PS')) !== undefined || d.get(N('Ref')) !== undefined || this.names(d.get(N('Subtype2')))[0] === 'PS') this.blockers.add(BLOCK.graphics);
    if (d.get(N('OPI')) !== undefined) this.edit('去掉了 OPI 引用', () => d.delete(N('OPI')));
    if (subtype === 'Image') {
      this.colorSpace(d.get(N('ColorSpace')), res);
      if (this.names(d.get(N('Filter'))).includes('LZWDecode')) this.lzw.add(x);
      if (this.names(d.get(N('Filter'))).includes('Crypt')) this.blockers.add(BLOCK.filter);
      if (this.lookup(d.get(N('Interpolate')))?.toString() === 'true') this.edit('关闭了图像插值', () => d.set(N('Interpolate'), this.doc.context.obj(false)));
      if (d.get(N('Alternates')) !== undefined) this.edit('去掉了备用图像', () => d.delete(N('Alternates')));
      this.xobject(d.get(N('SMask')), res);
      return;
    }
    if (subtype === 'Form') {
      this.group(d, res);
      this.content(x, this.dict(d.get(N('Resources'))) ?? res);
    }
  }

  /** A transparency group's blending colour space (page or form) follows the colour rules too. */
  group(d: PDFDict, res: PDFDict | undefined): void {
    const g = this.dict(d.get(N('Group')));
    if (g) this.colorSpace(g.get(N('CS')), res);
  }

  font(o: PDFObject | undefined): void {
    const f = this.dict(o);
    if (!f || !this.once(f)) return;
    const subtype = this.names(f.get(N('Subtype')))[0];
    const base = this.names(f.get(N('BaseFont')))[0] ?? '（无名）';
    if (subtype === 'Type3') {
      const res = this.dict(f.get(N('Resources')));
      const procs = this.dict(f.get(N('CharProcs')));
      if (procs) for (const [, p] of procs.entries()) this.content(p, res);
      this.resources(res);
      return;
    }
    let desc = f;
    if (subtype === 'Type0') {
      const d = this.lookup(f.get(N('DescendantFonts')));
      desc = (d instanceof PDFArray ? this.dict(d.get(0)) : undefined) ?? f;
    }
    const fd = this.dict(desc.get(N('FontDescriptor')));
    if (fd && ['FontFile', 'FontFile2', 'FontFile3'].some((k) => fd.get(N(k)) !== undefined)) return;
    const std = subtype === 'Type0' ? undefined : standardFontOf(base);
    const face = std ? replacementFace(std) : undefined;
    const encoding = std ? this.encodingOf(f) : undefined;
    if (!std || !face || !encoding) {
      this.blockers.add(BLOCK.font(base.replace(/^[A-Z]{6}\+/, '')));
      return;
    }
    this.fonts.set(f, { std, face, encoding });
  }

  /** code → glyph name of a simple font (WinAnsi or Standard base, Differences); undefined if unsupported. */
  encodingOf(f: PDFDict): Map<number, string> | undefined {
    const e = this.lookup(f.get(N('Encoding')));
    const baseOf = (name: string | undefined) => (name === undefined || name === 'StandardEncoding' ? STANDARD : name === 'WinAnsiEncoding' ? WIN_ANSI : undefined);
    if (e === undefined || e instanceof PDFName) {
      const b = baseOf(e?.decodeText());
      return b && new Map(b);
    }
    if (!(e instanceof PDFDict)) return undefined;
    const b = baseOf(this.names(e.get(N('BaseEncoding')))[0]);
    if (!b) return undefined;
    const map = new Map(b);
    const diffs = this.lookup(e.get(N('Differences')));
    if (diffs instanceof PDFArray) {
      let code = 0;
      for (const item of diffs.asArray()) {
        const v = this.lookup(item);
        if (v instanceof PDFNumber) code = v.asNumber();
        else if (v instanceof PDFName) map.set(code++, v.decodeText());
      }
    }
    return map;
  }

  annotations(page: PDFDict): void {
    const annots = this.lookup(page.get(N('Annots')));
    if (!(annots instanceof PDFArray)) return;
    for (const a of annots.asArray()) {
      const d = this.dict(a);
      if (!d) continue;
      const subtype = this.names(d.get(N('Subtype')))[0] ?? '';
      if (FORBIDDEN_ANNOTS.has(subtype)) {
        this.blockers.add(BLOCK.media);
        continue;
      }
      this.actions(d);
      if (subtype === 'Popup') continue;
      const flags = (this.lookup(d.get(N('F'))) as PDFNumber | undefined)?.asNumber?.() ?? 0;
      const printable = (flags & 4) !== 0 && (flags & (1 | 2 | 32 | 256)) === 0;
      const ap = this.dict(d.get(N('AP')));
      if (subtype === 'Link') {
        if (!printable) this.edit('链接批注标为可打印（链接本身不显示）', () => d.set(N('F'), PDFNumber.of(4)));
      } else if (!printable || !ap) {
        this.blockers.add(BLOCK.annotation);
        continue;
      }
      if (ap) {
        if (ap.get(N('D')) !== undefined || ap.get(N('R')) !== undefined)
          this.edit('去掉了批注的鼠标悬停和按下外观', () => {
            ap.delete(N('D'));
            ap.delete(N('R'));
          });
        const normal = this.lookup(ap.get(N('N')));
        if (normal instanceof PDFStream) this.xobject(normal, undefined);
        else if (normal instanceof PDFDict) for (const [, s] of normal.entries()) this.xobject(s, undefined);
      }
    }
  }

  /** Drops actions PDF/A forbids (JavaScript, Launch, …) and every additional-actions dictionary. */
  actions(d: PDFDict): void {
    if (d.get(N('AA')) !== undefined) this.edit('去掉了自动执行的动作', () => d.delete(N('AA')));
    const a = this.dict(d.get(N('A')));
    if (!a) return;
    const s = this.names(a.get(N('S')))[0] ?? '';
    const named = this.names(a.get(N('N')))[0] ?? '';
    if (!ALLOWED_ACTIONS.has(s) || (s === 'Named' && !ALLOWED_NAMED.has(named)) || a.get(N('Next')) !== undefined) this.edit('去掉了脚本等 PDF/A 不允许的动作', () => d.delete(N('A')));
  }

  edit(what: string, fn: () => void): void {
    this.fixes.add(what);
    this.edits.push(fn);
  }

  /** Plans the fonts to embed (after every page was read); a code the stand-in cannot show blocks. */
  fontPlans(): FontPlan[] {
    const plans: FontPlan[] = [];
    for (const [dict, { std, face, encoding }] of this.fonts) {
      const names = new Map<number, string>();
      for (const code of [...(this.codes.get(dict) ?? [])].sort((a, b) => a - b)) {
        const name = encoding.get(code);
        const u = name === undefined ? undefined : GLYPH_UNICODE.get(name);
        if (name === undefined || u === undefined || !face.font.hasGlyphForCodePoint(u)) {
          if (name !== undefined && /^(space|nbspace)$/.test(name)) continue;
          this.blockers.add(BLOCK.glyph(std.name));
          continue;
        }
        names.set(code, name);
      }
      plans.push({ dict, std, face, names });
    }
    return plans;
  }
}

const afm = new Map<string, Font>();
function afmWidth(std: StandardFont, name: string): number | undefined {
  let f = afm.get(std.name);
  if (!f) {
    f = Font.load(std.name as FontNames);
    afm.set(std.name, f);
  }
  const w: unknown = f.getWidthOfGlyph(name);
  return typeof w === 'number' ? w : undefined;
}

/** Replaces an unembedded standard font by an embedded TrueType subset of its stand-in, same codes, same widths. */
function embedStandardFont(doc: PDFDocument, plan: FontPlan): void {
  const { dict, std, face, names } = plan;
  const ctx = doc.context;
  const first = (ctx.lookup(dict.get(N('FirstChar'))) as PDFNumber | undefined)?.asNumber?.();
  const widthsArr = ctx.lookup(dict.get(N('Widths')));
  const dictWidth = (code: number): number | undefined => {
    if (first === undefined || !(widthsArr instanceof PDFArray)) return undefined;
    const w = ctx.lookup(widthsArr.get(code - first));
    return w instanceof PDFNumber ? w.asNumber() : undefined;
  };
  if (!names.size) names.set(32, 'space');
  const chars = [...names].map(([code, name]) => {
    const unicode = GLYPH_UNICODE.get(name) as number;
    const width = dictWidth(code) ?? afmWidth(std, name);
    return { unicode, gid: face.font.glyphForCodePoint(unicode).id, ...(width !== undefined ? { width } : {}) };
  });
  const subset = truetypeSubset(face.bytes, chars);
  const codes = [...names.keys()];
  const lo = Math.min(...codes);
  const hi = Math.max(...codes);
  const widths: number[] = [];
  for (let c = lo; c <= hi; c++) {
    const name = names.get(c);
    const w = name === undefined ? undefined : subset.widths.get(GLYPH_UNICODE.get(name) as number);
    widths.push(w === undefined ? 0 : Math.round(w * 1000) / 1000);
  }
  const differences: (number | PDFName)[] = [];
  for (const [code, name] of names) if (WIN_ANSI.get(code) !== name) differences.push(code, N(name));
  const scale = 1000 / face.font.unitsPerEm;
  const psName = `AAAAAA+${face.postscriptName}`;
  const file = ctx.flateStream(subset.bytes, { Length1: subset.bytes.length });
  const bbox = face.font.bbox;
  const descriptor = ctx.obj({
    Type: 'FontDescriptor',
    FontName: psName,
    Flags: 32 | (face.serif ? 2 : 0) | (face.fixedPitch ? 1 : 0) | (std.italic ? 64 : 0),
    FontBBox: [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY].map((v) => Math.round(v * scale)),
    ItalicAngle: face.font.italicAngle,
    Ascent: Math.round(face.font.ascent * scale),
    Descent: Math.round(face.font.descent * scale),
    CapHeight: Math.round(face.font.capHeight * scale),
    StemV: std.bold ? 140 : 80,
    FontFile2: ctx.register(file),
  });
  dict.set(N('Subtype'), N('TrueType'));
  dict.set(N('BaseFont'), N(psName));
  dict.set(N('FirstChar'), PDFNumber.of(lo));
  dict.set(N('LastChar'), PDFNumber.of(hi));
  dict.set(N('Widths'), ctx.obj(widths));
  dict.set(N('FontDescriptor'), ctx.register(descriptor));
  dict.set(N('Encoding'), differences.length ? ctx.obj({ Type: 'Encoding', BaseEncoding: 'WinAnsiEncoding', Differences: differences }) : N('WinAnsiEncoding'));
}

/** LZW streams re-compressed with Flate (same decoded bytes). */
function recompress(doc: PDFDocument, streams: Set<PDFStream>): void {
  if (!streams.size) return;
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFRawStream) || !streams.has(obj)) continue;
    const data = decodePDFRawStream(obj).decode();
    const dict = obj.dict.clone(doc.context);
    dict.delete(N('Filter'));
    dict.delete(N('DecodeParms'));
    dict.delete(N('Length'));
    const entries = Object.fromEntries([...dict.entries()].map(([k, v]) => [k.decodeText(), v]));
    doc.context.assign(ref, doc.context.flateStream(data, entries));
  }
}

/** A JPEG in CMYK (4 components): DeviceCMYK, which our sRGB output intent does not allow (6.2.4.3). */
export function isCmykJpeg(b: Uint8Array): boolean {
  let i = 2;
  while (i + 9 < b.length && b[i] === 0xff) {
    const marker = b[i + 1] as number;
    const len = ((b[i + 2] as number) << 8) | (b[i + 3] as number);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return b[i + 9] === 4;
    i += 2 + len;
  }
  return false;
}

type Upng = typeof import('@pdf-lib/upng');
let upng: Upng | undefined;

/**
 * A PNG scan with transparency (alpha channel or tRNS) flattened onto white, as it shows on the white page
 * it is placed on: the volume then carries no soft mask (our output has no transparency). Else the bytes as given.
 */
export function opaquePng(bytes: Uint8Array): Uint8Array {
  upng ??= (createRequire(import.meta.url)('@pdf-lib/upng') as { default: Upng }).default; // CommonJS build: exports.default
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const img = upng.decode(buf);
  if (img.ctype !== 4 && img.ctype !== 6 && img.tabs.tRNS === undefined) return bytes;
  const rgba = new Uint8Array(upng.toRGBA8(img)[0] as ArrayBuffer);
  for (let i = 0; i < rgba.length; i += 4) {
    const a = rgba[i + 3] as number;
    if (a === 255) continue;
    for (let k = 0; k < 3; k++) rgba[i + k] = Math.round(((rgba[i + k] as number) * a + 255 * (255 - a)) / 255);
    rgba[i + 3] = 255;
  }
  return new Uint8Array(upng.encode([rgba.buffer as ArrayBuffer], img.width, img.height, 0));
}

/**
 * Checks every page of an attached PDF for PDF/A-2b and, when nothing blocks, applies the safe fixes to the
 * loaded document (in memory; the file stays as it is). With blockers nothing is changed.
 */
export function prepareAttachmentForPdfA(doc: PDFDocument): AttachmentPdfA {
  const scan = new Scan(doc);
  for (const page of doc.getPages()) {
    const node = page.node;
    const res = scan.dict(node.getInheritableAttribute(N('Resources')));
    scan.content(node.get(N('Contents')), res);
    scan.resources(res);
    scan.group(node, res);
    scan.annotations(node);
    if (node.get(N('AA')) !== undefined) scan.edit('去掉了自动执行的动作', () => node.delete(N('AA')));
  }
  const plans = scan.fontPlans();
  if (plans.length) scan.fixes.add(`嵌入了与 ${[...new Set(plans.map((p) => p.std.name))].join('、')} 字宽相同的替代字体`);
  if (scan.lzw.size) scan.fixes.add('LZW 压缩的内容改用 Flate 压缩');
  if ([...scan.lzw].some((s) => !(s instanceof PDFRawStream) || !scan.names(s.dict.get(N('Filter'))).every((f) => DECODABLE.has(f)))) scan.blockers.add(BLOCK.filter);
  if (!scan.blockers.size) {
    for (const e of scan.edits) e();
    for (const p of plans) embedStandardFont(doc, p);
    recompress(doc, scan.lzw);
  }
  return { blockers: [...scan.blockers], fixes: [...scan.fixes] };
}
