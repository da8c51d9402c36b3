// dossier.exe's parts that run anywhere: built-in files through one door (the package folder or the
// executable's assets), the double-click launcher's choices, and the Windows rules (files held open,
// names that differ only in case, font folders) — checked here on Linux; tests/exe/exe.test.ts runs
// the real dossier.exe under Wine.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commitFiles, explainWriteError } from '../../src/build/atomic.js';
import { initWorkspace } from '../../src/cli/commands/init.js';
import { fileInUse, main } from '../../src/cli/main.js';
import { chooseWorkspace, cleanAnswer, type LauncherConsole } from '../../src/exe/launcher.js';
import { readSettings, settingsFile, updateSettings, workspaceKey } from '../../src/exe/settings.js';
import { BUNDLED } from '../../src/fonts/candidates.js';
import { loadFonts, systemFontDirs } from '../../src/fonts/resolve.js';
import { planBuild } from '../../src/plan/plan.js';
import { builtinList, builtinSource, builtinText, setBuiltinSource, type BuiltinSource } from '../../src/util/builtin-files.js';
import { loadWorkspace } from '../../src/workspace/load.js';
import { toolVersion } from '../../src/workspace/paths.js';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

/** The package's built-in files held in memory, as dossier.exe holds them, with some changed. */
function memorySource(changes: Record<string, string>): BuiltinSource {
  const pkg = builtinSource();
  const files = [...new Set([...pkg.files(), ...Object.keys(changes)])].sort();
  const bytes = new Map(files.map((f) => [f, changes[f] !== undefined ? Buffer.from(changes[f] ?? '') : pkg.read(f)]));
  return {
    kind: 'embedded',
    version: '9.9.9',
    files: () => files,
    read: (rel) => bytes.get(rel),
    font: (p, f) => {
      const real = pkg.font(p, f);
      return real && { id: `<内置>/fonts/${path.basename(f)}`, read: real.read };
    },
    worker: () => undefined,
  };
}

