//! Build benchmark (issues 8, 16): a synthetic township — the 乡镇 catalog plus 8 village volumes for each
//! of 20 villages (×scale) — built cold, rebuilt with no change, after a template edit used by 20
//! documents, and after one village's data row changes. Every build runs in a fresh `node` process (as a
//! clerk runs it) and is paired with the fixed yardstick (scripts/yardstick.ts) run just before and after
//! it, so each line shows seconds and the ratio build ÷ yardstick, which survives a noisy machine.
//!
//!   npm run bench:build                     1×: cold, no change, template edit, row edit (3 runs each)
//!   BENCH_SCALES=1,2,4,8 npm run bench:build  the scaling table (cold, no change, peak memory)
//!   BENCH_JOBS=1 npm run bench:build          also --jobs 1 against --jobs 2 (cold, at each scale)
//!   BENCH_WORKSPACE=dir node dist/scripts/bench-build.js   only make the workspace (for profiling)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { parse, stringify } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** BENCH_BIN: another build of the tool to measure (e.g. the version before a change), same recipe. */
const BIN = process.env['BENCH_BIN'] ?? path.join(ROOT, 'bin', 'dossier.js');
/** BENCH_EXAMPLE: the example workspace the township is made from (default this checkout's). */
const EXAMPLE = process.env['BENCH_EXAMPLE'] ?? path.join(ROOT, 'examples', '澧源镇');
const CATALOG = process.env['BENCH_CATALOG'] ?? path.join(ROOT, 'catalog', '乡镇计生办.yaml');
const YARDSTICK = path.join(ROOT, 'dist', 'scripts', 'yardstick.js');
const VILLAGES = 20;

/** Targets of issue 16, as ratios to the yardstick (peak memory in MiB). */
export const TARGETS = { cold: 7, noChange: 0.35, template: 0.6, row: 1.0, peakMiB4x: 600 } as const;

interface Item {
  title: string;
  template?: string;
  table?: string;
  attach?: string;
  each?: string;
  [k: string]: unknown;
}
interface Volume {
  code: string;
  title: string;
  retention: string;
  items: Item[];
}

async function scan(pages: number): Promise<Uint8Array> {
  const d = await PDFDocument.create({ updateMetadata: false });
  const f = await d.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) d.addPage([595.28, 841.89]).drawText(`scan page ${i + 1}`, { x: 72, y: 760, size: 14, font: f });
  return d.save();
}

/** The synthetic township at `scale` (20 × scale villages, 8 volumes each). */
export async function makeWorkspace(dir: string, scale = 1): Promise<void> {
  const villages = VILLAGES * scale;
  cpSync(EXAMPLE, dir, { recursive: true, filter: (s) => !s.split(path.sep).includes('out') });
  // villages (fictional), numbers varied from the sample rows
  const csv = readFileSync(path.join(dir, 'data', 'villages.csv'), 'utf8').trim().split('\n');
  const header = csv[0] ?? '';
  const rows = csv.slice(1);
  const out = [header];
  for (let i = 0; i < villages; i++) {
    const cells = (rows[i % rows.length] ?? '').split(',');
    const name = `${'东南西北中上下前后新'[i % 10]}${'山水林田湖岭溪'[i % 7]}${i >= 70 ? `${Math.floor(i / 70) + 1}` : ''}村`;
    cells[0] = name;
    if (header.split(',')[1] === '委员会') cells[1] = `${name}村民委员会`;
    out.push(cells.join(','));
  }
  writeFileSync(path.join(dir, 'data', 'villages.csv'), `${out.join('\n')}\n`);
  // catalog: the township's volumes + 8 volumes per village built from the township's generated items
  const base = parse(readFileSync(CATALOG, 'utf8')) as { name: string; volumes: Volume[] };
  const generated = base.volumes.flatMap((v) => v.items.filter((i) => (i.template || i.table) && !i.each));
  const volumes: Volume[] = [...base.volumes];
  const scanPdf = await scan(5);
  for (let v = 1; v <= villages; v++) {
    for (let k = 0; k < 8; k++) {
      const code = `V${String(v).padStart(villages >= 100 ? 3 : 2, '0')}${'ABCDEFGH'[k]}`;
      const picked = generated.filter((_, i) => i % 8 === k).slice(0, 4);
      const folder = `村${v}/卷${k + 1}`;
      mkdirSync(path.join(dir, 'attachments', folder), { recursive: true });
      writeFileSync(path.join(dir, 'attachments', folder, '上级文件扫描件.pdf'), scanPdf);
      volumes.push({ code, title: `第${v}村第${k + 1}卷`, retention: '30年', items: [...picked.map((i) => ({ ...i })), { title: '上级文件', attach: `${folder}/*.pdf` }] });
    }
  }
  mkdirSync(path.join(dir, 'catalog'), { recursive: true });
  // every item written out in full (no YAML anchors: the 4× catalog would pass yaml's alias limit)
  writeFileSync(path.join(dir, 'catalog', 'bench.yaml'), stringify({ name: `${base.name}（基准测试）`, volumes }, { aliasDuplicateObjects: false }));
  const cfg = path.join(dir, 'dossier.yaml');
  // one workspace with everything in its own catalog (the villages' own dossiers: scripts/bench-units.ts)
  writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/^catalog:.*$/m, 'catalog: catalog/bench.yaml').replace(/^villages:.*\n(?:[ \t]+.*\n)*/m, ''));
}

