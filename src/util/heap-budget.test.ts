import { describe, expect, it } from 'vitest';
import { growingPercent, HEAP_SLACK } from './heap-budget.js';

const MiB = 1048576;

describe('heap budget', () => {
  it('leaves V8 alone while its own largest factor (4×) stays within the slack', () => {
    expect(growingPercent(20 * MiB)).toBe(0);
    expect(growingPercent(HEAP_SLACK / 3)).toBe(0);
  });
  it('past that, lets the heap grow by the slack only, and never by less than half the live size', () => {
    expect(growingPercent(64 * MiB)).toBe(200);
    expect(growingPercent(128 * MiB)).toBe(100);
    expect(growingPercent(200 * MiB)).toBe(64);
    expect(growingPercent(2048 * MiB)).toBe(50);
  });
});