describe('built-in files through util/builtin-files.ts', () => {
  afterEach(() => setBuiltinSource(undefined));

  it('lists the package folder: catalogs, templates, partials, web page, scaffolds; never out/ or hidden files', () => {
    expect(builtinList('catalog')).toEqual(['catalog/乡镇计生办.yaml', 'catalog/村级.yaml', 'catalog/计生服务站.yaml']);
    expect(builtinList('templates')).toContain('templates/partials/sections.hbs');
    expect(builtinList('web')).toEqual(['web/app.js', 'web/index.html', 'web/style.css']);
    expect(builtinList('scaffold/村级')).toContain('scaffold/村级/dossier.yaml');
    expect(builtinList('examples/澧源镇')).toContain('examples/澧源镇/dossier.yaml');
    const all = builtinSource().files();
    expect(all.filter((f) => f.split('/').some((p) => p === 'out' || p.startsWith('.')))).toEqual([]);
    expect(builtinText('web/index.html')).toContain('<title>案卷生成器</title>');
  });

  it('workspace loading, init, the version and the fallback fonts all read the registered source, not the disk', async () => {
    setBuiltinSource(
      memorySource({
        'templates/通知.md.hbs': '---\ntitle: 内存中的通知\n---\n正文。\n',
        'scaffold/村级/标记.txt': '来自内存',
      }),
    );
    const dir = makeWorkspace({ 'dossier.yaml': BASE_DOSSIER, 'catalog/test.yaml': catalogWith('      - title: 通知\n        template: 通知\n') });
    const { workspace, diagnostics } = await loadWorkspace(dir);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(workspace?.templates.get('通知')).toMatchObject({ file: '<内置>/templates/通知.md.hbs', builtin: true, text: '---\ntitle: 内存中的通知\n---\n正文。\n' });
    expect(workspace?.partials.get('sections')?.file).toBe('<内置>/templates/partials/sections.hbs');
    expect(toolVersion()).toBe('9.9.9');

    const target = path.join(makeWorkspace({}), '村');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await initWorkspace(target, '村级')).toBe(0);
    vi.restoreAllMocks();
    expect(readFileSync(path.join(target, '标记.txt'), 'utf8')).toBe('来自内存');
    expect(readFileSync(path.join(target, 'dossier.yaml'), 'utf8')).toMatch(/^catalog: 村级/m);

    const fonts = await loadFonts({ searchSystem: false });
    expect(fonts.report.entries.map((e) => e.file)).toEqual(['<内置>/fonts/NotoSerifSC_700Bold.ttf', '<内置>/fonts/NotoSerifSC_400Regular.ttf', '<内置>/fonts/NotoSansSC_500Medium.ttf', '<内置>/fonts/NotoSerifSC_400Regular.ttf', '<内置>/fonts/NotoSerifSC_400Regular.ttf']);
  });

  it('a built-in catalog read from the source is named <内置>/catalog/… in messages', async () => {
    setBuiltinSource(memorySource({ 'catalog/乡镇计生办.yaml': 'name: 坏目录\nvolumes: 7\n' }));
    const dir = makeWorkspace({ 'dossier.yaml': BASE_DOSSIER.replace('catalog/test.yaml', '乡镇计生办') });
    const { diagnostics } = await loadWorkspace(dir);
    expect(diagnostics.map((d) => d.file)).toContain('<内置>/catalog/乡镇计生办.yaml');
  });
  it('no other module finds package files on disk (it would work from npm and fail inside dossier.exe)', () => {
    const src = path.resolve(import.meta.dirname, '../../src');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir, { withFileTypes: true })) {
        const abs = path.join(dir, name.name);
        if (name.isDirectory()) walk(abs);
        else if (name.name.endsWith('.ts') && !name.name.endsWith('.test.ts')) {
          const rel = path.relative(src, abs).split(path.sep).join('/');
          if (rel === 'util/builtin-files.ts' || rel === 'workspace/paths.ts') continue;
          const text = readFileSync(abs, 'utf8');
          if (/require\.resolve\(|\bbuiltinRoot\(\)|__dirname|fileURLToPath\(import\.meta\.url\)/.test(text)) offenders.push(rel);
        }
      }
    };
    walk(src);
    expect(offenders).toEqual([]);
  });
});

describe('Windows: files held open by WPS, Word or a PDF reader', () => {
  it('EBUSY, EPERM and EACCES on an existing file read 文件正被其他程序占用 on Windows; elsewhere the old messages stay', () => {
    const dir = makeWorkspace({ 'out/a.pdf': 'x' });
    const target = path.join(dir, 'out/a.pdf');
    for (const code of ['EBUSY', 'EPERM', 'EACCES']) {
      const d = explainWriteError(Object.assign(new Error(code), { code }), 'out/a.pdf', target, 'win32');
      expect(d).toMatchObject({ severity: 'error', code: 'write-locked', file: 'out/a.pdf' });
      expect(d.message).toContain('文件正被其他程序占用');
      expect(d.hint).toContain('上次生成的结果保持不变');
    }
    // a file that is not there cannot be held open: a folder without permission
    expect(explainWriteError(Object.assign(new Error(), { code: 'EPERM' }), 'out/b.pdf', path.join(dir, 'out/b.pdf'), 'win32').message).toContain('没有权限');
    expect(explainWriteError(Object.assign(new Error(), { code: 'EBUSY' }), 'out/a.pdf', target, 'linux').message).toBe('文件正被其他程序占用，无法覆盖');
  });

  // a file really held open: tests/exe/exe.test.ts, under Wine (which refuses renames as Windows does)
  it('the Windows commit (targets set aside first) replaces every file and leaves nothing behind', () => {
    const dir = makeWorkspace({ 'out/a.pdf': 'old a', 'out/sub/b.docx': 'old b' });
    const files = [
      { path: path.join(dir, 'out/a.pdf'), data: 'new a' },
      { path: path.join(dir, 'out/sub/b.docx'), data: 'new b' },
      { path: path.join(dir, 'out/c.zip'), data: 'new c' },
    ];
    expect(commitFiles(files, (abs) => path.relative(dir, abs), 'win32')).toEqual([]);
    expect(files.map((f) => readFileSync(f.path, 'utf8'))).toEqual(['new a', 'new b', 'new c']);
    expect([...readdirSync(path.join(dir, 'out')), ...readdirSync(path.join(dir, 'out/sub'))].sort()).toEqual(['a.pdf', 'b.docx', 'c.zip', 'sub']);
  });

  it('an unexpected EBUSY reaching the command line is said in Chinese with the file, not reported as a bug', () => {
    const busy = (code: string) => fileInUse(Object.assign(new Error(code), { code, path: 'D:\\案卷\\data\\staff.xlsx' }));
    expect(busy('EBUSY')).toBe('文件正被其他程序占用：D:\\案卷\\data\\staff.xlsx\n关闭正在打开它的程序（WPS、Word、Excel、PDF 阅读器）后再试一次。');
    expect(busy('EPERM')).toMatch(/^文件正被其他程序占用，或没有权限读写：D:\\案卷/);
    expect(busy('ENOENT')).toBeUndefined();
    expect(fileInUse(new Error('bug'))).toBeUndefined();
  });
});

