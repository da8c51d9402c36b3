// dossier build --watch: rebuilds (incrementally) after an input changes, ignores out/.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isInput, watchWorkspace } from '../../src/build/watch.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);
const BIN = path.resolve(import.meta.dirname, '../../bin/dossier.js');

describe('watch', () => {
  it('knows inputs from outputs and editor droppings', () => {
    expect(['dossier.yaml', 'data/villages.csv', 'templates/通知.md.hbs', 'attachments/上级/a.pdf'].map(isInput)).toEqual([true, true, true, true]);
    expect(['out/2025/a.pdf', 'out', 'data/.villages.csv.swp', 'data/~$staff.xlsx', 'templates/a.md.hbs~', ''].map(isInput)).toEqual([false, false, false, false, false, false]);
  });

  it('sees edits in folders made after it started, nothing in out/, and keeps going while folders are made and removed at once (as staging folders are in every build)', async () => {
    const dir = makeWorkspace({ 'dossier.yaml': 'unit: 测试\n', 'data/a.csv': 'x\n1\n' });
    const crashes: unknown[] = [];
    const onCrash = (e: unknown): void => void crashes.push(e);
    process.on('uncaughtException', onCrash);
    const seen: string[] = [];
    const w = watchWorkspace(dir, (c) => seen.push(...c), 50);
    const until = async (ok: () => boolean, what: string): Promise<void> => {
      for (let t = Date.now(); !ok(); await new Promise((r) => setTimeout(r, 25))) if (Date.now() - t > 10_000) throw new Error(`not seen: ${what}; seen ${seen.join(', ')}`);
    };
    try {
      // folders made and removed at once, in out/ and among the inputs
      for (let i = 0; i < 200; i++) {
        for (const f of [`out/.dossier/tmp/${i}/x`, `attachments/新建文件夹${i}/y`]) {
          mkdirSync(path.join(dir, f), { recursive: true });
          rmSync(path.join(dir, f.split('/').slice(0, f.startsWith('out') ? 4 : 2).join('/')), { recursive: true, force: true });
        }
        if (i % 20 === 0) await new Promise((r) => setTimeout(r, 5));
      }
      mkdirSync(path.join(dir, 'templates', '子目录'), { recursive: true });
      await new Promise((r) => setTimeout(r, 200));
      writeFileSync(path.join(dir, 'templates', '子目录', '通知.md.hbs'), '第一稿');
      await until(() => seen.includes('templates/子目录/通知.md.hbs'), 'a file in a folder made after the start');
      writeFileSync(path.join(dir, 'data', 'a.csv'), 'x\n2\n');
      await until(() => seen.includes('data/a.csv'), 'an edit of data/a.csv');
      expect(seen.filter((s) => s.startsWith('out'))).toEqual([]);
      expect(crashes).toEqual([]);
    } finally {
      w.close();
      process.off('uncaughtException', onCrash);
    }
  });

  it('rebuilds what changed after an edit, then stops on Ctrl+C', async () => {
    const dir = makeWorkspace({
      'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [docx]\n',
      'catalog/test.yaml': 'name: 测试\nvolumes:\n  - code: ZH\n    title: 综合资料卷\n    retention: 永久\n    items:\n      - title: 通知\n        template: 通知\n',
      'templates/通知.md.hbs': '---\ntitle: 关于调整领导小组的通知\n---\n第一稿。\n',
    });
    const child = spawn(process.execPath, [BIN, 'build', dir, '--watch'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const waitFor = async (re: RegExp, ms = 20_000) => {
      const t = Date.now();
      while (!re.test(out)) {
        if (Date.now() - t > ms) throw new Error(`timed out waiting for ${re}; output so far:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await waitFor(/正在监视工作区的改动/);
      const tpl = path.join(dir, 'templates/通知.md.hbs');
      // Node's recursive watcher on Linux registers sub-folders asynchronously: edit until it is seen
      for (let attempt = 1; !/检测到改动/.test(out); attempt++) {
        writeFileSync(tpl, readFileSync(tpl, 'utf8').replace(/第.稿/, attempt % 2 ? '第二稿' : '第三稿'));
        await new Promise((r) => setTimeout(r, 2000));
        if (attempt > 15) throw new Error(`no rebuild after ${attempt} edits:\n${out}`);
      }
      await waitFor(/检测到改动：templates\/通知\.md\.hbs，重新生成[\s\S]*重新生成 1 份/, 40_000);
      expect(out).toContain('模板“通知”已修改：1 份');
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.on('exit', r));
    }
  }, 60_000);
});
