//! Flate compression for every stream the PDF writer makes: Node's native zlib, one level for all.
import { deflateSync } from 'node:zlib';

/**
 * zlib level 4: measured on 20 责任书 with their CJK font subsets, 22 % less time than level 6 for
 * 1.3 % more bytes — font programs barely compress better at the slower levels.
 */
export const DEFLATE_LEVEL = 4;

/**
 * Font programs: level 2. Glyph outlines barely compress (to ~0.55 of their size at any level): level 2
 * was 25–30 % faster than 4 for 2.5 % more bytes, and a township embeds a few thousand subsets.
 */
export const FONT_DEFLATE_LEVEL = 2;

export function deflate(data: Uint8Array | string, level = DEFLATE_LEVEL): Uint8Array {
  const out = deflateSync(typeof data === 'string' ? Buffer.from(data, 'latin1') : data, { level });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
