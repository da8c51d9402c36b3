// dossier serve refuses what it must, on the HTTP level: no token, foreign Host (DNS rebinding), foreign
// Origin (CSRF), uploads with `..` names or disallowed types, files outside out/ and attachments/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseCatalog } from 'yaml';
import { checkRequest, cookieName } from '../../src/serve/security.js';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { checkUploadName, MAX_UPLOAD_BYTES, saveUpload } from '../../src/serve/uploads.js';
import type { CatalogItem } from '../../src/schema/catalog.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';
import { raw, tinyPdf } from './http.js';
import { catalogYaml, ITEM, zh } from '../helpers/fixtures.js';

const CATALOG = catalogYaml(zh(ITEM.received, ITEM.notice, { title: '只收 PDF 的报表', attach: '综合资料卷/报表/*.pdf' }));

let dir: string;
let srv: RunningServer;
let auth: Record<string, string>;

beforeAll(async () => {
  dir = makeWorkspace({
    'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [pdf]\n',
    'catalog/test.yaml': CATALOG,
    'templates/通知.md.hbs': '---\ntitle: 关于调整领导小组的通知\n---\n正文。\n',
    'attachments/secret.txt': 'not for the page',
  });
  srv = await startServer(dir, { port: 0, buildOnStart: false, autoBuild: false });
  auth = { cookie: `${cookieName(srv.port)}=${srv.token}` };
});
afterAll(async () => {
  await srv?.close();
  cleanupWorkspaces();
});

const upload = (name: string, body: Uint8Array | string, item = 0, headers: Record<string, string> = {}) =>
  raw(srv.port, 'PUT', `/api/upload/ZH/${item}`, { ...auth, 'x-file-name': encodeURIComponent(name), 'content-type': 'application/octet-stream', ...headers }, body);

