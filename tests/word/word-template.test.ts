// Word templates as Word and WPS write them: tags split over runs, spelling marks, bookmarks, smart
// tags, full-width braces and curly quotes typed with an input method, merged cells, automatic numbering,
// heading styles; strict mode naming the .docx, 第N段 or the table cell, and the tag; each 公文 element
// recognised from the document, or set by a table or a ---fenced block at the top.
import { afterAll, describe, expect, it } from 'vitest';
import type { Block, Document, Inline } from '../../src/model/types.js';
import { diagnose } from '../helpers/diagnose.js';
import { bookmark, br, docx, p, pageBr, proofErr, r, smartTag, tbl, tc, tr } from '../helpers/word-fixture.js';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces, type Files } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

const DATA: Files = {
  'data/villages.csv': '村名,人口,备注\n青龙村,1536,\n白岩村,1288,山区\n',
  'data/notice.yaml': 'subject: 做好奖励扶助工作\ndate: 2025-03-05\nnumber: 7\n',
};

async function render(body: string[], item = '\n        data: notice', extra: Files = {}) {
  const { lines, report } = await diagnose({
    'dossier.yaml': BASE_DOSSIER,
    'catalog/test.yaml': catalogWith(`      - title: 测试公文\n        template: 测试${item}\n`),
    'templates/测试.docx': await docx(body),
    ...DATA,
    ...extra,
  });
  return { lines, doc: report.rendered[0]?.document as Document | undefined, docs: report.rendered.map((x) => x.document) };
}

const text = (xs: readonly Inline[]): string => xs.map((x) => (x.t === 'text' ? x.text : x.t === 'break' ? '\n' : text(x.children))).join('');
/** a cell's text, `*n` for a column span, `^n` for a row span */
const cellText = (c: { content: Inline[]; colSpan?: number; rowSpan?: number }): string => `${text(c.content)}${c.colSpan ? `*${c.colSpan}` : ''}${c.rowSpan ? `^${c.rowSpan}` : ''}`;
/** one line per block: kind and text */
function outline(doc: Document | undefined): string[] {
  return (doc?.blocks ?? []).map((b: Block) => {
    switch (b.t) {
      case 'para':
        return `para${b.align ? `(${b.align})` : ''}${b.indent ? '' : '(noindent)'} ${text(b.content)}`;
      case 'heading':
        return `h${b.level} ${b.number}${text(b.content)}`;
      case 'table':
        return `table ${[...b.header.map((row) => `[${row.map(cellText).join('|')}]`), ...b.rows.map((row) => row.map(cellText).join('|'))].join(' / ')}`;
      case 'list':
        return `list ${b.items.map((i) => `${i.marker}${i.blocks.map((x) => (x.t === 'para' ? text(x.content) : x.t)).join('')}`).join(' ')}`;
      case 'masthead':
        return `masthead ${b.issuer}`;
      case 'docNumber':
        return `docNumber ${b.text}${b.signer ? ` 签发人${b.signer}` : ''}`;
      case 'title':
        return `title ${b.text}${b.subtitle ? ` / ${b.subtitle}` : ''}`;
      case 'addressee':
        return `addressee ${b.text}`;
      case 'signature':
        return `signature ${b.lines.flat().map((t) => t.text).join(' ')}`;
      case 'colophon':
        return `colophon ${b.cc ?? ''} ${b.printer ?? ''} ${b.printDate ?? ''}`.trim();
      case 'attachments':
        return `attachments ${b.items.join('；')}`;
      case 'note':
        return `note ${b.text}`;
      default:
        return b.t;
    }
  });
}

