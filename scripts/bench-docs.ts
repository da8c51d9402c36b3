//! The benchmarks' document: a 通知 of generated 公文-like paragraphs, as our DocModel and as Typst markup
//! (the same text, title, headings and signature), so ours and Typst's times are for the same pages.

import { lowerDocument } from '../src/model/lower.js';
import type { SourceBlock, SourceDocument } from '../src/model/source.js';
import type { Document } from '../src/model/types.js';

const SENTENCES = [
  '为进一步加强全镇人口和计划生育工作，落实目标管理责任制，经镇党委、镇政府研究决定，现将有关事项通知如下。',
  '各村（居）要高度重视，切实加强组织领导，确保各项目标任务落到实处。',
  '全镇符合政策生育率达到98.01%以上，出生人口性别比控制在正常范围之内。',
  '镇计生办要加强业务指导和督促检查，每季度通报一次工作进展情况。',
  '对工作成绩突出的单位和个人予以表彰奖励，对工作不力、目标任务未完成的实行一票否决。',
  '流动人口信息登记准确率达到95%以上，育龄妇女信息管理系统数据及时更新。',
  '要认真落实计划生育奖励扶助政策，确保奖扶资金按时足额发放到户。',
  '各村要建立健全工作台账，做到底子清、情况明、数字准。',
  '本通知自印发之日起施行，此前有关规定与本通知不一致的，以本通知为准。',
  '镇直各单位要密切配合，形成工作合力，共同推进人口和计划生育工作健康发展。',
  '各村于2025年12月15日前将年度工作总结报送镇党政综合办公室。',
  '严格执行《湖南省人口与计划生育条例》，依法行政，文明执法，维护群众合法权益。',
];

export function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

export function paragraph(next: () => number, sentences: number): string {
  let s = '';
  for (let i = 0; i < sentences; i++) s += SENTENCES[Math.floor(next() * SENTENCES.length)];
  return s;
}

/** The document as written (before the lowering pass). */
export function sourceDocument(seed: number, paragraphs: number): SourceDocument {
  const next = rng(seed);
  const blocks: SourceBlock[] = [
    { t: 'title', text: '澧源镇人民政府关于做好2025年度人口和计划生育目标管理工作的通知' },
    { t: 'addressee', text: '各村（居）民委员会，镇直各单位' },
  ];
  const numbers = ['一、', '二、', '三、', '四、', '五、', '六、', '七、', '八、', '九、', '十、'];
  for (let i = 0; i < paragraphs; i++) {
    if (i % 4 === 0) blocks.push({ t: 'heading', level: 1, number: numbers[(i / 4) % 10] as string, content: [{ t: 'text', text: '工作目标和要求' }] });
    blocks.push({ t: 'para', indent: true, content: [{ t: 'text', text: paragraph(next, 3 + Math.floor(next() * 4)) }] });
  }
  blocks.push({ t: 'signature', issuers: ['澧源镇人民政府'], date: '2025-09-05', sealed: true });
  return { meta: { kind: '通知', title: `测试文档${seed}`, header: false }, blocks };
}

/** The document as laid out: lowered (titles, 主送, 落款 composed — timed with the layout by the benches that lower here). */
export function document(seed: number, paragraphs: number): Document {
  return lowerDocument(sourceDocument(seed, paragraphs));
}


/** The same document as Typst markup: GB/T 9704 page and grid (toolchain.md §5: strict-grid settings). */
export function typstSource(doc: SourceDocument): string {
  const esc = (t: string) => t.replace(/[\\#*_`$<>@\[\]]/g, (c) => `\\${c}`);
  const out = [
    '#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm), footer: context align(if calc.odd(here().page()) { right } else { left })[#text(size: 14pt)[— #counter(page).display() —]])',
    '#set text(font: "Noto Serif SC", size: 16pt, lang: "zh", tracking: -0.21pt, cjk-latin-spacing: none, top-edge: 0.88em, bottom-edge: -0.12em)',
    '#set par(justify: true, first-line-indent: 2em, leading: 12.99pt, spacing: 12.99pt)',
  ];
  for (const b of doc.blocks) {
    const inl = (c: readonly { t: string; text?: string }[]) => c.map((x) => x.text ?? '').join('');
    if (b.t === 'title') out.push(`#align(center)[#text(size: 22pt, weight: "bold")[${esc(b.text)}]]`, '');
    else if (b.t === 'addressee') out.push(`#par(first-line-indent: 0pt)[${esc(b.text)}：]`, '');
    else if (b.t === 'heading') out.push(`#text(font: "Noto Sans SC")[${esc(b.number ?? '')}${esc(inl(b.content))}]`, '');
    else if (b.t === 'para') out.push(esc(inl(b.content)), '');
    else if (b.t === 'signature') out.push(`#align(right)[${esc(b.issuers.join(' '))} \\ 2025年9月5日]`);
  }
  return out.join('\n');
}
