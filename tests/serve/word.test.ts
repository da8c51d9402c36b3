// dossier serve and Word files (issue 18): "下载 Word 模板" gives a .docx of a Markdown template that reads
// back as that template; "上传修改后的模板" runs the strict check first — a template with a missing value
// is refused with 第N段 and the tag, nothing replaced — and a good one replaces the old file, which goes
// to 回收站/templates/; a received .docx shows what was recognised in it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { readDocx } from '../../src/workspace/readers/docx.js';
import { docx, p } from '../helpers/word-fixture.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

let dir: string;
let srv: RunningServer;
const FIX = path.resolve(import.meta.dirname, '../word/fixtures');

beforeAll(async () => {
  dir = makeWorkspace({
    'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [pdf]\n',
    'catalog/test.yaml': `name: 测试目录
volumes:
  - code: ZH
    title: 综合资料卷
    retention: 永久
    items:
      - title: 上级下发的文件
        attach: 上级文件/*.{pdf,docx}
      - title: 领导小组通知
        template: 通知
        data: group
`,
    'templates/通知.md.hbs': '---\ntitle: 关于调整领导小组的通知\ndate: "{{date}}"\n---\n组长：{{leader}}。\n',
    'data/group.yaml': 'leader: 谭志远\ndate: 2025-03-01\n',
    'attachments/上级文件/上级来文.docx': readFileSync(path.join(FIX, '上级来文.docx')),
  });
  srv = await startServer(dir, { port: 0, buildOnStart: false, autoBuild: false });
});
afterAll(async () => {
  await srv?.close();
  cleanupWorkspaces();
});

const auth = { 'x-dossier-token': '' };
const get = (u: string) => fetch(`${srv.origin}${u}`, { headers: { ...auth, 'x-dossier-token': srv.token } });
const put = (u: string, body: Uint8Array) => fetch(`${srv.origin}${u}`, { method: 'PUT', headers: { 'x-dossier-token': srv.token, origin: srv.origin, 'content-type': 'application/octet-stream' }, body });

