// A volume bound again after one of its documents changed takes its scans (a scanned PDF, a JPG) and its
// forms from out/.dossier/cache instead of reading and laying them out again — and must give exactly the
// bytes a build from nothing gives. A damaged or stale cache file is not used; --force makes everything again.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { linesOf, readPdfText } from '../helpers/pdf-read.js';
import { editFile } from '../helpers/tree.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';
import { bindWorkspace, scanPdf, stampOf } from './fixture.js';

afterAll(cleanupWorkspaces);

const OUTPUTS = ['ZH-综合资料卷.pdf', 'ZH-综合资料卷.docx', 'RK-人口计划卷.pdf', 'RK-人口计划卷.docx'];
const cacheFiles = (dir: string, sub: string): string[] => {
  const d = path.join(dir, 'out/.dossier/cache', sub);
  return existsSync(d) ? readdirSync(d).map((f) => path.join(d, f)) : [];
};

/** The volumes of `dir` against those of the same workspace built from nothing. */
async function sameAsFromNothing(dir: string): Promise<string[]> {
  const fresh = makeWorkspace({});
  cpSync(dir, fresh, { recursive: true, filter: (src) => !src.startsWith(path.join(dir, 'out')) });
  expect((await build(fresh)).ok).toBe(true);
  return OUTPUTS.filter((f) => !readFileSync(path.join(dir, 'out/2025', f)).equals(readFileSync(path.join(fresh, 'out/2025', f))));
}

describe('rebinding from the kept scans and forms', () => {
  it('gives the bytes of a build from nothing, after a document edit, a changed scan, a damaged cache and --force', async () => {
    const dir = makeWorkspace(await bindWorkspace());
    expect((await build(dir)).ok).toBe(true);
    // ZH has scans (one block kept); both volumes keep their forms
    expect(cacheFiles(dir, 'scans')).toHaveLength(1);
    expect(cacheFiles(dir, 'forms')).toHaveLength(2);
    const [block] = cacheFiles(dir, 'scans') as [string];
    const keptBlock = readFileSync(block);

    // a document of both volumes changes: both are bound again from the kept scans and forms
    editFile(dir, 'templates/总结.md.hbs', '切实做好各项工作。', '切实做好各项工作，确保完成全年目标。');
    const edited = await build(dir);
    expect(edited.ok).toBe(true);
    expect(edited.written).toEqual(expect.arrayContaining(OUTPUTS.map((f) => `out/2025/${f}`)));
    // the block was used as it was, not made again
    expect(readFileSync(block).equals(keptBlock)).toBe(true);
    expect(await sameAsFromNothing(dir)).toEqual([]);
    // the scans are in the volume with their 页号, and the edit too
    const pages = await readPdfText(new Uint8Array(readFileSync(path.join(dir, 'out/2025/ZH-综合资料卷.pdf'))));
    const text = pages.map((p) => linesOf(p).map((l) => l.text).join('')).join('\n');
    expect(text).toContain('确保完成全年目标');
    const scanPages = pages.filter((p) => linesOf(p).some((l) => l.text.includes('SCAN-A')));
    expect(scanPages.map((p) => linesOf(p).find((l) => l.text.includes('SCAN-A'))?.text)).toEqual(['SCAN-A-1', 'SCAN-A-2', 'SCAN-A-3']);
    expect(scanPages.every((p) => stampOf(p) !== undefined)).toBe(true);

    // a scan replaced by one with fewer pages: its block is made again
    writeFileSync(path.join(dir, 'attachments/上级/县局通知.pdf'), await scanPdf('SCAN-B', 2));
    expect((await build(dir)).ok).toBe(true);
    expect(readFileSync(block).equals(keptBlock)).toBe(false);
    expect(await sameAsFromNothing(dir)).toEqual([]);

    // a damaged block (cut short) and a forms file of another volume are not used
    const [formsA, formsB] = cacheFiles(dir, 'forms') as [string, string];
    writeFileSync(block, readFileSync(block).subarray(0, 1000));
    writeFileSync(formsA, readFileSync(formsB));
    editFile(dir, 'templates/总结.md.hbs', '确保完成全年目标。', '确保完成全年各项目标。');
    expect((await build(dir)).ok).toBe(true);
    expect(await sameAsFromNothing(dir)).toEqual([]);

    // --force makes the kept scans and forms again: a block damaged in place (same length) cannot survive it
    const damaged = readFileSync(block);
    damaged.fill(0x20, damaged.length - 200, damaged.length - 100);
    writeFileSync(block, damaged);
    expect((await build(dir, { force: true })).ok).toBe(true);
    expect(readFileSync(block).equals(damaged)).toBe(false);
    expect(await sameAsFromNothing(dir)).toEqual([]);
  }, 120_000);
});
