// Word files through the whole build: a template written by LibreOffice (runs split at every change of
// script) and a received 上级来文.docx typeset into the bound PDF volume — its text extractable, its
// 文号, 责任者 and 日期 in the 卷内目录; an edited .docx template rebuilds exactly its documents.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, prepare } from '../../src/build/build.js';
import { docx, p } from '../helpers/word-fixture.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

afterAll(() => { if (!process.env.KEEP) cleanupWorkspaces(); });

const FIX = path.join(import.meta.dirname, 'fixtures');
const fixture = (name: string) => readFileSync(path.join(FIX, name));

const CATALOG = `name: 测试目录
volumes:
  - code: ZH
    title: 综合资料卷
    retention: 永久
    items:
      - title: 上级下发的文件
        attach: "上级文件/*.{pdf,docx}"
      - title: 工作通知
        template: 通知模板
        data: notice
      - title: 村级通知
        template: 村级通知
        each: villages
`;

const pdfText = (file: string): string => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe('Word files in a build', async () => {
  const dir = makeWorkspace({
    'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [pdf]\ndate: 2025-12-30\n',
    'catalog/test.yaml': CATALOG,
    'templates/通知模板.docx': fixture('通知模板.docx'),
    'templates/村级通知.docx': await docx([p('关于{{row.村名}}的通知', { align: 'center' }), p('{{row.村名}}人口{{row.人口}}人。')]),
    'attachments/上级文件/上级来文.docx': fixture('上级来文.docx'),
    // an old binary Word file (OLE header)
    'attachments/上级文件/旧通知.doc': new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
    'data/notice.yaml': 'subject: 做好奖励扶助工作\nbasis: 县卫健发〔2025〕12号文件\ndate: 2025-03-05\n',
    'data/villages.csv': '村名,人口\n青龙村,1536\n白岩村,1288\n',
  });
  const first = await build(dir);

  it('builds without errors; a .doc is asked for as .docx', () => {
    expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(first.ok).toBe(true);
    expect(first.diagnostics.filter((d) => d.file?.startsWith('attachments/')).map((d) => `${d.code} ${d.message}`).sort()).toEqual([
      'attach-old-word “attachments/上级文件/旧通知.doc”是旧版 Word/WPS 文件（.doc），不能排版进案卷',
    ]);
  });

  it('typesets the received .docx into the volume PDF, its elements in the 卷内目录', () => {
    const text = pdfText(path.join(dir, 'out/2025/ZH-综合资料卷.pdf'));
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('关于做好2025年度计划生育家庭奖励扶助资格确认工作的通知');
    expect(flat).toContain('符合条件的对象向户籍所在地村委会提出申请。');
    expect(flat).toContain('各乡镇人民政府：');
    // the 卷内目录 row: 文号, 责任者, 题名 from the document, 日期 20250220
    expect(flat).toContain('县卫健发〔2025〕12号');
    expect(flat).toContain('县卫生健康局');
    expect(flat).toContain('20250220');
  });

  it('renders the LibreOffice template with its loops over paragraphs and table rows', () => {
    const text = pdfText(path.join(dir, 'out/2025/ZH-综合资料卷/02-工作通知.pdf')).replace(/\s+/g, '');
    expect(text).toContain('关于做好奖励扶助工作的通知');
    expect(text).toContain('青龙村：常住人口1536人。');
    expect(text).toContain('白岩村：常住人口1288人。');
    expect(text).toContain('2025年3月5日');
  });

  it('an edited .docx template rebuilds exactly its documents', async () => {
    writeFileSync(path.join(dir, 'templates/村级通知.docx'), await docx([p('关于{{row.村名}}的通知', { align: 'center' }), p('{{row.村名}}常住人口{{row.人口}}人。')]));
    const second = await build(dir);
    expect(second.summary.rebuilt.map((r) => [r.id, r.reason])).toEqual([
      ['ZH/村级通知/青龙村', '模板“村级通知”已修改'],
      ['ZH/村级通知/白岩村', '模板“村级通知”已修改'],
    ]);
    const third = await build(dir);
    expect(third.summary.rebuilt).toEqual([]);
  });
});

describe('a damaged .docx is an error naming the file, like a damaged PDF (QA S11)', async () => {
  const dir = makeWorkspace({
    'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [pdf]\ndate: 2025-12-30\n',
    'catalog/test.yaml': `name: 测试目录
volumes:
  - code: ZH
    title: 综合资料卷
    retention: 永久
    items:
      - title: 上级下发的文件
        attach: "上级文件/*.docx"
  - code: XH
    title: 协会工作卷
    retention: 永久
    items:
      - title: 上级来文
        attach: "协会/*.docx"
`,
    'attachments/上级文件/坏文件.docx': 'PK not really a zip',
    'attachments/协会/上级来文.docx': fixture('上级来文.docx'),
  });
  const r = await build(dir);

  it('stops with one Chinese error naming the file; that volume is not bound, the other one is', () => {
    expect(r.ok).toBe(false);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file} ${d.message}`)).toEqual([
      'attachments/上级文件/坏文件.docx 附件“attachments/上级文件/坏文件.docx”已损坏，无法解压读取，不能装订进案卷（综合资料卷）',
    ]);
    expect(existsSync(path.join(dir, 'out/2025/ZH-综合资料卷.pdf'))).toBe(false);
    expect(pdfText(path.join(dir, 'out/2025/XH-协会工作卷.pdf')).replace(/\s+/g, '')).toContain('县卫健发〔2025〕12号');
  });

  it('check (which binds nothing) names the file as build does', async () => {
    const checked = await prepare(dir);
    expect(checked.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file} ${d.message}`)).toEqual([
      'attachments/上级文件/坏文件.docx 附件“attachments/上级文件/坏文件.docx”已损坏，无法解压读取，生成时综合资料卷不会装订',
    ]);
  });

  it('the item does not count as 齐全: the 缺件清单 names the file and the fix', () => {
    const md = readFileSync(path.join(dir, 'out/2025/缺件清单.md'), 'utf8');
    const row = md.split('\n').find((l) => l.includes('上级下发的文件')) ?? '';
    expect(row).toContain('“attachments/上级文件/坏文件.docx”已损坏，无法打开');
    expect(row).not.toContain('齐全');
  });
});