describe('dossier serve: Word templates and received Word files', () => {
  it('lists the templates and the received file with what was recognised', async () => {
    const r = (await (await get('/api/word')).json()) as { templates: { name: string; form: string; usedBy: string[] }[]; received: { file: string; elements: { element: string; value: string }[] }[] };
    expect(r.templates.map((t) => [t.name, t.form, t.usedBy])).toEqual([['通知', 'markdown', ['ZH 领导小组通知']]]);
    expect(r.received.map((x) => x.file)).toEqual(['attachments/上级文件/上级来文.docx']);
    const el = Object.fromEntries(r.received[0]!.elements.map((e) => [e.element, e.value]));
    expect(el).toMatchObject({ 标题: '关于做好2025年度计划生育家庭奖励扶助资格确认工作的通知', 发文字号: '县卫健发〔2025〕12号', 主送机关: '各乡镇人民政府', 成文日期: '2025年2月20日' });
  });

  it('downloads a Word template of a Markdown template, that reads back as the template', async () => {
    const res = await get(`/api/templates/${encodeURIComponent('通知')}/docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''%E9%80%9A%E7%9F%A5.docx");
    const r = await readDocx(new Uint8Array(await res.arrayBuffer()), '通知.docx');
    expect(r.doc?.blocks.flatMap((b) => (b.t === 'p' ? [b.content.map((c) => (c.t === 'text' ? c.text : '')).join('')] : []))).toEqual(['关于调整领导小组的通知', '组长：{{leader}}。', '{{cnDate date}}']);
  });

  it('refuses an upload that fails the strict check, naming 第N段 and the tag; nothing is replaced', async () => {
    const bad = await docx([p('关于调整领导小组的通知', { align: 'center' }), p('组长：{{leder}}。')]);
    const res = await put(`/api/templates/${encodeURIComponent('通知')}`, bad);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { message: string; messages: { message: string }[] };
    expect(body.message).toContain('原来的模板保持不变');
    expect(body.messages.map((m) => m.message)).toEqual(['第2段（“组长：{{leder}}。”）：模板需要的值“leder”未定义（数据中没有这一项）']);
    expect(existsSync(path.join(dir, 'templates/通知.docx'))).toBe(false);
    expect(existsSync(path.join(dir, 'templates/通知.md.hbs'))).toBe(true);
  });

  it('replaces the template with a good upload; the old one goes to 回收站/templates/', async () => {
    const good = await docx([p('关于调整领导小组的通知', { align: 'center' }), p('组长：{{leader}}同志。')]);
    const res = await put(`/api/templates/${encodeURIComponent('通知')}`, good);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { message: string; recycled: string[] };
    expect(body.recycled).toEqual(['回收站/templates/通知.md.hbs']);
    expect(readFileSync(path.join(dir, 'templates/通知.docx')).equals(Buffer.from(good))).toBe(true);
    expect(existsSync(path.join(dir, 'templates/通知.md.hbs'))).toBe(false);
    await srv.runner.request();
    await srv.settled();
    expect(srv.runner.status.last?.ok).toBe(true);
    const r = (await (await get('/api/word')).json()) as { templates: { name: string; form: string }[] };
    expect(r.templates.map((t) => [t.name, t.form])).toEqual([['通知', 'word']]);
  });
});

describe('上传修改后的模板 in a township with villages (QA S4)', () => {
  it('checks the villages that inherit the template too: a template that breaks their documents is refused, the old one stays', async () => {
    const { replaceTemplate, templateEntries, unitTemplateUsage } = await import('../../src/build/word-templates.js');
    const { loadWorkspace } = await import('../../src/workspace/load.js');
    const catalog = (name: string) => `name: ${name}\nvolumes:\n  - code: ZH\n    title: 综合资料卷\n    retention: 永久\n    items:\n      - title: 领导小组通知\n        template: 通知\n        data: group\n`;
    const d = makeWorkspace({
      'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/镇.yaml\nformats: [pdf]\nvillages:\n  catalog: catalog/村.yaml\n  each: villages\n  name: 村名\n',
      'catalog/镇.yaml': catalog('镇目录'),
      'catalog/村.yaml': catalog('村目录'),
      'templates/通知.md.hbs': '---\ntitle: 关于调整领导小组的通知\ndate: "{{date}}"\n---\n组长：{{leader}}。\n',
      'data/group.yaml': 'leader: 谭志远\ndate: 2025-03-01\n',
      'data/villages.csv': '村名,委员会\n青村,青村村民委员会\n白村,白村村民委员会\n茶村,茶村村民委员会\n',
      // 白村 has a 通知 of its own: the upload does not touch it
      '村/白村/templates/通知.md.hbs': '---\ntitle: 白村的通知\ndate: "{{date}}"\n---\n组长：{{leader}}。\n',
    });
    // the township has 3 villages in its table, each village only its own row: [1] is not there for a village
    const bad = await docx([p('关于调整领导小组的通知', { align: 'center' }), p('组长：{{leader}}。联系村：{{data.villages.[1].村名}}。')]);
    const r = await replaceTemplate(d, '通知', bad);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((x) => `${x.severity} ${x.message}`)).toEqual(['error 青村、茶村的案卷：第2段（“组长：{{leader}}。联系村：{{data.villa…”）：模板需要的值“data.villages.1.村名”未定义（数据中没有这一项）']);
    expect(existsSync(path.join(d, 'templates/通知.docx'))).toBe(false);
    expect(existsSync(path.join(d, 'templates/通知.md.hbs'))).toBe(true);
    // one that every unit can render replaces it
    const good = await docx([p('关于调整领导小组的通知', { align: 'center' }), p('组长：{{leader}}同志。')]);
    expect((await replaceTemplate(d, '通知', good)).ok).toBe(true);
    // the 模板 page says the villages use it too
    const ws = (await loadWorkspace(d)).workspace;
    if (!ws) throw new Error('no workspace');
    expect(templateEntries(ws, await unitTemplateUsage(ws)).map((t) => [t.name, t.usedBy])).toEqual([['通知', ['ZH 领导小组通知', '各村 ZH 领导小组通知（青村、茶村）']]]);
  });
});
