//! Paths inside a workspace: display form (forward slashes), containment checks.
//! Built-in files (catalog/, templates/, web/, scaffold/, fonts) are read through util/builtin-files.ts.
import path from 'node:path';
import { builtinVersion, packageDir } from '../util/builtin-files.js';

/** Forward-slash path of `abs` relative to `root` (what users see in messages). */
export function displayPath(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/** True when `abs` is `root` or inside it (no `..` escape). */
export function isInside(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The package folder on disk. Not there inside dossier.exe: read built-in files with
 * util/builtin-files.ts (builtinFile, builtinList, …), which works in both.
 */
export function builtinRoot(): string {
  return packageDir().dir;
}

/** The tool's version (package.json), part of every cache key. */
export function toolVersion(): string {
  return builtinVersion();
}