describe('tags as Word keeps them', () => {
  it('joins tags split over runs, spelling marks, bookmarks and smart tags; formatting follows the tag start', async () => {
    const { lines, doc } = await render([
      p(['关于', r('{', { bold: true }), r('{subj', { font: '宋体' }), proofErr('spellStart'), r('ect'), proofErr('spellEnd'), r('}}'), '的通知'], { align: 'center' }),
      p(['日期：', bookmark(0, '日期', r('{{cnDate date}}')), '；编号：', smartTag(r('{{number}}')), '号。']),
      p(['加粗：', r('{{', { bold: true }), r('subject}}'), '。']),
    ]);
    expect(lines).toEqual([]);
    expect(outline(doc)).toEqual(['title 关于做好奖励扶助工作的通知', 'para 日期：2025年3月5日；编号：7号。', 'para 加粗：做好奖励扶助工作。']);
    const bold = doc?.blocks[2];
    expect(bold?.t === 'para' && bold.content[1]).toEqual({ t: 'strong', children: [{ t: 'text', text: '做好奖励扶助工作' }] });
  });

  it('reads tags typed with a Chinese input method: ｛｛ ｝｝, curly quotes, full-width spaces', async () => {
    const { lines, doc } = await render([p('标题', { align: 'center' }), p('｛｛cnDate　“2025-02-10”｝｝，{{or nothing “无”}}。')]);
    expect(lines).toEqual([]);
    expect(outline(doc)).toEqual(['title 标题', 'para 2025年2月10日，无。']);
  });

  it('prints data as text: never Markdown, never a Word mark, never XML', async () => {
    const { lines, doc } = await render([p('标题', { align: 'center' }), p('{{row.备注}}{{row.村名}}')], '\n        each: villages', {
      'data/villages.csv': '村名,备注\n"<w:p>**粗**</p> &amp; # 一、",一、<b>*斜*\n',
    });
    expect(lines).toEqual([]);
    expect(outline(doc)).toEqual(['title 标题', 'para 一、<b>*斜*<w:p>**粗**</p> &amp; # 一、']);
  });
});

describe('structure', () => {
  it('paragraphs repeat with {{#each}} in paragraphs of their own; table rows repeat with the tags in the first and last cell', async () => {
    const { lines, doc } = await render(
      [
        p('标题', { align: 'center' }),
        p('{{#each data.villages}}'),
        p(['{{村名}}', br, '人口{{人口}}人']),
        p('{{/each}}'),
        tbl([tr([tc('村名'), tc('人口')], true), tr([tc('{{#each data.villages}}{{村名}}'), tc('{{人口}}{{/each}}')]), tr([tc('合计'), tc('{{sum data.villages "人口"}}')])], 2),
        p(['{{#if data.villages}}有{{else}}无{{/if}}村']),
      ],
      '',
    );
    expect(lines).toEqual([]);
    expect(outline(doc)).toEqual(['title 标题', 'para 青龙村\n人口1536人', 'para 白岩村\n人口1288人', 'table [村名|人口] / 青龙村|1536 / 白岩村|1288 / 合计|2824', 'para 有村']);
  });

  it('merged cells: across (gridSpan) and down (vMerge: the cell above takes rowSpan, the covered cells leave their rows)', async () => {
    const { doc } = await render([
      p('标题', { align: 'center' }),
      tbl(
        [
          tr([tc('阶段', { vMerge: 'restart' }), tc('时间', { span: 2 })], true),
          tr([tc('', { vMerge: 'continue' }), tc('开始'), tc('结束')], true),
          tr([tc('初审'), tc('3月1日'), tc('3月20日')]),
        ],
        3,
      ),
    ]);
    expect(outline(doc)).toEqual(['title 标题', 'table [阶段^2|时间*2] / [开始|结束] / 初审|3月1日|3月20日']);
  });

  it('headings: Word heading styles, automatic numbering 一、（一）1., typed numbers; page and line breaks; lists', async () => {
    const { lines, doc } = await render([
      p('标题', { align: 'center' }),
      p('指导思想', { style: '1' }),
      p('一、基本原则'),
      p('总体要求', { num: { id: 2 } }),
      p('具体目标', { num: { id: 3 } }),
      p('（1）第四层'),
      p(['正文', pageBr, '下一页']),
      p('甲', { num: { id: 4 } }),
      p('乙', { num: { id: 4 } }),
      p('一、这不是标题，因为这一段很长，超过了四十个字，是正文里以序号开头的一整段话，应当保持原样。'),
    ]);
    expect(lines).toEqual([]);
    expect(outline(doc)).toEqual([
      'title 标题',
      'h1 一、指导思想',
      'h1 二、基本原则',
      'h2 （一）总体要求',
      'h3 1.具体目标',
      'h4 （1）第四层',
      'para 正文',
      'pageBreak',
      'para 下一页',
      'list ●甲 ●乙',
      'para 一、这不是标题，因为这一段很长，超过了四十个字，是正文里以序号开头的一整段话，应当保持原样。',
    ]);
  });
});

