//! dossier.exe: the single executable a clerk double-clicks (Node's SEA; made by scripts/build-exe.mjs).
//! With a command (`dossier build|check|init|serve …`) it is the command line; with none — started from
//! Explorer — or with a folder dropped on it, it opens that workspace's page (launcher.ts).
import { statSync } from 'node:fs';
import path from 'node:path';
import { openBrowser } from '../cli/commands/serve.js';
import { main } from '../cli/main.js';
import { builtinVersion, setBuiltinSource } from '../util/builtin-files.js';
import { consoleIO, utf8ConsoleForRedirects } from './console.js';
import { embeddedSource } from './embedded.js';
import { forgetPage, launch } from './launcher.js';
import { EXE } from './messages.js';
import { settingsFile } from './settings.js';

/** The commands of the CLI (src/cli/main.ts): a first argument naming one is a command line. */
const COMMANDS = ['init', 'build', 'check', 'serve', 'import', 'export-template', 'help'];

/**
 * A folder (or a file in one) given as the only argument: dropped on the exe in Explorer. Its folder is
 * the workspace to open (dragging dossier.yaml or a workspace folder onto dossier.exe both work).
 */
function droppedFolder(argv: string[]): string | undefined {
  const [only] = argv;
  if (argv.length !== 1 || only === undefined || only.startsWith('-') || COMMANDS.includes(only)) return undefined;
  const st = statSync(only, { throwIfNoEntry: false });
  return st?.isDirectory() ? only : st?.isFile() ? path.dirname(path.resolve(only)) : undefined;
}

async function runLauncher(base: string, useRemembered: boolean): Promise<void> {
  const io = consoleIO();
  const settings = settingsFile();
  const pause = async (ms?: number) => {
    io.print(EXE.pressEnter);
    await Promise.race([io.ask(''), ...(ms ? [new Promise((r) => setTimeout(r, ms))] : [])]);
  };
  try {
    const browser = process.env['BROWSER'] === 'none' ? () => undefined : openBrowser;
    const opened = await launch({ base, exeName: path.basename(process.execPath), settings, useRemembered, version: builtinVersion(), openBrowser: browser }, io);
    if (opened === undefined || opened === 'reopened') {
      await pause(10_000);
      io.close();
      process.exit(opened === 'reopened' ? 0 : 1);
    }
    io.close();
    const stop = () => {
      io.print(EXE.stopped);
      forgetPage(settings, opened.dir);
      setTimeout(() => process.exit(0), 1500).unref();
      // a build in progress is cut short: its writes are atomic, and the next build completes it
      void opened.server.close({ waitForBuild: false }).finally(() => process.exit(0));
    };
    // Ctrl+C, Ctrl+Break, the window's close button (SIGHUP on Windows), or a kill
    for (const sig of ['SIGINT', 'SIGBREAK', 'SIGHUP', 'SIGTERM'] as const) process.once(sig, stop);
  } catch (e) {
    io.print(`${EXE.failed}${e instanceof Error ? e.message : String(e)}`);
    await pause();
    io.close();
    process.exit(3);
  }
}

setBuiltinSource(embeddedSource());
utf8ConsoleForRedirects();
const argv = process.argv.slice(2);
const dropped = droppedFolder(argv);
if (argv.length === 0 || dropped !== undefined) {
  void runLauncher(dropped ?? path.dirname(process.execPath), dropped === undefined);
} else {
  void main(argv).then((code) => {
    process.exitCode = code;
  });
}
