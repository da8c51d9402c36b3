// Test helper: load + plan + render a workspace and list its diagnostics as one line each.
import { prepare, type BuildReport } from '../../src/build/build.js';
import { sortDiagnostics, type Diagnostic } from '../../src/diag/diagnostic.js';
import { makeWorkspace, type Files } from './workspace.js';

export function line(d: Diagnostic): string {
  const pos = d.line === undefined ? '' : d.column === undefined ? `:${d.line}` : `:${d.line}:${d.column}`;
  return `${d.severity === 'error' ? 'E' : 'W'} ${d.file ?? ''}${pos} ${d.message}`;
}

export async function diagnose(files: Files): Promise<{ lines: string[]; report: BuildReport; dir: string }> {
  const dir = makeWorkspace(files);
  const report = await prepare(dir);
  return { lines: sortDiagnostics(report.diagnostics).map(line), report, dir };
}
