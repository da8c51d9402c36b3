import { describe, expect, it } from 'vitest';
import { shareFontFiles } from './face.js';
import { loadFonts } from './resolve.js';

describe('font files', () => {
  it('are read once per process, into memory the worker threads share', async () => {
    const fonts = await loadFonts({ searchSystem: false });
    const face = fonts.faces.fangsong;
    const bytes = face.bytes;
    expect(bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    // what a worker is handed as it starts: the same memory, not a copy
    expect(shareFontFiles().get(face.path)).toBe(bytes.buffer);
    expect(bytes.readUInt32BE(0)).toBe(0x00010000);
  });
});
