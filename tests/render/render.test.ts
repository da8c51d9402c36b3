// Rendering: strict Handlebars (missing/null/empty values stop with file:line and path), helpers in
// templates, front matter → 公文 blocks, Markdown → DocModel with automatic heading numbers.
import { afterAll, describe, expect, it } from 'vitest';
import type { Block, Document } from '../../src/model/types.js';
import { diagnose } from '../helpers/diagnose.js';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces, type Files } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

async function render(template: string, extra: Files = {}, item = '') {
  const { lines, report } = await diagnose({
    'dossier.yaml': BASE_DOSSIER,
    'catalog/test.yaml': catalogWith(`      - title: 测试公文\n        template: 测试${item}\n`),
    'templates/测试.md.hbs': template,
    'data/villages.csv': '村名,人口,备注\n青龙村,1536,\n白岩村,1288,山区\n',
    'data/stats.yaml': 'births:\n  total: 216\n  inPolicy: 196\n  boys: 108\n  girls: 108\npopulation: 23122\nzero: 0\nnothing: null\n',
    ...extra,
  });
  const doc: Document | undefined = report.rendered[0]?.document;
  return { lines, doc };
}

const text = (b: Block | undefined): string => {
  if (!b) return '';
  if (b.t === 'para' || b.t === 'heading') return b.content.map((i) => (i.t === 'text' ? i.text : '')).join('');
  if ('text' in b) return String(b.text);
  return '';
};

describe('strict mode', () => {
  it('a missing value stops the build with template file, line, column and the path, suggesting the closest key', async () => {
    const { lines, doc } = await render('---\ntitle: 通知\n---\n第一段。\n\n人口：{{data.stats.populaton}}人。\n');
    expect(doc).toBeUndefined();
    expect(lines).toEqual(['E templates/测试.md.hbs:6:4 模板需要的值“data.stats.populaton”未定义（数据中没有这一项）']);
  });

  it('null and empty values are errors too, told at the data file and line (the row of a CSV) with the document', async () => {
    const { lines } = await render('---\ntitle: 通知\n---\n{{row.村名}}：{{row.备注}}；{{data.stats.nothing}}\n', {}, '\n        each: villages');
    expect(lines).toEqual([
      'E data/stats.yaml:8:10 “nothing”是空的，模板 templates/测试.md.hbs 第 4 行要用它（用到它的文档：综合资料卷第2件）',
      'E data/villages.csv:2 这一行（青龙村）的“备注”是空的，模板 templates/测试.md.hbs 第 4 行要用它（用到它的文档：综合资料卷第1件）',
    ]);
  });

  it('the explicit optional forms: {{opt x}}, {{#if x}} and {{or x "默认"}}', async () => {
    const { lines, doc } = await render('---\ntitle: 通知\n---\n甲{{opt data.nothing}}乙{{#if data.stats.nothing}}丙{{/if}}丁{{or data.stats.nothing "无"}}\n');
    expect(lines).toEqual([]);
    expect(text(doc?.blocks[1])).toBe('甲乙丁无');
  });

  it('missing values in helper arguments and in front matter are caught with their lines', async () => {
    const { lines } = await render('---\ntitle: 关于{{data.stats.yaer}}年的通知\ndate: "{{data.stats.date}}"\n---\n比率{{percent data.stats.births.inpolicy data.stats.births.total 1}}\n');
    expect(lines).toEqual([
      'E templates/测试.md.hbs:2:10 模板需要的值“data.stats.yaer”未定义（数据中没有这一项）',
      'E templates/测试.md.hbs:3:8 模板需要的值“data.stats.date”未定义（数据中没有这一项）',
      'E templates/测试.md.hbs:5:13 模板需要的值“data.stats.births.inpolicy”未定义（数据中没有这一项）',
    ]);
  });

  it('a list printed as a value, an unknown helper, an unknown partial and a syntax error', async () => {
    expect((await render('---\ntitle: 通知\n---\n{{data.villages}}\n')).lines).toEqual(['E templates/测试.md.hbs:4:1 “data.villages”是一组数据（2 行的表格），不能直接打印']);
    expect((await render('---\ntitle: 通知\n---\n{{percnt 1 2 1}}\n')).lines).toEqual(['E templates/测试.md.hbs:4:1 不认识的函数“percnt”（是不是想写“percent”？）']);
    expect((await render('---\ntitle: 通知\n---\n{{> 落款}}\n')).lines).toEqual(['E templates/测试.md.hbs:4:1 找不到片段“落款”']);
    expect((await render('---\ntitle: 通知\n---\n正文\n{{#each data.villages}}\n{{村名}}\n')).lines).toEqual(['E templates/测试.md.hbs:7 模板语法错误：到文件结尾还有没有闭合的块']);
  });

  it('a zero denominator names the template, the line and the helper', async () => {
    const { lines } = await render('---\ntitle: 通知\n---\n\n出生率{{permille data.stats.births.total data.stats.zero 2}}\n');
    expect(lines).toEqual(['E templates/测试.md.hbs:5:4 permille 的分母为 0（分子 216，分母 0），无法计算']);
  });

  it('helpers compute from counts inside templates', async () => {
    const { lines, doc } = await render(
      '---\ntitle: 通知\n---\n符合政策生育率{{percent data.stats.births.inPolicy data.stats.births.total 1}}，性别比{{ratio100 data.stats.births.boys data.stats.births.girls 0}}，出生率{{permille data.stats.births.total data.stats.population 2}}，合计{{sum data.villages "人口"}}人，{{cnDate "2025-02-10"}}，{{cnYearMonth "2025-02-10"}}，第{{cnNum 3}}。\n',
    );
    expect(lines).toEqual([]);
    expect(text(doc?.blocks[1])).toBe('符合政策生育率90.7%，性别比100，出生率9.34‰，合计2824人，2025年2月10日，二〇二五年二月，第三。');
  });

  it('data is text, never Markdown: a value with * or # prints as written', async () => {
    const { lines, doc } = await render('---\ntitle: 通知\n---\n{{data.x.a}}\n\n{{data.x.b}}\n', { 'data/x.yaml': 'a: "*重点* [户]"\nb: "# 不是标题"\n' });
    expect(lines).toEqual([]);
    expect(doc?.blocks.slice(1).map((b) => [b.t, text(b)])).toEqual([
      ['para', '*重点* [户]'],
      ['para', '# 不是标题'],
    ]);
  });
});

