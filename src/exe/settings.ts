//! What dossier.exe remembers between runs, in %APPDATA%\dossier\settings.json: the workspace chosen on
//! the first run, and the page of each workspace that is open now (so a second double-click reopens it).
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export interface RunningPage {
  url: string;
  pid: number;
}

export interface Settings {
  /** the workspace chosen when dossier.exe did not sit in one */
  workspace?: string;
  /** open pages by workspace (key: workspaceKey) */
  running?: Record<string, RunningPage>;
}

/** %APPDATA%\dossier\settings.json (~/.config/dossier/settings.json elsewhere); undefined when there is no such folder.
 * DOSSIER_APPDATA stands in for %APPDATA% (a test run of its own under Wine, which sets APPDATA itself). */
export function settingsFile(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  const base = env['DOSSIER_APPDATA'] ?? env['APPDATA'] ?? (platform === 'win32' ? undefined : path.join(env['HOME'] ?? homedir(), '.config'));
  return base ? path.join(base, 'dossier', 'settings.json') : undefined;
}

/** A workspace folder as a key: Windows file names ignore case. */
export function workspaceKey(dir: string, platform: NodeJS.Platform = process.platform): string {
  const abs = path.resolve(dir);
  return platform === 'win32' ? abs.toLowerCase() : abs;
}

export function readSettings(file: string | undefined): Settings {
  if (!file) return {};
  try {
    const j = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (j === null || typeof j !== 'object') return {};
    const s = j as Record<string, unknown>;
    const out: Settings = {};
    if (typeof s['workspace'] === 'string') out.workspace = s['workspace'];
    if (s['running'] !== null && typeof s['running'] === 'object') {
      out.running = {};
      for (const [k, v] of Object.entries(s['running'] as Record<string, unknown>)) {
        const r = v as Partial<RunningPage> | null;
        if (r && typeof r.url === 'string' && typeof r.pid === 'number') out.running[k] = { url: r.url, pid: r.pid };
      }
    }
    return out;
  } catch {
    return {};
  }
}

/** Changes the settings (read, change, write atomically); a folder that cannot be written is not an error. */
export function updateSettings(file: string | undefined, change: (s: Settings) => void): void {
  if (!file) return;
  const s = readSettings(file);
  change(s);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`);
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true });
  }
}
