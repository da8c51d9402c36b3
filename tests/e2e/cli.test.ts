// The dossier CLI on real workspaces: exit codes, Chinese messages, no stack traces.
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { cleanupWorkspaces, dropVillages, makeWorkspace } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

function freshDir(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'dossier-cli-')), '新工作区');
}

describe('dossier init / check / build on the bundled example', () => {
  it('init copies the example; check lists the missing items and exits 1; build writes the 缺件清单 and exits 0', async () => {
    const dir = freshDir();
    expect(await main(['init', dir])).toBe(0);
    expect(out).toContain(`已新建工作区：${dir}`);
    expect(existsSync(path.join(dir, 'dossier.yaml'))).toBe(true);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    expect(readFileSync(path.join(dir, 'dossier.yaml'), 'utf8')).toMatch(/^villages:/m);
    dropVillages(dir); // the township alone (its villages: tests/build/units.test.ts, tests/e2e/example.test.ts)

    out = '';
    expect(await main(['check', dir])).toBe(1);
    // the detailed 缺件清单 format is asserted in tests/catalog; here: it names a folder to fill
    expect(out).toMatch(/attachments\/[^/\s]+\/[^/\s]+\//);
    expect(err).toBe('');

    out = '';
    expect(await main(['build', dir, '--model'])).toBe(0);
    const docs = Number(/完成：共 (\d+) 份文档/.exec(out)?.[1]);
    expect(docs).toBeGreaterThan(10);
    expect(out).toMatch(/^  仿宋 → /m);
    const files = readdirSync(path.join(dir, 'out/2025/ZH-综合资料卷'));
    const letters = files.filter((f) => /目标管理责任书-青龙村\.(pdf|docx|model\.json)$/.test(f));
    expect(letters.map((f) => f.replace(/^.*\./, ''))).toEqual(expect.arrayContaining(['pdf', 'docx', 'json']));
    expect(readFileSync(path.join(dir, 'out/2025/缺件清单.md'), 'utf8')).toMatch(/KJ 科技资料卷/);
  });

  it('init refuses a non-empty folder and an unknown catalog', async () => {
    const dir = makeWorkspace({ 'a.txt': 'x' });
    expect(await main(['init', dir])).toBe(2);
    expect(err).toContain(`用法错误：文件夹 ${dir} 已存在且不是空的，未做任何改动`);
    expect(await main(['init', freshDir(), '--catalog', '不存在'])).toBe(2);
    expect(err).toContain('用法错误：不认识的目录“不存在”');
  });
});

describe('bad input and usage', () => {
  it('an invalid workspace exits 1 with every problem grouped by file, no stack trace, nothing written', async () => {
    const dir = makeWorkspace({ 'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: 乡镇计生办\nfonts:\n  fangsong: x.ttf\n  heiti2: y.ttf\n', 'data/villages.csv': '村名,人口\n青龙村\n' });
    expect(await main(['build', dir])).toBe(1);
    expect(err).toContain('dossier.yaml（1 个问题）');
    expect(err).toContain('错误 第 6 行第 3 列：不认识的键 “heiti2”（是不是想写“heiti”？）');
    expect(err).toContain('data/villages.csv（1 个问题）');
    expect(err).toContain('生成失败：发现 2 个错误，未写出任何文件，上次生成的结果保持不变。');
    expect(err).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('usage errors exit 2 in Chinese', async () => {
    expect(await main(['bulid'])).toBe(2);
    expect(err).toContain('用法错误：不认识的命令 bulid');
    err = '';
    // a misspelt option: commander's suggestion, in Chinese, no English left
    expect(await main(['build', '.', '--fromat', 'pdf'])).toBe(2);
    expect(err).toContain('用法错误：不认识的选项 --fromat（是不是想写 --format？）');
    expect(err).not.toMatch(/[A-Za-z]{3,} [A-Za-z]{2,}/);
    err = '';
    expect(await main(['build', '.', '--format', 'odt'])).toBe(2);
    expect(err).toContain('不认识的输出格式“odt”');
    expect(await main([])).toBe(2);
  });

  it('--only naming no unit fails in so many words: no “完成：生成了 0 个单位”', async () => {
    const dir = freshDir();
    cpSync(path.resolve(import.meta.dirname, '../../examples/澧源镇'), dir, { recursive: true });
    expect(await main(['build', dir, '--only', '青龙'])).toBe(1);
    expect(err).toContain('没有名为“青龙”的单位');
    expect(err).toContain('生成失败：发现 1 个错误，未写出任何文件，上次生成的结果保持不变。');
    expect(out).not.toContain('完成：生成了');
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('a folder that does not exist', async () => {
    expect(await main(['check', '/nonexistent/工作区'])).toBe(1);
    expect(err).toContain('找不到工作区文件夹');
  });
});
