#!/usr/bin/env node
// 案卷生成器命令行入口：优先运行打包后的 dist/bundle/dossier.mjs（启动更快），没有时运行 dist/src/cli/main.js。
import { existsSync } from 'node:fs';

const bundled = new URL('../dist/bundle/dossier.mjs', import.meta.url);
const { main } = await import(existsSync(bundled) ? bundled.href : '../dist/src/cli/main.js');

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
