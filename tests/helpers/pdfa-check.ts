//! Test helper: the PDF/A-2b checks veraPDF makes on the structures our files contain, in TypeScript (no Java):
//! header, trailer /ID (and that it is the digest of the content), XMP (well-formed, pdfaid 2/B, mirroring Info),
//! one sRGB OutputIntent, fonts embedded with widths that match the programs and unique subset tags, and no
//! forbidden keys (actions, JavaScript, embedded files, transparency, LZW, encryption). Returns the problems.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFStream, PDFString, type PDFObject } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Fontkit } from '@foliojs-fork/fontkit';

const fontkit = createRequire(import.meta.url)('@foliojs-fork/fontkit') as Fontkit;
const N = (s: string) => PDFName.of(s);

/** Tags balance and the packet has the XMP wrapper: enough to call the XML well-formed for our purposes. */
function wellFormed(xml: string): boolean {
  if (!/^<\?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"\?>/.test(xml) || !/<\?xpacket end="[rw]"\?>$/.test(xml)) return false;
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w:.-]*)([^>]*?)(\/?)>/g)) {
    const [, close, name, , self] = m;
    if (self) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name as string);
  }
  return stack.length === 0 && !/&(?!amp;|lt;|gt;|quot;|apos;|#)/.test(xml);
}

function text(o: PDFObject | undefined): string | undefined {
  return o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined;
}

function decoded(s: PDFStream): Uint8Array {
  return s instanceof PDFRawStream ? decodePDFRawStream(s).decode() : s.getContents();
}

const PLACEHOLDER = '0D055E400D055E400D055E400D055E40';

/** WinAnsiEncoding (ISO 32000-1 D.2) 0x80–0x9F; elsewhere the code is the Latin-1 code point. */
const CP1252: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x2c6, 0x89: 0x2030,
  0x8a: 0x160, 0x8b: 0x2039, 0x8c: 0x152, 0x8e: 0x17d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022,
  0x96: 0x2013, 0x97: 0x2014, 0x98: 0x2dc, 0x99: 0x2122, 0x9a: 0x161, 0x9b: 0x203a, 0x9c: 0x153, 0x9e: 0x17e, 0x9f: 0x178,
};

export interface PdfACheck {
  problems: string[];
  /** XMP properties as pdf.js reads them */
  xmp: Record<string, unknown>;
  info: Record<string, unknown>;
  id: string;
  /** subset tag → sha256 of the font program */
  tags: Map<string, string>;
  /** BaseFont of every font dictionary but CIDFonts */
  fonts: string[];
  /** image XObjects */
  images: number;
}

