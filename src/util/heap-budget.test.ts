import { describe, expect, it } from 'vitest';
import { growingPercent, V8_ALONE_BELOW } from './heap-budget.js';

const MiB = 1048576;

describe('heap budget', () => {
  it('leaves V8 alone while the live heap is small (a township)', () => {
    expect(growingPercent(20 * MiB)).toBe(0);
    expect(growingPercent(V8_ALONE_BELOW - 1)).toBe(0);
  });
  it('past that, lets the heap grow by the slack only, and never by less than half the live size', () => {
    expect(growingPercent(V8_ALONE_BELOW)).toBe(200);
    expect(growingPercent(64 * MiB)).toBe(150);
    expect(growingPercent(96 * MiB)).toBe(100);
    expect(growingPercent(150 * MiB)).toBe(64);
    expect(growingPercent(2048 * MiB)).toBe(50);
  });
});
