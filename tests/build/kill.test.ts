// A build killed at any moment (SIGKILL) leaves every earlier output intact — each file is either its
// old or its new complete version — and the next build repairs the rest. Runs the compiled CLI. The kills
// are placed, not timed: while rendering and writing to staging, with everything staged just before the
// commit, and in the middle of the commit (the test checks the journal was there: a kill that misses the
// commit cannot pass for one that hit it).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashTree } from '../helpers/tree.js';
import { dropVillages } from '../helpers/workspace.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/dossier.js');
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function cli(dir: string, fault?: string): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, [BIN, 'build', dir], { encoding: 'utf8', env: { ...process.env, ...(fault ? { DOSSIER_FAULT: fault } : { DOSSIER_FAULT: '' }) } });
}

const outputs = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith('.dossier')));

describe('killed builds', () => {
  it('never leave a damaged output, and the next build repairs everything', async () => {
    expect(existsSync(path.join(ROOT, 'dist/src/cli/main.js'))).toBe(true);
    const root = mkdtempSync(path.join(tmpdir(), 'dossier-kill-'));
    roots.push(root);
    const ws = path.join(root, 'ws');
    cpSync(path.join(ROOT, 'examples/澧源镇'), ws, { recursive: true, filter: (s) => !s.split(path.sep).includes('out') });
    dropVillages(ws); // one build of the township (the villages' builds are tested in units.test.ts)
    expect(cli(ws).status).toBe(0);
    const before = hashTree(path.join(ws, 'out'));

    // the edit every output depends on: the 立卷时间 (metadata date) changes every file
    const cfg = path.join(ws, 'dossier.yaml');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/^date: .*$/m, 'date: 2025-12-31'));
    const expected = path.join(root, 'expected');
    cpSync(ws, expected, { recursive: true });
    expect(cli(expected).status).toBe(0);
    const after = hashTree(path.join(expected, 'out'));
    const total = Object.keys(outputs(after)).length;

    const check = (when: string) => {
      for (const [rel, h] of Object.entries(hashTree(path.join(ws, 'out')))) {
        if (rel.startsWith('.dossier')) continue;
        expect([before[rel], after[rel]], `${when}: ${rel}`).toContain(h);
      }
    };
    // 1. while rendering and writing (nothing under out/<year> may change yet)
    const child = spawn(process.execPath, [BIN, 'build', ws], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 700));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    check('killed while writing');
    expect(outputs(hashTree(path.join(ws, 'out')))).toEqual(outputs(before));
    // 2. everything staged, the commit not begun
    expect(cli(ws, 'kill-before-commit').signal).toBe('SIGKILL');
    check('killed before the commit');
    expect(outputs(hashTree(path.join(ws, 'out')))).toEqual(outputs(before));
    // 3. in the middle of the commit: half the files renamed
    expect(cli(ws, `kill-after-renames:${Math.floor(total / 2)}`).signal).toBe('SIGKILL');
    expect(existsSync(path.join(ws, 'out/.dossier/commit.json'))).toBe(true);
    check('killed in the commit');
    const changed = Object.entries(outputs(hashTree(path.join(ws, 'out')))).filter(([k, h]) => h !== before[k]).length;
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThan(total);

    expect(cli(ws).status).toBe(0);
    const repaired = hashTree(path.join(ws, 'out'));
    expect(outputs(repaired)).toEqual(outputs(after));
    expect(readdirSync(path.join(ws, 'out/.dossier')).filter((n) => n === 'tmp' || n === 'commit.json' || n.endsWith('.tmp'))).toEqual([]);
  }, 120_000);
});
