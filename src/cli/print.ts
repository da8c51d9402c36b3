//! Printing diagnostics and summaries to the terminal.
import { formatDiagnostics, type Diagnostic } from '../diag/diagnostic.js';

export function printDiagnostics(ds: readonly Diagnostic[]): void {
  if (ds.length === 0) return;
  process.stderr.write(`${formatDiagnostics(ds)}\n`);
}
