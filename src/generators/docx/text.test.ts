import { describe, expect, it } from 'vitest';
import { distributeWidths } from './tables.js';
import { widthInChars } from './text.js';
import { crc32, readZip, writeZip } from './zip.js';

describe('widths', () => {
  it('widths: half-width ASCII counts one half', () => {
    expect(widthInChars('2025年9月5日')).toBe(6);
  });
});

describe('distributeWidths', () => {
  it('sums exactly and follows the fractions', () => {
    const w = distributeWidths(8845, [0.4, 0.3, 0.3]);
    expect(w.reduce((a, b) => a + b, 0)).toBe(8845);
    expect(w).toEqual([3538, 2654, 2653]);
    expect(distributeWidths(100, [0, 0]).reduce((a, b) => a + b, 0)).toBe(100);
  });
});

describe('zip', () => {
  it('round-trips entries and is deterministic', () => {
    const enc = new TextEncoder();
    const entries = [['a.xml', enc.encode('<a>澧源</a>')], ['b/c.xml', enc.encode('x'.repeat(1000))]] as const;
    const z1 = writeZip(entries, new Date('2025-09-05T00:00:00Z'));
    const z2 = writeZip(entries, new Date('2025-09-05T00:00:00Z'));
    expect(Buffer.from(z1).equals(Buffer.from(z2))).toBe(true);
    const back = readZip(z1);
    expect(new TextDecoder().decode(back.get('a.xml'))).toBe('<a>澧源</a>');
    expect(back.get('b/c.xml')?.length).toBe(1000);
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
  });
});
