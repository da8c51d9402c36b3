// Test helper: sha256 of every file under a folder, keyed by path relative to it.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
