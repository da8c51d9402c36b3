// Links to folders outside the workspace (issue 15, item 6): attachments/ itself, a folder in it, data/,
// templates/, catalog/ — each pointing at files of the same computer that are not the workspace's. Nothing
// behind such a link is read: one error names the link, and the outside file never reaches a volume.
// A link that stays inside the workspace is still followed.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepare } from '../../src/build/build.js';
import { sortDiagnostics } from '../../src/diag/diagnostic.js';
import { line } from '../helpers/diagnose.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';
import { PLAIN_PDF } from './fixtures.js';

const outside = mkdtempSync(path.join(tmpdir(), 'dossier-outside-'));
afterAll(() => {
  cleanupWorkspaces();
  rmSync(outside, { recursive: true, force: true });
});

/** A folder outside every workspace holding `files`. */
function elsewhere(name: string, files: Record<string, string>): string {
  const d = path.join(outside, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(d, rel)), { recursive: true });
    writeFileSync(path.join(d, rel), text);
  }
  return d;
}

const DOSSIER = 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [pdf]\n';
const CATALOG = 'name: 测试目录\nvolumes:\n  - code: ZH\n    title: 综合资料卷\n    retention: 永久\n    items:\n      - title: 上级文件\n        attach: 上级文件/*.pdf\n      - title: 内部材料\n        attach: 内部/*.pdf\n      - title: 花名册\n        table: villages\n';
const base = { 'dossier.yaml': DOSSIER, 'catalog/test.yaml': CATALOG, 'data/villages.csv': '村名\n青龙村\n' };

async function diagnose(dir: string): Promise<{ lines: string[]; attached: string[] }> {
  const r = await prepare(dir);
  return { lines: sortDiagnostics(r.diagnostics).map(line), attached: (r.plan?.volumes ?? []).flatMap((v) => v.documents.flatMap((d) => (d.kind === 'attachment' ? [d.file] : []))) };
}

describe('links to folders outside the workspace are not followed', () => {
  it('a folder in attachments/ (attachments/上级文件 → another folder of the computer)', async () => {
    const dir = makeWorkspace({ ...base, 'attachments/内部/.keep': '' });
    symlinkSync(elsewhere('上级', { '秘密.pdf': PLAIN_PDF }), path.join(dir, 'attachments/上级文件'));
    const { lines, attached } = await diagnose(dir);
    expect(lines.filter((l) => l.startsWith('E '))).toEqual(['E attachments/上级文件 这个文件夹是指向工作区以外的链接，已拒绝读取其中的文件']);
    expect(attached).toEqual([]);
  });

  it('attachments/ itself', async () => {
    const dir = makeWorkspace(base);
    symlinkSync(elsewhere('附件', { '上级文件/秘密.pdf': PLAIN_PDF }), path.join(dir, 'attachments'));
    const { lines, attached } = await diagnose(dir);
    expect(lines.filter((l) => l.startsWith('E '))).toEqual(['E attachments 这个文件夹是指向工作区以外的链接，已拒绝读取其中的文件']);
    expect(attached).toEqual([]);
  });

  it('data/, templates/ and catalog/, every problem at once', async () => {
    const dir = makeWorkspace({ 'dossier.yaml': DOSSIER });
    symlinkSync(elsewhere('数据', { 'villages.csv': '村名\n外面的村\n' }), path.join(dir, 'data'));
    symlinkSync(elsewhere('模板', { '通知.md.hbs': '---\ntitle: 外面的模板\n---\n' }), path.join(dir, 'templates'));
    symlinkSync(elsewhere('目录', { 'test.yaml': CATALOG }), path.join(dir, 'catalog'));
    const { lines } = await diagnose(dir);
    expect(lines).toEqual([
      'E catalog 这个文件夹是指向工作区以外的链接，已拒绝读取其中的文件',
      'E data 这个文件夹是指向工作区以外的链接，已拒绝读取其中的文件',
      'E templates 这个文件夹是指向工作区以外的链接，已拒绝读取其中的文件',
    ]);
  });

  it('a link that stays inside the workspace is followed', async () => {
    const dir = makeWorkspace({ ...base, 'attachments/上级文件/通知.pdf': PLAIN_PDF, '扫描件/内部.pdf': PLAIN_PDF });
    symlinkSync(path.join(dir, '扫描件'), path.join(dir, 'attachments/内部'));
    const { lines, attached } = await diagnose(dir);
    expect(lines.filter((l) => l.startsWith('E '))).toEqual([]);
    expect(attached).toEqual(['attachments/上级文件/通知.pdf', 'attachments/内部/内部.pdf']);
  });
});
