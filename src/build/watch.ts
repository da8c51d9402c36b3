//! Watching a workspace: calls back (debounced) when an input changes — dossier.yaml, catalog/, data/,
//! templates/, attachments/ — never for out/ (our own writes) or editors' temporary files.
import { watch, type FSWatcher } from 'node:fs';
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

export function watchWorkspace(dir: string, onChange: (changed: string[]) => void, debounceMs = 300): WorkspaceWatcher {
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, name) => {
    const rel = name ? String(name) : '';
    if (!isInput(rel)) return;
    pending.add(rel.split(path.sep).join('/'));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = [...pending].sort();
      pending = new Set();
      onChange(changed);
    }, debounceMs);
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