describe('front matter and body → DocModel', () => {
  const NOTICE = `---
kind: 意见
issuer: 中共{{unit.short}}委员会
header: true
number: 澧委发„{{year}}‟38号
title: 关于进一步抓好人口和计划生育工作的实施意见
to: 各村（居）党支部、村（居）委会：
date: 2025-09-05
cc: 县人口计生局
printer: 中共澧源镇委员会办公室
printDate: 2025-09-06
attachments: [领导小组名单]
note: 此件公开发布
---
总述。

## 一、强化组织领导

### 调整领导小组

#### 组长

##### 由书记担任

#### 副组长

## 明确职责

### 村支部

正文**加粗**和*强调*。

| 村名 | 人口 |
| --- | ---: |
| 青龙村 | 1536 |

- 第一项
- 第二项

***

:::center
落款前居中
:::
`;

  it('a joint issue: masthead lists the offices, lead office first; one office alone is refused', async () => {
    const { lines, doc } = await render('---\ntitle: 联合意见\nheader: true\nmasthead: ["中共澧源镇委员会", "{{data.org.issuer}}"]\n---\n正文。\n', { 'data/org.yaml': 'issuer: 澧源镇人民政府\n' });
    expect(lines).toEqual([]);
    expect(doc?.blocks[0]).toEqual({ t: 'masthead', issuer: '中共澧源镇委员会澧源镇人民政府文件', joint: ['中共澧源镇委员会', '澧源镇人民政府'], separator: true });
    // issued by both: the 责任者 / 发文机关 / author of the files (QA minor 2)
    expect(doc?.meta.issuer).toBe('中共澧源镇委员会、澧源镇人民政府');
    const alone = await render('---\ntitle: 联合意见\nheader: true\nmasthead: [中共澧源镇委员会]\n---\n正文。\n');
    expect(alone.lines).toEqual(['E templates/测试.md.hbs:4:11 “masthead” 至少要有 2 项']);
  });

  it('builds the 公文 blocks in order with automatic heading numbers and 〔〕', async () => {
    const { lines, doc } = await render(NOTICE);
    expect(lines).toEqual([]);
    expect(doc?.meta).toEqual({ kind: '意见', title: '关于进一步抓好人口和计划生育工作的实施意见', header: true, issuer: '中共澧源镇委员会', number: '澧委发〔2025〕38号', to: '各村（居）党支部、村（居）委会：', date: '2025-09-05', cc: '县人口计生局' });
    const summary = doc?.blocks.map((b) => (b.t === 'heading' ? `h${b.level} ${b.number}${text(b)}` : b.t === 'para' || b.t === 'title' || b.t === 'docNumber' || b.t === 'addressee' ? `${b.t} ${text(b)}` : b.t));
    expect(summary).toEqual([
      'masthead',
      'docNumber 澧委发〔2025〕38号',
      'title 关于进一步抓好人口和计划生育工作的实施意见',
      'addressee 各村（居）党支部、村（居）委会：',
      'para 总述。',
      'h1 一、强化组织领导',
      'h2 （一）调整领导小组',
      'h3 1.组长',
      'h4 （1）由书记担任',
      'h3 2.副组长',
      'h1 二、明确职责',
      'h2 （一）村支部',
      'para 正文和。',
      'table',
      'list',
      'pageBreak',
      'para 落款前居中',
      'attachments',
      'signature',
      'note',
      'colophon',
    ]);
    const blocks = doc?.blocks ?? [];
    expect(blocks[0]).toEqual({ t: 'masthead', issuer: '中共澧源镇委员会文件', separator: true });
    // composed once for every writer: the date as printed, placed 7.3.5.2 (the date longer than the name's
    // 2-字 shift allows: the date 2 字 in from the right, the name moved left)
    const sig = blocks.find((b) => b.t === 'signature');
    expect(sig).toMatchObject({ t: 'signature', sealed: false, gap: 1, lines: [[{ text: '中共澧源镇委员会', align: 'left' }], [{ text: '2025年9月5日', x: 26, align: 'right' }]] });
    expect(blocks.find((b) => b.t === 'colophon')).toEqual({ t: 'colophon', cc: '县人口计生局。', printer: '中共澧源镇委员会办公室', printDate: '2025年9月6日印发' });
    const para = blocks[12];
    expect(para?.t === 'para' ? para.content : undefined).toEqual([
      { t: 'text', text: '正文' },
      { t: 'strong', children: [{ t: 'text', text: '加粗' }] },
      { t: 'text', text: '和' },
      { t: 'emph', children: [{ t: 'text', text: '强调' }] },
      { t: 'text', text: '。' },
    ]);
    const table = blocks[13];
    expect(table?.t === 'table' ? [table.header.length, table.rows.length, table.rows[0]?.[1]?.align] : undefined).toEqual([1, 1, 'right']);
    const list = blocks[14];
    expect(list?.t === 'list' ? list.items.map((i) => i.marker) : undefined).toEqual(['●', '●']);
    expect(blocks[5]?.src).toEqual({ file: 'templates/测试.md.hbs', line: 17 });
  });

  it('responsibility-letter blocks: targets with scores, signatures, copy clause, cover', async () => {
    const { lines, doc } = await render(`---
kind: 责任书
title: 2025年人口和计划生育工作目标管理责任书
cover: true
date: 2025-02-10
signature: false
---
:::targets
- 符合政策生育率达到90%以上（20分）
- 统计准确率：100%（15分）
:::

:::signatures
- 授书人：{{unit}}
- 立书人：青龙村村民委员会
:::

:::copies
此书一式三份，各执一份。
:::
`);
    expect(lines).toEqual([]);
    const blocks = doc?.blocks ?? [];
    // the cover carries the title (no second title after it), stacked as in seed 000: lead, 责 / 任 / 书,
    // issuer, year and month in Chinese numerals
    expect(blocks.map((b) => b.t)).toEqual(['coverPage', 'targets', 'signatures', 'copyClause']);
    expect(blocks[0]).toEqual({
      t: 'coverPage',
      lines: [
        { text: '2025年人口和计划生育工作目标管理', role: 'lead' },
        { text: '责', role: 'big' },
        { text: '任', role: 'big' },
        { text: '书', role: 'big' },
        { text: '澧源镇人民政府', role: 'issuer' },
        { text: '二〇二五年二月', role: 'date' },
      ],
    });
    expect(blocks[1]).toMatchObject({ t: 'targets', items: [{ indicator: '符合政策生育率', text: '符合政策生育率达到90%以上', score: 20 }, { indicator: '统计准确率', text: '统计准确率：100%', score: 15 }], lines: ['1.符合政策生育率达到90%以上（20分）', '2.统计准确率：100%（15分）'], src: { file: 'templates/测试.md.hbs', line: 8 } });
    expect(blocks[2]).toMatchObject({
      t: 'signatures',
      lines: [
        [{ text: '授书人：澧源镇人民政府（盖章）', x: 2, align: 'left' }, { text: '签字：', align: 'left', rule: 4 }],
        [{ text: '立书人：青龙村村民委员会（盖章）', x: 2, align: 'left' }, { text: '签字：', align: 'left', rule: 4 }],
      ],
      src: { file: 'templates/测试.md.hbs', line: 13 },
    });
    expect(blocks[3]).toEqual({ t: 'copyClause', text: '此书一式三份，各执一份。', src: { file: 'templates/测试.md.hbs', line: 18 } });
  });

  it('reports what the model cannot express instead of dropping it', async () => {
    const { lines } = await render('---\ntitle: 通知\n---\n# 大标题\n\n![照片](a.png)\n\n```\ncode\n```\n\n:::unknown\n文字\n:::\n\n<b>粗</b>\n');
    expect(lines).toEqual([
      'E templates/测试.md.hbs:4 正文中不能用一级标记“# ”',
      'E templates/测试.md.hbs:6 正文中不支持图片“a.png”',
      'E templates/测试.md.hbs:8 正文中不支持代码块',
      'E templates/测试.md.hbs:12 不认识的块“:::unknown”',
      'E templates/测试.md.hbs:16 正文中不支持 HTML 标记“</b>”',
      'E templates/测试.md.hbs:16 正文中不支持 HTML 标记“<b>”',
    ]);
  });

  it('front matter is validated: unknown keys and impossible dates', async () => {
    const { lines } = await render('---\ntitle: 通知\ndate: 2025-02-30\nisuer: 镇政府\n---\n正文\n');
    expect(lines).toEqual([
      'E templates/测试.md.hbs:3:7 日期写法不对或日期不存在（应写成 2025-09-05 这样的形式）',
      'E templates/测试.md.hbs:4:1 不认识的键 “isuer”（是不是想写“issuer”？）',
    ]);
  });
});

describe('names and repeats', () => {
  it('a bare {{name}} that is also a helper name prints the data', async () => {
    const { lines, doc } = await render('---\ntitle: 通知\n---\n{{percent}}与{{sum}}\n', { 'data/x.yaml': 'percent: 九成\nsum: 合计\n' }, '\n        data: x');
    expect(lines).toEqual([]);
    expect(text(doc?.blocks[1])).toBe('九成与合计');
  });

  it('a template that does not compile is reported once, not once per document', async () => {
    const { lines } = await render('---\ntitle: 通知\n---\n{{#if row.村名}}\n', {}, '\n        each: villages');
    expect(lines).toEqual(['E templates/测试.md.hbs:5 模板语法错误：到文件结尾还有没有闭合的块']);
  });
});
