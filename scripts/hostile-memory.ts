//! Peak memory of the worst hostile inputs of issue 15 after their fixes: `node dist/scripts/hostile-memory.js
//! <case>` makes the workspace, then runs the build in a fresh child process whose own peak (maxRSS) is the
//! figure — the fixture's making is not counted.
//!   png8      a 17000×17000 PNG (289 million px, just under the limit) averaged down to 300 dpi and bound
//!   png8big   a PNG claiming 40000×40000 px (refused before decoding)
//!   xlsx9     `check` of an XLSX with all 1,048,576 rows formatted
//!   cell11    a template printing a 5-million-character value
//!   each11    three nested {{#each}} over 300 rows
//! Prints the seconds, the child's peak RSS and its V8 heap at the end, and what the build said.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deflateSync, inflateSync } from 'node:zlib';
import path from 'node:path';
import { build, prepare } from '../src/build/build.js';
import { formatEveryRow, pngOf, xlsxOf } from '../tests/hostile/fixtures.js';

const DOSSIER = 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [pdf]\ndate: 2025-12-30\n';
const FM = '---\nkind: 通知\ntitle: 通知\ndate: 2025-01-15\n---\n';
const catalog = (item: string) => `name: 测试目录\nvolumes:\n  - code: ZH\n    title: 综合资料卷\n    retention: 永久\n    items:\n      - title: 材料\n${item}`;

function workspace(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dossier-memory-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

const CASES: Record<string, () => Promise<{ dir: string }>> = {
  png8: async () => ({ dir: workspace({ 'dossier.yaml': DOSSIER, 'catalog/test.yaml': catalog('        attach: 扫描/*\n'), 'attachments/扫描/大图.png': pngOf(17000, 17000) }) }),
  png8big: async () => ({ dir: workspace({ 'dossier.yaml': DOSSIER, 'catalog/test.yaml': catalog('        attach: 扫描/*\n'), 'attachments/扫描/巨图.png': pngOf(40000, 40000, 16) }) }),
  xlsx9: async () => ({
    dir: workspace({ 'dossier.yaml': DOSSIER, 'catalog/test.yaml': catalog('        table: villages\n'), 'data/villages.xlsx': await xlsxOf([['村名', '人口'], ['青龙村', 1536], ['白岩村', 1288]], { sheetXml: formatEveryRow }) }),
  }),
  cell11: async () => ({ dir: workspace({ 'dossier.yaml': DOSSIER, 'catalog/test.yaml': catalog('        template: 长文\n'), 'templates/长文.md.hbs': `${FM}{{data.big.cell}}\n`, 'data/big.yaml': `cell: ${'字'.repeat(5_000_000)}\n` }) }),
  each11: async () => ({
    dir: workspace({
      'dossier.yaml': DOSSIER,
      'catalog/test.yaml': catalog('        template: 嵌套\n'),
      'templates/嵌套.md.hbs': `${FM}{{#each data.n.list}}{{#each @root.data.n.list}}{{#each @root.data.n.list}}x{{/each}}{{/each}}{{/each}}\n`,
      'data/n.yaml': `list: [${Array.from({ length: 300 }, (_, i) => i).join(', ')}]\n`,
    }),
  }),
};

async function buildSummary(dir: string): Promise<string> {
  const r = await build(dir);
  return r.diagnostics.map((d) => `${d.severity} ${d.file ?? ''} ${d.message}`).join('\n') || 'ok';
}

async function prepareSummary(dir: string): Promise<string> {
  const r = await prepare(dir);
  return r.diagnostics.map((d) => `${d.severity} ${d.file ?? ''}:${d.line ?? ''} ${d.message}`).join('\n') || `ok (${r.plan?.volumes[0]?.documents.length ?? 0} documents)`;
}

const [name = '', runDir] = process.argv.slice(2);
const make = CASES[name];
if (!make) {
  process.stderr.write(`cases: ${Object.keys(CASES).join(', ')}\n`);
  process.exit(2);
}
const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
if (runDir) {
  // the child: run the case on the workspace made by the parent, report its own peak
  const run = name.startsWith('png') ? buildSummary : prepareSummary;
  const t0 = performance.now();
  const outcome = await run(runDir);
  const seconds = (performance.now() - t0) / 1000;
  const peak = process.resourceUsage().maxRSS * 1024;
  // a fixed yardstick in the same process (machines are shared and noisy): deflate and inflate 32 MB
  const t1 = performance.now();
  const data = Buffer.alloc(32 * 1048576);
  for (let i = 0; i < data.length; i++) data[i] = (i * 2654435761) >>> 24;
  inflateSync(deflateSync(data, { level: 6 }));
  const yard = (performance.now() - t1) / 1000;
  process.stdout.write(`${name}: ${seconds.toFixed(1)} s (${(seconds / yard).toFixed(1)}× the yardstick's ${yard.toFixed(2)} s), peak RSS ${mb(peak)}, heap used at the end ${mb(process.memoryUsage().heapUsed)}\n${outcome}\n`);
} else {
  const { dir } = await make();
  const child = spawnSync(process.execPath, [process.argv[1] ?? '', name, dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(child.stdout);
  rmSync(dir, { recursive: true, force: true });
  process.exit(child.status ?? 1);
}