export async function checkPdfA(bytes: Uint8Array): Promise<PdfACheck> {
  const problems: string[] = [];
  const latin = Buffer.from(bytes).toString('latin1');
  if (!/^%PDF-1\.[0-7]\r?\n%[\x80-\xff]{4}/.test(latin)) problems.push('header: %PDF-1.n then a comment of four bytes > 127');
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const ctx = doc.context;
  const lookup = (o: PDFObject | undefined) => (o instanceof PDFRef ? ctx.lookup(o) : o);

  // trailer
  if (ctx.trailerInfo.Encrypt) problems.push('encrypted');
  const ids = lookup(ctx.trailerInfo.ID as PDFObject | undefined);
  let id = '';
  if (!(ids instanceof PDFArray) || ids.size() !== 2) problems.push('trailer: no /ID');
  else {
    const [a, b] = ids.asArray().map((x) => (x instanceof PDFHexString ? x.asString() : ''));
    id = a ?? '';
    if (!/^[0-9A-F]{32}$/.test(id) || a !== b) problems.push(`trailer: /ID ${a} ${b}`);
    const zeroed = latin.split(`<${id}>`).join(`<${PLACEHOLDER}>`);
    if (createHash('md5').update(Buffer.from(zeroed, 'latin1')).digest('hex').toUpperCase() !== id) problems.push('trailer: /ID is not the digest of the content');
  }

  // XMP: one packet in the file (none orphaned by a second save)
  const packets = latin.split('<?xpacket begin=').length - 1;
  if (packets !== 1) problems.push(`${packets} XMP packets`);
  const meta = lookup(doc.catalog.get(N('Metadata')));
  if (!(meta instanceof PDFStream)) problems.push('catalog: no /Metadata stream');
  else {
    if (meta.dict.get(N('Filter'))) problems.push('metadata: filtered');
    if (lookup(meta.dict.get(N('Type'))) !== N('Metadata') || lookup(meta.dict.get(N('Subtype'))) !== N('XML')) problems.push('metadata: Type/Subtype');
    if (!wellFormed(new TextDecoder().decode(decoded(meta)))) problems.push('metadata: not a well-formed XMP packet');
  }
  const pdf = await getDocument({ data: bytes.slice(), verbosity: 0, isEvalSupported: false }).promise;
  const md = await pdf.getMetadata();
  await pdf.destroy();
  const xmp: Record<string, unknown> = md.metadata ? Object.fromEntries([...(md.metadata as unknown as Iterable<[string, unknown]>)]) : {};
  const info = md.info as Record<string, unknown>;
  if (xmp['pdfaid:part'] !== '2' || xmp['pdfaid:conformance'] !== 'B') problems.push(`xmp: pdfaid ${String(xmp['pdfaid:part'])}/${String(xmp['pdfaid:conformance'])}`);
  const pairs: [string, string, (v: unknown) => unknown][] = [
    ['Title', 'dc:title', (v) => v],
    ['Author', 'dc:creator', (v) => (Array.isArray(v) ? v.join(',') : v)],
    ['Subject', 'dc:description', (v) => v],
    ['Keywords', 'pdf:keywords', (v) => v],
    ['Creator', 'xmp:creatortool', (v) => v],
    ['Producer', 'pdf:producer', (v) => v],
  ];
  for (const [k, x, norm] of pairs) if ((info[k] ?? undefined) !== (norm(xmp[x]) ?? undefined)) problems.push(`xmp: ${x} ${String(xmp[x])} ≠ Info ${k} ${String(info[k])}`);
  const isoOf = (d: unknown) => (typeof d === 'string' ? d.replace(/^D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z') : undefined);
  if (isoOf(info['CreationDate']) !== xmp['xmp:createdate']) problems.push('xmp: CreateDate ≠ Info CreationDate');
  if (isoOf(info['ModDate']) !== xmp['xmp:modifydate']) problems.push('xmp: ModifyDate ≠ Info ModDate');

  // OutputIntent: one, GTS_PDFA1, an RGB ICC profile
  const intents = lookup(doc.catalog.get(N('OutputIntents')));
  const list = intents instanceof PDFArray ? intents.asArray().map(lookup) : [];
  const pdfa = list.filter((i) => i instanceof PDFDict && lookup(i.get(N('S'))) === N('GTS_PDFA1')) as PDFDict[];
  if (pdfa.length !== 1) problems.push(`output intents: ${pdfa.length} GTS_PDFA1`);
  const profile = pdfa[0] ? lookup(pdfa[0].get(N('DestOutputProfile'))) : undefined;
  if (!(profile instanceof PDFStream)) problems.push('output intent: no DestOutputProfile');
  else {
    const icc = decoded(profile);
    const sig = (at: number) => Buffer.from(icc.subarray(at, at + 4)).toString('latin1');
    if (sig(36) !== 'acsp' || sig(16) !== 'RGB ' || !['mntr', 'prtr'].includes(sig(12)) || (icc[8] ?? 0) > 4 || (lookup(profile.dict.get(N('N'))) as PDFNumber | undefined)?.asNumber() !== 3) problems.push('output intent: not an RGB ICC profile of version ≤ 4');
    if (!text(pdfa[0]?.get(N('OutputConditionIdentifier')))) problems.push('output intent: no OutputConditionIdentifier');
  }
  let iccStreams = 0;

  // every object: fonts, forbidden keys
  const tags = new Map<string, string>();
  const fonts: string[] = [];
  let images = 0;
  const forbidden = ['JS', 'JavaScript', 'AA', 'EmbeddedFile', 'EmbeddedFiles', 'OpenAction', 'XFA', 'PS', 'Alternates', 'OPI', 'Ref', 'TR', 'HTP'];
  for (const [, obj] of ctx.enumerateIndirectObjects()) {
    const d = obj instanceof PDFStream ? obj.dict : obj instanceof PDFDict ? obj : undefined;
    if (!d) continue;
    for (const k of forbidden) if (d.get(N(k)) !== undefined) problems.push(`forbidden key /${k}`);
    const type = lookup(d.get(N('Type')));
    if (lookup(d.get(N('Subtype'))) === N('Image')) images++;
    const s = lookup(d.get(N('S')));
    if (s === N('JavaScript') || s === N('Launch')) problems.push(`forbidden action ${String(s)}`);
    if (s === N('Transparency') || d.get(N('SMask')) !== undefined || [d.get(N('CA')), d.get(N('ca'))].some((v) => v instanceof PDFNumber && v.asNumber() < 1)) problems.push('transparency');
    const filters = [lookup(d.get(N('Filter')))].flatMap((f) => (f instanceof PDFArray ? f.asArray().map(lookup) : [f]));
    if (filters.some((f) => f === N('LZWDecode') || f === N('Crypt'))) problems.push('LZW or Crypt filter');
    if (lookup(d.get(N('Interpolate')))?.toString() === 'true') problems.push('image interpolation');
    if (obj instanceof PDFStream && d.get(N('N')) !== undefined && !d.get(N('Subtype')) && decoded(obj).length > 128 && Buffer.from(decoded(obj).subarray(36, 40)).toString('latin1') === 'acsp') iccStreams++;
    if (type !== N('Font')) continue;
    const subtype = lookup(d.get(N('Subtype')));
    if (subtype === N('Type3') || subtype === N('CIDFontType0') || subtype === N('CIDFontType2')) continue; // CIDFonts via their Type0
    const base = (lookup(d.get(N('BaseFont'))) as PDFName | undefined)?.decodeText() ?? '?';
    fonts.push(base);
    const descendant = subtype === N('Type0') ? lookup((lookup(d.get(N('DescendantFonts'))) as PDFArray).get(0)) : d;
    if (!(descendant instanceof PDFDict)) {
      problems.push(`${base}: no descendant font`);
      continue;
    }
    const fd = lookup(descendant.get(N('FontDescriptor')));
    const file = fd instanceof PDFDict ? ['FontFile', 'FontFile2', 'FontFile3'].map((k) => lookup(fd.get(N(k)))).find((x) => x instanceof PDFStream) : undefined;
    if (!(file instanceof PDFStream)) {
      problems.push(`${base}: not embedded`);
      continue;
    }
    const program = decoded(file);
    const tag = /^([A-Z]{6})\+/.exec(base)?.[1];
    if (tag) {
      const h = createHash('sha256').update(program).digest('hex');
      if (tags.has(tag) && tags.get(tag) !== h) problems.push(`subset tag ${tag} on two different fonts`);
      tags.set(tag, h);
      if ((lookup((fd as PDFDict).get(N('FontName'))) as PDFName | undefined)?.decodeText() !== (subtype === N('Type0') ? (lookup(descendant.get(N('BaseFont'))) as PDFName).decodeText() : base)) problems.push(`${base}: FontName differs from BaseFont`);
    }
    if (lookup((fd as PDFDict).get(N('FontFile2'))) !== file) continue;
    // TrueType: widths in the dictionary = advances in the program (ISO 19005-2 6.2.11.5)
    const font = fontkit.create(Buffer.from(program));
    if ('fonts' in font) continue;
    const per = 1000 / font.unitsPerEm;
    if (subtype === N('Type0')) {
      const w = lookup(descendant.get(N('W')));
      const arr = w instanceof PDFArray ? w.asArray().map(lookup) : [];
      // a compact subset maps CIDs to its glyphs through a CIDToGIDMap stream (2 bytes per CID)
      const map = lookup(descendant.get(N('CIDToGIDMap')));
      const gidMap = map instanceof PDFStream ? decoded(map) : undefined;
      const gidOf = (cid: number): number => (gidMap ? ((gidMap[2 * cid] ?? 0) << 8) | (gidMap[2 * cid + 1] ?? 0) : cid);
      for (let i = 0; i + 1 < arr.length; i += 2) {
        const start = (arr[i] as PDFNumber).asNumber();
        const ws = arr[i + 1];
        if (!(ws instanceof PDFArray)) break; // c_first c_last w form: not written by us
        ws.asArray().forEach((x, k) => {
          const g = font.getGlyph(gidOf(start + k));
          if (Math.abs(g.advanceWidth * per - (lookup(x) as PDFNumber).asNumber()) > 1) problems.push(`${base}: width of CID ${start + k}`);
        });
      }
    } else {
      const first = (lookup(d.get(N('FirstChar'))) as PDFNumber).asNumber();
      const widths = (lookup(d.get(N('Widths'))) as PDFArray).asArray().map((x) => (lookup(x) as PDFNumber).asNumber());
      const enc = lookup(d.get(N('Encoding')));
      const baseEnc = enc instanceof PDFDict ? lookup(enc.get(N('BaseEncoding'))) : enc;
      if (baseEnc !== N('WinAnsiEncoding') && baseEnc !== N('MacRomanEncoding')) problems.push(`${base}: non-symbolic TrueType without WinAnsi/MacRoman encoding`);
      const cmap = (font as unknown as { cmap?: { platformID?: number; encodingID?: number } }).cmap;
      if (!cmap) problems.push(`${base}: no cmap`);
      widths.forEach((w, k) => {
        if (w === 0) return;
        const code = first + k;
        const g = font.glyphForCodePoint(CP1252[code] ?? code);
        if (g.id === 0) problems.push(`${base}: code ${code} has no glyph (.notdef)`);
        else if (Math.abs(g.advanceWidth * per - w) > 1) problems.push(`${base}: width of code ${code}: ${w} vs ${g.advanceWidth * per}`);
      });
    }
  }
  if (iccStreams !== 1) problems.push(`${iccStreams} ICC profiles (one expected)`);
  return { problems: [...new Set(problems)], xmp, info, id, tags, fonts, images };
}
