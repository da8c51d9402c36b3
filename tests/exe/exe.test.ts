// dossier.exe, built here (npm run build:exe) and run under Wine: help in Chinese through a file, a pipe
// and a console; the example workspace built from a Z:\ path gives the same bytes as the Linux build;
// check's exit codes; serve answers with its token and refuses a foreign Host; a file held open is
// reported in Chinese and nothing changes; the double-click launcher; a long path; an Excel register.
// Under CI a missing Wine fails this file (it never skips silently there).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw as rawKeepAlive } from '../serve/http.js';

/** One connection per request: a kept-alive socket that Wine's side has closed fails the next request. */
const raw = (port: number, method: string, urlPath: string, headers: Record<string, string> = {}) => rawKeepAlive(port, method, urlPath, { connection: 'close', ...headers });

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXE = path.join(ROOT, 'dist', 'dossier.exe');
const PIN = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dossierExe: { node: string } }).dossierExe.node;
const NODE_EXE = path.join(ROOT, 'node_modules', '.cache', 'dossier-exe', `node-v${PIN}-win-x64.exe`);
/** a Wine prefix of our own (made once per machine, ~10 s) */
const WINEPREFIX = process.env['DOSSIER_WINEPREFIX'] ?? path.join(tmpdir(), 'dossier-wine');

function why(): string | undefined {
  if (spawnSync('wine', ['--version']).status !== 0) return 'wine is not installed (.ci/run installs wine64)';
  if (spawnSync('script', ['--version']).status !== 0) return 'script (util-linux) is not installed';
  if (process.versions.node !== PIN) return `dossier.exe is made with Node ${PIN} (package.json dossierExe.node); this is Node ${process.versions.node}`;
  return undefined;
}
const missing = why();
if (missing && process.env['CI']) throw new Error(`tests/exe/exe.test.ts cannot run: ${missing}`);
if (missing) console.warn(`tests/exe/exe.test.ts skipped: ${missing}`);

const scratch = mkdtempSync(path.join(tmpdir(), 'dossier-exe-'));
const win = (p: string) => `Z:${p.replace(/\//g, '\\')}`;
/** the launcher's %APPDATA% for this run only (runs side by side share the prefix, not the settings) */
const APPDATA = path.join(scratch, 'AppData', 'Roaming');
mkdirSync(APPDATA, { recursive: true });
const ENV = { ...process.env, WINEPREFIX, WINEDEBUG: '-all', NODE_SKIP_PLATFORM_CHECK: '1', BROWSER: 'none', DOSSIER_APPDATA: win(APPDATA) };
let seq = 0;

interface Run {
  code: number | null;
  out: string;
  err: string;
  ms: number;
}

/** Output goes to files: Wine cannot hand a Linux pipe to a Windows program as its stdout. */
function files(input?: string): { stdio: [number | 'ignore', number, number]; outFile: string; errFile: string; close(): void } {
  const n = seq++;
  const outFile = path.join(scratch, `${n}.out`);
  const errFile = path.join(scratch, `${n}.err`);
  let inFd: number | undefined;
  if (input !== undefined) {
    writeFileSync(path.join(scratch, `${n}.in`), input);
    inFd = openSync(path.join(scratch, `${n}.in`), 'r');
  }
  const fds = [openSync(outFile, 'w'), openSync(errFile, 'w')] as const;
  return { stdio: [inFd ?? 'ignore', fds[0], fds[1]], outFile, errFile, close: () => [inFd, ...fds].forEach((fd) => fd !== undefined && closeSync(fd)) };
}

function run(cmd: string, args: string[], opts: { input?: string; timeout?: number } = {}): Promise<Run> {
  const f = files(opts.input);
  const t0 = performance.now();
  const child = spawn(cmd, args, { env: ENV, stdio: f.stdio });
  f.close();
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeout ?? 240_000);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out: readFileSync(f.outFile, 'utf8'), err: readFileSync(f.errFile, 'utf8'), ms: performance.now() - t0 });
    });
  });
}

const dossier = (args: string[], opts?: { input?: string; timeout?: number }) => run('wine', [EXE, ...args], opts);