describe('strict mode', () => {
  it('names the .docx, 第N段 and the tag; a table cell by its row and column; all problems at once', async () => {
    const { lines, doc } = await render(
      [
        p('关于{{subjet}}的通知', { align: 'center' }),
        p('第一段。'),
        p(['人口：', r('{{data.villages.'), r('人口合计}}'), '人。']),
        tbl([tr([tc('项目'), tc('值')]), tr([tc('日期'), tc('{{cnDate data.nothing}}')])], 2),
      ],
    );
    expect(doc).toBeUndefined();
    expect(lines).toEqual([
      'E templates/测试.docx 第1段（“关于{{subjet}}的通知”）：模板需要的值“subjet”未定义（数据中没有这一项）',
      'E templates/测试.docx 第3段（“人口：{{data.villages.人口合计}}人。”）：模板需要的值“data.villages.人口合计”未定义（数据中没有这一项）',
    ]);
  });

  it('body problems name the paragraph or the cell', async () => {
    const { lines } = await render([p('标题', { align: 'center' }), p('第一段。'), p(['人口：', r('{{data.villages.'), r('合计}}'), '人。']), tbl([tr([tc('项目'), tc('值')]), tr([tc('日期'), tc('{{cnDate data.nothing}}')])], 2)]);
    expect(lines).toEqual(['E templates/测试.docx 第3段（“人口：{{data.villages.合计}}人。”）：模板需要的值“data.villages.合计”未定义（数据中没有这一项）']);
    const cell = await render([p('标题', { align: 'center' }), tbl([tr([tc('项目'), tc('值')]), tr([tc('日期'), tc('{{cnDate data.nothing}}')])], 2)]);
    expect(cell.lines).toEqual(['E templates/测试.docx 第1个表格第2行第2列（“{{cnDate data.nothing}}”）：模板需要的值“data.nothing”未定义（数据中没有这一项）']);
  });

  it('a syntax error and an unclosed block name their paragraph', async () => {
    const { lines } = await render([p('标题', { align: 'center' }), p('{{#each data.villages}}'), p('{{村名}}'), p('{{#if 人口}}多{{/each}}')]);
    expect(lines).toHaveLength(1);
    expect(lines).toEqual(['E templates/测试.docx 第4段（“{{#if 人口}}多{{/each}}”）：模板语法错误：{{#if}} 与 {{/each}} 不配对']);
  });

  it('a template without a title says how to mark it', async () => {
    const { lines } = await render([p('第一段。')]);
    expect(lines).toEqual(['E templates/测试.docx 没有认出公文标题：开头没有居中的一段']);
  });

  it('the same name as .md.hbs and .docx is an error naming both files', async () => {
    const { lines } = await render([p('标题', { align: 'center' })], '', { 'templates/测试.md.hbs': '---\ntitle: 标题\n---\n正文\n' });
    expect(lines).toEqual(['E templates/测试.docx 模板“测试”同时有 templates/测试.md.hbs 和 templates/测试.docx 两个文件，不知道用哪一个']);
  });
});

