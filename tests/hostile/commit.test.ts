// Issue 15, items 2–5, 12, 13: the commit is all or nothing in effect, whatever goes wrong while files are
// renamed into place; a volume that fails leaves its folder exactly as it was; a build killed during its
// commit is finished by the next one and leaves no temporary file; one build per workspace at a time;
// titles of many 4-byte characters get safe names; a broken out/.dossier is a Chinese message with the
// outputs untouched. Each case failed on the build engine before issue 16.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildReport } from '../../src/build/build.js';
import { lockPath } from '../../src/build/lock.js';
import { BuildRunner } from '../../src/serve/runner.js';
import { bindWorkspace } from '../bind/fixture.js';
import { hashTree } from '../helpers/tree.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/dossier.js');
const roots: string[] = [];
afterAll(() => {
  cleanupWorkspaces();
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});
afterEach(() => {
  delete process.env['DOSSIER_FAULT'];
});

/** out/ as the user sees it: every output and the manifest (the caches under out/.dossier may grow). */
function outputs(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(hashTree(path.join(dir, 'out'))).filter(([k]) => !/^\.dossier\/(cache|models|parse-cache)/.test(k)));
}

const errors = (r: BuildReport) => r.diagnostics.filter((d) => d.severity === 'error');

let built = '';
/** A copy of a workspace built once (PDF and DOCX, scans, two volumes). */
function copy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dossier-commit-'));
  roots.push(dir);
  cpSync(built, dir, { recursive: true });
  return dir;
}

/** An edit every output depends on (the 立卷时间 is in every file's metadata). */
function touchDate(dir: string, date = '2025-12-31'): void {
  const cfg = path.join(dir, 'dossier.yaml');
  writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/^date: .*$/m, `date: ${date}`));
}

beforeAll(async () => {
  built = makeWorkspace(await bindWorkspace());
  expect((await build(built)).ok).toBe(true);
}, 60_000);

describe('a commit that fails half-way (item 2)', () => {
  it('a rename that fails rolls back what was renamed, says so, and the next build finishes the job', async () => {
    const dir = copy();
    const before = outputs(dir);
    touchDate(dir);
    process.env['DOSSIER_FAULT'] = 'fail-rename:7';
    const r = await build(dir);
    expect(r.ok).toBe(false);
    expect(errors(r).map((d) => d.message)).toEqual([expect.stringMatching(/^没有权限写入这个位置.*；已撤回本次已写出的文件，out\/ 中的结果和上次生成后一样$/)]);
    expect(r.written).toEqual([]);
    expect(outputs(dir)).toEqual(before);
    expect(existsSync(path.join(dir, 'out/.dossier/commit.json'))).toBe(false);
    delete process.env['DOSSIER_FAULT'];
    const again = await build(dir);
    expect(again.ok).toBe(true);
    const fresh = copy();
    touchDate(fresh);
    await build(fresh, { force: true });
    const strip = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith('.dossier')));
    expect(strip(outputs(dir))).toEqual(strip(outputs(fresh)));
  }, 60_000);

  it('a folder where an output goes: nothing is renamed, the message names the file and the fix', async () => {
    const dir = copy();
    touchDate(dir);
    rmSync(path.join(dir, 'out/2025/RK-人口计划卷.pdf'));
    mkdirSync(path.join(dir, 'out/2025/RK-人口计划卷.pdf'));
    const before = outputs(dir);
    const r = await build(dir);
    expect(r.ok).toBe(false);
    expect(errors(r)).toEqual([expect.objectContaining({ code: 'write-folder-in-the-way', file: 'out/2025/RK-人口计划卷.pdf', message: '要写出的文件位置上有一个同名文件夹' })]);
    expect(outputs(dir)).toEqual(before);
  }, 60_000);

  // QA finding S1, its exact scenario: a volume PDF that cannot be replaced (chattr +i stands in for a PDF held
  // open in WPS on Windows) while a template edit changes documents in both volumes. Before the journaled
  // commit the other files were replaced and the message said nothing was written.
  it('S1: a volume PDF that cannot be replaced, a template edit: nothing changes, the message is true, the next build repairs', async () => {
    const dir = copy();
    const locked = path.join(dir, 'out/2025/ZH-综合资料卷.pdf');
    const lock = (flag: '+i' | '-i') => spawnSync('chattr', [flag, locked], { encoding: 'utf8' });
    const can = lock('+i');
    if (can.status !== 0) {
      // CI runs as root on ext4 (.ci/run): there the case must run, not vanish
      if (process.env['CI']) throw new Error(`chattr +i failed in CI: ${can.error?.message ?? can.stderr}`);
      console.warn(`S1 case not run here: chattr +i failed (${can.error?.message ?? can.stderr.trim()})`);
      return;
    }
    try {
      const tpl = path.join(dir, 'templates/总结.md.hbs');
      writeFileSync(tpl, readFileSync(tpl, 'utf8').replace('切实做好各项工作。', '切实做好各项工作，特此通知。'));
      const before = outputs(dir);
      const r = spawnSync(process.execPath, [BIN, 'build', dir], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/out\/2025\/ZH-综合资料卷\.pdf[\s\S]*没有权限写入这个位置.*；已撤回本次已写出的文件，out\/ 中的结果和上次生成后一样/);
      expect(r.stderr).toContain('生成失败：发现 1 个错误，未写出任何文件，上次生成的结果保持不变。');
      // every output as it was: the ZH volume, its documents and Word volume, and the RK files all agree again
      expect(outputs(dir)).toEqual(before);
      expect(existsSync(path.join(dir, 'out/.dossier/commit.json'))).toBe(false);
      expect(readdirSync(path.join(dir, 'out/2025'), { recursive: true }).filter((f) => String(f).endsWith('.tmp'))).toEqual([]);
    } finally {
      lock('-i');
    }
    // the file released, the next build writes the edit everywhere, as a build from scratch does
    expect(spawnSync(process.execPath, [BIN, 'build', dir], { encoding: 'utf8' }).status).toBe(0);
    const fresh = copy();
    writeFileSync(path.join(fresh, 'templates/总结.md.hbs'), readFileSync(path.join(dir, 'templates/总结.md.hbs')));
    expect((await build(fresh, { force: true })).ok).toBe(true);
    const strip = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith('.dossier')));
    const got = strip(outputs(dir));
    expect(got).toEqual(strip(outputs(fresh)));
    expect(got['2025/ZH-综合资料卷.pdf']).not.toBe(strip(outputs(built))['2025/ZH-综合资料卷.pdf']);
  }, 90_000);
});

