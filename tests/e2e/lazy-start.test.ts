//! Starting lazily (issue 16): a build with nothing to do loads no writer, font code, pdf-lib or Handlebars —
//! on the bundled example, whose 综合资料卷 holds the 发文登记簿 (its volume waits for every other document's
//! 文号, and must not be rendered again only to wait). `DOSSIER_TRACE` says what was loaded.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';
import { needs, skipWithout } from '../helpers/ci.js';

afterAll(cleanupWorkspaces);

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'dossier.js');
const BUNDLE = path.join(ROOT, 'dist', 'bundle', 'dossier.cjs');

describe.skipIf(skipWithout(`the bundle ${BUNDLE} (npm run build)`, existsSync(BUNDLE)))('a build with nothing to do', () => {
  needs(`the bundle ${BUNDLE}（npm run build）`, existsSync(BUNDLE));
  it('renders nothing and loads no writer, font code, pdf-lib or Handlebars', () => {
    const dir = makeWorkspace({});
    cpSync(path.join(ROOT, 'examples', '澧源镇'), dir, { recursive: true, filter: (src) => !src.split(path.sep).includes('out') });
    const run = () => spawnSync(process.execPath, [BIN, 'build', dir], { encoding: 'utf8', env: { ...process.env, DOSSIER_TRACE: '1' } });
    const first = run();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/loaded: .*PDF writer/);
    // the kept models (out/.dossier/models) are not written again either
    const models = path.join(dir, 'out', '.dossier', 'models');
    const stamps = () => readdirSync(models).map((f) => `${f} ${statSync(path.join(models, f)).mtimeMs}`);
    const before = stamps();
    expect(before.length).toBeGreaterThan(0);
    const second = run();
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).toContain('reuse decided (0 to render)');
    expect(second.stderr).toContain('loaded: no writer, font or pdf-lib');
    expect(stamps()).toEqual(before);
  }, 120_000);
});
