//! The parse cache (out/.dossier/parsed.json) of YAML files and workbooks: a file whose bytes parsed cleanly last build is not
//! parsed again, gives the same value and the same positions; anything else is parsed as usual.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { parseCachePath } from '../../src/workspace/parse-cache.js';
import { loadWorkspace } from '../../src/workspace/load.js';
import { registerWorkbook } from '../../src/workspace/register-sheets.js';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

const CATALOG = catalogWith(`      - title: 工作要点
        template: 通知
`);
const STATS = 'rows:\n  - name: 一村\n    value: 3\n  - name: 二村\n    value: 4\n';

function workspace(): string {
  return makeWorkspace({
    'dossier.yaml': `${BASE_DOSSIER}formats: [docx]\n`,
    'catalog/test.yaml': CATALOG,
    'data/stats.yaml': STATS,
    'templates/通知.md.hbs': '---\nkind: 通知\ntitle: 工作要点\n---\n正文。\n',
  });
}

describe('parse cache', () => {
  it('keeps clean parses after a build and gives back the same catalog, data and positions', async () => {
    const dir = workspace();
    const r = await build(dir);
    expect(r.ok).toBe(true);
    const cache = JSON.parse(readFileSync(parseCachePath(dir), 'utf8')) as { entries: Record<string, string> };
    // dossier.yaml is read before the cache, the catalog and the YAML data file through it; the catalog
    // also as it passed its checks (catalog<n>:<sha>)
    expect(Object.values(cache.entries).map((v) => JSON.parse(v) as unknown)).toEqual(expect.arrayContaining([{ rows: [{ name: '一村', value: 3 }, { name: '二村', value: 4 }] }]));
    expect(Object.keys(cache.entries)).toHaveLength(3);
    expect(Object.keys(cache.entries).filter((k) => k.startsWith('catalog'))).toHaveLength(1);

    const plain = await loadWorkspace(dir);
    const cached = await loadWorkspace(dir, { parseCache: true });
    expect(cached.workspace?.catalog).toEqual(plain.workspace?.catalog);
    expect(cached.workspace?.data).toEqual(plain.workspace?.data);
    expect(cached.workspace?.catalogLocate(['volumes', 0, 'items', 0, 'template'])).toEqual({ line: 8, column: 19 });
    expect(cached.workspace?.catalogLocate(['volumes', 0, 'items', 0, 'template'])).toEqual(plain.workspace?.catalogLocate(['volumes', 0, 'items', 0, 'template']));
  });

  it('parses an edited file again (its errors are reported as always) and never keeps an unclean parse', async () => {
    const dir = workspace();
    expect((await build(dir)).ok).toBe(true);
    writeFileSync(path.join(dir, 'data', 'stats.yaml'), 'rows:\n  - name: 一村\n  value: 3\n');
    const r = await build(dir);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.find((d) => d.file === 'data/stats.yaml')?.line).toBe(3);
    // the failed build wrote nothing, the cache included
    const entries = Object.values((JSON.parse(readFileSync(parseCachePath(dir), 'utf8')) as { entries: Record<string, string> }).entries);
    expect(entries.map((v) => JSON.parse(v) as unknown)).toContainEqual({ rows: [{ name: '一村', value: 3 }, { name: '二村', value: 4 }] });
  });

  it('checks an edited catalog again: a catalog checked before, then broken, is reported with its line', async () => {
    const dir = workspace();
    expect((await build(dir)).ok).toBe(true);
    writeFileSync(path.join(dir, 'catalog', 'test.yaml'), CATALOG.replace('template: 通知', 'template: 通知\n        copies: 3'));
    const r = await build(dir);
    expect(r.ok).toBe(false);
    const d = r.diagnostics.find((x) => x.file === 'catalog/test.yaml');
    expect(d?.line).toBe(9);
  });

  it('keeps clean workbook parses too: a workbook whose bytes were read cleanly is not opened again', async () => {
    const bytes = await registerWorkbook(
      [
        { name: '第一季度', columns: ['村名', '实监测人数'], rows: [{ 村名: '青龙村', 实监测人数: 420 }] },
        { name: '第二季度', columns: ['村名', '实监测人数'], rows: [{ 村名: '青龙村', 实监测人数: 431 }] },
      ],
      new Date(Date.UTC(2025, 0, 1)),
    );
    const dir = makeWorkspace({ 'dossier.yaml': `${BASE_DOSSIER}formats: [docx]\n`, 'catalog/test.yaml': CATALOG, 'data/监测汇总.xlsx': bytes, 'templates/通知.md.hbs': '---\nkind: 通知\ntitle: 工作要点\n---\n正文。\n' });
    expect((await build(dir)).ok).toBe(true);
    const file = parseCachePath(dir);
    const j = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, string> };
    const key = Object.keys(j.entries).find((k) => k.startsWith('xlsx:')) ?? '';
    expect(JSON.parse(j.entries[key] ?? 'null')).toEqual([
      // lines: the sheet row of each row, so messages name it on builds that read the cache (issue 15)
      { name: '第一季度', rows: [{ 村名: '青龙村', 实监测人数: 420 }], lines: [2] },
      { name: '第二季度', rows: [{ 村名: '青龙村', 实监测人数: 431 }], lines: [2] },
    ]);
    const plain = (await loadWorkspace(dir)).workspace?.data;
    const cached = (await loadWorkspace(dir, { parseCache: true })).workspace?.data;
    for (const k of ['监测汇总', '监测汇总.第一季度', '监测汇总.第二季度']) expect(cached?.[k], k).toEqual(plain?.[k]);
    // the kept rows are what the next build reads (the workbook itself is not opened)
    writeFileSync(file, JSON.stringify({ ...j, entries: { ...j.entries, [key]: JSON.stringify([{ name: '第一季度', rows: [{ 村名: '缓存', 实监测人数: 1 }] }]) } }));
    expect((await loadWorkspace(dir, { parseCache: true })).workspace?.data['监测汇总.第一季度']).toEqual([{ 村名: '缓存', 实监测人数: 1 }]);
  });

  it('ignores a cache of another version or a damaged one', async () => {
    const dir = workspace();
    expect((await build(dir)).ok).toBe(true);
    const file = parseCachePath(dir);
    const j = JSON.parse(readFileSync(file, 'utf8')) as { tool: string; entries: Record<string, string> };
    // same hashes, wrong values: trusted only with the same tool version
    const poisoned = Object.fromEntries(Object.keys(j.entries).map((k) => [k, JSON.stringify({ rows: [] })]));
    writeFileSync(file, JSON.stringify({ ...j, tool: '0.0.0-other', entries: poisoned }));
    expect((await loadWorkspace(dir, { parseCache: true })).workspace?.data['stats']).toEqual({ rows: [{ name: '一村', value: 3 }, { name: '二村', value: 4 }] });
    writeFileSync(file, '{"version":1,"tool":');
    expect((await loadWorkspace(dir, { parseCache: true })).workspace?.data['stats']).toEqual({ rows: [{ name: '一村', value: 3 }, { name: '二村', value: 4 }] });
    expect((await build(dir)).ok).toBe(true);
    expect(existsSync(file)).toBe(true);
    expect(Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { entries: object }).entries)).toHaveLength(3);
  });
});