describe('a volume that fails (item 3)', () => {
  it('keeps its folder exactly as it was: no document under a shifted 件号 beside the old ones', async () => {
    const dir = copy();
    const before = hashTree(path.join(dir, 'out/2025'));
    // a damaged scan sorted before the other: every later 件 of 综合资料卷 would move up one 件号
    writeFileSync(path.join(dir, 'attachments/上级/上级通知（空）.pdf'), '');
    touchDate(dir);
    const r = await build(dir);
    expect(r.ok).toBe(false);
    expect(errors(r).map((d) => d.code)).toEqual(['attachment-damaged']);
    const after = hashTree(path.join(dir, 'out/2025'));
    const zh = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => k.startsWith('ZH-')));
    expect(zh(after)).toEqual(zh(before));
    // the other volume was built with the new date
    expect(after['RK-人口计划卷.pdf']).not.toBe(before['RK-人口计划卷.pdf']);
  }, 60_000);
});

describe('a build killed during its commit (item 4)', () => {
  const cli = (dir: string, env: Record<string, string> = {}) => spawnSync(process.execPath, [BIN, 'build', dir], { encoding: 'utf8', env: { ...process.env, ...env } });

  it('is finished by the next build; out/ is never left half new, and no temporary file stays', async () => {
    const dir = copy();
    const before = hashTree(path.join(dir, 'out'));
    touchDate(dir);
    const expected = copy();
    touchDate(expected);
    expect((await build(expected)).ok).toBe(true);
    const after = hashTree(path.join(expected, 'out'));
    // an earlier version's hidden temporary files beside outputs
    writeFileSync(path.join(dir, 'out/2025/.RK-人口计划卷.pdf.4242.3.tmp'), 'half');
    const total = Object.keys(after).filter((k) => !k.startsWith('.dossier')).length;
    for (const n of [1, Math.floor(total / 2), total]) {
      const killed = cli(dir, { DOSSIER_FAULT: `kill-after-renames:${n}` });
      expect(killed.signal, `killed after ${n} renames`).toBe('SIGKILL');
      expect(existsSync(path.join(dir, 'out/.dossier/commit.json'))).toBe(true);
      const now = hashTree(path.join(dir, 'out'));
      for (const [rel, h] of Object.entries(now)) {
        if (rel.startsWith('.dossier') || rel.endsWith('.tmp')) continue;
        expect([before[rel], after[rel]], rel).toContain(h);
      }
    }
    const next = cli(dir);
    expect(next.status).toBe(0);
    expect(next.stderr).toContain('上次生成在写出文件时被中断');
    const repaired = hashTree(path.join(dir, 'out'));
    const strip = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).filter(([k]) => !k.startsWith('.dossier/')));
    expect(strip(repaired)).toEqual(strip(after));
    expect(Object.keys(repaired).filter((k) => k.endsWith('.tmp') || k.startsWith('.dossier/tmp/'))).toEqual([]);
    expect(existsSync(path.join(dir, 'out/.dossier/commit.json'))).toBe(false);
  }, 120_000);
});

