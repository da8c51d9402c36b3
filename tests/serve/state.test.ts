// The page state: a build's errors sit next to the item they concern; a file dropped into attachments/ on
// disk (not through the page) turns its item present without a reload (watchWorkspace → SSE `state`).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import type { DossierView } from '../../src/serve/state.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';
import { tinyPdf } from './http.js';
import { catalogYaml, ITEM, zh } from '../helpers/fixtures.js';

let dir: string;
let srv: RunningServer;

beforeAll(async () => {
  dir = makeWorkspace({
    'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [pdf]\n',
    'catalog/test.yaml': catalogYaml(zh(ITEM.received, ITEM.notice)),
    'templates/通知.md.hbs': '---\ntitle: 关于调整领导小组的通知\n---\n组长：{{leaders.secretary}}。\n',
  });
  srv = await startServer(dir, { port: 0, buildOnStart: false, autoBuild: false });
});
afterAll(async () => {
  await srv?.close();
  cleanupWorkspaces();
});

async function view(): Promise<DossierView> {
  const r = await fetch(`${srv.origin}/api/state`, { headers: { 'x-dossier-token': srv.token } });
  return ((await r.json()) as { view: DossierView }).view;
}

describe('dossier serve: state', () => {
  it('places a failed build’s error next to its item', async () => {
    await srv.runner.request();
    await srv.settled();
    expect(srv.runner.status.last?.ok).toBe(false);
    expect(srv.runner.status.last?.text).toContain('生成失败');
    const v = await view();
    const item = v.volumes[0]?.items[1];
    expect(item?.messages.length).toBeGreaterThan(0);
    expect(item?.messages[0]?.severity).toBe('error');
    expect(item?.messages[0]?.message).toContain('leaders.secretary');
    expect(item?.messages[0]?.where).toMatch(/^templates\/通知\.md\.hbs:\d+/);
    expect(v.volumes[0]?.items[0]?.messages).toEqual([]);
  });

  it('sees files that arrive on disk, through the SSE stream', async () => {
    const events = await fetch(`${srv.origin}/api/events`, { headers: { 'x-dossier-token': srv.token } });
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    const waitFor = async (re: RegExp) => {
      const t = Date.now();
      while (!re.test(text)) {
        if (Date.now() - t > 10_000) throw new Error(`no ${re} in ${text.slice(-500)}`);
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    };
    await waitFor(/event: state/);
    expect((await view()).volumes[0]?.items[0]?.status).toBe('missing');
    text = '';
    mkdirSync(path.join(dir, 'attachments/综合资料卷/上级文件'), { recursive: true });
    writeFileSync(path.join(dir, 'attachments/综合资料卷/上级文件/县里的通知.pdf'), await tinyPdf());
    await waitFor(/event: state\ndata: .*"status":"present"/);
    expect((await view()).volumes[0]?.items[0]).toMatchObject({ status: 'present', statusText: '齐全' });
    await reader.cancel();
  });
});

describe('dossier serve: command line', () => {
  const BIN = path.resolve(import.meta.dirname, '../../bin/dossier.js');
  const run = (args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      let stopped = false;
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        if (out.includes('Ctrl+C') && !stopped) {
          stopped = true;
          setTimeout(() => child.kill('SIGINT'), 300); // as a person would, not within the same millisecond

        }
      });
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      child.on('exit', (code, signal) => resolve({ code, out: `${out}[signal ${signal}]`, err }));
    });

  it('prints the address with its token, stops on Ctrl+C; refuses a bad port or a folder without dossier.yaml', async () => {
    const ok = await run(['serve', dir, '--port', '0', '--no-open']);
    expect(ok.code, ok.out + ok.err).toBe(0);
    expect(ok.out).toMatch(/http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}/);
    expect(ok.out).toContain('已停止');
    expect((await run(['serve', dir, '--port', 'abc', '--no-open'])).code).toBe(2);
    const none = await run(['serve', path.join(dir, 'data'), '--port', '0', '--no-open']);
    expect(none.code).toBe(1);
    expect(none.err).toContain('不是工作区');
  }, 30_000);
});
