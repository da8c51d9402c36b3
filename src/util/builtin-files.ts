//! Built-in files — catalog/, templates/, web/, scaffold/, examples/, the bundled fallback fonts and the
//! build pool's worker — read one way, whether they lie in the package folder (npm install, tests) or
//! inside dossier.exe as single-executable assets (src/exe registers that source when it starts).
//! Paths are package-relative with '/' ('templates/通知.md.hbs'). Nothing else reads these files.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Top-level folders of the package that hold built-in files. */
export const BUILTIN_DIRS = ['catalog', 'templates', 'web', 'scaffold', 'examples'] as const;

/** A bundled font as the font resolver sees it. */
export interface BundledFontFile {
  /** what the font report shows and what FontFace.id is made from */
  id: string;
  read(): Buffer;
  /** the font's file, when it is one on disk: read only when something is laid out (its names from its name table) */
  file?: string;
}

/** The pool's worker: a file to start, or (inside dossier.exe) its code. */
export type WorkerSource = { file: string } | { code: string };

/** Where built-in files come from. */
export interface BuiltinSource {
  readonly kind: 'package' | 'embedded';
  /** the tool's version (package.json), part of every cache key */
  readonly version: string;
  /** every built-in file, package-relative, sorted */
  files(): readonly string[];
  /** a built-in file's bytes, or undefined when there is no such file */
  read(rel: string): Buffer | undefined;
  /** a bundled font by its npm package and file inside it, or undefined when not bundled */
  font(pkg: string, file: string): BundledFontFile | undefined;
  /** the build pool's worker, or undefined when it cannot be started (the main thread then works alone) */
  worker(): WorkerSource | undefined;
}

let source: BuiltinSource | undefined;

/** Replaces where built-in files come from (dossier.exe does this first thing; tests may too; undefined: the package folder again). */
export function setBuiltinSource(s: BuiltinSource | undefined): void {
  source = s;
  listing = undefined;
}

/** The current source: the package folder unless dossier.exe registered its assets. */
export function builtinSource(): BuiltinSource {
  return (source ??= packageSource());
}

let listing: { all: readonly string[]; set: ReadonlySet<string> } | undefined;
function listed(): { all: readonly string[]; set: ReadonlySet<string> } {
  if (!listing) {
    const all = builtinSource().files();
    listing = { all, set: new Set(all) };
  }
  return listing;
}

/** Bytes of a built-in file ('catalog/村级.yaml'), or undefined. */
export function builtinFile(rel: string): Buffer | undefined {
  return listed().set.has(rel) ? builtinSource().read(rel) : undefined;
}

/** A built-in text file (UTF-8, without a BOM), or undefined. */
export function builtinText(rel: string): string | undefined {
  return builtinFile(rel)?.toString('utf8').replace(/^\uFEFF/, '');
}

/** Whether a built-in file exists. */
export function builtinExists(rel: string): boolean {
  return listed().set.has(rel);
}

/** Built-in files under `dir` (any depth), package-relative and sorted: builtinList('templates/partials'). */
export function builtinList(dir: string): string[] {
  const prefix = `${dir.replace(/\/+$/, '')}/`;
  return listed().all.filter((f) => f.startsWith(prefix));
}

/** How a built-in file is named in messages and input records: <内置>/templates/通知.md.hbs */
export function builtinDisplay(rel: string): string {
  return `<内置>/${rel}`;
}

/** The tool's version. */
export function builtinVersion(): string {
  return builtinSource().version;
}

/** A bundled fallback font (npm package + file), or undefined when this build carries none. */
export function bundledFont(pkg: string, file: string): BundledFontFile | undefined {
  return builtinSource().font(pkg, file);
}

/** The build pool's worker, or undefined. */
export function builtinWorker(): WorkerSource | undefined {
  return builtinSource().worker();
}

// ---- the package folder -------------------------------------------------------------------------

let packageRoot: { dir: string; version: string } | undefined;

/** The folder of the dossier package (its package.json), found from this module's location. */
export function packageDir(): { dir: string; version: string } {
  if (packageRoot) return packageRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      const json = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; version?: string };
      if (json.name === 'dossier') return (packageRoot = { dir, version: json.version ?? '0' });
    }
    dir = path.dirname(dir);
  }
  throw new Error('bug: cannot find the dossier package root');
}

/** Files a listing leaves out: generated output, caches and hidden files. */
export function skippedName(name: string): boolean {
  return name.startsWith('.') || name === 'out' || name === 'node_modules';
}

function walk(root: string, rel: string, into: string[]): void {
  let names: string[];
  try {
    names = readdirSync(path.join(root, rel));
  } catch {
    return;
  }
  for (const name of names) {
    if (skippedName(name)) continue;
    const r = `${rel}/${name}`;
    const st = statSync(path.join(root, r), { throwIfNoEntry: false });
    if (st?.isDirectory()) walk(root, r, into);
    else if (st?.isFile()) into.push(r);
  }
}

/** Every built-in file of a package folder, package-relative and sorted (also what dossier.exe embeds). */
export function listPackageFiles(root: string): string[] {
  const out: string[] = [];
  for (const d of BUILTIN_DIRS) walk(root, d, out);
  return out.sort();
}

function packageSource(): BuiltinSource {
  const require = createRequire(import.meta.url);
  return {
    kind: 'package',
    get version() {
      return packageDir().version;
    },
    files: () => listPackageFiles(packageDir().dir),
    read: (rel) => {
      try {
        return readFileSync(path.join(packageDir().dir, ...rel.split('/')));
      } catch {
        return undefined;
      }
    },
    font: (pkg, file) => {
      let id: string;
      try {
        id = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
      } catch {
        return undefined;
      }
      return existsSync(id) ? { id, read: () => readFileSync(id), file: id } : undefined;
    },
    worker: () => {
      // the esbuild bundle when built (starts ~150 ms sooner), else tsc's output
      const dist = path.join(packageDir().dir, 'dist');
      for (const file of [path.join(dist, 'bundle', 'worker.mjs'), path.join(dist, 'src', 'build', 'worker.js')]) if (existsSync(file)) return { file };
      return undefined;
    },
  };
}