describe('one build per workspace (item 5)', () => {
  let holder: ChildProcess | undefined;
  afterEach(() => {
    holder?.kill('SIGKILL');
    holder = undefined;
  });
  /** A live Node process that holds the workspace's lock. */
  async function holdLock(dir: string): Promise<number> {
    holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    await new Promise((r) => holder?.once('spawn', r));
    const pid = holder.pid as number;
    writeFileSync(lockPath(dir), JSON.stringify({ pid, host: (await import('node:os')).hostname(), started: new Date().toISOString() }));
    return pid;
  }

  it('a second build waits, says who holds the workspace, and gives up with that message', async () => {
    const dir = copy();
    const pid = await holdLock(dir);
    const told: string[] = [];
    touchDate(dir);
    const before = outputs(dir);
    const r = await build(dir, { lockWaitMs: 400, onWait: (m) => told.push(m) });
    expect(r.ok).toBe(false);
    expect(told).toEqual([expect.stringContaining(`进程 ${pid}`)]);
    expect(errors(r)).toEqual([expect.objectContaining({ code: 'build-locked', message: expect.stringContaining(`进程 ${pid}`) })]);
    expect(outputs(dir)).toEqual(before);
    // the holder ends: the build goes ahead
    holder?.kill('SIGKILL');
    await new Promise((res) => holder?.once('exit', res));
    const ok = await build(dir);
    expect(ok.ok).toBe(true);
    expect(ok.diagnostics.map((d) => d.code)).toContain('lock-taken-over');
    expect(existsSync(lockPath(dir))).toBe(false);
  }, 60_000);

  it('a lock left by a process that no longer runs is taken over', async () => {
    const dir = copy();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(lockPath(dir), JSON.stringify({ pid: Number(dead.stdout), host: (await import('node:os')).hostname(), started: new Date().toISOString() }));
    const r = await build(dir);
    expect(r.ok).toBe(true);
    expect(r.diagnostics.find((d) => d.code === 'lock-taken-over')?.message).toMatch(/没有正常结束，留下的生成锁已解除/);
  }, 60_000);

  it('two builds started together run one after the other (the second finds nothing to do)', async () => {
    const dir = copy();
    touchDate(dir);
    const [a, b] = await Promise.all([build(dir), build(dir)]);
    expect(a.ok && b.ok).toBe(true);
    expect(a.summary.rebuilt.length).toBeGreaterThan(0);
    expect(b.summary.rebuilt).toEqual([]);
    expect(b.written).toEqual([]);
  }, 60_000);

  it("serve's automatic build waits for a command-line build and shows it is waiting", async () => {
    const dir = copy();
    const pid = await holdLock(dir);
    const labels: string[] = [];
    const runner = new BuildRunner(dir, (e) => {
      if (e.type === 'progress') labels.push(e.status.label);
    });
    const run = runner.request();
    await new Promise((r) => setTimeout(r, 600));
    expect(labels.some((l) => l.includes(`进程 ${pid}`))).toBe(true);
    expect(runner.status.running).toBe(true);
    holder?.kill('SIGKILL');
    await run;
    expect(runner.status.last?.ok).toBe(true);
  }, 60_000);
});

