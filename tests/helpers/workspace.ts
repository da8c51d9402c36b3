// Test helper: builds real workspaces in a temporary folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type Files = Record<string, string | Uint8Array>;

const created: string[] = [];

export const BASE_DOSSIER = `unit: 澧源镇人民政府
fonds: "J012"
year: 2025
catalog: catalog/test.yaml
`;

/** Write `files` (path → content) into a fresh temp folder and return it. */
export function makeWorkspace(files: Files): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dossier-test-'));
  created.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}

export function cleanupWorkspaces(): void {
  for (const d of created.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A minimal valid catalog with one template item. */
export function catalogWith(items: string, extraVolumes = ''): string {
  return `name: 测试目录
volumes:
  - code: ZH
    title: 综合资料卷
    retention: 永久
    items:
${items}
${extraVolumes}`;
}

/**
 * The example workspace without its villages (the `villages:` block of dossier.yaml removed): for suites
 * about one build of the township (the villages' dossiers are tested in tests/build/units.test.ts).
 */
export function dropVillages(dir: string): void {
  const file = path.join(dir, 'dossier.yaml');
  const text = readFileSync(file, 'utf8');
  const out = text.replace(/^villages:.*\n(?:[ \t]+.*\n)*/m, '');
  if (out === text) throw new Error(`no villages: block in ${file}`);
  writeFileSync(file, out);
}
