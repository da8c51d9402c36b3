//! dossier check [dir]: validate everything (load, plan, render) and print the 缺件清单.
//! Exit 1 when the workspace is invalid or a required item is missing.
import { prepare } from '../../build/build.js';
import { MSG } from '../messages.js';
import { printDiagnostics } from '../print.js';

export async function runCheck(dir: string): Promise<number> {
  const report = await prepare(dir);
  printDiagnostics(report.diagnostics);
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  if (!report.ok || !report.plan) {
    process.stderr.write(`${MSG.checkFailed(errors)}\n`);
    return 1;
  }
  const plan = report.plan;
  const docs = plan.volumes.reduce((n, v) => n + v.documents.length, 0);
  const lines: string[] = [];
  for (const v of plan.volumes) {
    const miss = plan.missing.filter((m) => m.volume === v.code);
    lines.push(`${v.code} ${v.title}：${v.documents.length} 件${miss.length ? `，缺 ${miss.length} 项` : ''}`);
    for (const m of miss) lines.push(`  缺：${m.item}——${m.reason}`);
  }
  process.stdout.write(`${lines.join('\n')}\n${MSG.checkSummary(plan.volumes.length, docs, plan.missing.length)}\n`);
  return plan.missing.length > 0 ? 1 : 0;
}
