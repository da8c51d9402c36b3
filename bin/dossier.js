#!/usr/bin/env node
// 案卷生成器命令行入口。
// 优先运行打包后的 dist/bundle/dossier.cjs，并借助 V8 代码缓存（dist/bundle/dossier.v8cache，第一次生成后写出）
// 省去每次启动时重新编译代码；缓存不可用时运行 dist/bundle/dossier.mjs；打包文件不存在或比编译结果旧
// （只运行了 tsc）时运行 dist/src/cli/main.js。
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', 'dist');
const mtime = (f) => statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const compiled = path.join(dist, 'src', 'cli', 'main.js');
const cjs = path.join(dist, 'bundle', 'dossier.cjs');
const mjs = path.join(dist, 'bundle', 'dossier.mjs');
const cacheFile = path.join(dist, 'bundle', `dossier.${process.version}-${process.arch}.v8cache`);

/** The bundled CLI compiled with V8's code cache; `save` keeps the cache (with what this run compiled) for the next start. */
function loadCached() {
  // (the bundle has no import(): esbuild turned each into require(), which a vm.Script can run)
  const loader = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(readFileSync(cjs, 'utf8')), { filename: cjs, cachedData, ...(loader !== undefined ? { importModuleDynamically: loader } : {}) });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, createRequire(cjs), mod, cjs, path.dirname(cjs));
  const stale = cachedData === undefined || script.cachedDataRejected === true;
  const save = () => {
    if (!stale) return;
    try {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    } catch {
      // a read-only install: every start compiles, as without the cache
    }
  };
  return { main: mod.exports.main, save };
}

let entry;
if (mtime(cjs) >= mtime(compiled)) entry = loadCached();
const { main } = entry ?? (await import((mtime(mjs) >= mtime(compiled) ? new URL('../dist/bundle/dossier.mjs', import.meta.url) : new URL('../dist/src/cli/main.js', import.meta.url)).href));

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // the cache is made after a build, so that it holds the layout and writers' code too
  if (process.argv[2] === 'build') entry?.save();
});
