//! PNG scans, read without holding the picture: the header is checked first, then the pixel data is
//! inflated in small chunks, unfiltered one scanline at a time and, when the picture is finer than the
//! page's 300 dpi, averaged down into a new, smaller PNG. A 20000×20000 scan costs a few rows of memory,
//! never width × height × 4 bytes (pdf-lib's embedPng decodes the whole picture at once).
import { deflateSync } from 'node:zlib';
import pako from 'pako';

/** What we use of pako's streaming inflater (pako ships no types; pdf-lib depends on it, as we do). */
interface Inflater {
  push(data: Uint8Array, last: boolean): boolean;
  onData: (chunk: Uint8Array) => void;
  onEnd: (status: number) => void;
  err: number;
  msg: string;
}
const { Inflate } = pako as unknown as { Inflate: new (opts: { chunkSize: number }) => Inflater };

export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlaced: boolean;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** The IHDR of a PNG, or undefined when the signature or the header is not a valid PNG's. */
export function pngHeader(b: Uint8Array): PngHeader | undefined {
  if (b.length < 33 || SIGNATURE.some((v, i) => b[i] !== v)) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (dv.getUint32(8) !== 13 || String.fromCharCode(...b.subarray(12, 16)) !== 'IHDR') return undefined;
  const h: PngHeader = { width: dv.getUint32(16), height: dv.getUint32(20), bitDepth: b[24] as number, colourType: b[25] as number, interlaced: b[28] === 1 };
  if (!DEPTHS[h.colourType]?.includes(h.bitDepth) || b[26] !== 0 || b[27] !== 0 || (b[28] as number) > 1) return undefined;
  return h;
}

/** Why a PNG could not be read to the end. */
export class PngDataError extends Error {}

interface Chunks {
  palette?: Uint8Array;
  /** the IDAT chunks, in order (views into the file) */
  data: Uint8Array[];
}

function chunksOf(b: Uint8Array): Chunks {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Chunks = { data: [] };
  for (let i = 8; i + 8 <= b.length; ) {
    const len = dv.getUint32(i);
    const type = String.fromCharCode(...b.subarray(i + 4, i + 8));
    const start = i + 8;
    if (start + len > b.length) {
      if (type === 'IDAT') out.data.push(b.subarray(start));
      break;
    }
    if (type === 'PLTE') out.palette = b.subarray(start, start + len);
    else if (type === 'IDAT') out.data.push(b.subarray(start, start + len));
    else if (type === 'IEND') break;
    i = start + len + 4;
  }
  return out;
}

/** The Paeth predictor of the PNG specification. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Streams the pixel rows of a non-interlaced PNG as 8-bit grey or RGB (alpha composited on white, a
 * palette looked up), calling `row(y, pixels)` for each; throws PngDataError when the data ends early.
 */