describe('Windows: names that differ only in case are the same file', () => {
  it('volume codes zh and ZH are reported as duplicates', async () => {
    const cat = catalogWith('      - title: 通知\n        template: 通知\n', '  - code: zh\n    title: 综合资料卷\n    retention: 永久\n    items:\n      - title: 通知\n        template: 通知\n');
    const dir = makeWorkspace({ 'dossier.yaml': BASE_DOSSIER, 'catalog/test.yaml': cat, 'templates/通知.md.hbs': '---\ntitle: 通知\n---\n正文。\n' });
    const { diagnostics } = await loadWorkspace(dir);
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: 'catalog-duplicate-code', file: 'catalog/test.yaml', message: '卷代码“zh”与第 1 卷的“ZH”只差大小写' }));
  });

  it('rows named A组 and a组 get different file names', async () => {
    const dir = makeWorkspace({
      'dossier.yaml': BASE_DOSSIER,
      'catalog/test.yaml': catalogWith('      - title: 责任书\n        template: 通知\n        each: groups\n'),
      'templates/通知.md.hbs': '---\ntitle: 通知\n---\n{{row.名称}}。\n',
      'data/groups.csv': '名称\nA组\na组\nB组\n',
    });
    const { workspace } = await loadWorkspace(dir);
    if (!workspace) throw new Error('workspace did not load');
    const docs = planBuild(workspace).plan.volumes[0]?.documents ?? [];
    expect(docs.map((d) => ('rowName' in d ? d.rowName : undefined))).toEqual(['A组', 'a组（2）', 'B组']);
    expect(new Set(docs.map((d) => d.fileStem.toLowerCase())).size).toBe(3);
  });
});

