#!/usr/bin/env node
// 案卷生成器命令行入口：优先运行打包后的 dist/bundle/dossier.mjs（启动更快）；
// 没有打包文件，或它比编译结果旧（只运行了 tsc）时，运行 dist/src/cli/main.js。
import { statSync } from 'node:fs';

const bundled = new URL('../dist/bundle/dossier.mjs', import.meta.url);
const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
const mtime = (u) => statSync(u, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const { main } = await import((mtime(bundled) >= mtime(compiled) ? bundled : compiled).href);

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
