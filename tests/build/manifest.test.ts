//! The manifest is trusted without schema validation only while its checksum says a build wrote it
//! exactly so; a hand-edited or damaged one is validated, and an invalid one means "rebuild all".
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { manifestChecksum, manifestPath, manifestText, readManifest } from '../../src/build/manifest.js';
import type { Manifest } from '../../src/schema/manifest.js';
import { sha256 } from '../../src/util/hash.js';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

function workspace(): string {
  return makeWorkspace({
    'dossier.yaml': `${BASE_DOSSIER}formats: [docx]\n`,
    'catalog/test.yaml': catalogWith('      - title: 工作要点\n        template: 通知\n'),
    'templates/通知.md.hbs': '---\nkind: 通知\ntitle: 工作要点\n---\n正文。\n',
  });
}

describe('manifest', () => {
  it('is written with its checksum and read back as written', async () => {
    const dir = workspace();
    expect((await build(dir)).ok).toBe(true);
    const text = readFileSync(manifestPath(dir), 'utf8');
    expect(readFileSync(path.join(dir, 'out/.dossier/manifest.sha256'), 'utf8')).toBe(`${sha256(text)}\n`);
    expect(readManifest(dir)).toEqual(JSON.parse(text));
    // written in pieces, the text is exactly JSON.stringify's
    expect(text).toBe(`${JSON.stringify(readManifest(dir))}\n`);
  });

  it('is made in pieces that join to exactly JSON.stringify of it, and hash as that text', () => {
    const m = {
      version: 1,
      toolKey: 'k',
      documents: { 'ZH/通知': { inputKey: 'a', deps: { b: '1', a: '2' }, modelKey: 'm', renderKey: undefined, outputs: ['out/2025/ZH-卷/1-通知.pdf'], pages: 2, meta: { title: '“引号”\n换行\u2028' } }, '10': { x: 1 }, '2': { y: [1, { z: null }] } },
      outputs: {},
      volumes: { ZH: { key: 'v', parts: [] } },
      attachments: { 'attachments/扫描.pdf': { sha256: 's', size: 3, mtimeMs: 1.5 } },
    } as unknown as Manifest;
    const pieces = [...manifestText(m)];
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.join('')).toBe(`${JSON.stringify(m)}\n`);
    expect(manifestChecksum(m)).toBe(sha256(`${JSON.stringify(m)}\n`));
  });

  it('validates a manifest changed since it was written: a valid edit is used, a broken one means rebuild all', async () => {
    const dir = workspace();
    expect((await build(dir)).ok).toBe(true);
    const file = manifestPath(dir);
    const m = JSON.parse(readFileSync(file, 'utf8')) as { documents: Record<string, { pages?: number }> };
    // valid, but no longer what the build wrote: accepted after validation, nothing rebuilt
    writeFileSync(file, JSON.stringify(m, null, 2));
    expect(readManifest(dir)?.documents).toEqual(m.documents);
    expect((await build(dir)).summary.rebuilt).toEqual([]);
    // broken structure: ignored, everything rebuilt, no crash
    writeFileSync(file, JSON.stringify({ ...m, documents: { 'ZH/工作要点': { inputKey: 5 } } }));
    expect(readManifest(dir)).toBeUndefined();
    const r = await build(dir);
    expect(r.ok).toBe(true);
    expect(r.summary.rebuilt.map((x) => x.id)).toEqual(['ZH/工作要点']);
  });
});