describe('Windows: fonts', () => {
  it('looks in %SystemRoot%\\Fonts and the per-user %LOCALAPPDATA%\\Microsoft\\Windows\\Fonts, and only there', () => {
    const dirs = systemFontDirs('win32', { SystemRoot: 'C:\\Windows', LOCALAPPDATA: 'C:\\Users\\wl\\AppData\\Local' });
    expect(dirs.map((d) => d.replace(/\\/g, '/'))).toEqual(['C:/Windows/Fonts', 'C:/Users/wl/AppData/Local/Microsoft/Windows/Fonts']);
    expect(systemFontDirs('linux', {})).not.toContain('C:/Windows/Fonts');
  });

  it('prefers 仿宋_GB2312 and 楷体_GB2312 where installed over Windows’ simfang.ttf and simkai.ttf; 黑体 is simhei.ttf', async () => {
    const serif = builtinSource().font(BUNDLED.fangsong.pkg, BUNDLED.fangsong.file)?.id ?? '';
    const sans = builtinSource().font(BUNDLED.heiti.pkg, BUNDLED.heiti.file)?.id ?? '';
    const fontsDir = path.join(makeWorkspace({}), 'Fonts');
    mkdirSync(fontsDir);
    for (const n of ['simfang.ttf', '仿宋_GB2312.ttf', 'simkai.ttf']) symlinkSync(serif, path.join(fontsDir, n));
    symlinkSync(sans, path.join(fontsDir, 'simhei.ttf'));
    const fonts = await loadFonts({ fontDirs: [fontsDir] });
    const byRole = Object.fromEntries(fonts.report.entries.map((e) => [e.role, path.basename(e.file)]));
    expect(byRole).toMatchObject({ fangsong: '仿宋_GB2312.ttf', kaiti: 'simkai.ttf', heiti: 'simhei.ttf' });
  });
});

