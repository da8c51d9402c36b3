//! dossier units [dir]: the names of the workspace's units (villages: / townships:), one per line — for a
//! county's scripts that run one `dossier build --only <名>` per township on a CI matrix or a Kubernetes Job.
import { loadWorkspace } from '../../workspace/load.js';
import { unitsOf } from '../../workspace/units.js';
import { printDiagnostics } from '../print.js';

export async function runUnits(dir: string): Promise<number> {
  const { workspace, diagnostics } = await loadWorkspace(dir);
  if (!workspace) {
    printDiagnostics(diagnostics);
    return 1;
  }
  const { units, diagnostics: problems } = unitsOf(workspace);
  printDiagnostics(problems.filter((d) => d.severity === 'error'));
  for (const u of units) process.stdout.write(`${u.name}\n`);
  return problems.some((d) => d.severity === 'error') ? 1 : 0;
}