export function streamRows(b: Uint8Array, h: PngHeader, row: (y: number, px: Uint8Array) => void): { channels: 1 | 3 } {
  const { palette, data } = chunksOf(b);
  const inCh = CHANNELS[h.colourType] as number;
  const outCh: 1 | 3 = h.colourType === 0 || h.colourType === 4 ? 1 : 3;
  if (h.colourType === 3 && !palette) throw new PngDataError('没有调色板');
  const bitsPerPixel = inCh * h.bitDepth;
  const stride = Math.ceil((h.width * bitsPerPixel) / 8);
  const bpp = Math.max(1, bitsPerPixel >> 3);
  let prev = new Uint8Array(stride);
  let cur = new Uint8Array(stride);
  const out = new Uint8Array(h.width * outCh);
  let filter = -1;
  let filled = 0;
  let y = 0;
  const maxSample = (1 << Math.min(h.bitDepth, 8)) - 1;
  const emit = () => {
    // unfilter
    switch (filter) {
      case 0:
        break;
      case 1:
        for (let i = bpp; i < stride; i++) cur[i] = ((cur[i] as number) + (cur[i - bpp] as number)) & 0xff;
        break;
      case 2:
        for (let i = 0; i < stride; i++) cur[i] = ((cur[i] as number) + (prev[i] as number)) & 0xff;
        break;
      case 3:
        for (let i = 0; i < stride; i++) cur[i] = ((cur[i] as number) + (((i >= bpp ? (cur[i - bpp] as number) : 0) + (prev[i] as number)) >> 1)) & 0xff;
        break;
      case 4:
        for (let i = 0; i < stride; i++) cur[i] = ((cur[i] as number) + paeth(i >= bpp ? (cur[i - bpp] as number) : 0, prev[i] as number, i >= bpp ? (prev[i - bpp] as number) : 0)) & 0xff;
        break;
      default:
        throw new PngDataError(`第 ${y + 1} 行的过滤方式 ${filter} 不存在`);
    }
    // samples → 8-bit grey/RGB (8-bit grey and RGB, the usual scans, are copied as they are)
    if (h.bitDepth === 8 && (h.colourType === 0 || h.colourType === 2)) {
      out.set(cur.subarray(0, h.width * outCh));
      row(y, out);
      y++;
      [prev, cur] = [cur, prev];
      filter = -1;
      filled = 0;
      return;
    }
    for (let x = 0; x < h.width; x++) {
      const sample = (c: number): number => {
        if (h.bitDepth === 8) return cur[x * inCh + c] as number;
        if (h.bitDepth === 16) return cur[(x * inCh + c) * 2] as number;
        const bit = (x * inCh + c) * h.bitDepth;
        const v = ((cur[bit >> 3] as number) >> (8 - h.bitDepth - (bit & 7))) & maxSample;
        return h.colourType === 3 ? v : Math.round((v * 255) / maxSample);
      };
      if (h.colourType === 3) {
        const k = sample(0) * 3;
        out[x * 3] = palette?.[k] ?? 0;
        out[x * 3 + 1] = palette?.[k + 1] ?? 0;
        out[x * 3 + 2] = palette?.[k + 2] ?? 0;
      } else if (outCh === 1) {
        const g = sample(0);
        out[x] = h.colourType === 4 ? Math.round((g * sample(1) + 255 * (255 - sample(1))) / 255) : g;
      } else if (h.colourType === 6) {
        const a = sample(3);
        for (let c = 0; c < 3; c++) out[x * 3 + c] = Math.round((sample(c) * a + 255 * (255 - a)) / 255);
      } else for (let c = 0; c < 3; c++) out[x * 3 + c] = sample(c);
    }
    row(y, out);
    y++;
    [prev, cur] = [cur, prev];
    filter = -1;
    filled = 0;
  };
  const inflate = new Inflate({ chunkSize: 64 * 1024 });
  inflate.onData = (chunk: Uint8Array) => {
    for (let i = 0; i < chunk.length && y < h.height; ) {
      if (filter < 0) {
        filter = chunk[i++] as number;
        continue;
      }
      const n = Math.min(stride - filled, chunk.length - i);
      cur.set(chunk.subarray(i, i + n), filled);
      filled += n;
      i += n;
      if (filled === stride) emit();
    }
  };
  inflate.onEnd = () => undefined;
  for (let i = 0; i < data.length && y < h.height && inflate.err === 0; i++) inflate.push(data[i] as Uint8Array, i === data.length - 1);
  if (data.length === 0 || y < h.height) throw new PngDataError(`图片数据不完整（只有 ${y} 行，应有 ${h.height} 行）`);
  return { channels: outCh };
}

/**
 * Reads the whole PNG through `streamRows` (so a damaged one is found before binding) and, when it is
 * larger than `maxW`×`maxH`, averages it down (area-weighted) to fit, as a new 8-bit PNG.
 * Returns undefined when the picture is within the size (the original bytes are used).
 */
