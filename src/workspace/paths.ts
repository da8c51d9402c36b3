//! Paths inside a workspace: display form (forward slashes), containment checks, the built-in root.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Forward-slash path of `abs` relative to `root` (what users see in messages). */
export function displayPath(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/** True when `abs` is `root` or inside it (no `..` escape). */
export function isInside(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

let cachedRoot: string | undefined;
let cachedVersion = '0';

/** The repository/package root that holds the built-in catalog/ and templates/. */
export function builtinRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'dossier') {
        cachedRoot = dir;
        cachedVersion = json.version ?? '0';
        return dir;
      }
    }
    dir = path.dirname(dir);
  }
  throw new Error('bug: cannot find the dossier package root');
}

/** The tool's version (package.json), part of every cache key. */
export function toolVersion(): string {
  builtinRoot();
  return cachedVersion;
}

/** Display name of a built-in file. */
export function builtinDisplay(abs: string): string {
  return `<内置>/${displayPath(builtinRoot(), abs)}`;
}

/** What locates a workspace's outputs: its folder and year, and for a unit of it (a village's dossier built
 *  from the township's workspace) its own output and record folders. */
export interface OutputLocated {
  dir: string;
  config: { year: number };
  out?: { dir: string; state: string };
}

/** out/<年度> of a workspace; out/<年度>/村/<村名> of a village built from it. */
export function outDirOf(ws: OutputLocated): string {
  return ws.out?.dir ?? path.join(ws.dir, 'out', String(ws.config.year));
}

/** out/.dossier (manifest, caches) of a workspace; out/.dossier/村/<村名> of a village. */
export function stateDirOf(ws: OutputLocated): string {
  return ws.out?.state ?? path.join(ws.dir, 'out', '.dossier');
}

/** The folder a build may remove its own outdated outputs from: out/ of a workspace, a unit's own out folder. */
export function outRootOf(ws: OutputLocated): string {
  return ws.out?.dir ?? path.join(ws.dir, 'out');
}
