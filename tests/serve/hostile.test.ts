// dossier serve against the hostile trial (issue 15, items 6 and 18 and the messages): nothing is moved or
// written through a link (attachments/ or a folder in it pointing at templates/), uploaded names are made
// safe for Windows (device names, direction controls, names differing only in case), and a build that
// wrote files while one volume failed is not reported as having written nothing.
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuildRunner } from '../../src/serve/runner.js';
import { cookieName } from '../../src/serve/security.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';
import { PLAIN_PDF } from '../hostile/fixtures.js';
import { raw, tinyPdf } from './http.js';

const CATALOG = 'name: 测试目录\nvolumes:\n  - code: ZH\n    title: 综合资料卷\n    retention: 永久\n    items:\n      - title: 上级文件\n        attach: 上级文件/*\n      - title: 领导小组通知\n        template: 通知\n';
const TEMPLATE = '---\nkind: 通知\ntitle: 关于调整领导小组的通知\ndate: 2025-01-15\n---\n正文。\n';
const files = { 'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [docx]\n', 'catalog/test.yaml': CATALOG, 'templates/通知.md.hbs': TEMPLATE };

const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  cleanupWorkspaces();
});

async function serve(dir: string): Promise<{ srv: RunningServer; auth: Record<string, string> }> {
  const srv = await startServer(dir, { port: 0, buildOnStart: false, autoBuild: false });
  servers.push(srv);
  return { srv, auth: { cookie: `${cookieName(srv.port)}=${srv.token}` } };
}

describe('nothing is moved or written through a link (item 6)', () => {
  it('POST /api/remove through attachments/模板 → templates/ is refused; the template stays', async () => {
    const dir = makeWorkspace({ ...files, 'attachments/上级文件/.keep': '' });
    symlinkSync(path.join(dir, 'templates'), path.join(dir, 'attachments/模板'));
    const { srv, auth } = await serve(dir);
    const r = await raw(srv.port, 'POST', '/api/remove', { ...auth, 'x-file': encodeURIComponent('attachments/模板/通知.md.hbs') });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text).message).toBe('“attachments/模板”是链接（快捷方式），不能通过它移除文件');
    expect(existsSync(path.join(dir, 'templates/通知.md.hbs'))).toBe(true);
    expect(existsSync(path.join(dir, '回收站'))).toBe(false);
  });

  it('POST /api/remove when 回收站/ is a link out of the workspace is refused; the scan stays', async () => {
    const dir = makeWorkspace({ ...files, 'attachments/上级文件/通知.pdf': PLAIN_PDF });
    const away = path.join(path.dirname(dir), `elsewhere-${path.basename(dir)}`);
    mkdirSync(away);
    symlinkSync(away, path.join(dir, '回收站'));
    const { srv, auth } = await serve(dir);
    const r = await raw(srv.port, 'POST', '/api/remove', { ...auth, 'x-file': encodeURIComponent('attachments/上级文件/通知.pdf') });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.text).message).toBe('“回收站”是链接（快捷方式），不能把文件移到那里');
    expect(existsSync(path.join(dir, 'attachments/上级文件/通知.pdf'))).toBe(true);
    expect(readdirSync(away)).toEqual([]);
    rmSync(away, { recursive: true, force: true });
  });

  it('an upload when attachments/ itself is a link to templates/ is refused; nothing is written there', async () => {
    const dir = makeWorkspace(files);
    symlinkSync(path.join(dir, 'templates'), path.join(dir, 'attachments'));
    const { srv, auth } = await serve(dir);
    const r = await raw(srv.port, 'PUT', '/api/upload/ZH/0', { ...auth, 'x-file-name': encodeURIComponent('通知.pdf') }, await tinyPdf());
    expect(r.status).toBe(403);
    expect(readdirSync(path.join(dir, 'templates'))).toEqual(['通知.md.hbs']);
  });
});

describe('uploaded names safe for Windows (item 18)', () => {
  let srv: RunningServer;
  let auth: Record<string, string>;
  let dir: string;
  beforeAll(async () => {
    dir = makeWorkspace({ ...files, 'attachments/上级文件/scan.pdf': PLAIN_PDF });
    ({ srv, auth } = await serve(dir));
  });
  const upload = async (name: string) => {
    const r = await raw(srv.port, 'PUT', '/api/upload/ZH/0', { ...auth, 'x-file-name': encodeURIComponent(name) }, await tinyPdf());
    return { status: r.status, file: (JSON.parse(r.text) as { file?: string }).file };
  };

  it('a device name (CON, com1) gets a prefix; direction controls are dropped; a name differing only in case is kept apart', async () => {
    expect(await upload('CON.pdf')).toEqual({ status: 201, file: 'attachments/上级文件/_CON.pdf' });
    expect(await upload('com1.pdf')).toEqual({ status: 201, file: 'attachments/上级文件/_com1.pdf' });
    expect(await upload('报告\u202Efdp.pdf')).toEqual({ status: 201, file: 'attachments/上级文件/报告fdp.pdf' });
    expect(await upload('SCAN.pdf')).toEqual({ status: 201, file: 'attachments/上级文件/SCAN（2）.pdf' });
    expect(readdirSync(path.join(dir, 'attachments/上级文件')).sort()).toEqual(['SCAN（2）.pdf', '_CON.pdf', '_com1.pdf', 'scan.pdf', '报告fdp.pdf']);
  });
});

describe('the status line after a build (messages)', () => {
  it('a build that bound one volume and refused another says what it wrote, not 未写出任何文件', async () => {
    const dir = makeWorkspace({
      ...files,
      'catalog/test.yaml': `${CATALOG}  - code: RK\n    title: 人口计划卷\n    retention: 永久\n    items:\n      - title: 坏扫描件\n        attach: 坏/*.pdf\n`,
      'attachments/坏/空.pdf': '',
    });
    mkdirSync(path.join(dir, 'attachments/上级文件'), { recursive: true });
    writeFileSync(path.join(dir, 'attachments/上级文件/通知.pdf'), PLAIN_PDF);
    const runner = new BuildRunner(dir, () => undefined);
    await runner.request();
    expect(runner.status.last?.ok).toBe(false);
    expect(runner.status.last?.written).toBeGreaterThan(0);
    expect(runner.status.last?.text).toBe(`部分生成：1 个错误，出错的案卷没有装订；其余已生成，写出 ${runner.status.last?.written} 个文件。错误已标在相关材料旁。`);
  }, 60_000);
});
