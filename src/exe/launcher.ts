//! dossier.exe started with no command (a double-click in Explorer, or a folder dropped on it): find the
//! workspace — the folder the exe sits in, else the one chosen before, else ask (and remember) — then
//! open its page in the default browser and keep a console window that says what happens.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { initWorkspace, SCAFFOLDS } from '../cli/commands/init.js';
import type { RunnerEvent } from '../serve/runner.js';
import { startServer, type RunningServer } from '../serve/server.js';
import { builtinCatalogs } from '../workspace/load.js';
import { isInside } from '../workspace/paths.js';
import { EXE } from './messages.js';
import { readSettings, updateSettings, workspaceKey } from './settings.js';

/** The console window: lines out, answers in (undefined when input has ended). */
export interface LauncherConsole {
  print(text: string): void;
  ask(prompt: string): Promise<string | undefined>;
}

/** Where a new workspace goes when the exe's folder holds other things. */
export const NEW_WORKSPACE_NAME = '案卷工作区';

const TRIES = 5;

export function isWorkspace(dir: string): boolean {
  return existsSync(path.join(dir, 'dossier.yaml'));
}

/** Files that do not stop a folder from becoming a workspace: the exe itself and what Windows and Office leave behind. */
export function ignorable(name: string, exeName: string): boolean {
  const n = name.toLowerCase();
  return n === exeName.toLowerCase() || n === 'desktop.ini' || n === 'thumbs.db' || n === '.ds_store' || name.startsWith('~$');
}

function emptyEnough(dir: string, exeName: string): boolean {
  try {
    return readdirSync(dir).every((n) => ignorable(n, exeName));
  } catch {
    return false;
  }
}

