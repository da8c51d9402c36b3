// Test helpers: sha256 of every file under a folder, keyed by path relative to it; what changed under out/
// between two such trees; an in-place edit of a workspace file.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import path from 'node:path';

export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const abs = path.join(d, n);
      if (statSync(abs).isDirectory()) walk(abs);
      else out[path.relative(dir, abs)] = createHash('sha256').update(readFileSync(abs)).digest('hex');
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** Outputs (under out/, the .dossier records left aside) whose bytes differ between two trees, sorted. */
export function changedOutputs(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k] && k.startsWith('out/') && !k.startsWith('out/.dossier')).sort();
}

/** Replace `from` by `to` in a workspace file (which must contain it). */
export function editFile(dir: string, rel: string, from: string, to: string): void {
  const abs = path.join(dir, rel);
  const t = readFileSync(abs, 'utf8');
  expect(t).toContain(from);
  writeFileSync(abs, t.replace(from, to));
}
