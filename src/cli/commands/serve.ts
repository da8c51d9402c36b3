//! dossier serve [dir] [--port N] [--no-open]: the local web page (src/serve), opened in the default
//! browser with its one-time token; runs until Ctrl+C.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../../serve/server.js';
import { MSG } from '../messages.js';
import { UsageError } from '../usage-error.js';

export interface ServeFlags {
  port?: string;
  open: boolean;
}

/** Opens `url` in the default browser; failure is not an error (the URL is printed anyway). */
export function openBrowser(url: string): void {
  const win = process.platform === 'win32';
  const [cmd, args]: [string, string[]] = win ? ['cmd', ['/s', '/c', 'start', '""', '/b', `"${url.replace(/&/g, '^&')}"`]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: !win, windowsHide: true, windowsVerbatimArguments: win });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // no browser to open: the printed address is enough
  }
}

export async function runServe(dir: string, flags: ServeFlags): Promise<number> {
  const port = flags.port === undefined ? 8760 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(MSG.serveBadPort(String(flags.port)));
  if (!existsSync(path.join(dir, 'dossier.yaml'))) {
    process.stderr.write(`${MSG.serveNoWorkspace(path.resolve(dir))}\n`);
    return 1;
  }
  let server;
  try {
    server = await startServer(dir, { port });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`${MSG.servePortBusy(port)}\n`);
      return 1;
    }
    throw e;
  }
  process.stdout.write(`${MSG.serveStarted(server.url)}\n${MSG.serveStop}\n`);
  if (flags.open) openBrowser(server.url);
  return new Promise((resolve) => {
    const stop = () => {
      process.stdout.write(`${MSG.serveStopped}\n`);
      // a build in progress is cut short: its writes are atomic, and the next build completes it
      const exit = () => {
        resolve(0);
        process.exit(0);
      };
      void server.close({ waitForBuild: false }).finally(exit);
      setTimeout(exit, 1500).unref();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