/** A path as typed or dropped into the window: quotes (Explorer adds them around paths with spaces) and PowerShell's & removed. */
export function cleanAnswer(answer: string): string {
  return answer
    .trim()
    .replace(/^&\s*/, '')
    .replace(/^(["'])(.*)\1$/, '$2')
    .trim();
}

export interface ChooseOptions {
  /** the folder the exe sits in, or the folder dropped on it */
  base: string;
  /** file name of the executable (dossier.exe) */
  exeName: string;
  /** %APPDATA%\dossier\settings.json */
  settings: string | undefined;
  /** only the exe's own folder falls back to the remembered workspace, not a folder dropped on it */
  useRemembered: boolean;
  /** the temporary folder (default: the system's) */
  tempDir?: string;
}

export interface Chosen {
  dir: string;
  how: 'here' | 'remembered' | 'chosen' | 'created';
}

/** Finds or makes the workspace to open; undefined when the user gave none. */
export async function chooseWorkspace(o: ChooseOptions, io: LauncherConsole): Promise<Chosen | undefined> {
  const base = path.resolve(o.base);
  if (isWorkspace(base)) return { dir: base, how: 'here' };
  const remembered = o.useRemembered ? readSettings(o.settings).workspace : undefined;
  if (remembered && isWorkspace(remembered)) return { dir: remembered, how: 'remembered' };
  const fresh = emptyEnough(base, o.exeName) ? base : path.join(base, NEW_WORKSPACE_NAME);
  if (fresh !== base && isWorkspace(fresh)) return { dir: fresh, how: 'here' };
  // opened straight from a zip file, Explorer runs it from the temporary folder, which Windows empties:
  // no workspace is made there
  const temporary = isInside(o.tempDir ?? tmpdir(), base);

  io.print(temporary ? EXE.inTemporaryFolder(base) : EXE.notWorkspace(base));
  io.print(temporary ? EXE.dropOnly : EXE.choices(fresh));
  for (let i = 0; i < TRIES; i++) {
    const raw = await io.ask(EXE.prompt);
    if (raw === undefined) break;
    const answer = cleanAnswer(raw);
    if (answer === '' && temporary) continue;
    if (answer === '') return (await create(fresh, o.exeName, io)) ? { dir: fresh, how: 'created' } : undefined;
    const dir = path.resolve(base, answer);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) io.print(EXE.noSuchFolder(dir));
    else if (isWorkspace(dir)) return { dir, how: 'chosen' };
    else if (emptyEnough(dir, o.exeName)) return (await create(dir, o.exeName, io)) ? { dir, how: 'created' } : undefined;
    else io.print(EXE.notAWorkspace(dir));
  }
  io.print(EXE.givingUp);
  return undefined;
}

/** The built-in catalogs in the order of the levels (乡镇, 服务站, 村). */
function catalogOrder(): string[] {
  const all = builtinCatalogs();
  return [...Object.keys(SCAFFOLDS).filter((c) => all.includes(c)), ...all.filter((c) => !(c in SCAFFOLDS))];
}

async function create(dir: string, exeName: string, io: LauncherConsole): Promise<boolean> {
  const names = catalogOrder();
  let catalog = names[0] ?? '乡镇计生办';
  if (names.length > 1) {
    io.print(EXE.catalogChoices(names));
    for (let i = 0; ; i++) {
      const raw = await io.ask(EXE.prompt);
      if (raw === undefined) return false;
      const a = cleanAnswer(raw);
      const n = a === '' ? 1 : Number(a);
      const pick = Number.isInteger(n) ? names[n - 1] : names.find((c) => c === a);
      if (pick) {
        catalog = pick;
        break;
      }
      if (i >= TRIES) return false;
      io.print(EXE.badCatalogChoice(names.length));
    }
  }
  const code = await initWorkspace(dir, catalog, { keep: (n) => ignorable(n, exeName), quiet: true });
  if (code !== 0) return false;
  io.print(EXE.created(dir));
  return true;
}

export interface LaunchOptions extends ChooseOptions {
  version: string;
  /** 8760 as `dossier serve`; another free port when it is taken */
  port?: number;
  openBrowser: (url: string) => void;
}

/** The page of this workspace opened by another dossier.exe that still answers, if any. */
async function runningPage(settings: string | undefined, dir: string): Promise<string | undefined> {
  const page = readSettings(settings).running?.[workspaceKey(dir)];
  if (!page || page.pid === process.pid) return undefined;
  try {
    process.kill(page.pid, 0);
  } catch {
    return undefined;
  }
  try {
    const u = new URL(page.url);
    const res = await fetch(new URL('/api/state', u.origin), { headers: { 'x-dossier-token': u.searchParams.get('token') ?? '' }, signal: AbortSignal.timeout(2000) });
    return res.ok ? page.url : undefined;
  } catch {
    return undefined;
  }
}

async function listen(dir: string, port: number, onBuild: (e: RunnerEvent) => void): Promise<RunningServer> {
  try {
    return await startServer(dir, { port, onBuild });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw e;
    return startServer(dir, { port: 0, onBuild });
  }
}

/**
 * Opens the page: returns the running server and its workspace (the caller stops it on Ctrl+C or when
 * the window closes); 'reopened' when another window serves the workspace already (its page was opened
 * again); undefined when no workspace was given.
 */
export async function launch(o: LaunchOptions, io: LauncherConsole): Promise<{ server: RunningServer; dir: string } | 'reopened' | undefined> {
  io.print(EXE.title(o.version));
  const chosen = await chooseWorkspace(o, io);
  if (!chosen) return undefined;
  const dir = chosen.dir;
  updateSettings(o.settings, (s) => {
    s.workspace = dir;
  });
  if (chosen.how === 'remembered') io.print(`${EXE.remembered(dir)}\n${EXE.rememberedHint}`);
  else io.print(EXE.workspace(dir));
  process.title = EXE.windowTitle(path.basename(dir));

  const open = await runningPage(o.settings, dir);
  if (open) {
    o.openBrowser(open);
    io.print(EXE.alreadyRunning);
    return 'reopened';
  }

  // one line when a build starts, one with its outcome — after the address (the first build starts at once)
  let building = false;
  let held: string[] | undefined = [];
  const say = (line: string) => (held ? held.push(line) : io.print(line));
  const server = await listen(dir, o.port ?? 8760, (e) => {
    if (e.type === 'progress' && e.status.running && !building) say(EXE.building);
    building = e.type === 'progress' && e.status.running;
    if (e.type === 'finished' && e.status.last) say(e.status.last.text);
  });
  updateSettings(o.settings, (s) => {
    (s.running ??= {})[workspaceKey(dir)] = { url: server.url, pid: process.pid };
  });
  io.print(EXE.started(server.url));
  io.print(EXE.keepOpen);
  for (const line of held) io.print(line);
  held = undefined;
  o.openBrowser(server.url);
  return { server, dir };
}

/** Forgets this process's page (when the window closes). */
export function forgetPage(settings: string | undefined, dir: string): void {
  updateSettings(settings, (s) => {
    const key = workspaceKey(dir);
    if (s.running?.[key]?.pid === process.pid) delete s.running[key];
  });
}
