//! Anchors (issue 16): our time per page against Typst's on the same 20-page 通知 with the same font files.
//! Typst runs through @myriaddreamin/typst-ts-node-compiler (Typst 0.14), installed on first use into a
//! cache folder without touching package.json (`npm install --no-save --prefix`). Measured: 20 different
//! documents in one process (the first included, then the median of the others), and a process that makes
//! one document (start-up included). Each side is paired with the yardstick. `npm run bench:anchors`.
//!   node dist/scripts/bench-anchors.js --one ours|typst <out.pdf>   one document in this process (used by the bench)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFonts, type FontSet } from '../src/fonts/resolve.js';
import { encodeDoc } from '../src/generators/pdf/encode.js';
import { MemorySink } from '../src/generators/pdf/file.js';
import { writeEncodedPdf } from '../src/generators/pdf/write.js';
import { layoutDocument } from '../src/layout/index.js';
import { lowerDocument } from '../src/model/lower.js';
import type { SourceDocument } from '../src/model/source.js';
import { document, sourceDocument, typstSource } from './bench-docs.js';
import { median, range, yardstick } from './bench-build.js';

const TYPST_PKG = '@myriaddreamin/typst-ts-node-compiler';
const TYPST_VERSION = '0.7.0';
const CACHE = process.env['TYPST_DIR'] ?? path.join(tmpdir(), 'dossier-anchors');
const SELF = fileURLToPath(import.meta.url);
const created = new Date('2025-09-05T00:00:00Z');
const DOCS = 20;

interface TypstDoc {
  numOfPages: number;
}
interface TypstCompiler {
  compile(o: { mainFileContent: string }): { result: TypstDoc | null; printErrors(): void };
  pdf(d: TypstDoc, o?: Record<string, unknown>): Buffer;
}
interface TypstModule {
  NodeCompiler: { create(o: { fontArgs: { fontPaths: string[] }[] }): TypstCompiler };
}

function typstModule(): TypstModule {
  const dir = path.join(CACHE, 'node_modules', ...TYPST_PKG.split('/'));
  if (!existsSync(dir)) {
    mkdirSync(CACHE, { recursive: true });
    process.stderr.write(`installing ${TYPST_PKG}@${TYPST_VERSION} into ${CACHE} (not saved in package.json)…\n`);
    const r = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', CACHE, `${TYPST_PKG}@${TYPST_VERSION}`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm install ${TYPST_PKG} failed:\n${r.stderr}`);
  }
  return createRequire(path.join(CACHE, 'package.json'))(TYPST_PKG) as TypstModule;
}

/** A folder holding exactly our FontSet's files, for Typst to find the same faces. */
function fontDir(fonts: FontSet): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dossier-anchor-fonts-'));
  for (const f of fonts.list) {
    const link = path.join(dir, path.basename(f.path));
    if (!existsSync(link)) symlinkSync(f.path, link);
  }
  return dir;
}

/** The 20-page 通知 of seed `seed` (paragraphs added until it lays out to 20 pages). */
function twentyPages(seed: number, fonts: FontSet): SourceDocument {
  let n = 60;
  const pages = (k: number) => layoutDocument(document(seed, k), fonts).pages.length;
  while (pages(n) < 20) n += 3;
  while (pages(n) > 20) n -= 1;
  return sourceDocument(seed, n);
}

/** Ours from the document as written: composition (the lowering pass), layout, encoding and the file. */
async function ours(src: SourceDocument, fonts: FontSet): Promise<{ ms: number; pages: number; bytes: number }> {
  const t = performance.now();
  const paged = layoutDocument(lowerDocument(src), fonts);
  const sink = new MemorySink();
  await writeEncodedPdf(encodeDoc(paged, fonts), fonts, sink, { created });
  return { ms: performance.now() - t, pages: paged.pages.length, bytes: sink.bytes().length };
}

function typst(compiler: TypstCompiler, doc: SourceDocument): { ms: number; pages: number; bytes: number } {
  const t = performance.now();
  const r = compiler.compile({ mainFileContent: typstSource(doc) });
  if (!r.result) {
    r.printErrors();
    throw new Error('typst compile failed');
  }
  const pdf = compiler.pdf(r.result);
  return { ms: performance.now() - t, pages: r.result.numOfPages, bytes: pdf.length };
}

