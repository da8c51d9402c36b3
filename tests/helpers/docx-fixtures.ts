//! DocModels for the DOCX tests: a 通知 with every 公文 element, a 责任书, a landscape register, a long body.

import { lowerDocument } from '../../src/model/lower.js';
import type { SourceBlock, SourceDocument } from '../../src/model/source.js';
import type { Document, Inline, TableCell } from '../../src/model/types.js';

type Block = SourceBlock;
const lower = (d: SourceDocument): Document => lowerDocument(d);

const t = (text: string): Inline => ({ t: 'text', text });
const p = (text: string, indent = true): Block => ({ t: 'para', content: [t(text)], indent });

/** A 通知 with 版头, 发文字号, headings, lists, a table, 附件说明, 落款, 附注 and 版记. */
export function noticeDoc(): Document {
  return lower({
    meta: {
      kind: '通知',
      title: '关于做好2025年度人口和计划生育目标管理工作的通知',
      issuer: '澧源镇人民政府',
      number: '澧源政发〔2025〕3号',
      to: '各村（居）民委员会，镇直各单位',
      date: '2025-09-05',
      cc: '县卫生健康局',
      header: true,
    },
    blocks: [
      { t: 'securityMarks', copyNo: '000001', urgency: '特急' },
      { t: 'masthead', issuer: '澧源镇人民政府文件', separator: true },
      { t: 'docNumber', text: '澧源政发〔2025〕3号' },
      { t: 'title', text: '关于做好2025年度人口和计划生育目标管理工作的通知' },
      { t: 'addressee', text: '各村（居）民委员会，镇直各单位：' },
      p('为认真贯彻落实上级有关文件精神，进一步做好全镇人口和计划生育工作，经镇人民政府研究，现将有关事项通知如下。'),
      { t: 'heading', level: 1, number: '一、', content: [t('强化组织领导')] },
      {
        t: 'para',
        indent: true,
        content: [
          t('各村要成立'),
          { t: 'strong', children: [t('以村支部书记为组长')] },
          t('的领导小组，'),
          { t: 'emph', children: [t('明确专人负责')] },
          t('，确保工作落到实处。'),
        ],
      },
      { t: 'heading', level: 2, number: '（一）', content: [t('落实目标责任')] },
      p('年初签订目标管理责任书，年底考核兑现。'),
      { t: 'heading', level: 3, number: '1.', content: [t('分解任务')] },
      {
        t: 'list',
        ordered: true,
        items: [
          { marker: '（1）', blocks: [p('建立育龄妇女信息台账；')] },
          { marker: '（2）', blocks: [p('每季度上报一次统计报表。')] },
        ],
      },
      { t: 'heading', level: 4, number: '（1）', content: [t('按月调度')] },
      {
        t: 'table',
        caption: '各村目标任务分解表',
        header: [[{ content: [t('村名')] }, { content: [t('育龄妇女（人）')] }, { content: [t('目标（%）')] }]],
        rows: [
          [{ content: [t('红星村')] }, { content: [t('312')], align: 'right' }, { content: [t('90')], align: 'right' }],
          [{ content: [t('新华村')] }, { content: [t('287')], align: 'right' }, { content: [t('92')], align: 'right' }],
        ],
        widths: [0.4, 0.3, 0.3],
      },
      { t: 'attachments', items: ['2025年度目标管理考核细则', '各村目标任务分解表'] },
      { t: 'signature', issuers: ['澧源镇人民政府'], date: '2025-09-05', sealed: false },
      { t: 'note', text: '此件公开发布' },
      { t: 'colophon', cc: '县卫生健康局', printer: '澧源镇党政综合办公室', printDate: '2025-09-05' },
    ],
  });
}

/** A 责任书: cover page, targets, signatures and copy clause. */
export function pledgeDoc(): Document {
  return lower({
    meta: { kind: '责任书', title: '2025年度人口和计划生育目标管理责任书', issuer: '澧源镇人民政府', date: '2025-02-10', header: false },
    blocks: [
      { t: 'coverPage', unit: '红星村', title: '2025年度人口和计划生育\n目标管理责任书', issuer: '澧源镇人民政府', date: '2025-02' },
      { t: 'title', text: '2025年度人口和计划生育目标管理责任书' },
      p('为确保全年目标任务完成，镇人民政府与红星村签订本责任书。'),
      { t: 'heading', level: 1, number: '一、', content: [t('责任目标')] },
      {
        t: 'targets',
        items: [
          { indicator: '符合政策生育率', text: '符合政策生育率达到90%以上', score: 30 },
          { indicator: '出生人口性别比', text: '出生人口性别比控制在正常范围', score: 20 },
        ],
        total: 50,
      },
      { t: 'copyClause', text: '此书一式三份，镇政府、村委会、镇计生办各执一份。' },
      {
        t: 'signatures',
        parties: [
          { name: '澧源镇人民政府', role: '授书人' },
          { name: '红星村民委员会', role: '立书人' },
        ],
        date: '2025-02-10',
      },
    ],
  });
}

/** A landscape register of `rows` rows under one repeated header row. */
export function registerDoc(rows = 300): Document {
  const header: TableCell[][] = [['序号', '姓名', '出生日期', '村组', '婚育状况', '备注'].map((h) => ({ content: [t(h)] }))];
  const body: TableCell[][] = Array.from({ length: rows }, (_, i) =>
    [String(i + 1), `张${'一二三四五六七八九十'[i % 10]}${i}`, `19${80 + (i % 20)}-0${1 + (i % 9)}-1${i % 10}`, `红星村${1 + (i % 8)}组`, i % 3 ? '已婚一孩' : '已婚二孩', ''].map(
      (c) => ({ content: c === '' ? [] : [t(c)] }),
    ),
  );
  return lower({
    meta: { kind: '登记册', title: '育龄妇女信息登记册', issuer: '澧源镇人民政府', header: false },
    blocks: [
      { t: 'title', text: '育龄妇女信息登记册' },
      { t: 'table', header, rows: body, widths: [0.08, 0.14, 0.18, 0.2, 0.2, 0.2], landscape: true },
    ],
  });
}

const SENTENCES = [
  '各村要进一步提高认识，切实把人口和计划生育工作摆上重要议事日程，',
  '主要负责同志要亲自抓、负总责，分管同志要具体抓、抓具体，',
  '做到认识到位、责任到位、措施到位、投入到位，',
  '确保各项目标任务全面完成。',
  '要加强宣传教育，营造良好的社会氛围，引导群众树立科学文明进步的婚育观念。',
];

/** About `pages` pages of body text under numbered headings (22 lines × 28 characters a page). */
export function longDoc(pages = 20): Document {
  const blocks: Block[] = [{ t: 'title', text: '关于进一步加强人口和计划生育工作的意见' }];
  const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  let chars = 0;
  let h = 0;
  let s = 0;
  while (chars < pages * 22 * 28 * 0.9) {
    if (s % 6 === 0) blocks.push({ t: 'heading', level: 1, number: `${numerals[h % 10]}、`, content: [t(`第${h + 1}部分要求`)] }), h++;
    const text = Array.from({ length: 4 }, (_, k) => SENTENCES[(s + k) % SENTENCES.length]).join('');
    blocks.push(p(text));
    chars += text.length + 28;
    s++;
  }
  return lower({ meta: { kind: '意见', title: '关于进一步加强人口和计划生育工作的意见', header: false }, blocks });
}
