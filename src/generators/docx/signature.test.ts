import { describe, expect, it } from 'vitest';
import { placeSignature } from './signature.js';

describe('placeSignature (GB/T 9704 7.3.5)', () => {
  it('unsealed: name 2 in, date starts 2 right of the name', () => {
    // name 12 chars, date 6: name starts 14 from the right, date starts 12 → date inset 6
    expect(placeSignature(12, 6, false)).toEqual({ nameInset: 2, dateInset: 6 });
  });
  it('unsealed, date would reach past the 2-char inset: date 2 in, name 2 chars left of it', () => {
    expect(placeSignature(7, 6, false)).toEqual({ dateInset: 2, nameInset: 3 });
    expect(placeSignature(4, 6, false)).toEqual({ dateInset: 2, nameInset: 6 });
  });
  it('sealed: date 4 in, name centred over the date', () => {
    expect(placeSignature(7, 6, true)).toEqual({ dateInset: 4, nameInset: 3.5 });
    expect(placeSignature(20, 6, true).nameInset).toBe(0);
  });
});
