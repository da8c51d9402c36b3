//! JPEG scans are bound as they are (the PDF carries the JPEG bytes; nothing is decoded here). What is
//! read: the frame size, whether picture data follows (a 17-byte header claiming 65000×65000 px is no
//! photo), and the EXIF orientation a phone writes instead of turning the pixels.

export interface JpegInfo {
  /** stored size, before orientation */
  width: number;
  height: number;
  /** EXIF orientation 1–8 (1: as stored) */
  orientation: number;
  /** bytes of entropy-coded data after the first start-of-scan */
  scanBytes: number;
}

/** EXIF orientation from an APP1 “Exif” segment body (TIFF header onwards); 1 when absent or unreadable. */
function exifOrientation(b: Uint8Array, start: number, end: number): number {
  if (end - start < 14 || String.fromCharCode(...b.subarray(start, start + 4)) !== 'Exif') return 1;
  const t = start + 6;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const little = b[t] === 0x49 && b[t + 1] === 0x49;
  if (!little && !(b[t] === 0x4d && b[t + 1] === 0x4d)) return 1;
  const u16 = (o: number) => (o + 2 <= end ? dv.getUint16(o, little) : 0);
  const u32 = (o: number) => (o + 4 <= end ? dv.getUint32(o, little) : 0);
  const ifd = t + u32(t + 4);
  const count = u16(ifd);
  for (let i = 0; i < count && i < 512; i++) {
    const e = ifd + 2 + i * 12;
    if (e + 12 > end) break;
    if (u16(e) === 0x0112) {
      const v = u16(e + 8);
      return v >= 1 && v <= 8 ? v : 1;
    }
  }
  return 1;
}

/** Frame size, orientation and scan data length of a JPEG; undefined when the markers are broken. */
export function jpegInfo(b: Uint8Array): JpegInfo | undefined {
  if (b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let i = 2;
  let size: { width: number; height: number } | undefined;
  let orientation = 1;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1] as number;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    if (marker === 0xd9) break;
    const len = dv.getUint16(i + 2);
    if (len < 2 || i + 2 + len > b.length) return undefined;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (len < 7) return undefined;
      size = { height: dv.getUint16(i + 5), width: dv.getUint16(i + 7) };
    } else if (marker === 0xe1 && orientation === 1) orientation = exifOrientation(b, i + 4, i + 2 + len);
    else if (marker === 0xda) {
      if (!size) return undefined;
      return { ...size, orientation, scanBytes: b.length - (i + 2 + len) };
    }
    i += 2 + len;
  }
  return size ? { ...size, orientation, scanBytes: 0 } : undefined;
}

/** Orientations 5–8 turn the picture a quarter: its width on the page is its stored height. */
export function quarterTurned(orientation: number): boolean {
  return orientation >= 5 && orientation <= 8;
}

/**
 * The PDF matrix that draws an image (unit square in image space) into the box x, y, w, h (points, the box
 * as it is seen on the page) turned and mirrored as EXIF `orientation` says.
 */
export function orientedMatrix(orientation: number, x: number, y: number, w: number, h: number): [number, number, number, number, number, number] {
  switch (orientation) {
    case 2:
      return [-w, 0, 0, h, x + w, y];
    case 3:
      return [-w, 0, 0, -h, x + w, y + h];
    case 4:
      return [w, 0, 0, -h, x, y + h];
    case 5:
      return [0, -h, -w, 0, x + w, y + h];
    case 6:
      return [0, -h, w, 0, x, y + h];
    case 7:
      return [0, h, w, 0, x, y];
    case 8:
      return [0, h, -w, 0, x + w, y];
    default:
      return [w, 0, 0, h, x, y];
  }
}
