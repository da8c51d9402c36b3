//! Word template reading benchmark (issue 18): a 10-page .docx (written by our own DOCX writer, with tags in
//! split runs) read into a template — unzip, XML walk, tag joining, 公文 element recognition, Handlebars
//! compile — cold (first, in a fresh process) and warm (median of 21). Paired with a fixed yardstick
//! (sha256 of 32 MB) in the same run, so noisy shared machines can be compared by ratio.
import { createHash } from 'node:crypto';
import { writeDocx } from '../src/generators/docx/write.js';
import { lowerDocument } from '../src/model/lower.js';
import type { SourceBlock as Block } from '../src/model/source.js';
import type { Document } from '../src/model/types.js';
import { createTemplateEnv } from '../src/render/handlebars.js';
import { compileWord } from '../src/render/word-template.js';
import { readDocx } from '../src/workspace/readers/docx.js';

const SENTENCE = '为进一步加强全镇人口和计划生育工作，落实目标管理责任制，{{row.村名}}要高度重视，切实加强组织领导，确保各项目标任务落到实处。';

function tenPages(): Document {
  const blocks: Block[] = [{ t: 'title', text: '关于{{subject}}的通知' }, { t: 'addressee', text: '各村（居）民委员会' }];
  for (let i = 0; i < 44; i++) {
    if (i % 5 === 0) blocks.push({ t: 'heading', level: 1, number: '', content: [{ t: 'text', text: '工作目标和要求' }] });
    blocks.push({ t: 'para', indent: true, content: [{ t: 'text', text: SENTENCE.repeat(2) }, { t: 'strong', children: [{ t: 'text', text: '{{cnDate date}}' }] }] });
    if (i % 11 === 10) blocks.push({ t: 'table', header: [[{ content: [{ t: 'text', text: '村名' }] }, { content: [{ t: 'text', text: '人口' }] }]], rows: Array.from({ length: 8 }, () => [{ content: [{ t: 'text', text: '{{村名}}' }] }, { content: [{ t: 'text', text: '{{人口}}' }] }]) });
  }
  blocks.push({ t: 'signature', issuers: ['澧源镇人民政府'], date: '2025-09-05', sealed: false });
  return lowerDocument({ meta: { kind: '通知', title: '通知', header: false }, blocks });
}

function yardstick(): number {
  const buf = Buffer.alloc(32 * 1024 * 1024, 7);
  const t = performance.now();
  createHash('sha256').update(buf).digest('hex');
  return performance.now() - t;
}

/** [read (unzip + XML walk), read + compile (tags, elements, Handlebars)] in ms */
async function readOnce(bytes: Uint8Array): Promise<[number, number]> {
  const t = performance.now();
  const r = await readDocx(bytes, 'templates/十页.docx');
  if (!r.doc) throw new Error('read failed');
  const read = performance.now() - t;
  const c = compileWord(createTemplateEnv([]), r.doc, 'templates/十页.docx');
  if (!c.compiled) throw new Error(c.diagnostics.map((d) => d.message).join('\n'));
  return [read, performance.now() - t];
}

async function main(): Promise<void> {
  const bytes = await writeDocx(tenPages(), { created: new Date('2025-09-05T00:00:00Z') });
  const [coldRead, cold] = await readOnce(bytes);
  const runs: [number, number][] = [];
  for (let i = 0; i < 21; i++) runs.push(await readOnce(bytes));
  const median = (k: 0 | 1) => runs.map((r) => r[k]).sort((a, b) => a - b)[10] as number;
  const ys = [yardstick(), yardstick(), yardstick()].sort((a, b) => a - b)[1] as number;
  const f = (ms: number) => `${ms.toFixed(1)} ms (${(ms / ys).toFixed(2)}×)`;
  console.log(`Word template, 10 pages (${(bytes.length / 1024).toFixed(0)} KB .docx); yardstick sha256(32 MB) = ${ys.toFixed(1)} ms = 1×`);
  console.log(`  read (unzip + XML walk; cached by content hash): cold ${f(coldRead)}, warm median ${f(median(0))} — target ≤ 50 ms`);
  console.log(`  read + compile (tags, 公文 elements, Handlebars): cold ${f(cold)}, warm median ${f(median(1))}`);
}

await main();
