//! Built-in files inside dossier.exe: Node's single-executable assets (node:sea), laid out by
//! scripts/build-exe.mjs with the keys below. Registered by src/exe/main.ts and src/exe/worker.ts.
import { getAsset, isSea } from 'node:sea';
import path from 'node:path';
import type { BuiltinSource } from '../util/builtin-files.js';

/** What build-exe.mjs wrote into the executable. */
export interface EmbeddedIndex {
  version: string;
  /** built-in files, package-relative, sorted (each stored under its own path as key) */
  files: string[];
  /** bundled fonts as "<npm package>/<file>" (each stored under fontKey()) */
  fonts: string[];
  /** whether the build pool's worker is stored (WORKER_KEY) */
  worker: boolean;
}

export const INDEX_KEY = 'dossier/index.json';
export const WORKER_KEY = 'dossier/worker.cjs';

/** Asset key of a bundled font. */
export function fontKey(pkg: string, file: string): string {
  return `fonts/${pkg}/${file}`;
}

/** True when running as dossier.exe (or another single executable). */
export function insideExecutable(): boolean {
  try {
    return isSea();
  } catch {
    return false;
  }
}

/** The executable's built-in files. */
export function embeddedSource(): BuiltinSource {
  const index = JSON.parse(getAsset(INDEX_KEY, 'utf8')) as EmbeddedIndex;
  const files = new Set(index.files);
  const fonts = new Set(index.fonts);
  return {
    kind: 'embedded',
    version: index.version,
    files: () => index.files,
    read: (rel) => (files.has(rel) ? Buffer.from(getAsset(rel)) : undefined),
    font: (pkg, file) => (fonts.has(`${pkg}/${file}`) ? { id: `<内置>/fonts/${path.posix.basename(file)}`, read: () => Buffer.from(getAsset(fontKey(pkg, file))) } : undefined),
    worker: () => (index.worker ? { code: getAsset(WORKER_KEY, 'utf8') } : undefined),
  };
}
