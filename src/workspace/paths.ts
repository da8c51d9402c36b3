//! Paths inside a workspace: display form (forward slashes), containment checks.
//! Built-in files (catalog/, templates/, web/, scaffold/, fonts) are read through util/builtin-files.ts.
import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
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
 * The symbolic links on the way from `root` down to `abs` (root itself not included), outermost first.
 * Components that do not exist end the walk.
 */
function linksOnPath(root: string, abs: string): string[] {
  const rel = path.relative(root, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return [];
  const links: string[] = [];
  let cur = root;
  for (const seg of rel.split(path.sep)) {
    cur = path.join(cur, seg);
    try {
      if (lstatSync(cur).isSymbolicLink()) links.push(cur);
    } catch {
      break;
    }
  }
  return links;
}

/**
 * The first link on the way from `root` to `abs` — a link to a file, or to a folder such as
 * attachments/, data/, templates/ or any sub-folder — whose target lies outside `root`; undefined when
 * every link stays inside. Inputs behind such a link are never read (a workspace copied from elsewhere
 * must not pull in the clerk's other files).
 */
export function linkOutside(root: string, abs: string): string | undefined {
  const links = linksOnPath(root, abs);
  if (links.length === 0) return undefined;
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    realRoot = root;
  }
  for (const l of links) {
    let real: string;
    try {
      real = realpathSync(l);
    } catch {
      continue; // a broken link: nothing is read through it
    }
    if (!isInside(realRoot, real)) return l;
  }
  return undefined;
}

/** The message for an input refused because `link` (on its way from the workspace) leads outside. */
export function outsideLinkDiagnostic(root: string, link: string, abs: string, fileWhat = '这个文件'): Diagnostic {
  const folder = link !== abs;
  return {
    severity: 'error',
    code: 'path-escape',
    file: displayPath(root, link),
    message: folder ? '这个文件夹是指向工作区以外的链接，已拒绝读取其中的文件' : `${fileWhat}是指向工作区以外的链接，已拒绝读取`,
    hint: folder ? '把真实的文件夹复制到工作区里（不要用快捷方式、链接或挂载的文件夹）。' : '把真实文件复制到工作区中（不要用快捷方式或链接）。',
  };
}

/** The first symbolic link (to anywhere) on the way from `root` to `abs`: what serve refuses to move or write through. */
export function firstLink(root: string, abs: string): string | undefined {
  return linksOnPath(root, abs)[0];
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