describe('公文 elements', () => {
  it('版头, 发文字号 with 签发人, 标题 over two lines, 主送, 落款 with a tag date, 附注, 版记', async () => {
    const { lines, doc } = await render([
      p('澧源镇人民政府文件', { align: 'center' }),
      p('澧源政发［{{year}}］{{number}}号　　签发人：谭志远', { align: 'center' }),
      p('关于{{subject}}', { align: 'center' }),
      p('的通知', { align: 'center' }),
      p('各村（居）委员会：'),
      p('正文。'),
      p('附件：1．工作方案'),
      p('2．考核细则'),
      p('澧源镇人民政府', { align: 'right' }),
      p('{{cnDate date}}', { align: 'right' }),
      p('（联系人：李华，电话：0743-1234567）'),
      p('抄送：县卫健局，县财政局。'),
      p('澧源镇党政办　　　　2025年3月6日印发'),
    ]);
    expect(lines).toEqual([]);
    expect(outline(doc)).toEqual([
      'masthead 澧源镇人民政府文件',
      'docNumber 澧源政发〔2025〕7号 签发人谭志远',
      'title 关于做好奖励扶助工作的通知',
      'addressee 各村（居）委员会：',
      'para 正文。',
      'attachments 工作方案；考核细则',
      'signature 澧源镇人民政府 2025年3月5日',
      'note （联系人：李华，电话：0743-1234567）',
      'colophon 县卫健局，县财政局。 澧源镇党政办 2025年3月6日印发',
    ]);
    expect(doc?.meta).toMatchObject({ kind: '通知', issuer: '澧源镇人民政府', number: '澧源政发〔2025〕7号', date: '2025-03-05', header: true, to: '各村（居）委员会' });
  });

  it('a 落款 pushed right with spaces, the date typed in Chinese numerals; the kind from the title', async () => {
    const { doc } = await render([p('2025年人口和计划生育工作总结', { align: 'center' }), p('正文。'), p('　　　　　　　　澧源镇计生办'), p('　　　　　　　　二〇二五年十二月二十日')]);
    expect(outline(doc)).toEqual(['title 2025年人口和计划生育工作总结', 'para 正文。', 'signature 澧源镇计生办 2025年12月20日']);
    expect(doc?.meta.kind).toBe('总结');
  });

  it('an elements table at the top sets elements explicitly and wins over recognition', async () => {
    const { lines, doc } = await render([
      tbl([tr([tc('公文种类'), tc('意见')]), tr([tc('发文机关'), tc('中共澧源镇委员会')]), tr([tc('加盖印章'), tc('是')]), tr([tc('成文日期'), tc('{{date}}')])], 2),
      p('关于{{subject}}的实施意见', { align: 'center' }),
      p('正文。'),
    ]);
    expect(lines).toEqual([]);
    expect(outline(doc)).toEqual(['title 关于做好奖励扶助工作的实施意见', 'para 正文。', 'signature 中共澧源镇委员会 2025年3月5日']);
    expect(doc?.blocks[2]).toMatchObject({ sealed: true });
  });

  it('a ---fenced block at the top, with Chinese or English keys', async () => {
    const { lines, doc } = await render([p('---'), p('版头：是'), p('number: 澧源政发〔{{year}}〕{{number}}号'), p('抄送：县卫健局'), p('---'), p('关于{{subject}}的通知', { align: 'center' }), p('正文。')]);
    expect(lines).toEqual([]);
    expect(outline(doc)).toEqual(['masthead 澧源镇人民政府文件', 'docNumber 澧源政发〔2025〕7号', 'title 关于做好奖励扶助工作的通知', 'para 正文。', 'colophon 县卫健局。']);
  });

  it('an unknown key in the block is named with its paragraph', async () => {
    const { lines } = await render([p('---'), p('发文人：张三'), p('---'), p('标题', { align: 'center' })]);
    expect(lines).toEqual(['E templates/测试.docx 第2段（“发文人：张三”）：要素块中不认识“发文人”']);
  });
});
