//! dossier.exe's console: Chinese that stays readable, and a line reader for the window's questions.
//! Node writes to a console window through the Windows console API (UTF-16), so a console needs nothing;
//! output sent elsewhere (`dossier check | more`, `> 记录.txt` then `type 记录.txt`) is UTF-8 bytes, which
//! the program showing them decodes with the console's code page (936 on a Chinese Windows), so the
//! console is switched to UTF-8 (65001).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { isatty } from 'node:tty';
import type { LauncherConsole } from './launcher.js';

/**
 * When there is a console window (one of the standard streams is it) but standard output or error goes
 * elsewhere, sets the console's code page to UTF-8, as `chcp 65001` does — and leaves it so: the program
 * reading our output (`more`) may still be decoding after dossier.exe has ended. Without a console
 * nothing is started (a console program would flash a window of its own); off Windows nothing happens.
 */
export function utf8ConsoleForRedirects(platform: NodeJS.Platform = process.platform, tty: (fd: number) => boolean = isatty): boolean {
  if (platform !== 'win32') return false;
  const [input, output, errors] = [tty(0), tty(1), tty(2)];
  if (!(input || output || errors) || (output && errors)) return false;
  const chcp = path.join(process.env['SystemRoot'] ?? process.env['WINDIR'] ?? 'C:\\Windows', 'System32', 'chcp.com');
  // windowsHide would start chcp without our console (CREATE_NO_WINDOW), so it could not change it
  const r = spawnSync(chcp, ['65001'], { stdio: 'ignore', windowsHide: false, timeout: 5000 });
  return r.status === 0;
}

/** The window's lines: printed to stdout, answers read from stdin one line at a time (none lost between questions). */
export function consoleIO(): LauncherConsole & { close(): void } {
  const lines: string[] = [];
  const waiting: ((line: string | undefined) => void)[] = [];
  let ended = false;
  let rl: ReturnType<typeof createInterface> | undefined;
  const start = () => {
    if (rl) return;
    rl = createInterface({ input: process.stdin, terminal: false, crlfDelay: Infinity });
    rl.on('line', (l) => {
      const w = waiting.shift();
      if (w) w(l);
      else lines.push(l);
    });
    rl.on('close', () => {
      ended = true;
      for (const w of waiting.splice(0)) w(undefined);
    });
  };
  return {
    print: (text) => {
      process.stdout.write(`${text}\n`);
    },
    ask: (prompt) => {
      process.stdout.write(prompt);
      start();
      const l = lines.shift();
      if (l !== undefined) return Promise.resolve(l);
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiting.push(resolve));
    },
    close: () => {
      rl?.close();
      rl = undefined;
    },
  };
}
