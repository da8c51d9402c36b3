// Hostile templates and the data they print (issue 15, items 11 and 14 and the messages on templates):
// one workspace, one catalog item per case, loaded, planned and rendered once (nothing is laid out).
// Data reaches the Markdown only escaped, whichever helper hands it over; a render may not grow past
// its limit; partials cannot loop; {{log}} does not print data; a sum names the row the clerk can find.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare, type BuildReport } from '../../src/build/build.js';
import { sortDiagnostics } from '../../src/diag/diagnostic.js';
import type { Block } from '../../src/model/types.js';
import { inlineText } from '../../src/render/markdown.js';
import { line } from '../helpers/diagnose.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

const FM = (title: string) => `---\nkind: 通知\ntitle: ${title}\ndate: 2025-01-15\n---\n`;

const TEMPLATES: Record<string, string> = {
  转义: `${FM('转义')}{{or data.x.star "无"}}

{{opt data.x.addr}}

{{lookup data.x "heading"}}

{{or data.x.amp "无"}}和{{opt data.x.colon}}

标题行
{{opt data.x.setext}}

{{#with data.x}}{{or quote "无"}}{{/with}}
`,
  长文: `${FM('长文')}正文：{{data.big.cell}}\n`,
  嵌套: `${FM('嵌套')}{{#each data.n.list}}{{#each @root.data.n.list}}{{#each @root.data.n.list}}x{{/each}}{{/each}}{{/each}}\n`,
  自含: `${FM('自含')}开头\n\n{{> 自己}}\n`,
  互含: `${FM('互含')}{{> 甲}}\n`,
  动态: `${FM('动态')}{{> (lookup data.x "partial")}}\n`,
  日志: `${FM('日志')}{{log data.x.star}}正文\n`,
  合计: `${FM('合计')}合计{{sum data.villages "人口"}}人\n`,
};

const catalog = `name: 测试目录
volumes:
  - code: ZH
    title: 综合资料卷
    retention: 永久
    items:
${Object.keys(TEMPLATES)
  .map((t) => `      - title: ${t}\n        template: ${t}\n`)
  .join('')}`;

let report: BuildReport;
let lines: string[] = [];

beforeAll(async () => {
  const files: Record<string, string> = {
    'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [docx]\ndate: 2025-12-30\n',
    'catalog/test.yaml': catalog,
    'data/x.yaml': ['star: 王*小*明', 'addr: 1. 镇政府三楼', 'heading: "## x"', 'amp: AT&amp;T', 'colon: 备注:abc', 'setext: "==="', 'quote: "> 引文"', 'partial: 自己'].join('\n'),
    'data/big.yaml': `cell: ${'字'.repeat(5_000_000)}\n`,
    'data/n.yaml': `list: [${Array.from({ length: 300 }, (_, i) => i).join(', ')}]\n`,
    // a blank line (Excel leaves them): 白岩村 is on line 4 of the file, the 2nd row of the list
    'data/villages.csv': '村名,人口\n青龙村,1536\n\n白岩村,\n',
    'templates/partials/自己.hbs': '再来一次{{> 自己}}',
    'templates/partials/甲.hbs': '甲{{> 乙}}',
    'templates/partials/乙.hbs': '乙{{> 甲}}',
  };
  for (const [name, text] of Object.entries(TEMPLATES)) files[`templates/${name}.md.hbs`] = text;
  report = await prepare(makeWorkspace(files));
  lines = sortDiagnostics(report.diagnostics).map(line);
}, 60_000);

const errorsOf = (name: string) => lines.filter((l) => l.startsWith(`E templates/${name}.md.hbs`) || (l.startsWith('E templates/partials/') && name === '*'));

function blocksOf(title: string): Block[] {
  return report.rendered.find((r) => r.planned.title === title)?.document.blocks ?? [];
}

describe('data printed through any helper is text, never Markdown (item 14)', () => {
  it('or, opt, lookup and a helper inside #with print the data as written', () => {
    expect(errorsOf('转义')).toEqual([]);
    const body = blocksOf('转义').filter((b) => b.t !== 'title' && b.t !== 'docNumber' && b.t !== 'masthead' && b.t !== 'signature' && b.t !== 'colophon');
    expect(body.map((b) => `${b.t}:${b.t === 'para' || b.t === 'heading' ? inlineText(b.content) : ''}`)).toEqual([
      'para:王*小*明',
      'para:1. 镇政府三楼',
      'para:## x',
      'para:AT&amp;T和备注:abc',
      'para:标题行===',
      'para:> 引文',
    ]);
  });
});

describe('limits on what a render may make (item 11)', () => {
  it('a 5-million-character value stops with a Chinese message at the template line', () => {
    expect(errorsOf('长文')).toEqual(['E templates/长文.md.hbs:6:4 模板生成的内容太长（超过 100 万字）']);
  });

  it('three nested {{#each}} over 300 rows (27 million lines) stop at the limit instead of exhausting memory', () => {
    expect(errorsOf('嵌套')).toEqual(['E templates/嵌套.md.hbs:6:1 模板生成的内容太长（超过 100 万字）']);
  });
});

describe('partials and helpers that must not be (messages)', () => {
  it('a partial that includes itself, directly or through another, is refused where it is used', () => {
    expect(errorsOf('自含')).toEqual(['E templates/自含.md.hbs:8:1 片段“自己”包含了它自己（自己 → 自己），会无限循环']);
    expect(errorsOf('互含')).toEqual(['E templates/互含.md.hbs:6:1 片段“甲”包含了它自己（甲 → 乙 → 甲），会无限循环']);
  });

  it('a partial named by data is refused', () => {
    expect(errorsOf('动态')).toEqual(['E templates/动态.md.hbs:6:1 片段名不能由数据决定（{{> (…)}}）']);
  });

  it('{{log}} is not offered: it would print data on the screen', () => {
    expect(errorsOf('日志')).toEqual([expect.stringMatching(/^E templates\/日志\.md\.hbs:6:1 不认识的函数“log”/)]);
  });

  it('a sum over an empty cell names the file line and the row, not the index in the list', () => {
    expect(errorsOf('合计')).toEqual(['E templates/合计.md.hbs:6:3 sum：data/villages.csv 第 4 行（白岩村）的“人口”是空的']);
  });
});
