//! dossier.exe's console: Chinese that stays readable, and a line reader for the window's questions.
//! Node writes to a console window through the Windows console API (UTF-16), so a console needs nothing;
//! output piped to another program (`dossier check | more`) is UTF-8 bytes, which that program decodes
//! with the console's code page (936 on a Chinese Windows), so the console is switched to UTF-8 (65001).
import { spawnSync } from 'node:child_process';
import { fstatSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { LauncherConsole } from './launcher.js';

/** Whether file descriptor `fd` is a pipe (not a console, not a file). */
export function isPipe(fd: number): boolean {
  try {
    return fstatSync(fd).isFIFO();
  } catch {
    return false;
  }
}

/**
 * When standard output or error is a pipe, sets the console window's code page to UTF-8, as `chcp 65001`
 * does (and leaves it so: the program reading the pipe may still be decoding after this one has ended).
 * Nothing happens without a console or off Windows.
 */
export function utf8ConsoleForPipes(platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'win32' || !(isPipe(1) || isPipe(2))) return false;
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
