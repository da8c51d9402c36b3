//! Units benchmark (issue 19): the example township with N villages, each village's own 村级 dossier built
//! from the township's workspace (`villages:`). For N = 20: a cold build, a build with nothing changed and
//! a build after one village's row changed; for N = 5, 10, 20: the cold build's peak memory (it must stay
//! flat in N: the units are built one after the other over one font load and one worker pool). Each build
//! runs in a fresh `node` process, as a clerk runs it, and is paired with a fixed yardstick (about 1.5 s of
//! single-thread JavaScript, also in a fresh process) run just before it: the ratio survives a busy machine.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin', 'dossier.js');
const EXAMPLE = path.join(ROOT, 'examples', '澧源镇');

/** A fixed amount of single-thread work in a fresh process: its wall time is the run's unit of speed. */
const YARDSTICK = 'let x = 0; for (let i = 0; i < 3.5e8; i++) x = (x + (i & 1023) * 7) % 1000003; if (x < 0) console.log(x);';

function yardstick(): number {
  const t = performance.now();
  spawnSync(process.execPath, ['-e', YARDSTICK]);
  return (performance.now() - t) / 1000;
}

/** The example with `n` villages: the rows of villages.csv repeated under new names, each new village's
 *  folder 村/<名>/ made from 青龙村's with the name changed. */
function workspace(n: number): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'dossier-bench-units-')), 'ws');
  cpSync(EXAMPLE, dir, { recursive: true, filter: (s) => !s.split(path.sep).includes('out') });
  const csv = readFileSync(path.join(dir, 'data/villages.csv'), 'utf8').trim().split('\n');
  const header = csv[0] ?? '';
  const rows = csv.slice(1);
  const out = [header];
  for (let i = 0; i < n; i++) {
    if (i < rows.length) {
      out.push(rows[i] ?? '');
      continue;
    }
    const name = `${'东南西北中上下前后新'[i % 10]}${'山水林田湖岭溪'[i % 7]}村`;
    const cells = (rows[i % rows.length] ?? '').split(',');
    const old = cells[0] ?? '';
    cells[0] = name;
    cells[1] = `${name}村民委员会`;
    out.push(cells.join(','));
    const from = path.join(dir, '村', '青龙村');
    const to = path.join(dir, '村', name);
    cpSync(from, to, { recursive: true });
    for (const f of readdirSync(path.join(to, 'data'))) {
      const abs = path.join(to, 'data', f);
      writeFileSync(abs, readFileSync(abs, 'utf8').replaceAll('青龙村', name).replaceAll(old, name));
    }
  }
  // villages beyond n: their folders go too
  for (const f of readdirSync(path.join(dir, '村'))) if (f !== 'data' && f !== 'templates' && !out.some((r) => r.startsWith(`${f},`))) rmSync(path.join(dir, '村', f), { recursive: true, force: true });
  writeFileSync(path.join(dir, 'data/villages.csv'), `${out.join('\n')}\n`);
  return dir;
}

interface Run {
  wallS: number;
  yardS: number;
  peakMb: number;
  summary: string;
}

function run(dir: string): Run {
  const yardS = yardstick();
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, 'build', dir], { encoding: 'utf8' });
  const wallS = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  const peakKb = Number((r.stderr.trim().split('\n').pop() ?? '0').trim());
  const rebuilt = [...r.stdout.matchAll(/：\d+ 份文档，重新生成 (\d+) 份/g)].reduce((n, m) => n + Number(m[1]), 0);
  const top = (r.stdout.match(/重新生成 \d+ 份，沿用上次结果 \d+ 份/) ?? [''])[0];
  return { wallS, yardS, peakMb: Math.round(peakKb / 1024), summary: `villages: ${rebuilt} documents rebuilt; township: ${top}` };
}

const fmt = (r: Run) => `${r.wallS.toFixed(2)} s (×${(r.wallS / r.yardS).toFixed(2)} yardstick ${r.yardS.toFixed(2)} s)`;
const median = (xs: Run[]): Run => [...xs].sort((a, b) => a.wallS / a.yardS - b.wallS / b.yardS)[Math.floor(xs.length / 2)] as Run;

function main(): void {
  if (!existsSync('/usr/bin/time')) throw new Error('install the Debian package "time" (peak memory)');
  const n = Number(process.env['BENCH_VILLAGES'] ?? 20);
  const ws = workspace(n);
  console.log(`units: the example township with ${n} villages (workspace ${ws})`);
  const cold = run(ws);
  console.log(`cold build (township + ${n} villages): ${fmt(cold)}; peak ${cold.peakMb} MB; ${cold.summary}`);
  const none = [run(ws), run(ws), run(ws)];
  console.log(`no change: ${fmt(median(none))} — runs ${none.map(fmt).join(', ')}; peak ${Math.max(...none.map((r) => r.peakMb))} MB; ${none[0]?.summary}`);
  const rows: Run[] = [];
  const csv = path.join(ws, 'data/villages.csv');
  for (let i = 0; i < 3; i++) {
    // one village's row: its 户数 (the township's 情况简介 sums it; the village's own documents do not print it)
    const lines = readFileSync(csv, 'utf8').split('\n');
    const cells = (lines[3] ?? '').split(',');
    cells[7] = String(Number(cells[7]) + 1);
    lines[3] = cells.join(',');
    writeFileSync(csv, lines.join('\n'));
    rows.push(run(ws));
  }
  console.log(`one village's row edited: ${fmt(median(rows))} — runs ${rows.map(fmt).join(', ')}; ${rows[0]?.summary}`);

  // memory in the number of villages: cold builds of 5, 10 and 20
  if (!process.env['BENCH_VILLAGES']) {
    const peaks: string[] = [];
    for (const k of [5, 10]) {
      const w = workspace(k);
      const r = run(w);
      peaks.push(`${k}: ${r.peakMb} MB (${fmt(r)})`);
      rmSync(path.dirname(w), { recursive: true, force: true });
    }
    peaks.push(`${n}: ${cold.peakMb} MB`);
    console.log(`peak memory of a cold build by villages — ${peaks.join('; ')}`);
  }
  rmSync(path.dirname(ws), { recursive: true, force: true });
}

main();
