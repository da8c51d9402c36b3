// `npm run bench:exe`: dist/dossier.exe under Wine against the Linux CLI, in one run (shared machines are
// noisy: the ratios are what to compare). Fresh processes, runs interleaved, medians.
//   --help: dossier.exe vs `node bin/dossier.js`; yardstick: the plain node.exe (`--version`) under Wine
//   build of the example workspace (fresh out/): dossier.exe on a Z:\ path vs the Linux CLI
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const exe = path.join(root, 'dist', 'dossier.exe');
if (!existsSync(exe)) throw new Error('no dist/dossier.exe: npm run build:exe first');
const pin = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).dossierExe.node;
const nodeExe = path.join(root, 'node_modules', '.cache', 'dossier-exe', `node-v${pin}-win-x64.exe`);
const env = { ...process.env, WINEPREFIX: process.env.DOSSIER_WINEPREFIX ?? path.join(tmpdir(), 'dossier-wine'), WINEDEBUG: '-all', NODE_SKIP_PLATFORM_CHECK: '1' };
const runs = Number(process.env.RUNS ?? 5);
const win = (p) => `Z:${p.replace(/\//g, '\\')}`;

function time(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'ignore'] });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return (performance.now() - t0) / 1000;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (x) => `${x.toFixed(2)} s`;

spawnSync('wine', [exe, '--help'], { env, stdio: 'ignore' }); // the Wine prefix exists, the files are cached

const help = { exe: [], linux: [], nodeExe: [] };
for (let i = 0; i < runs; i++) {
  help.exe.push(time('wine', [exe, '--help']));
  help.linux.push(time(process.execPath, [path.join(root, 'bin/dossier.js'), '--help']));
  help.nodeExe.push(time('wine', [nodeExe, '--version']));
}

const buildRuns = Number(process.env.BUILD_RUNS ?? 3);
const build = { exe: [], linux: [] };
const scratch = mkdtempSync(path.join(tmpdir(), 'dossier-bench-exe-'));
for (let i = 0; i < buildRuns; i++) {
  for (const side of ['exe', 'linux']) {
    const dir = path.join(scratch, `${side}-${i}`, '澧源镇');
    cpSync(path.join(root, 'examples/澧源镇'), dir, { recursive: true, filter: (f) => !f.split(path.sep).includes('out') });
    build[side].push(side === 'exe' ? time('wine', [exe, 'build', win(dir)]) : time(process.execPath, [path.join(root, 'bin/dossier.js'), 'build', dir]));
  }
}
rmSync(scratch, { recursive: true, force: true });

const h = { exe: median(help.exe), linux: median(help.linux), nodeExe: median(help.nodeExe) };
const b = { exe: median(build.exe), linux: median(build.linux) };
process.stdout.write(
  [
    `dossier.exe ${(statSync(exe).size / 1048576).toFixed(1)} MB (Node ${pin})`,
    `--help, cold process, median of ${runs}: dossier.exe under Wine ${s(h.exe)}; Linux CLI ${s(h.linux)} (Wine/Linux ${(h.exe / h.linux).toFixed(1)}×); yardstick: plain node.exe --version under Wine ${s(h.nodeExe)} (dossier.exe − node.exe ${s(h.exe - h.nodeExe)})`,
    `example workspace build (96 documents, fresh out/), median of ${buildRuns}: dossier.exe under Wine ${s(b.exe)}; Linux CLI ${s(b.linux)} (Wine/Linux ${(b.exe / b.linux).toFixed(2)}×)`,
    `raw: ${JSON.stringify({ help, build })}`,
    '',
  ].join('\n'),
);
