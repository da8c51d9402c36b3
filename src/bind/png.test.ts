import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fitPng, PngDataError, pngHeader, streamRows } from './png.js';

/** A PNG from raw scanlines (each row: filter byte + samples). */
function png(w: number, h: number, bitDepth: number, colourType: number, rows: number[][], plte?: number[]): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    return out; // CRCs are not checked by the reader
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colourType;
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr)];
  if (plte) parts.push(chunk('PLTE', Buffer.from(plte)));
  parts.push(chunk('IDAT', deflateSync(Buffer.from(rows.flat()))), chunk('IEND', Buffer.alloc(0)));
  return new Uint8Array(Buffer.concat(parts));
}

function rowsOf(b: Uint8Array): { channels: number; rows: number[][] } {
  const h = pngHeader(b);
  if (!h) throw new Error('not a png');
  const rows: number[][] = [];
  const { channels } = streamRows(b, h, (_y, px) => rows.push([...px]));
  return { channels, rows };
}

describe('PNG rows, streamed', () => {
  it('unfilters Sub, Up, Average and Paeth', () => {
    const b = png(3, 4, 8, 0, [
      [0, 10, 20, 30],
      [1, 10, 10, 10], // Sub: 10 20 30
      [2, 1, 1, 1], // Up: 11 21 31
      [3, 0, 0, 0], // Average of left and up: 5 (0+11)/2=5 → 5, (5+21)/2=13, (13+31)/2=22
    ]);
    expect(rowsOf(b).rows).toEqual([
      [10, 20, 30],
      [10, 20, 30],
      [11, 21, 31],
      [5, 13, 22],
    ]);
    const p = png(2, 2, 8, 0, [
      [0, 100, 50],
      [4, 1, 1], // Paeth: x0: a=0,b=100,c=0 → b → 101; x1: a=101,b=50,c=100 → p=51 → pa=50,pb=1,pc=49 → b=50 → 51
    ]);
    expect(rowsOf(p).rows[1]).toEqual([101, 51]);
  });

  it('reads 1-bit grey, palettes, 16-bit RGB and alpha on white', () => {
    expect(rowsOf(png(4, 1, 1, 0, [[0, 0b10100000]])).rows).toEqual([[255, 0, 255, 0]]);
    expect(rowsOf(png(2, 1, 4, 3, [[0, 0x10]], [1, 2, 3, 4, 5, 6])).rows).toEqual([[4, 5, 6, 1, 2, 3]]);
    expect(rowsOf(png(1, 1, 16, 2, [[0, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc]])).rows).toEqual([[0x12, 0x56, 0x9a]]);
    // RGBA: black at alpha 0 is white paper; grey + alpha likewise
    expect(rowsOf(png(2, 1, 8, 6, [[0, 0, 0, 0, 0, 0, 0, 0, 255]])).rows).toEqual([[255, 255, 255, 0, 0, 0]]);
    expect(rowsOf(png(1, 1, 8, 4, [[0, 0, 128]])).rows).toEqual([[127]]);
  });

  it('a picture whose data ends early is an error, not a blank page', () => {
    const b = png(4, 3, 8, 0, [[0, 1, 2, 3, 4]]);
    expect(() => rowsOf(b)).toThrowError(PngDataError);
  });
});

describe('fitPng: averaged down while streaming', () => {
  it('left half black, right half white, 400×200 into 100×100 → 100×50 with the halves kept', () => {
    const row = [0, ...Array.from({ length: 400 }, (_, x) => (x < 200 ? 0 : 255))];
    const b = png(400, 200, 8, 0, Array.from({ length: 200 }, () => row));
    const h = pngHeader(b);
    const fitted = h && fitPng(b, h, 100, 100);
    expect(fitted && [fitted.width, fitted.height]).toEqual([100, 50]);
    const { rows } = rowsOf((fitted as { bytes: Uint8Array }).bytes);
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.slice(0, 50).join()))).toEqual(new Set([Array(50).fill(0).join()]));
    expect(new Set(rows.map((r) => r.slice(50).join()))).toEqual(new Set([Array(50).fill(255).join()]));
  });

  it('a non-integer ratio averages the pixels that straddle two output pixels', () => {
    // 3 px → 2 px: output 0 = p0 + half p1, output 1 = half p1 + p2, over 1.5
    const b = png(3, 1, 8, 0, [[0, 0, 90, 180]]);
    const h = pngHeader(b);
    const fitted = h && fitPng(b, h, 2, 2);
    expect(rowsOf((fitted as { bytes: Uint8Array }).bytes).rows).toEqual([[30, 150]]);
  });

  it('a picture within the size is left as it is', () => {
    const b = png(2, 2, 8, 0, [
      [0, 1, 2],
      [0, 3, 4],
    ]);
    const h = pngHeader(b);
    expect(h && fitPng(b, h, 10, 10)).toBeUndefined();
  });
});