/** `--one ours|typst`: one document in this process, then exit (the parent times the whole process). */
async function one(which: string, out: string): Promise<void> {
  const fonts = await loadFonts({ searchSystem: false });
  const doc = sourceDocument(1, 75);
  if (which === 'ours') {
    const paged = layoutDocument(lowerDocument(doc), fonts);
    const sink = new MemorySink();
    await writeEncodedPdf(encodeDoc(paged, fonts), fonts, sink, { created });
    writeFileSync(out, sink.bytes());
  } else {
    const compiler = typstModule().NodeCompiler.create({ fontArgs: [{ fontPaths: [process.argv[5] ?? ''] }] });
    const r = compiler.compile({ mainFileContent: typstSource(doc) });
    if (!r.result) throw new Error('typst compile failed');
    writeFileSync(out, compiler.pdf(r.result));
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === '--one') return one(process.argv[3] ?? 'ours', process.argv[4] ?? path.join(tmpdir(), 'one.pdf'));
  const fonts = await loadFonts({ searchSystem: false });
  const dir = fontDir(fonts);
  const mod = typstModule();
  const docs = Array.from({ length: DOCS }, (_, i) => twentyPages(100 + i, fonts));
  const y0 = yardstick();

  // 20 documents in one process each
  const oursRuns: { ms: number; pages: number; bytes: number }[] = [];
  for (const d of docs) oursRuns.push(await ours(d, fonts));
  const y1 = yardstick();
  const compiler = mod.NodeCompiler.create({ fontArgs: [{ fontPaths: [dir] }] });
  const typstRuns: { ms: number; pages: number; bytes: number }[] = [];
  for (const d of docs) typstRuns.push(typst(compiler, d));
  const y2 = yardstick();

  const perPage = (rs: typeof oursRuns) => rs.reduce((s, r) => s + r.ms, 0) / rs.reduce((s, r) => s + r.pages, 0);
  const warmPerPage = (rs: typeof oursRuns) => median(rs.slice(1).map((r) => r.ms / r.pages));
  const o = perPage(oursRuns);
  const t = perPage(typstRuns);
  console.log(`yardstick: ${range([y0, y1, y2], 2)} s`);
  console.log(`${DOCS} documents of ${docs.length ? oursRuns[0]?.pages : 0} pages in one process (the first included):`);
  console.log(`  ours  ${o.toFixed(2)} ms/page (after the first: median ${warmPerPage(oursRuns).toFixed(2)} ms/page), ${(oursRuns.reduce((s, r) => s + r.bytes, 0) / DOCS / 1024).toFixed(0)} KB/document`);
  console.log(`  Typst ${t.toFixed(2)} ms/page (after the first: median ${warmPerPage(typstRuns).toFixed(2)} ms/page), ${(typstRuns.reduce((s, r) => s + r.bytes, 0) / DOCS / 1024).toFixed(0)} KB/document, ${typstRuns[0]?.pages} pages`);
  console.log(`  ours ÷ Typst per page: ${(o / t).toFixed(2)}× (target ≤ 0.7×); after the first document: ${(warmPerPage(oursRuns) / warmPerPage(typstRuns)).toFixed(2)}×`);

  // a process that makes one document
  const out = path.join(dir, 'one.pdf');
  const proc = (which: string) => {
    const s = performance.now();
    const r = spawnSync(process.execPath, [SELF, '--one', which, out, dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`--one ${which} failed: ${r.stderr}`);
    return (performance.now() - s) / 1000;
  };
  const oneOurs = [proc('ours'), proc('ours'), proc('ours')];
  const oneTypst = [proc('typst'), proc('typst'), proc('typst')];
  console.log(`one document in a fresh process: ours ${range(oneOurs, 2)} s, Typst ${range(oneTypst, 2)} s → ${(median(oneOurs) / median(oneTypst)).toFixed(2)}×`);
  rmSync(dir, { recursive: true, force: true });
}

await main();