describe('the double-click launcher', () => {
  // the test folders are in the system's temporary folder, which the launcher treats apart
  const NO_TEMP = '/no-such-temporary-folder';
  let printed: string[];
  const answers: string[] = [];
  const io: LauncherConsole = {
    print: (t) => void printed.push(t),
    ask: async () => answers.shift(),
  };
  beforeEach(() => {
    printed = [];
    answers.length = 0;
  });

  it('opens the folder it sits in when that is a workspace, else the one remembered', async () => {
    const ws = makeWorkspace({ 'dossier.yaml': BASE_DOSSIER, 'dossier.exe': '' });
    const settings = path.join(makeWorkspace({}), 'dossier', 'settings.json');
    expect(await chooseWorkspace({ base: ws, exeName: 'dossier.exe', settings, useRemembered: true, tempDir: NO_TEMP }, io)).toEqual({ dir: ws, how: 'here' });
    updateSettings(settings, (s) => {
      s.workspace = ws;
    });
    const elsewhere = makeWorkspace({ 'DOSSIER.EXE': '', 'notes.txt': '' });
    expect(await chooseWorkspace({ base: elsewhere, exeName: 'dossier.exe', settings, useRemembered: true, tempDir: NO_TEMP }, io)).toEqual({ dir: ws, how: 'remembered' });
    expect(printed).toEqual([]);
  });

  it('first run in an empty folder: Enter makes a workspace right there, with the level asked for', async () => {
    const base = makeWorkspace({ 'dossier.exe': '', 'desktop.ini': '' });
    answers.push('', '2');
    const chosen = await chooseWorkspace({ base, exeName: 'dossier.exe', settings: undefined, useRemembered: true, tempDir: NO_TEMP }, io);
    expect(chosen).toEqual({ dir: base, how: 'created' });
    expect(readFileSync(path.join(base, 'dossier.yaml'), 'utf8')).toMatch(/^catalog: 计生服务站/m);
    expect(printed.join('\n')).toContain('这个文件夹还不是工作区');
    expect(printed.join('\n')).toContain('2  计生服务站');
  });

  it('in a folder holding other things the new workspace goes into 案卷工作区; a dropped folder in quotes is taken', async () => {
    const base = makeWorkspace({ 'dossier.exe': '', '下载的文件.zip': '' });
    const other = makeWorkspace({ 'dossier.yaml': BASE_DOSSIER });
    answers.push('D:\\没有这个文件夹', `"${other}"`);
    const chosen = await chooseWorkspace({ base, exeName: 'dossier.exe', settings: undefined, useRemembered: true, tempDir: NO_TEMP }, io);
    expect(chosen).toEqual({ dir: other, how: 'chosen' });
    expect(printed.join('\n')).toContain(path.join(base, '案卷工作区'));
    expect(printed.join('\n')).toContain('找不到这个文件夹');

    answers.push('');
    answers.push('');
    expect(await chooseWorkspace({ base, exeName: 'dossier.exe', settings: undefined, useRemembered: true, tempDir: NO_TEMP }, io)).toEqual({ dir: path.join(base, '案卷工作区'), how: 'created' });
    expect(existsSync(path.join(base, '案卷工作区', 'dossier.yaml'))).toBe(true);
    // next time it is found without asking
    printed = [];
    expect(await chooseWorkspace({ base, exeName: 'dossier.exe', settings: undefined, useRemembered: true, tempDir: NO_TEMP }, io)).toEqual({ dir: path.join(base, '案卷工作区'), how: 'here' });
    expect(printed).toEqual([]);
  });

  it('run from the temporary folder (opened inside a zip): makes no workspace there, takes a dropped one', async () => {
    const temp = makeWorkspace({});
    const base = path.join(temp, 'Temp1_dossier.zip');
    mkdirSync(base);
    writeFileSync(path.join(base, 'dossier.exe'), '');
    const other = makeWorkspace({ 'dossier.yaml': BASE_DOSSIER });
    answers.push('', other);
    expect(await chooseWorkspace({ base, exeName: 'dossier.exe', settings: undefined, useRemembered: false, tempDir: temp }, io)).toEqual({ dir: other, how: 'chosen' });
    expect(printed[0]).toContain('dossier.exe 是从压缩包里直接打开的');
    expect(readdirSync(base)).toEqual(['dossier.exe']);
  });

  it('gives up when the window gets no answer', async () => {
    const base = makeWorkspace({ 'a.txt': '' });
    expect(await chooseWorkspace({ base, exeName: 'dossier.exe', settings: undefined, useRemembered: false, tempDir: NO_TEMP }, io)).toBeUndefined();
    expect(printed.at(-1)).toBe('没有选定工作区。');
  });

  it('answers and settings', () => {
    expect(cleanAnswer('  "D:\\案卷 2025\\澧源镇"  ')).toBe('D:\\案卷 2025\\澧源镇');
    expect(cleanAnswer("& 'C:\\Users\\王丽\\案卷'")).toBe('C:\\Users\\王丽\\案卷');
    expect(settingsFile({ APPDATA: 'C:\\Users\\王丽\\AppData\\Roaming' }, 'win32')?.replace(/\\/g, '/')).toBe('C:/Users/王丽/AppData/Roaming/dossier/settings.json');
    expect(workspaceKey('/A/B', 'win32')).toBe(workspaceKey('/a/b', 'win32'));
    const file = path.join(makeWorkspace({}), 'settings.json');
    writeFileSync(file, '{not json');
    expect(readSettings(file)).toEqual({});
    updateSettings(file, (s) => {
      s.running = { k: { url: 'http://127.0.0.1:8760/?token=x', pid: 1 } };
    });
    expect(readSettings(file)).toEqual({ running: { k: { url: 'http://127.0.0.1:8760/?token=x', pid: 1 } } });
  });
});

describe('help in Chinese', () => {
  it('headings and placeholders are Chinese, and the columns line up', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
    expect(await main(['--help'])).toBe(0);
    vi.restoreAllMocks();
    expect(out).toMatch(/^用法： dossier \[选项\] \[命令\]$/m);
    expect(out).toMatch(/^命令：$/m);
    expect(out).not.toMatch(/Usage|Options|Commands|\[options\]|default:/);
    // descriptions start in one column (a Chinese character is two columns wide)
    const cols = out
      .split('\n')
      .filter((l) => /^ {2}(init|build|check|serve) /.test(l))
      .map((l) => /^ {2}\S.*?\S {2,}/.exec(l.replace(/[\u3000-\u9fff\uff00-\uffef]/g, 'xx'))?.[0].length);
    expect(new Set(cols).size).toBe(1);
  });
});