export function fitPng(b: Uint8Array, h: PngHeader, maxW: number, maxH: number): { bytes: Uint8Array; width: number; height: number } | undefined {
  const scale = Math.min(1, maxW / h.width, maxH / h.height);
  if (scale >= 1) {
    streamRows(b, h, () => undefined);
    return undefined;
  }
  const width = h.width;
  const W = Math.max(1, Math.round(width * scale));
  const H = Math.max(1, Math.round(h.height * scale));
  const sx = width / W;
  const sy = h.height / H;
  // each source column falls into one or two output columns
  const col = new Int32Array(width);
  const wFirst = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    const o = Math.min(W - 1, Math.floor(x / sx));
    col[x] = o;
    const edge = (o + 1) * sx;
    wFirst[x] = x + 1 <= edge ? 1 : edge - x;
  }
  // Source rows are summed (weighted) into a full-width row for the output row being made — the tight
  // loop every source pixel goes through — and narrowed to the output width once per output row.
  const state = { channels: 1, outY: 0, cur: new Float64Array(0), next: new Float64Array(0), raw: new Uint8Array(0) };
  const area = sx * sy;
  const flush = (): void => {
    const { channels, cur, raw } = state;
    const line = new Float64Array(W * channels + channels); // one spare pixel: the last column's overflow
    if (channels === 1)
      for (let x = 0; x < width; x++) {
        const o = col[x] as number;
        const w1 = wFirst[x] as number;
        const v = cur[x] as number;
        line[o] = (line[o] as number) + v * w1;
        line[o + 1] = (line[o + 1] as number) + v * (1 - w1);
      }
    else
      for (let x = 0; x < width; x++) {
        const o = (col[x] as number) * 3;
        const w1 = wFirst[x] as number;
        const w2 = 1 - w1;
        const i = x * 3;
        const v0 = cur[i] as number;
        const v1 = cur[i + 1] as number;
        const v2 = cur[i + 2] as number;
        line[o] = (line[o] as number) + v0 * w1;
        line[o + 1] = (line[o + 1] as number) + v1 * w1;
        line[o + 2] = (line[o + 2] as number) + v2 * w1;
        line[o + 3] = (line[o + 3] as number) + v0 * w2;
        line[o + 4] = (line[o + 4] as number) + v1 * w2;
        line[o + 5] = (line[o + 5] as number) + v2 * w2;
      }
    const base = state.outY * (W * channels + 1);
    raw[base] = 0;
    for (let i = 0; i < W * channels; i++) raw[base + 1 + i] = Math.min(255, Math.round((line[i] as number) / area));
    state.outY++;
    cur.fill(0);
    [state.cur, state.next] = [state.next, state.cur];
  };
  const result = streamRows(b, h, (y, px) => {
    if (state.cur.length === 0) {
      state.channels = px.length / width;
      state.cur = new Float64Array(px.length);
      state.next = new Float64Array(px.length);
      state.raw = new Uint8Array((W * state.channels + 1) * H);
    }
    // the source row falls into the output row being made, or across it and the next
    const edge = (state.outY + 1) * sy;
    const v1 = y + 1 <= edge + 1e-9 ? 1 : Math.max(0, edge - y);
    const cur = state.cur;
    const n = px.length;
    if (v1 === 1) for (let i = 0; i < n; i++) cur[i] = (cur[i] as number) + (px[i] as number);
    else {
      const next = state.next;
      const v2 = 1 - v1;
      for (let i = 0; i < n; i++) {
        const v = px[i] as number;
        cur[i] = (cur[i] as number) + v * v1;
        next[i] = (next[i] as number) + v * v2;
      }
    }
    if (y + 1 >= edge - 1e-9 && state.outY < H) flush();
  });
  while (state.outY < H && state.cur.length) flush();
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(W, 0);
  ihdr.writeUInt32BE(H, 4);
  ihdr[8] = 8;
  ihdr[9] = result.channels === 3 ? 2 : 0;
  const bytes = Buffer.concat([Buffer.from(SIGNATURE), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(state.raw)), chunk('IEND', new Uint8Array())]);
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), width: W, height: H };
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(b: Uint8Array): number {
  let c = 0xffffffff;
  for (const x of b) c = (CRC_TABLE[(c ^ x) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