/** Documents and their pages, from the manifest. */
function countPages(ws: string): { files: number; pages: number } {
  const m = JSON.parse(readFileSync(path.join(ws, 'out', '.dossier', 'manifest.json'), 'utf8')) as { documents: Record<string, { pages?: number }> };
  const docs = Object.values(m.documents);
  return { files: docs.length, pages: docs.reduce((n, d) => n + (d.pages ?? 0), 0) };
}

/** One run of the yardstick in a fresh process, in seconds. */
export function yardstick(): number {
  const r = spawnSync(process.execPath, [YARDSTICK], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`yardstick failed: ${r.stderr}`);
  return Number(r.stdout.split(' ')[0]) / 1000;
}

export interface Timed {
  wallS: number;
  /** mean of the yardstick runs just before and after */
  yardS: number;
  ratio: number;
  peakMiB: number;
  stdout: string;
}

/**
 * Runs `node args…` in a fresh process between two yardstick runs. `before` is a yardstick measured just
 * before (the previous measurement's `after`), so a series costs one yardstick per measurement.
 */
export function timedNode(args: string[], before: number): Timed & { after: number } {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const wallS = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`failed (${r.status}): node ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  const peakKb = Number((r.stderr.trim().split('\n').pop() ?? '0').trim());
  const after = yardstick();
  const yardS = (before + after) / 2;
  return { wallS, yardS, ratio: wallS / yardS, peakMiB: Math.round(peakKb / 1024), stdout: r.stdout, after };
}

export function range(xs: readonly number[], digits: number): string {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo.toFixed(digits) === hi.toFixed(digits) ? lo.toFixed(digits) : `${lo.toFixed(digits)}–${hi.toFixed(digits)}`;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

interface Row {
  name: string;
  runs: Timed[];
  target?: number;
  note?: string;
}

function printRow(r: Row): void {
  const ratios = r.runs.map((x) => x.ratio);
  const ok = r.target === undefined ? '' : median(ratios) <= r.target ? `  ✓ ≤ ${r.target}` : `  ✗ target ≤ ${r.target}`;
  console.log(
    `${r.name.padEnd(28)} ${range(r.runs.map((x) => x.wallS), 2).padStart(11)} s   ratio ${range(ratios, 2).padStart(10)} (median ${median(ratios).toFixed(2)})   yardstick ${range(r.runs.map((x) => x.yardS), 2)} s   peak ${Math.max(...r.runs.map((x) => x.peakMiB))} MiB${ok}${r.note ? `   ${r.note}` : ''}`,
  );
}

async function benchScale(scale: number, repeat: number, edits: boolean, jobsToo: boolean): Promise<{ cold: Row; noChange: Row }> {
  const root = mkdtempSync(path.join(tmpdir(), 'dossier-bench-'));
  const ws = path.join(root, 'ws');
  await makeWorkspace(ws, scale);
  const vols = (parse(readFileSync(path.join(ws, 'catalog', 'bench.yaml'), 'utf8')) as { volumes: unknown[] }).volumes.length;
  const build = (extra: string[] = []) => [BIN, 'build', ws, ...extra];
  let yard = yardstick();
  const next = (args: string[]): Timed => {
    const t = timedNode(args, yard);
    yard = t.after;
    return t;
  };
  const cold: Row = { name: `${scale}× cold`, runs: [], ...(scale === 1 ? { target: TARGETS.cold } : {}) };
  for (let i = 0; i < repeat; i++) {
    rmSync(path.join(ws, 'out'), { recursive: true, force: true });
    cold.runs.push(next(build()));
  }
  const { files, pages } = countPages(ws);
  console.log(`\n${scale}× township: ${vols} volumes, ${VILLAGES * scale} villages, ${files} documents, ${pages} document pages (the same pages again in the bound volumes)`);
  cold.note = `${(pages / median(cold.runs.map((r) => r.wallS))).toFixed(0)} document pages/s`;
  printRow(cold);
  const noChange: Row = { name: `${scale}× no change`, runs: [], ...(scale === 1 ? { target: TARGETS.noChange } : {}) };
  for (let i = 0; i < repeat; i++) noChange.runs.push(next(build()));
  printRow(noChange);
  if (edits) {
    const tpl = path.join(ws, 'templates', '目标责任书.md.hbs');
    if (!existsSync(tpl)) cpSync(path.join(path.dirname(path.dirname(BIN)), 'templates', '目标责任书.md.hbs'), tpl);
    const template: Row = { name: `${scale}× template edit`, runs: [], ...(scale === 1 ? { target: TARGETS.template } : {}) };
    for (let i = 0; i < repeat; i++) {
      writeFileSync(tpl, `${readFileSync(tpl, 'utf8')}\n第${i + 1}次修订。\n`);
      template.runs.push(next(build()));
    }
    template.note = (template.runs[0]?.stdout.match(/重新生成 .*$/m) ?? [''])[0];
    printRow(template);
    const row: Row = { name: `${scale}× village row edit`, runs: [], ...(scale === 1 ? { target: TARGETS.row } : {}) };
    const csvPath = path.join(ws, 'data', 'villages.csv');
    for (let i = 0; i < repeat; i++) {
      const lines = readFileSync(csvPath, 'utf8').split('\n');
      const cells = (lines[3] ?? '').split(',');
      const last = cells.length - 1;
      cells[last] = String(Number(cells[last]) + 1);
      lines[3] = cells.join(',');
      writeFileSync(csvPath, lines.join('\n'));
      row.runs.push(next(build()));
    }
    row.note = (row.runs[0]?.stdout.match(/重新生成 .*$/m) ?? [''])[0];
    printRow(row);
  }
  if (jobsToo) {
    for (const jobs of [1, 2]) {
      const r: Row = { name: `${scale}× cold --jobs ${jobs}`, runs: [] };
      for (let i = 0; i < repeat; i++) {
        rmSync(path.join(ws, 'out'), { recursive: true, force: true });
        r.runs.push(next(build(['--jobs', String(jobs)])));
      }
      printRow(r);
    }
  }
  rmSync(root, { recursive: true, force: true });
  return { cold, noChange };
}

async function main(): Promise<void> {
  if (process.env['BENCH_WORKSPACE']) {
    await makeWorkspace(process.env['BENCH_WORKSPACE'], Number(process.env['BENCH_SCALE'] ?? 1));
    return;
  }
  if (!existsSync('/usr/bin/time')) throw new Error('install the Debian package "time" (/usr/bin/time) to measure peak memory');
  const scales = (process.env['BENCH_SCALES'] ?? '1').split(',').map(Number);
  const repeat = Number(process.env['BENCH_REPEAT'] ?? 3);
  const jobsToo = process.env['BENCH_JOBS'] === '1';
  console.log(`yardstick: ${range([yardstick(), yardstick()], 2)} s (fixed JavaScript work; ratios below are build ÷ yardstick, measured around each build)`);
  const table: { scale: number; cold: Row; noChange: Row }[] = [];
  for (const scale of scales) table.push({ scale, ...(await benchScale(scale, scale === 1 ? repeat : Math.max(1, Math.min(repeat, 2)), scale === 1, jobsToo)) });
  if (table.length > 1) {
    console.log('\nscaling (median ratio; seconds range; peak memory):');
    console.log('| scale | cold s | cold ratio | no change s | no change ratio | peak MiB |');
    console.log('|---|---|---|---|---|---|');
    for (const t of table)
      console.log(
        `| ${t.scale}× | ${range(t.cold.runs.map((r) => r.wallS), 1)} | ${median(t.cold.runs.map((r) => r.ratio)).toFixed(2)} | ${range(t.noChange.runs.map((r) => r.wallS), 2)} | ${median(t.noChange.runs.map((r) => r.ratio)).toFixed(2)} | ${Math.max(...[...t.cold.runs, ...t.noChange.runs].map((r) => r.peakMiB))} |`,
      );
    // flat in the number of documents: 4× and 8× alike within the target
    for (const t of table.filter((x) => x.scale >= 4)) {
      const peak = Math.max(...t.cold.runs.map((r) => r.peakMiB));
      console.log(`peak memory at ${t.scale}×: ${peak} MiB ${peak <= TARGETS.peakMiB4x ? '✓' : '✗'} (target ≤ ${TARGETS.peakMiB4x} MiB)`);
    }
  }
}

const isMain = process.argv[1] !== undefined && /bench-build\.(js|ts)$/.test(process.argv[1]);
if (isMain) await main();
