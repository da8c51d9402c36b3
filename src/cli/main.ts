//! dossier command line: init / build / check (DESIGN.md §3). Exit codes: 0 ok, 1 incomplete or
//! invalid workspace, 2 usage. Never prints a stack trace for user errors.
import { Command, CommanderError } from 'commander';
import { runBuild } from './commands/build.js';
import { MSG } from './messages.js';
import { UsageError } from './usage-error.js';
import { WORD_MSG } from './word-messages.js';

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command();
  program
    .name('dossier')
    .description(MSG.programDescription)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(`${MSG.usage}：${translateCommander(s)}\n`),
    })
    .helpOption('-h, --help', '显示帮助')
    // help in Chinese: headings and placeholders too (subcommands inherit this)
    .configureHelp({
      styleTitle: (t) => MSG.helpTitles[t] ?? t,
      styleUsage: zhPlaceholders,
      styleSubcommandTerm: zhPlaceholders,
      styleOptionDescription: zhDefaults,
      styleArgumentDescription: zhDefaults,
      displayWidth: columns,
    })
    .addHelpCommand(false)
    .showHelpAfterError('（用 dossier --help 查看用法）');

  program
    .command('init')
    .description(MSG.initDescription)
    .argument('<dir>', '新工作区的文件夹')
    .option('--catalog <name>', `${MSG.optCatalog}（默认：乡镇计生办）`)
    .option('--from <dir>', MSG.optFrom)
    .option('--year <n>', MSG.optYear)
    .action(async (dir: string, o: { catalog?: string; from?: string; year?: string }) => {
      if (o.from !== undefined) {
        if (o.catalog !== undefined) throw new UsageError(MSG.fromWithCatalog);
        const { initFrom } = await import('./commands/init-from.js');
        code = await initFrom(dir, o.from, o.year);
      } else if (o.year !== undefined) throw new UsageError(MSG.yearWithoutFrom);
      else code = await (await import('./commands/init.js')).initWorkspace(dir, o.catalog ?? '乡镇计生办');
    });

  program
    .command('build')
    .description(MSG.buildDescription)
    .argument('[dir]', MSG.dirArg, '.')
    .option('--format <list>', MSG.optFormat)
    .option('--volume <codes>', MSG.optVolume)
    .option('--force', MSG.optForce, false)
    .option('--watch', MSG.optWatch, false)
    .option('--zip', MSG.optZip, false)
    .option('--model', MSG.optModel, false)
    .option('--explain', MSG.optExplain, false)
    .option('--jobs <n>', MSG.optJobs)
    .option('--only <units>', MSG.optOnly)
    .action(async (dir: string, o: { format?: string; volume?: string; force: boolean; watch: boolean; zip: boolean; model: boolean; explain: boolean; jobs?: string; only?: string }) => {
      code = await runBuild(dir, o);
    });

  program
    .command('check')
    .description(MSG.checkDescription)
    .argument('[dir]', MSG.dirArg, '.')
    .option('--explain', WORD_MSG.optExplain, false)
    .option('--only <units>', MSG.optOnly)
    .action(async (dir: string, o: { explain: boolean; only?: string }) => {
      const only = o.only?.split(/[,，]/).map((x) => x.trim()).filter(Boolean);
      code = await (await import('./commands/check.js')).runCheck(dir, { explain: o.explain, ...(only?.length ? { only } : {}) });
    });

  // Word files (issue 18)
  program
    .command('import')
    .description(WORD_MSG.importDescription)
    .argument('<file>', WORD_MSG.importFileArg)
    .option('--name <名称>', WORD_MSG.optName)
    .option('--dir <dir>', WORD_MSG.optWorkspace, '.')
    .option('--force', WORD_MSG.optForceImport, false)
    .action(async (file: string, o: { name?: string; dir: string; force: boolean }) => {
      const { runImport } = await import('./commands/import.js');
      code = await runImport(file, o);
    });

  program
    .command('export-template')
    .description(WORD_MSG.exportDescription)
    .argument('<名称>', WORD_MSG.exportNameArg)
    .option('--dir <dir>', WORD_MSG.optWorkspace, '.')
    .option('--out <file>', WORD_MSG.optOut)
    .action(async (name: string, o: { dir: string; out?: string }) => {
      const { runExportTemplate } = await import('./commands/import.js');
      code = await runExportTemplate(name, o);
    });

  program
    .command('units')
    .description(MSG.unitsDescription)
    .argument('[dir]', MSG.dirArg, '.')
    .action(async (dir: string) => {
      const { runUnits } = await import('./commands/units.js');
      code = await runUnits(dir);
    });

  program
    .command('serve')
    .description(MSG.serveDescription)
    .argument('[dir]', MSG.dirArg, '.')
    .option('--port <n>', MSG.optPort)
    .option('--no-open', MSG.optNoOpen)
    .action(async (dir: string, o: { port?: string; open: boolean }) => {
      // the web server's modules load only for `dossier serve`
      const { runServe } = await import('./commands/serve.js');
      code = await runServe(dir, o);
    });

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`${MSG.usage}：${e.message}\n`);
      return 2;
    }
    const busy = fileInUse(e);
    if (busy) {
      process.stderr.write(`${busy}\n`);
      return 1;
    }
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    process.stderr.write(`${MSG.internal}\n${msg}\n`);
    if (process.env['DOSSIER_DEBUG'] && e instanceof Error) process.stderr.write(`${e.stack ?? ''}\n`);
    return 3;
  }
}

/** A file another program holds open (Windows: WPS, Excel …), or one we may not touch: said in Chinese, not reported as our bug. */
export function fileInUse(e: unknown): string | undefined {
  const io = e as NodeJS.ErrnoException | undefined;
  return (io?.code === 'EBUSY' || io?.code === 'EPERM' || io?.code === 'EACCES') && io.path ? MSG.fileBusy(io.path, io.code) : undefined;
}

function zhPlaceholders(s: string): string {
  return s.replace('[options]', '[选项]').replace('[command]', '[命令]');
}

/** "(default: x)" in Chinese; defaults that say nothing (false, the current folder) left out. */
function zhDefaults(s: string): string {
  return s.replace(/ \(default: (false|"\.")\)/, '').replace(/ \(default: "?([^")]*)"?\)/, '（默认：$1）');
}

/** Width in a terminal's columns: Chinese characters and full-width forms take two. */
function columns(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return n;
}

function translateCommander(s: string): string {
  return s
    .replace(/^error: /, '')
    .replace(/unknown option '([^']+)'/, '不认识的选项 $1')
    .replace(/unknown command '([^']+)'/, '不认识的命令 $1（可用：init、build、check、serve、units、import、export-template）')
    .replace(/missing required argument '([^']+)'/, '缺少参数 $1')
    .replace(/option '([^']+)' argument missing/, '选项 $1 缺少取值')
    .replace(/too many arguments(?: for '([^']+)')?\. Expected (\d+) arguments? but got (\d+)\./, '参数太多')
    .replace(/option '([^']+)' argument '([^']*)' is invalid\.?/, '选项 $1 的取值“$2”不对')
    // commander's suggestion for a misspelt option or command, in Chinese on the same line
    .replace(/\s*\(Did you mean ([^?]+)\?\)/, '（是不是想写 $1？）')
    .trim();
}
