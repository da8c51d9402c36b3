//! pdf-lib compresses every stream with pako, a JavaScript port of zlib. Node ships the native zlib,
//! which is several times faster: point pdf-lib's pako.deflate at it (same zlib format, same level).
//! Loaded once by the PDF writer; a no-op if pdf-lib's pako cannot be found.
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';

function patch(): boolean {
  try {
    const req = createRequire(import.meta.url);
    const fromPdfLib = createRequire(req.resolve('pdf-lib'));
    const pako = fromPdfLib('pako') as { deflate?: (data: Uint8Array) => Uint8Array; __native?: boolean };
    if (pako.__native) return true;
    pako.deflate = (data: Uint8Array) => {
      const out = deflateSync(data);
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    };
    pako.__native = true;
    return true;
  } catch {
    return false;
  }
}

export const NATIVE_DEFLATE = patch();
