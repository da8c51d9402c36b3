// Same inputs, same bytes: a forced rebuild, and one worker versus two, give byte-identical PDF, DOCX
// and zip files for the example workspace. (Workers run the compiled dist/, which `npm test` builds.)
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { hashTree } from '../helpers/tree.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/澧源镇');
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function copy(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'dossier-det-'));
  roots.push(root);
  const ws = path.join(root, 'ws');
  cpSync(EXAMPLE, ws, { recursive: true, filter: (s) => !s.split(path.sep).includes('out') });
  return ws;
}

const outputs = (ws: string) => Object.fromEntries(Object.entries(hashTree(path.join(ws, 'out'))).filter(([k]) => !k.startsWith('.dossier')));

describe('deterministic output', () => {
  it('one worker and two workers, and a forced rebuild, give identical bytes', async () => {
    const a = copy();
    const b = copy();
    const ra = await build(a, { jobs: 1, zip: true });
    const rb = await build(b, { jobs: 2, workersFrom: 1, zip: true });
    expect(ra.ok && rb.ok).toBe(true);
    const ha = outputs(a);
    expect(Object.keys(ha).filter((k) => k.endsWith('.zip'))).toHaveLength(1);
    expect(Object.keys(ha).length).toBeGreaterThan(200);
    expect(outputs(b)).toEqual(ha);
    const again = await build(a, { jobs: 2, workersFrom: 1, zip: true, force: true });
    expect(again.summary.rebuilt.length).toBe(ra.summary.rebuilt.length);
    expect(outputs(a)).toEqual(ha);
  }, 180_000);
});
