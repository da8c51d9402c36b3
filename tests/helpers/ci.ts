// Test helper: suites that need a tool of the machine (Chromium, the built bundle, a system font). Outside
// CI a missing tool skips the suite with a line saying so; in CI (the CI variable set, as .ci/run does) the
// suite runs and fails at once, naming what is missing — CI never passes by skipping.
import { beforeAll } from 'vitest';

export const inCI = Boolean(process.env['CI']);

/**
 * Whether a suite needing `what` runs here: false only outside CI when it is missing. Call inside the
 * suite's describe (it adds a beforeAll that fails in CI when the tool is missing).
 */
export function needs(what: string, available: boolean): void {
  beforeAll(() => {
    if (!available) throw new Error(`CI：缺少 ${what}，这组测试不能运行（CI 中缺少工具算失败，不算跳过）`);
  });
}

/** True when the suite should be skipped: the tool is missing and this is not CI. */
export function skipWithout(what: string, available: boolean): boolean {
  if (!available && !inCI) process.stderr.write(`（跳过：缺少 ${what}；在 CI 中这会是失败）\n`);
  return !available && !inCI;
}
