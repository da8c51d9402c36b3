//! Watching a workspace: calls back (debounced) when an input changes — dossier.yaml, catalog/, data/,
//! templates/, attachments/ — never for out/ (our own writes) or editors' temporary files.
//!
//! Windows and macOS watch a tree natively (`recursive: true`). Elsewhere Node builds the recursive watch
//! itself and throws an uncaught ENOENT when a folder vanishes while it reads it (our own staging folders
//! under out/ come and go in every build); there each input folder is watched on its own, out/ never, and a
//! folder that vanishes only ends its watcher.
import { readdirSync, watch, type Dirent, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface WorkspaceWatcher {
  close(): void;
}

const IGNORED = [/^out(\/|$)/, /(^|\/)\.[^/]*$/, /~$/, /(^|\/)~\$/, /\.tmp$/, /\.swp$/];

/** True when a change to this workspace-relative path should trigger a rebuild. */
export function isInput(rel: string): boolean {
  const p = rel.split(path.sep).join('/');
  return p !== '' && !IGNORED.some((re) => re.test(p));
}

const NATIVE_RECURSIVE = process.platform === 'win32' || process.platform === 'darwin';

export function watchWorkspace(dir: string, onChange: (changed: string[]) => void, debounceMs = 300): WorkspaceWatcher {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const changed = (rel: string): void => {
    if (closed || !isInput(rel)) return;
    pending.add(rel.split(path.sep).join('/'));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const list = [...pending].sort();
      pending = new Set();
      onChange(list);
    }, debounceMs);
  };

  if (NATIVE_RECURSIVE) {
    const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, name) => changed(name ? String(name) : ''));
    watcher.on('error', () => undefined);
    return {
      close() {
        closed = true;
        clearTimeout(timer);
        watcher.close();
      },
    };
  }

  /** watchers by workspace-relative folder ('' = the workspace) */
  const watchers = new Map<string, FSWatcher>();
  const unwatch = (rel: string): void => {
    for (const [k, w] of watchers) {
      if (k === rel || k.startsWith(`${rel}/`)) {
        w.close();
        watchers.delete(k);
      }
    }
  };
  const add = (rel: string): void => {
    if (closed || watchers.has(rel) || (rel !== '' && !isInput(rel))) return;
    const abs = path.join(dir, ...rel.split('/').filter(Boolean));
    let w: FSWatcher;
    try {
      w = watch(abs, (_event, name) => {
        if (!name) return;
        const child = rel ? `${rel}/${String(name)}` : String(name);
        changed(child);
        // a folder made (or moved in) is watched too; one removed ends its watchers
        scan(child);
      });
    } catch {
      return; // vanished before it could be watched
    }
    w.on('error', () => unwatch(rel));
    watchers.set(rel, w);
    scan(rel);
  };
  /** Watches `rel` and the folders under it when it is a folder; forgets it when it is gone. */
  const scan = (rel: string): void => {
    if (rel !== '' && !isInput(rel)) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(dir, ...rel.split('/').filter(Boolean)), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOTDIR') unwatch(rel);
      return;
    }
    if (rel !== '' && !watchers.has(rel)) {
      add(rel);
      return;
    }
    for (const d of entries) if (d.isDirectory()) add(rel ? `${rel}/${d.name}` : d.name);
  };
  add('');
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}
