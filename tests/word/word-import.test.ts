// dossier import: a Word template → templates/<名称>.md.hbs that renders to the same DocModel as the Word
// file itself (same recognition of the 公文 elements, same body); what Markdown cannot hold is warned;
// check --explain lists what was recognised.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepare } from '../../src/build/build.js';
import { importWordTemplate } from '../../src/build/word-templates.js';
import { br, docx, p, proofErr, r, tbl, tc, tr } from '../helpers/word-fixture.js';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

const BIN = path.resolve(import.meta.dirname, '../../bin/dossier.js');

const BODY = () => [
  p('澧源镇人民政府文件', { align: 'center' }),
  p('澧源政发〔{{year}}〕{{number}}号', { align: 'center' }),
  p(['关于', r('{{sub'), proofErr('spellStart'), r('ject}}'), '的通知'], { align: 'center' }),
  p('各村（居）委员会：'),
  p(['为做好工作，', r('特通知如下', { bold: true }), '。']),
  p('工作要求', { style: '1' }),
  p('{{#each data.villages}}'),
  p('{{村名}}人口{{人口}}人；*不是强调*。'),
  p('{{/each}}'),
  tbl([tr([tc('村名'), tc('人口')], true), tr([tc('{{#each data.villages}}{{村名}}'), tc('{{人口}}{{/each}}')])], 2),
  p('此页另起', { align: 'center' }),
  p('{{unit}}', { align: 'right' }),
  p('{{cnDate date}}', { align: 'right' }),
  p('抄送：县卫健局。'),
];

describe('dossier import', async () => {
  const files = {
    'dossier.yaml': BASE_DOSSIER,
    'catalog/test.yaml': catalogWith('      - title: 测试公文\n        template: 测试\n        data: notice\n'),
    'data/villages.csv': '村名,人口\n青龙村,1536\n白岩村,1288\n',
    'data/notice.yaml': 'subject: 做好奖励扶助工作\ndate: 2025-03-05\nnumber: 7\n',
  };
  const word = makeWorkspace({ ...files, 'templates/测试.docx': await docx(BODY()) });
  const text = makeWorkspace(files);
  const source = path.join(word, '测试-来源.docx');
  writeFileSync(source, readFileSync(path.join(word, 'templates/测试.docx')));

  it('writes a .md.hbs whose document is the Word template’s', async () => {
    const imported = await importWordTemplate(text, source, { name: '测试' });
    expect(imported.diagnostics).toEqual([]);
    expect(imported.written).toBe('templates/测试.md.hbs');
    const md = readFileSync(path.join(text, 'templates/测试.md.hbs'), 'utf8');
    expect(md).toContain('title: 关于{{subject}}的通知');
    expect(md).toContain('{{#each data.villages}}\n| {{村名}} | {{人口}} |\n{{/each}}');
    const a = await prepare(word);
    const b = await prepare(text);
    expect(a.diagnostics).toEqual([]);
    expect(b.diagnostics).toEqual([]);
    const strip = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === 'src' ? undefined : v))) as unknown;
    expect(strip(b.rendered[0]?.document.blocks)).toEqual(strip(a.rendered[0]?.document.blocks));
    expect(b.rendered[0]?.document.meta).toEqual(a.rendered[0]?.document.meta);
  });

  it('refuses to overwrite, and moves a Word template of the same name to the 回收站', async () => {
    const again = await importWordTemplate(text, source, { name: '测试' });
    expect(again.ok).toBe(false);
    expect(again.diagnostics.map((d) => d.message)).toEqual(['templates/测试.md.hbs 已经存在，没有覆盖']);
    const own = await importWordTemplate(word, path.join(word, 'templates/测试.docx'));
    expect(own.recycled).toBe('回收站/templates/测试.docx');
    expect(existsSync(path.join(word, 'templates/测试.docx'))).toBe(false);
    expect((await prepare(word)).diagnostics).toEqual([]);
  });

  it('moves nothing through a 回收站 that is a link out of the workspace', async () => {
    const ws = makeWorkspace({ ...files, 'templates/测试.docx': await docx(BODY()) });
    const outside = makeWorkspace({});
    symlinkSync(outside, path.join(ws, '回收站'));
    const r = await importWordTemplate(ws, source, { name: '测试' });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['“回收站”是链接（快捷方式），模板不能经过它移动或写入']);
    expect(existsSync(path.join(ws, 'templates/测试.docx'))).toBe(true);
    expect(existsSync(path.join(ws, 'templates/测试.md.hbs'))).toBe(false);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('warns what Markdown cannot hold; a .doc is asked for as .docx', async () => {
    const ws = makeWorkspace(files);
    const f = path.join(ws, '合并.docx');
    writeFileSync(f, await docx([p('标题', { align: 'center' }), tbl([tr([tc('甲', { span: 2 })]), tr([tc(['乙', '丙']), tc('丁')])], 2), p(['一行', br, '两行'])]));
    const r1 = await importWordTemplate(ws, f);
    expect(r1.diagnostics.map((d) => d.message)).toEqual(['第1个表格第1行：合并的单元格在 Markdown 表格中写不出来，已拆成普通单元格', '第1个表格第2行：单元格里有几段文字，Markdown 表格只能写成一行，已用空格连起来']);
    const r2 = await importWordTemplate(ws, path.join(ws, '旧.doc'));
    expect(r2.diagnostics.map((d) => d.message)).toEqual(['“旧.doc”是旧版 Word/WPS 文件，不能导入']);
  });

  it('check --explain lists the recognised elements with where and how', async () => {
    const ws = makeWorkspace({ ...files, 'templates/测试.docx': await docx(BODY()) });
    const out = execFileSync('node', [BIN, 'check', '--explain', ws], { encoding: 'utf8' });
    const section = out.slice(out.indexOf('Word 文件中认出的公文要素'), out.indexOf('缺件清单'));
    expect(section.trim().split('\n')).toEqual([
      'Word 文件中认出的公文要素（1 个文件）：',
      'templates/测试.docx（Word 模板）',
      '  版头：是　〔第1段（“澧源镇人民政府文件”），第一行以“文件”结尾〕',
      '  版头文字：澧源镇人民政府文件　〔第1段（“澧源镇人民政府文件”），第一行以“文件”结尾〕',
      '  发文字号：澧源政发〔{{year}}〕{{number}}号　〔第2段（“澧源政发〔{{year}}〕{{number}}号”），〔年份〕…号〕',
      '  标题：关于{{subject}}的通知　〔第3段（“关于{{subject}}的通知”），居中的开头一段〕',
      '  公文种类：通知　〔第3段（“关于{{subject}}的通知”），标题以“通知”结尾〕',
      '  主送机关：各村（居）委员会　〔第4段（“各村（居）委员会：”），标题后以冒号结尾的一段〕',
      '  落款署名：{{unit}}　〔第11段（“{{unit}}”），结尾靠右、日期之上的署名〕',
      '  成文日期：{{cnDate date}}　〔第12段（“{{cnDate date}}”），结尾靠右的日期〕',
      '  抄送：县卫健局　〔第13段（“抄送：县卫健局。”），以“抄送：”开头〕',
    ]);
  });
});