describe('dossier serve: access', () => {
  it('refuses requests without the token, or with a wrong one', async () => {
    for (const p of ['/', '/api/state', '/api/events', '/app.js', '/files/out/2025/x.pdf', '/download']) expect((await raw(srv.port, 'GET', p)).status, p).toBe(401);
    expect((await raw(srv.port, 'GET', '/api/state', { cookie: `${cookieName(srv.port)}=wrong` })).status).toBe(401);
    expect((await raw(srv.port, 'GET', '/?token=wrong')).status).toBe(401);
    expect((await raw(srv.port, 'POST', '/api/build')).status).toBe(401);
    const page = await raw(srv.port, 'GET', '/');
    expect(page.text).toContain('访问口令');
  });

  it('trades the token in the first URL for an HttpOnly, SameSite=Strict cookie and drops it from the address', async () => {
    const r = await raw(srv.port, 'GET', `/?token=${srv.token}`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toContain(`${cookieName(srv.port)}=${srv.token}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const page = await raw(srv.port, 'GET', '/', auth);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.text).toContain('案卷生成器');
    expect(page.text).not.toMatch(/https?:\/\//); // no CDN, nothing from the internet
    const state = JSON.parse((await raw(srv.port, 'GET', '/api/state', auth)).text) as { view: { unit: string; volumes: { code: string }[] } };
    expect(state.view.unit).toBe('澧源镇人民政府');
    expect(state.view.volumes.map((v) => v.code)).toEqual(['ZH']);
  });

  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${srv.port}`, `127.0.0.1.evil.example:${srv.port}`, `localhost:${srv.port + 1}`]) {
      const r = await raw(srv.port, 'GET', '/api/state', { ...auth, host });
      expect(r.status, `host=${host}`).toBe(403);
    }
    expect((await raw(srv.port, 'GET', '/api/state', { ...auth, host: `localhost:${srv.port}` })).status).toBe(200);
    // no Host header at all (HTTP/1.0)
    const reply = await new Promise<string>((resolve, reject) => {
      const sock = net.connect(srv.port, '127.0.0.1', () => sock.end(`GET /api/state HTTP/1.0\r\nCookie: ${auth['cookie']}\r\n\r\n`));
      let got = '';
      sock.on('data', (b: Buffer) => (got += b.toString()));
      sock.on('end', () => resolve(got));
      sock.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.[01] 403/);
  });

  it('refuses a foreign Origin or a cross-site fetch (CSRF), even with the cookie', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${srv.port + 1}`, 'null', `https://127.0.0.1:${srv.port}`]) {
      expect((await raw(srv.port, 'POST', '/api/build', { ...auth, origin })).status, origin).toBe(403);
      expect((await raw(srv.port, 'GET', '/api/state', { ...auth, origin })).status, origin).toBe(403);
    }
    expect((await upload('a.pdf', await tinyPdf(), 0, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await upload('a.pdf', await tinyPdf(), 0, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await raw(srv.port, 'POST', '/api/build', { ...auth, origin: `http://127.0.0.1:${srv.port}`, 'sec-fetch-site': 'same-origin' })).status).toBe(202);
    await srv.settled();
  });

  it('decides from the request alone (unit)', () => {
    const base = { method: 'GET', host: '127.0.0.1:9000', origin: undefined, fetchSite: undefined, cookieToken: 't0k', queryToken: undefined, headerToken: undefined };
    const gate = { token: 't0k', port: 9000 };
    expect(checkRequest(base, gate)).toEqual({ ok: true, viaQuery: false });
    expect(checkRequest({ ...base, cookieToken: undefined, queryToken: 't0k' }, gate)).toEqual({ ok: true, viaQuery: true });
    expect(checkRequest({ ...base, host: 'LOCALHOST:9000' }, gate).ok).toBe(true);
    expect(checkRequest({ ...base, host: '0.0.0.0:9000' }, gate).ok).toBe(false);
    expect(checkRequest({ ...base, method: 'PUT', fetchSite: 'same-site' }, gate).ok).toBe(false);
    expect(checkRequest({ ...base, cookieToken: 't0' }, gate).ok).toBe(false);
  });
});

describe('dossier serve: uploads', () => {
  it('copies an allowed file into the item’s folder, never overwriting', async () => {
    const pdf = await tinyPdf();
    const r = await upload('县计生局通知.pdf', pdf);
    expect(r.status).toBe(201);
    expect(JSON.parse(r.text).file).toBe('attachments/综合资料卷/上级文件/县计生局通知.pdf');
    const again = await upload('县计生局通知.pdf', pdf);
    expect(JSON.parse(again.text).file).toBe('attachments/综合资料卷/上级文件/县计生局通知（2）.pdf');
    expect(readFileSync(path.join(dir, 'attachments/综合资料卷/上级文件/县计生局通知.pdf'))).toEqual(Buffer.from(pdf));
    // the page state sees it at once
    const state = JSON.parse((await raw(srv.port, 'GET', '/api/state', auth)).text) as { view: { volumes: { items: { status: string; files: unknown[] }[] }[] } };
    expect(state.view.volumes[0]?.items[0]?.status).toBe('present');
    expect(state.view.volumes[0]?.items[0]?.files).toHaveLength(2);
  });

  it('refuses names with `..` or folders, and writes nothing outside the folder', async () => {
    const pdf = await tinyPdf();
    for (const name of ['../../evil.pdf', '..\\..\\evil.pdf', '../dossier.yaml', 'sub/evil.pdf', '/etc/evil.pdf', 'C:\\evil.pdf', '..', 'a..pdf']) {
      const r = await upload(name, pdf);
      expect(r.status, name).toBe(400);
      expect(JSON.parse(r.text).message).toContain('不合法');
    }
    expect(existsSync(path.join(dir, 'evil.pdf'))).toBe(false);
    expect(existsSync(path.join(dir, 'attachments/evil.pdf'))).toBe(false);
    expect(readFileSync(path.join(dir, 'dossier.yaml'), 'utf8')).toContain('unit: 澧源镇人民政府');
  });

  it('refuses disallowed types, disguised files and items that take no files', async () => {
    for (const [name, body] of [
      ['run.exe', 'MZ'],
      ['page.html', '<script>alert(1)</script>'],
      ['note.txt', 'text'],
      ['noext', '%PDF-1.7'],
      ['fake.pdf', 'MZ this is not a pdf'],
      ['fake.png', '%PDF-1.7'],
    ] as const) {
      const r = await upload(name, body);
      expect(r.status, name).toBe(415);
    }
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const onlyPdf = await upload('报表.png', png, 2);
    expect(onlyPdf.status).toBe(415);
    expect(JSON.parse(onlyPdf.text).message).toContain('*.pdf');
    expect((await upload('a.pdf', await tinyPdf(), 1)).status).toBe(404); // a template item
    expect((await upload('a.pdf', await tinyPdf(), 9)).status).toBe(404);
    expect(readdirSync(path.join(dir, 'attachments/综合资料卷/上级文件')).sort()).toEqual(['县计生局通知.pdf', '县计生局通知（2）.pdf']);
  });

  it('sanitises names and limits the size', () => {
    expect(checkUploadName('通知:第1号?.PDF')).toEqual({ ok: true, name: '通知_第1号_.pdf' });
    expect(checkUploadName('~$临时.docx')).toEqual({ ok: true, name: '临时.docx' });
    expect(checkUploadName('扫描.JPEG')).toEqual({ ok: true, name: '扫描.jpeg' });
    const item: CatalogItem = (parseCatalog(CATALOG) as { volumes: { items: CatalogItem[] }[] }).volumes[0]?.items[0] as CatalogItem;
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    big.set([0x25, 0x50, 0x44, 0x46, 0x2d]);
    const r = saveUpload(dir, path.join(dir, 'attachments'), item, 'big.pdf', big);
    expect(r).toMatchObject({ ok: false, status: 413 });
  });
});

describe('dossier serve: removing a scan', () => {
  const remove = (file: string, headers: Record<string, string> = auth) => raw(srv.port, 'POST', '/api/remove', { ...headers, 'x-file': encodeURIComponent(file) });

  it('moves the file into 回收站/ (never deletes, never overwrites) and the page sees it gone', async () => {
    const pdf = await tinyPdf('wrong scan');
    const saved = JSON.parse((await upload('错传的扫描件.pdf', pdf)).text) as { file: string };
    const r = await remove(saved.file);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text).movedTo).toBe('回收站/综合资料卷/上级文件/错传的扫描件.pdf');
    expect(existsSync(path.join(dir, saved.file))).toBe(false);
    expect(readFileSync(path.join(dir, '回收站/综合资料卷/上级文件/错传的扫描件.pdf'))).toEqual(Buffer.from(pdf));
    // a second file of the same name is kept beside the first
    const again = JSON.parse((await upload('错传的扫描件.pdf', pdf)).text) as { file: string };
    expect(JSON.parse((await remove(again.file)).text).movedTo).toBe('回收站/综合资料卷/上级文件/错传的扫描件（2）.pdf');
    const state = JSON.parse((await raw(srv.port, 'GET', '/api/state', auth)).text) as { view: { volumes: { items: { files: { title: string; removable?: string }[] }[] }[] } };
    const files = state.view.volumes[0]?.items[0]?.files ?? [];
    expect(files.map((f) => f.title)).not.toContain('错传的扫描件');
    expect(files.every((f) => f.removable?.startsWith('attachments/综合资料卷/上级文件/'))).toBe(true);
  });

  it('refuses anything but a file of attachments/, and requests without the token', async () => {
    for (const [file, status] of [
      ['dossier.yaml', 400],
      ['catalog/test.yaml', 400],
      ['attachments/../dossier.yaml', 400],
      ['attachments/综合资料卷/../../dossier.yaml', 400],
      ['attachments/综合资料卷', 403],
      ['attachments/不存在.pdf', 404],
      ['out/2025/ZH-综合资料卷.pdf', 400],
      ['/etc/passwd', 400],
      ['attachments\\..\\dossier.yaml', 400],
    ] as const) {
      const r = await remove(file);
      expect(r.status, file).toBe(status);
    }
    expect((await remove('attachments/secret.txt', {})).status).toBe(401);
    expect(existsSync(path.join(dir, 'attachments/secret.txt'))).toBe(true);
    expect(readFileSync(path.join(dir, 'dossier.yaml'), 'utf8')).toContain('unit: 澧源镇人民政府');
  });
});

describe('dossier serve: files', () => {
  it('serves out/ and attachments/ only', async () => {
    for (const p of ['/files/dossier.yaml', '/files/catalog/test.yaml', '/files/attachments/..%2F..%2Fdossier.yaml', '/files/out/../dossier.yaml', '/files/out/.dossier/manifest.json', '/files/%2E%2E/%2E%2E/etc/passwd']) {
      const r = await raw(srv.port, 'GET', p, auth);
      expect([403, 404], p).toContain(r.status);
      expect(r.text).not.toContain('unit:');
    }
    const ok = await raw(srv.port, 'GET', `/files/${encodeURIComponent('attachments')}/${encodeURIComponent('综合资料卷')}/${encodeURIComponent('上级文件')}/${encodeURIComponent('县计生局通知.pdf')}`, auth);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/pdf');
    expect(ok.headers['content-disposition']).toMatch(/^inline/);
    expect(ok.body.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
