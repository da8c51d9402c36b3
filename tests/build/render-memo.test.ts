// A document whose inputs changed but whose text, once Handlebars filled it in, is as last time keeps the
// model made from that text: its Markdown is not parsed again (a data file many documents read, edited in
// one place). Text that changed, or a changed tool key (dossier.yaml), is parsed again; the outputs are
// always those of a build from nothing.
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { build } from '../../src/build/build.js';
import * as markdown from '../../src/render/markdown.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';
import { editFile as edit } from '../helpers/tree.js';
import { catalogYaml, zh } from '../helpers/fixtures.js';

vi.mock('../../src/render/markdown.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../src/render/markdown.js')>();
  return { ...orig, markdownToBlocks: vi.fn(orig.markdownToBlocks) };
});
const parsed = vi.mocked(markdown.markdownToBlocks);

afterAll(cleanupWorkspaces);
beforeEach(() => parsed.mockClear());

const FILES = {
  'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [pdf, docx]\ndate: 2025-12-30\n',
  'catalog/test.yaml': catalogYaml(zh({ title: '青龙村通报', template: '青龙' }, { title: '白岩村通报', template: '白岩' })),
  // both read the villages table; each says only its own village's numbers
  'templates/青龙.md.hbs': '---\ntitle: 关于青龙村人口情况的通报\ndate: 2025-01-15\n---\n{{#each data.villages}}{{#if (eq 村名 "青龙村")}}{{村名}}人口{{人口}}人。{{/if}}{{/each}}\n',
  'templates/白岩.md.hbs': '---\ntitle: 关于白岩村人口情况的通报\ndate: 2025-01-15\n---\n{{#each data.villages}}{{#if (eq 村名 "白岩村")}}{{村名}}人口{{人口}}人。{{/if}}{{/each}}\n',
  'data/villages.csv': '村名,人口\n青龙村,1536\n白岩村,1288\n',
};

/** Files of `dir` that differ from those of the same workspace built from nothing. */
async function notAsFromNothing(dir: string): Promise<string[]> {
  const fresh = makeWorkspace({});
  cpSync(dir, fresh, { recursive: true, filter: (src) => !src.startsWith(path.join(dir, 'out')) });
  expect((await build(fresh)).ok).toBe(true);
  const files = ['ZH-综合资料卷.pdf', 'ZH-综合资料卷.docx', 'ZH-综合资料卷/01-青龙村通报.pdf', 'ZH-综合资料卷/02-白岩村通报.pdf'];
  return files.filter((f) => !readFileSync(path.join(dir, 'out/2025', f)).equals(readFileSync(path.join(fresh, 'out/2025', f))));
}

describe('a document whose filled-in text did not change keeps its model', () => {
  it('parses again only the text that changed', async () => {
    const dir = makeWorkspace(FILES);
    expect((await build(dir)).ok).toBe(true);
    expect(parsed).toHaveBeenCalledTimes(2);

    // 白岩村's number: both documents read the table, so both are rendered; only 白岩村's text changed
    parsed.mockClear();
    edit(dir, 'data/villages.csv', '白岩村,1288', '白岩村,1290');
    const r = await build(dir);
    expect(r.ok).toBe(true);
    expect(r.summary.rebuilt).toEqual([{ id: 'ZH/白岩村通报', reason: '数据“villages”已修改' }]);
    expect(parsed).toHaveBeenCalledTimes(1);
    expect(parsed.mock.calls[0]?.[0]).toContain('白岩村人口1290人');
    expect(await notAsFromNothing(dir)).toEqual([]);

    // another tool key (dossier.yaml): nothing is kept, every text is parsed again
    parsed.mockClear();
    edit(dir, 'dossier.yaml', 'date: 2025-12-30', 'date: 2025-12-31');
    expect((await build(dir)).ok).toBe(true);
    expect(parsed).toHaveBeenCalledTimes(2);
    parsed.mockClear();
    edit(dir, 'data/villages.csv', '青龙村,1536', '青龙村,1537');
    expect((await build(dir)).ok).toBe(true);
    expect(parsed).toHaveBeenCalledTimes(1);
    expect(await notAsFromNothing(dir)).toEqual([]);
  }, 60_000);
});
