//! dossier check [dir]: validate everything (load, plan, render) and print the 缺件清单 summary —
//! per volume: documents, 齐全/部分缺/缺 and progress, then every missing or partial item with what to do.
//! Exit 1 when the workspace is invalid or a required item is missing, so county offices can script it.
import { prepare } from '../../build/build.js';
import { missingReport, percentText } from '../../build/report.js';
import { MSG } from '../messages.js';
import { printDiagnostics } from '../print.js';
import { printWordExplanations } from './explain.js';

export async function runCheck(dir: string, o: { explain?: boolean } = {}): Promise<number> {
  const report = await prepare(dir);
  printDiagnostics(report.diagnostics);
  if (o.explain && report.workspace) printWordExplanations(report.workspace);
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  if (!report.ok || !report.plan) {
    process.stderr.write(`${MSG.checkFailed(errors)}\n`);
    return 1;
  }
  const plan = report.plan;
  const summary = missingReport(plan, report.workspace);
  const docs = plan.volumes.reduce((n, v) => n + v.documents.length, 0);
  const lines: string[] = [`缺件清单：${plan.unit.name} ${plan.year} 年度`];
  for (const v of summary.volumes) {
    const parts = [`${v.documents} 件`, `齐全 ${v.present}/${v.required} 项`];
    if (v.partial) parts.push(`部分缺 ${v.partial} 项`);
    if (v.missing) parts.push(`缺 ${v.missing} 项`);
    lines.push(`${v.code} ${v.title}：${parts.join('，')}（进度 ${percentText(v.progress)}）`);
    for (const it of v.items) {
      if (it.status === 'missing') lines.push(`  缺：${it.title}——${it.note}`);
      else if (it.status === 'partial') lines.push(`  部分缺：${it.title}——${it.note}`, ...(it.details ?? []).map((d) => `    ${d}`));
    }
  }
  lines.push(MSG.checkSummary(plan.volumes.length, docs, plan.missing.length));
  const partial = summary.partial ? `，另有 ${summary.partial} 项部分缺` : '';
  lines.push(`总进度 ${percentText(summary.progress)}${partial}。生成（dossier build）时会写出 缺件清单.html 与 缺件清单.md。`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return plan.missing.length > 0 ? 1 : 0;
}
