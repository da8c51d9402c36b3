// Import rules (ARCHITECTURE.md §8.3, as this code base lays them out): dependencies point one way,
// the model knows nothing of PDF/DOCX, writers know nothing of catalogs, nothing imports the CLI (but dossier.exe's entry, src/exe).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

/** Layer of a source file: its folder under src/, with generators/<fmt> kept apart. */
function layerOf(rel: string): string {
  const parts = rel.split('/');
  if (parts[0] === 'generators' && parts.length > 2) return `generators/${parts[1]}`;
  return parts.length > 1 ? (parts[0] ?? '') : '(root)';
}

/** Which layers each layer may import (besides itself). */
const ALLOWED: Record<string, string[]> = {
  standards: [],
  diag: [],
  util: [],
  model: ['standards', 'util'],
  fonts: ['standards', 'util'],
  schema: ['diag', 'util', 'fonts'],
  workspace: ['schema', 'diag', 'util', 'fonts', 'standards'],
  plan: ['schema', 'workspace', 'diag', 'util'],
  render: ['model', 'plan', 'schema', 'workspace', 'diag', 'util'],
  layout: ['model', 'fonts', 'standards', 'util'],
  'generators/pdf': ['layout', 'fonts', 'standards', 'util'],
  'generators/docx': ['model', 'standards', 'fonts', 'util'],
  'generators/archive': ['model', 'layout', 'standards', 'fonts', 'util'],
  // the xlsx writer packs with the DOCX writer's deterministic zip
  'generators/xlsx': ['generators/docx'],
  generators: ['generators/pdf', 'generators/docx', 'generators/archive', 'generators/xlsx', 'layout', 'model', 'fonts'],
  bind: ['plan', 'layout', 'generators', 'generators/pdf', 'generators/docx', 'generators/archive', 'model', 'fonts', 'standards', 'diag', 'util', 'workspace'],
  build: ['bind', 'render', 'plan', 'workspace', 'schema', 'generators', 'generators/archive', 'generators/xlsx', 'layout', 'model', 'fonts', 'standards', 'diag', 'util'],
  serve: ['build', 'bind', 'plan', 'workspace', 'schema', 'render', 'model', 'diag', 'util'],
  cli: ['build', 'serve', 'plan', 'workspace', 'schema', 'diag', 'util', 'fonts'],
  // dossier.exe's entry: the CLI plus the double-click launcher (nothing imports exe/)
  exe: ['cli', 'serve', 'build', 'workspace', 'util'],
  '(root)': ['build', 'workspace', 'plan', 'model', 'diag'],
};

/** Packages only some layers may use. */
const PACKAGE_OWNERS: Record<string, string[]> = {
  'pdf-lib': ['generators/pdf', 'bind'],
  handlebars: ['render'],
  exceljs: ['workspace', 'generators/xlsx'],
  commander: ['cli'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const abs = path.join(dir, n);
    if (statSync(abs).isDirectory()) return files(abs);
    return n.endsWith('.ts') && !n.endsWith('.test.ts') && !n.endsWith('.d.ts') ? [abs] : [];
  });
}

function imports(abs: string): string[] {
  const text = readFileSync(abs, 'utf8');
  // static imports, and dynamic import('…') of modules loaded lazily (the layering holds for both)
  return [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm), ...text.matchAll(/^\s*import\s+'([^']+)'/gm), ...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? '');
}

describe('architecture', () => {
  const all = files(SRC).map((abs) => ({ abs, rel: path.relative(SRC, abs).split(path.sep).join('/') }));

  it('finds the source files', () => {
    expect(all.length).toBeGreaterThan(60);
  });

  it('dependencies point one way', () => {
    const violations: string[] = [];
    for (const { abs, rel } of all) {
      const from = layerOf(rel);
      const allowed = ALLOWED[from];
      if (!allowed) {
        violations.push(`${rel}: layer "${from}" has no rule`);
        continue;
      }
      for (const spec of imports(abs)) {
        if (!spec.startsWith('.')) continue;
        const target = path.relative(SRC, path.resolve(path.dirname(abs), spec)).split(path.sep).join('/');
        if (target.startsWith('..')) {
          violations.push(`${rel} imports outside src: ${spec}`);
          continue;
        }
        const to = layerOf(target);
        if (to !== from && !allowed.includes(to)) violations.push(`${rel} (${from}) → ${target} (${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('heavy packages stay in their layer', () => {
    const violations: string[] = [];
    for (const { abs, rel } of all)
      for (const spec of imports(abs)) {
        const owners = PACKAGE_OWNERS[spec];
        if (owners && !owners.includes(layerOf(rel))) violations.push(`${rel} imports ${spec}`);
      }
    expect(violations).toEqual([]);
  });

  it('the document model mentions neither PDF nor DOCX', () => {
    const text = readFileSync(path.join(SRC, 'model/types.ts'), 'utf8');
    expect(text).not.toMatch(/pdf-lib|from 'docx'|OOXML|twip/i);
  });
});
