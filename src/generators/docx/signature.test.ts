import { describe, expect, it } from 'vitest';
import { placeSignature } from './signature.js';

describe('placeSignature (GB/T 9704 7.3.5)', () => {
  it('unsealed: name 2 in, date starts 2 right of the name', () => {
    // name 7 chars, date 6 chars: name starts 9 from the right, date 7 → date inset 1
    expect(placeSignature(7, 6, false)).toEqual({ nameInset: 2, dateInset: 1 });
  });
  it('unsealed, date longer than name: date 2 in, name moves left', () => {
    expect(placeSignature(4, 6, false)).toEqual({ dateInset: 2, nameInset: 6 });
  });
  it('sealed: date 4 in, name centred over the date', () => {
    expect(placeSignature(7, 6, true)).toEqual({ dateInset: 4, nameInset: 3.5 });
    expect(placeSignature(20, 6, true).nameInset).toBe(0);
  });
});
