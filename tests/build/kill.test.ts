// A build killed at any moment (SIGKILL) leaves every earlier output intact — each file is either its
// old or its new complete version — and the next build repairs the rest. Runs the compiled CLI.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashTree } from '../helpers/tree.js';
import { dropVillages } from '../helpers/workspace.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/dossier.js');
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));


function cli(args: string[]): number {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' }).status ?? -1;
}

describe('killed builds', () => {
  it('never leave a damaged output, and the next build repairs everything', async () => {
    expect(existsSync(path.join(ROOT, 'dist/src/cli/main.js'))).toBe(true);
    const root = mkdtempSync(path.join(tmpdir(), 'dossier-kill-'));
    roots.push(root);
    const ws = path.join(root, 'ws');
    cpSync(path.join(ROOT, 'examples/澧源镇'), ws, { recursive: true, filter: (s) => !s.split(path.sep).includes('out') });
    dropVillages(ws); // one build of the township (the villages' builds are tested in units.test.ts)
    expect(cli(['build', ws])).toBe(0);
    const before = hashTree(path.join(ws, 'out'));

    // the edit every output depends on: the 立卷时间 (metadata date) changes every file
    const cfg = path.join(ws, 'dossier.yaml');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/^date: .*$/m, 'date: 2025-12-31'));
    const expected = path.join(root, 'expected');
    cpSync(ws, expected, { recursive: true });
    expect(cli(['build', expected])).toBe(0);
    const after = hashTree(path.join(expected, 'out'));

    for (const delayMs of [150, 400, 900, 1500]) {
      const child = spawn(process.execPath, [BIN, 'build', ws], { stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      const now = hashTree(path.join(ws, 'out'));
      for (const [rel, h] of Object.entries(now)) {
        if (rel.startsWith('.dossier') || /\.tmp$/.test(rel)) continue;
        // every file is a complete old or new version
        expect([before[rel], after[rel]], rel).toContain(h);
      }
    }
    expect(cli(['build', ws])).toBe(0);
    const repaired = hashTree(path.join(ws, 'out'));
    const strip = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith('.dossier')));
    expect(strip(repaired)).toEqual(strip(after));
  }, 120_000);
});
