//! The PDF writer compresses with Node's zlib, not pako's JavaScript port: the patch must reach the
//! very pako instance pdf-lib requires (in the esbuild bundle as well, see scripts/bundle.mjs).
import { createRequire } from 'node:module';
import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { NATIVE_DEFLATE } from '../../src/generators/pdf/native-deflate.js';

describe('native deflate for pdf-lib', () => {
  it('patches the pako that pdf-lib uses', () => {
    const req = createRequire(import.meta.url);
    const pako = createRequire(req.resolve('pdf-lib'))('pako') as { deflate: (d: Uint8Array) => Uint8Array; __native?: boolean };
    expect(NATIVE_DEFLATE).toBe(true);
    expect(pako.__native).toBe(true);
    const data = new TextEncoder().encode('BT /F1 16 Tf (案卷) Tj ET '.repeat(50));
    const out = pako.deflate(data);
    expect(Buffer.from(out).equals(deflateSync(data, { level: 4 }))).toBe(true);
    expect(new Uint8Array(inflateSync(out))).toEqual(data);
  });
});
