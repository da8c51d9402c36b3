// Fuzz, seeds 1–1000 of 2,000 (the other half in fuzz-b.test.ts, run side by side): seeded mutations of a
// workspace's YAML, CSV and templates end in success or a report naming the file, never a crash.
import { describe, expect, it } from 'vitest';
import { runFuzz } from './fuzz-cases.js';

describe('fuzz', () => {
  it('seeds 1–1000: each mutation ends in success or a report, never a crash', async () => {
    const { successes, failures, withLine } = await runFuzz(1, 1000);
    expect(successes).toBeGreaterThan(25);
    expect(failures).toBeGreaterThan(100);
    // most reports point at the line to fix
    expect(withLine / failures).toBeGreaterThan(0.8);
  }, 180_000);
});
