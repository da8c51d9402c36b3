// dossier export-template: every built-in template written as a Word file re-imports to the same model —
// the workspace of `dossier init` renders each of its documents from the exported .docx templates exactly
// as from the Markdown ones (blocks and 公文 elements); the .docx opens as a valid package with named
// styles and is the same bytes when exported again.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { prepare } from '../../src/build/build.js';
import { exportTemplate } from '../../src/build/word-templates.js';
import { main } from '../../src/cli/main.js';
import type { Document } from '../../src/model/types.js';
import { openDocx } from '../helpers/docx-read.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(path.join(tmpdir(), 'dossier-export-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const strip = (d: Document | undefined): unknown => JSON.parse(JSON.stringify(d ?? null, (k, v) => (k === 'src' ? undefined : v)));
const TEMPLATES = readdirSync(path.join(ROOT, 'templates')).filter((f) => f.endsWith('.md.hbs')).map((f) => f.replace(/\.md\.hbs$/, '')).sort();

describe('export-template round trip', async () => {
  const md = path.join(tmp, 'md');
  const word = path.join(tmp, 'word');
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  await main(['init', md]);
  vi.restoreAllMocks();
  cpSync(md, word, { recursive: true });
  const exported = await Promise.all(TEMPLATES.map((t) => exportTemplate(word, t)));

  it('writes every built-in template', () => {
    expect(exported.flatMap((r) => r.diagnostics)).toEqual([]);
    expect(exported.map((r) => r.written)).toEqual(TEMPLATES.map((t) => `templates/${t}.docx`));
  });

  it('each document of the workspace is the same from the Word templates as from the Markdown ones', async () => {
    const a = await prepare(md);
    const b = await prepare(word);
    expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const fromWord = new Map(b.rendered.map((r) => [r.planned.id, r]));
    expect(b.rendered.length).toBe(a.rendered.length);
    expect(a.rendered.length).toBeGreaterThan(40);
    const usedWord = new Set(b.rendered.flatMap((r) => (r.planned.kind === 'template' ? [r.planned.template] : [])));
    expect(usedWord.size).toBeGreaterThan(10);
    for (const r of a.rendered) {
      const w = fromWord.get(r.planned.id);
      expect({ id: r.planned.id, doc: strip(w?.document) }).toEqual({ id: r.planned.id, doc: strip(r.document) });
    }
  });

  it('is a valid package with the styles a clerk sees, and the same bytes when exported again', async () => {
    const bytes = readFileSync(path.join(word, 'templates/通知.docx'));
    const parts = await openDocx(bytes);
    expect(parts.part('word/document.xml')).toContain('<w:pStyle w:val="GwMasthead"/>');
    expect(parts.part('word/styles.xml')).toContain('<w:name w:val="heading 1"/>');
    const again = await exportTemplate(md, '通知', { out: path.join(tmp, '通知-2.docx') });
    expect(again.ok).toBe(true);
    expect(readFileSync(path.join(tmp, '通知-2.docx')).equals(bytes)).toBe(true);
  });
});
