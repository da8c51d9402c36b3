#!/usr/bin/env node
// 案卷生成器命令行入口：运行编译后的 dist/src/cli/main.js。
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