/** A long-running Windows program: its output so far, a wait for a line, and a stop. */
function start(exe: string, args: string[], input?: string): { child: ChildProcess; text(): string; waitFor(re: RegExp, ms?: number): Promise<RegExpExecArray>; stop(): Promise<void> } {
  const f = files(input);
  const child = spawn('wine', [exe, ...args], { env: ENV, stdio: f.stdio });
  f.close();
  let exited = false;
  const gone = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
  const text = () => readFileSync(f.outFile, 'utf8') + readFileSync(f.errFile, 'utf8');
  return {
    child,
    text,
    waitFor: async (re, ms = 120_000) => {
      const until = performance.now() + ms;
      for (;;) {
        const m = re.exec(text());
        if (m) return m;
        if (exited || performance.now() > until) throw new Error(`no ${String(re)} in:\n${text()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    stop: async () => {
      if (!exited) child.kill();
      await gone;
    },
  };
}

function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (r === '.dossier') continue;
      if (statSync(path.join(dir, r)).isDirectory()) walk(r);
      else out.set(r, createHash('sha256').update(readFileSync(path.join(dir, r))).digest('hex'));
    }
  };
  if (existsSync(dir)) walk('');
  return out;
}

/** A small complete workspace: a template, and a register read from Excel (exceljs inside the exe). */
async function miniWorkspace(dir: string): Promise<string> {
  mkdirSync(path.join(dir, 'catalog'), { recursive: true });
  mkdirSync(path.join(dir, 'templates'), { recursive: true });
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  writeFileSync(path.join(dir, 'dossier.yaml'), 'unit: 澧源镇人民政府\nfonds: "J012"\nyear: 2025\ncatalog: catalog/test.yaml\ndate: 2025-12-30\n');
  writeFileSync(
    path.join(dir, 'catalog/test.yaml'),
    'name: 测试目录\nvolumes:\n  - code: ZH\n    title: 综合资料卷\n    retention: 永久\n    items:\n      - title: 关于调整领导小组的通知\n        template: 通知\n      - title: 计生办干部花名册\n        table: staff\n        columns: [姓名, 性别, 职务]\n',
  );
  writeFileSync(path.join(dir, 'templates/通知.md.hbs'), '---\nkind: 通知\nissuer: 澧源镇人民政府\ntitle: 关于调整领导小组的通知\ndate: 2025-03-01\n---\n各村：组长由王丽同志担任。\n');
  const { default: Excel } = await import('exceljs');
  const book = new Excel.Workbook();
  const sheet = book.addWorksheet('干部');
  sheet.addRows([
    ['姓名', '性别', '职务'],
    ['王丽', '女', '主任'],
    ['张建国', '男', '统计员'],
  ]);
  writeFileSync(path.join(dir, 'data/staff.xlsx'), Buffer.from(await book.xlsx.writeBuffer()));
  return dir;
}

describe.skipIf(missing !== undefined)('dossier.exe under Wine', () => {
  let built: { ms: number; size: number };

  beforeAll(async () => {
    // npm test compiles first; a lone `vitest run` after editing src/ compiles here
    const newest = (dir: string): number => Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(path.join(dir, e.name)) : statSync(path.join(dir, e.name)).mtimeMs)));
    const compiled = path.join(ROOT, 'dist/src/exe/main.js');
    if (!existsSync(compiled) || statSync(compiled).mtimeMs < newest(path.join(ROOT, 'src'))) expect(spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')]).status).toBe(0);
    const t0 = performance.now();
    const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-exe.mjs')], { encoding: 'utf8' });
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
    built = { ms: performance.now() - t0, size: statSync(EXE).size };
    // the Wine prefix is made on the first run: before the tests run side by side
    await dossier(['--help']);
  }, 600_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('is one file under 160 MB', () => {
    expect(built.size).toBeLessThan(160 * 1024 * 1024);
    expect(readdirSync(path.dirname(EXE)).filter((f) => f.startsWith('dossier') && f.endsWith('.exe'))).toContain('dossier.exe');
  });

  describe.concurrent('commands', { timeout: 400_000 }, () => {
    it('--help is Chinese: to a file, through a pipe, and in a console window whose code page is 936', async () => {
      const direct = await dossier(['--help']);
      expect(direct.code).toBe(0);
      expect(direct.out).toMatch(/^用法： dossier \[选项\] \[命令\]$/m);
      expect(direct.out).toMatch(/^ {2}build \[选项\] \[dir\] +生成案卷$/m);

      const piped = await run('wine', ['cmd', '/c', `${win(EXE)} --help | more`]);
      expect(piped.out).toContain('检查工作区并列出缺件清单');

      // a real console (a pseudo-terminal), set to GBK as on a Chinese Windows: written through the
      // console API it is right as is; piped into `more` it is right because dossier.exe sets the
      // console to UTF-8 (chcp 65001, which stays)
      const shown = spawnSync('script', ['-qec', `wine ${win(EXE).replace(/\\/g, '\\\\')} --help`, '/dev/null'], { env: ENV, encoding: 'utf8', timeout: 120_000 });
      expect(shown.stdout).toContain('检查工作区并列出缺件清单');
      const console936 = spawnSync('script', ['-qec', `wine cmd /c 'chcp 936 >nul & ${win(EXE)} --help | more & chcp'`, '/dev/null'], { env: ENV, encoding: 'utf8', timeout: 120_000 });
      expect(console936.stdout).toContain('检查工作区并列出缺件清单');
      expect(console936.stdout).toMatch(/Active code page: 65001/);
    });

    it('build of the example workspace from a Z:\\ path writes the same bytes as the Linux build: every PDF, DOCX and the zip', async () => {
      const onWine = path.join(scratch, 'wine', '澧源镇');
      const onLinux = path.join(scratch, 'linux', '澧源镇');
      for (const d of [onWine, onLinux]) cpSync(path.join(ROOT, 'examples/澧源镇'), d, { recursive: true, filter: (s) => !s.split(path.sep).includes('out') });
      const [w, l] = await Promise.all([dossier(['build', win(onWine), '--zip']), run(process.execPath, [path.join(ROOT, 'bin/dossier.js'), 'build', onLinux, '--zip'])]);
      expect(w.err).not.toMatch(/错误|出错/);
      expect(w.code).toBe(0);
      expect(l.code).toBe(0);
      // the same fonts on both sides: the bundled ones (no system font on either)
      expect(w.out.match(/^ {2}\S+ → <内置>\/fonts\/\S+（.*替代字体）$/gm)).toHaveLength(5);
      expect(w.out).toContain(`输出位置：${win(onWine)}\\out\\2025`);
      const a = tree(path.join(onWine, 'out'));
      const b = tree(path.join(onLinux, 'out'));
      expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
      const compared = [...a.keys()].filter((f) => /\.(pdf|docx|zip)$/.test(f));
      expect(compared.filter((f) => f.endsWith('.zip'))).toEqual(['2025/澧源镇人民政府-2025.zip']);
      expect(compared.length).toBeGreaterThan(150);
      expect(compared.filter((f) => a.get(f) !== b.get(f))).toEqual([]);
    });

    it('check exits 0 on a complete workspace (given as \\\\?\\Z:\\…), 1 on one with missing items, 2 on a usage error', async () => {
      const mini = await miniWorkspace(path.join(scratch, 'check', '完整'));
      // the complete one as a \\?\ path (Wine has no network shares to try a \\server\share path on)
      const [ok, incomplete, usage] = await Promise.all([dossier(['check', `\\\\?\\${win(mini)}`]), dossier(['check', win(path.join(ROOT, 'examples/澧源镇'))]), dossier(['check', '--bogus'])]);
      expect(ok.out).toContain('缺 0 项必备材料');
      expect(ok.code).toBe(0);
      expect(incomplete.out).toMatch(/缺 \d+ 项必备材料/);
      expect(incomplete.code).toBe(1);
      expect(usage.err).toContain('用法错误：不认识的选项 --bogus');
      expect(usage.code).toBe(2);
    });

    it('serve --no-open answers on 127.0.0.1 with its token, serves the page from the exe, refuses a foreign Host', async () => {
      const mini = await miniWorkspace(path.join(scratch, 'serve', '工作区'));
      const s = start(EXE, ['serve', win(mini), '--no-open', '--port', '0']);
      try {
        const [, port, token] = await s.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+)/);
        const first = await raw(Number(port), 'GET', `/?token=${token}`);
        expect(first.status).toBe(303);
        const cookie = String(first.headers['set-cookie']).split(';')[0] ?? '';
        const page = await raw(Number(port), 'GET', '/', { cookie });
        expect(page.status).toBe(200);
        expect(page.text).toContain('<title>案卷生成器</title>');
        expect((await raw(Number(port), 'GET', '/app.js', { cookie })).status).toBe(200);
        const foreign = await raw(Number(port), 'GET', `/?token=${token}`, { host: `evil.example:${port}` });
        expect(foreign.status).toBe(403);
        expect(foreign.text).toContain('拒绝访问');
        expect((await raw(Number(port), 'GET', '/api/state')).status).toBe(401);
      } finally {
        await s.stop();
      }
    });

    it('a volume held open by another program: 文件正被其他程序占用, no output changed; once closed the build goes through', async () => {
      const mini = await miniWorkspace(path.join(scratch, 'lock', '工作区'));
      expect((await dossier(['build', win(mini)])).code).toBe(0);
      const volume = path.join(mini, 'out/2025/ZH-综合资料卷.pdf');
      const before = tree(path.join(mini, 'out'));
      // Windows' own way of holding a file: opened without sharing (libuv's UV_FS_O_EXLOCK), by node.exe
      const holderJs = path.join(scratch, 'holder.js');
      writeFileSync(holderJs, "const fs = require('fs'); const fd = fs.openSync(process.argv[2], fs.constants.O_RDONLY | 0x10000000); console.log('held'); process.stdin.resume(); setTimeout(() => fs.closeSync(fd), 600000);\n");
      const holder = start(NODE_EXE, [win(holderJs), win(volume)]);
      try {
        await holder.waitFor(/held/);
        writeFileSync(path.join(mini, 'templates/通知.md.hbs'), readFileSync(path.join(mini, 'templates/通知.md.hbs'), 'utf8').replace('王丽', '张建国'));
        const locked = await dossier(['build', win(mini)]);
        expect(locked.code).toBe(1);
        expect(locked.err).toContain('out/2025/ZH-综合资料卷.pdf（1 个问题）');
        expect(locked.err).toContain('文件正被其他程序占用，无法覆盖');
        expect(locked.err).not.toContain('程序内部出错');
        expect(tree(path.join(mini, 'out'))).toEqual(before);
      } finally {
        await holder.stop();
      }
      const freed = await dossier(['build', win(mini)]);
      expect(freed.code).toBe(0);
      const after = tree(path.join(mini, 'out'));
      expect(after.get('2025/ZH-综合资料卷.pdf')).not.toBe(before.get('2025/ZH-综合资料卷.pdf'));
      expect([...after.keys()].filter((f) => /\.(tmp|old)$/.test(f))).toEqual([]);
    });

    it('a workspace deeper than MAX_PATH (260 characters) builds', async () => {
      let deep = path.join(scratch, 'long');
      while (deep.length < 240) deep = path.join(deep, '很长的文件夹名称用来超过路径长度限制');
      const mini = await miniWorkspace(path.join(deep, '工作区'));
      const r = await dossier(['build', win(mini), '--zip']);
      expect(r.err).not.toMatch(/错误|出错/);
      expect(r.code).toBe(0);
      const longest = [...tree(path.join(mini, 'out')).keys()].map((f) => win(path.join(mini, 'out', f)).length);
      expect(Math.max(...longest)).toBeGreaterThan(260);
      expect(longest.length).toBeGreaterThan(5);
    });

    // one after the other: they share %APPDATA%\dossier\settings.json
    it('double-click: first in an empty folder (asks, makes a 计生服务站 workspace there), then inside it, then from elsewhere (the one remembered)', async () => {
      const folder = path.join(scratch, 'launch', '新建文件夹');
      mkdirSync(folder, { recursive: true });
      symlinkSync(EXE, path.join(folder, 'dossier.exe'));
      const first = start(win(path.join(folder, 'dossier.exe')), [], '\n2\n');
      try {
        await first.waitFor(/http:\/\/127\.0\.0\.1:\d+\/\?token=/);
        expect(first.text()).toContain(`这个文件夹还不是工作区（里面没有 dossier.yaml）：\n  ${win(folder)}`);
        expect(first.text()).toContain(`已新建工作区：${win(folder)}`);
        expect(readFileSync(path.join(folder, 'dossier.yaml'), 'utf8')).toMatch(/^catalog: 计生服务站/m);
      } finally {
        await first.stop();
      }
      const settings = () => JSON.parse(readFileSync(path.join(APPDATA, 'dossier', 'settings.json'), 'utf8')) as { workspace?: string; running?: Record<string, { url: string }> };
      expect(settings().workspace).toBe(win(folder));

      const again = start(win(path.join(folder, 'dossier.exe')), []);
      try {
        const [, port] = await again.waitFor(/http:\/\/127\.0\.0\.1:(\d+)\/\?token=/);
        expect(again.text()).not.toContain('还不是工作区');
        expect(again.text()).toContain(`工作区：${win(folder)}`);
        expect(again.text()).toContain('使用期间请不要关闭这个窗口。用完后直接关闭这个窗口（或按 Ctrl+C）即可退出。');
        expect((await raw(Number(port), 'GET', '/')).status).toBe(401);
        expect(settings().running?.[win(folder).toLowerCase()]?.url).toContain(`:${port}/?token=`);
      } finally {
        await again.stop();
      }

      const elsewhere = path.join(scratch, 'launch', '下载');
      mkdirSync(elsewhere);
      writeFileSync(path.join(elsewhere, '别的文件.txt'), '');
      symlinkSync(EXE, path.join(elsewhere, 'dossier.exe'));
      const remembered = start(win(path.join(elsewhere, 'dossier.exe')), []);
      try {
        await remembered.waitFor(/http:\/\/127\.0\.0\.1:\d+\/\?token=/);
        expect(remembered.text()).toContain(`打开上次使用的工作区：${win(folder)}`);
      } finally {
        await remembered.stop();
      }
    });
  });
});
