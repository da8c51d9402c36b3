//! Build benchmark (issue 8): a synthetic full township — the 乡镇 catalog plus 8 village volumes for
//! each of 20 villages — built cold, rebuilt with no change, after a template edit used by 20
//! documents, and after one village's data row changes. Prints wall time, pages/s and peak memory.
//! Each measurement runs in a fresh `node` process (as a clerk runs it). Run with `npm run bench`.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { parse, stringify } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin', 'dossier.js');
const VILLAGES = 20;

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

async function makeWorkspace(dir: string): Promise<void> {
  cpSync(path.join(ROOT, 'examples', '澧源镇'), dir, { recursive: true, filter: (s) => !s.split(path.sep).includes('out') });
  // 20 villages (fictional), numbers varied from the sample rows
  const csv = readFileSync(path.join(dir, 'data', 'villages.csv'), 'utf8').trim().split('\n');
  const header = csv[0] ?? '';
  const rows = csv.slice(1);
  const out = [header];
  for (let i = 0; i < VILLAGES; i++) {
    const cells = (rows[i % rows.length] ?? '').split(',');
    const name = `${'东南西北中上下前后新'[i % 10]}${'山水林田湖岭溪'[i % 7]}村`;
    cells[0] = name;
    if (header.split(',')[1] === '委员会') cells[1] = `${name}村民委员会`;
    out.push(cells.join(','));
  }
  writeFileSync(path.join(dir, 'data', 'villages.csv'), `${out.join('\n')}\n`);
  // catalog: the township's volumes + 8 volumes per village built from the township's generated items
  const base = parse(readFileSync(path.join(ROOT, 'catalog', '乡镇计生办.yaml'), 'utf8')) as { name: string; volumes: Volume[] };
  const generated = base.volumes.flatMap((v) => v.items.filter((i) => (i.template || i.table) && !i.each));
  const volumes: Volume[] = [...base.volumes];
  const scanPdf = await scan(5);
  for (let v = 1; v <= VILLAGES; v++) {
    for (let k = 0; k < 8; k++) {
      const code = `V${String(v).padStart(2, '0')}${'ABCDEFGH'[k]}`;
      const picked = generated.filter((_, i) => i % 8 === k).slice(0, 4);
      const folder = `村${v}/卷${k + 1}`;
      mkdirSync(path.join(dir, 'attachments', folder), { recursive: true });
      writeFileSync(path.join(dir, 'attachments', folder, '上级文件扫描件.pdf'), scanPdf);
      volumes.push({ code, title: `第${v}村第${k + 1}卷`, retention: '30年', items: [...picked.map((i) => ({ ...i })), { title: '上级文件', attach: `${folder}/*.pdf` }] });
    }
  }
  mkdirSync(path.join(dir, 'catalog'), { recursive: true });
  writeFileSync(path.join(dir, 'catalog', 'bench.yaml'), stringify({ name: `${base.name}（基准测试）`, volumes }));
  const cfg = path.join(dir, 'dossier.yaml');
  // one workspace with everything in its own catalog (the villages' own dossiers: scripts/bench-units.ts)
  writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/^catalog:.*$/m, 'catalog: catalog/bench.yaml').replace(/^villages:.*\n(?:[ \t]+.*\n)*/m, ''));
}

/** Pages from the manifest: generated documents' pages and the bound volumes' numbered pages. */
function countPages(ws: string): { files: number; pages: number } {
  const m = JSON.parse(readFileSync(path.join(ws, 'out', '.dossier', 'manifest.json'), 'utf8')) as {
    documents: Record<string, { pages?: number }>;
    volumes: Record<string, { parts: { sheet: { pageCount?: number } }[] }>;
  };
  const docs = Object.values(m.documents);
  const pages = docs.reduce((n, d) => n + (d.pages ?? 0), 0);
  return { files: docs.length, pages };
}

interface Run {
  wallS: number;
  peakMb: number;
  summary: string;
}

