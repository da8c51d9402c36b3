//! dossier check [dir]: validate everything (load, plan, render) and print the 缺件清单 summary —
//! per volume: documents, 齐全/部分缺/缺 and progress, then every missing or partial item with what to do.
//! A workspace with units (villages:) checks each unit too: its problems under its name and one line.
//! Exit 1 when the workspace or a unit is invalid or a required item is missing, so county offices can script it.
import type { BuildReport } from '../../build/build.js';
import { missingReport, percentText } from '../../build/report.js';
import { checkAll } from '../../build/units.js';
import { MSG } from '../messages.js';
import { printDiagnostics } from '../print.js';

export async function runCheck(dir: string, o: { explain?: boolean; only?: string[] } = {}): Promise<number> {
  let failed = false;
  let unitCount = 0;
  const { top, diagnostics } = await checkAll(
    dir,
    (u) => {
      unitCount++;
      const name = u.path.join('/');
      const errors = u.report.diagnostics.filter((d) => d.severity === 'error').length;
      if (u.report.diagnostics.length) {
        process.stderr.write(`${MSG.unitHeading(name)}\n`);
        printDiagnostics(u.report.diagnostics);
      }
      if (!u.report.ok || !u.report.plan) {
        failed = true;
        process.stdout.write(`${MSG.unitFailed(name, errors)}\n`);
        return;
      }
      const s = missingReport(u.report.plan, u.report.workspace);
      const missing = s.volumes.reduce((n, v) => n + v.missing + v.partial, 0);
      if (u.report.plan.missing.length) failed = true;
      process.stdout.write(`${MSG.unitChecked(name, u.report.plan.volumes.length, missing, percentText(s.progress))}\n`);
    },
    o.only,
  );
  printDiagnostics(diagnostics);
  if (diagnostics.some((d) => d.severity === 'error')) return 1;
  if (!top) return failed ? 1 : 0;
  if (unitCount) process.stdout.write(`${MSG.unitHeading(top.workspace?.unit.name ?? MSG.unitSelf)}\n`);
  return (await printTop(top, o.explain === true)) || failed ? 1 : 0;
}

/** The workspace's own check: its problems, then the 缺件清单 summary. 1 when invalid or incomplete. */
async function printTop(report: BuildReport, explain: boolean): Promise<number> {
  printDiagnostics(report.diagnostics);
  if (explain && report.workspace) (await import('./explain.js')).printWordExplanations(report.workspace);
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