describe('file names (item 12)', () => {
  const rare = (n: number, base = 0x20000) => Array.from({ length: n }, (_, i) => String.fromCodePoint(base + i)).join('');

  it('a title of 70 four-byte characters: the name keeps its 件号, is cut by bytes with a hash, and two such titles stay apart', async () => {
    const a = `${rare(70)}甲`;
    const b = `${rare(70)}乙`;
    const dir = makeWorkspace({
      'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [docx]\n',
      'catalog/test.yaml': `name: 测试\nvolumes:\n  - code: ZH\n    title: ${rare(70, 0x20100)}卷\n    retention: 永久\n    items:\n      - title: ${a}\n        template: 总结\n      - title: ${b}\n        template: 总结\n`,
      'templates/总结.md.hbs': '---\ntitle: 工作总结\n---\n正文。\n',
    });
    const r = await build(dir);
    expect(errors(r)).toEqual([]);
    const year = path.join(dir, 'out/2025');
    const [folder] = readdirSync(year).filter((n) => statSync(path.join(year, n)).isDirectory());
    expect(Buffer.byteLength(folder as string)).toBeLessThanOrEqual(255);
    expect(folder).toMatch(/^ZH-.+~[0-9a-f]{6}$/u);
    const files = readdirSync(path.join(year, folder as string)).sort();
    expect(files).toHaveLength(2);
    for (const [i, f] of files.entries()) {
      expect(Buffer.byteLength(f)).toBeLessThanOrEqual(255);
      expect(f).toMatch(new RegExp(`^0${i + 1}-${rare(3)}.*~[0-9a-f]{6}\\.docx$`, 'u'));
    }
    expect(readdirSync(year).some((n) => n.startsWith('ZH-') && n.endsWith('.docx'))).toBe(true);
  }, 60_000);

  it('a workspace so deep that the outputs’ paths are too long: 文件路径太长, nothing written', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'dossier-deep-'));
    roots.push(base);
    // room for out/.dossier/tmp/<build>/<n> (≤ 40 bytes), not for out/2025/<卷>/<件>.docx (PATH_MAX 4096 bytes)
    const depth = 4050;
    let dir = base;
    while (Buffer.byteLength(dir) < depth) dir = path.join(dir, 'd'.repeat(Math.min(200, depth - Buffer.byteLength(dir) - 1)));
    mkdirSync(dir, { recursive: true });
    for (const [rel, text] of Object.entries({
      'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [docx]\n',
      'catalog/test.yaml': 'name: 测试\nvolumes:\n  - code: ZH\n    title: 综合资料卷\n    retention: 永久\n    items:\n      - title: 年度人口和计划生育工作总结\n        template: 总结\n',
      'templates/总结.md.hbs': '---\ntitle: 工作总结\n---\n正文。\n',
    })) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    const r = await build(dir);
    expect(r.ok).toBe(false);
    expect(errors(r).map((d) => d.message)).toEqual([expect.stringMatching(/^文件路径太长/)]);
    expect(errors(r)[0]?.hint).toContain('路径较短');
    expect(existsSync(path.join(dir, 'out/2025'))).toBe(false);
  }, 60_000);
});

describe('a broken out/.dossier (item 13)', () => {
  it('out/.dossier is a file: a Chinese message naming it; the outputs are not touched', async () => {
    const dir = copy();
    touchDate(dir);
    rmSync(path.join(dir, 'out/.dossier'), { recursive: true });
    writeFileSync(path.join(dir, 'out/.dossier'), 'not a folder');
    const before = hashTree(path.join(dir, 'out'));
    const r = await build(dir);
    expect(r.ok).toBe(false);
    expect(errors(r)).toEqual([{ severity: 'error', code: 'records-not-a-folder', file: 'out/.dossier', message: 'out/.dossier 应当是存放生成记录的文件夹，现在却是一个文件', hint: '删除或改名 out/.dossier 这个文件（它不是本程序生成的），然后重新生成。' }]);
    expect(hashTree(path.join(dir, 'out'))).toEqual(before);
  }, 60_000);

  it('manifest.json is a folder: a Chinese message naming it; no output is half replaced', async () => {
    const dir = copy();
    touchDate(dir);
    rmSync(path.join(dir, 'out/.dossier/manifest.json'));
    mkdirSync(path.join(dir, 'out/.dossier/manifest.json'));
    const before = outputs(dir);
    const r = await build(dir);
    expect(r.ok).toBe(false);
    expect(errors(r)).toEqual([expect.objectContaining({ file: 'out/.dossier/manifest.json', message: '要写出的文件位置上有一个同名文件夹' })]);
    expect(outputs(dir)).toEqual(before);
  }, 60_000);
});