function run(dir: string, extra: string[] = []): Run {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, 'build', dir, ...extra], { encoding: 'utf8' });
  const wallS = (performance.now() - t) / 1000;
  const peakKb = Number((r.stderr.trim().split('\n').pop() ?? '0').trim());
  const summary = (r.stdout.match(/重新生成 .*$/m) ?? [''])[0];
  if (r.status !== 0) throw new Error(`build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return { wallS, peakMb: Math.round(peakKb / 1024), summary };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  if (!existsSync('/usr/bin/time')) console.log('(install the Debian package "time" to see peak memory)');
  if (process.env['BENCH_WORKSPACE']) {
    // only generate the synthetic workspace (for profiling)
    await makeWorkspace(process.env['BENCH_WORKSPACE']);
    return;
  }
  const root = mkdtempSync(path.join(tmpdir(), 'dossier-bench-'));
  const ws = path.join(root, 'ws');
  await makeWorkspace(ws);
  const vols = (parse(readFileSync(path.join(ws, 'catalog', 'bench.yaml'), 'utf8')) as { volumes: unknown[] }).volumes.length;
  console.log(`synthetic township: ${vols} volumes, ${VILLAGES} villages (workspace ${ws})`);

  const colds: Run[] = [];
  for (let i = 0; i < 3; i++) {
    rmSync(path.join(ws, 'out'), { recursive: true, force: true });
    colds.push(run(ws));
  }
  const { files, pages } = countPages(ws);
  const cold = median(colds.map((r) => r.wallS));
  console.log(`cold build: ${cold.toFixed(2)} s (median of 3: ${colds.map((r) => r.wallS.toFixed(2)).join(', ')}); ${files} documents, ${pages} pages (plus the same pages again bound into volumes) → ${(pages / cold).toFixed(0)} document pages/s; peak ${Math.max(...colds.map((r) => r.peakMb))} MB`);
  console.log(`  ${colds[0]?.summary}`);

  const noChange = [run(ws), run(ws), run(ws)];
  console.log(`no-change rebuild: ${median(noChange.map((r) => r.wallS)).toFixed(2)} s (${noChange.map((r) => r.wallS.toFixed(2)).join(', ')}); ${noChange[0]?.summary}`);

  const tplRuns: Run[] = [];
  const tpl = path.join(ws, 'templates', '目标责任书.md.hbs');
  if (!existsSync(tpl)) cpSync(path.join(ROOT, 'templates', '目标责任书.md.hbs'), tpl);
  for (let i = 0; i < 3; i++) {
    writeFileSync(tpl, `${readFileSync(tpl, 'utf8')}\n第${i + 1}次修订。\n`);
    tplRuns.push(run(ws));
  }
  console.log(`one template edit (目标责任书, used by ${VILLAGES} documents): ${median(tplRuns.map((r) => r.wallS)).toFixed(2)} s (${tplRuns.map((r) => r.wallS.toFixed(2)).join(', ')}); ${tplRuns[0]?.summary}`);

  const rowRuns: Run[] = [];
  const csvPath = path.join(ws, 'data', 'villages.csv');
  for (let i = 0; i < 3; i++) {
    const lines = readFileSync(csvPath, 'utf8').split('\n');
    const cells = (lines[3] ?? '').split(',');
    const last = cells.length - 1;
    cells[last] = String(Number(cells[last]) + 1);
    lines[3] = cells.join(',');
    writeFileSync(csvPath, lines.join('\n'));
    rowRuns.push(run(ws));
  }
  console.log(`one village row edit: ${median(rowRuns.map((r) => r.wallS)).toFixed(2)} s (${rowRuns.map((r) => r.wallS.toFixed(2)).join(', ')}); ${rowRuns[0]?.summary}`);
  const all = [...colds, ...noChange, ...tplRuns, ...rowRuns];
  console.log(`peak memory over all runs: ${Math.max(...all.map((r) => r.peakMb))} MB`);

  // LibreOffice comparison, when installed
  let soffice = '';
  try {
    soffice = execFileSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], { encoding: 'utf8' }).trim();
  } catch {
    soffice = '';
  }
  if (soffice) {
    const docx: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const abs = path.join(d, n);
        if (statSync(abs).isDirectory()) walk(abs);
        else if (n.endsWith('.docx') && docx.length < 20 && path.basename(path.dirname(abs)).includes('-')) docx.push(abs);
      }
    };
    walk(path.join(ws, 'out'));
    const lo = path.join(root, 'lo');
    mkdirSync(lo);
    const t = performance.now();
    spawnSync(soffice, [`-env:UserInstallation=file://${root}/lo-profile`, '--headless', '--convert-to', 'pdf', '--outdir', lo, ...docx], { encoding: 'utf8' });
    const loS = (performance.now() - t) / 1000;
    let loPages = 0;
    for (const f of readdirSync(lo)) loPages += (await PDFDocument.load(readFileSync(path.join(lo, f)), { updateMetadata: false })).getPageCount();
    let ourPages = 0;
    for (const p of docx.map((d) => d.replace(/\.docx$/, '.pdf')).filter(existsSync)) ourPages += (await PDFDocument.load(readFileSync(p), { updateMetadata: false })).getPageCount();
    console.log(`LibreOffice: ${docx.length} DOCX → ${loPages} pages in ${loS.toFixed(2)} s (${((loS * 1000) / Math.max(1, loPages)).toFixed(0)} ms/page); ours: ${ourPages} pages at ${((cold * 1000) / Math.max(1, pages)).toFixed(1)} ms/page in the cold build`);
  } else console.log('LibreOffice (soffice) not installed: skipping the DOCX→PDF comparison');
  rmSync(root, { recursive: true, force: true });
}

await main();
