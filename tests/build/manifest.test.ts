//! The manifest is trusted without schema validation only while its checksum says a build wrote it
//! exactly so; a hand-edited or damaged one is validated, and an invalid one means "rebuild all".
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { manifestPath, readManifest } from '../../src/build/manifest.js';
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
