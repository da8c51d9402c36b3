//! Diagnostic: one problem found in a workspace, in Chinese, with file, line, column and a fix.
//! User errors are returned as lists (all problems at once); only bugs throw.

export type Severity = 'error' | 'warning';

/** 诊断信息 */
export interface Diagnostic {
  severity: Severity;
  /** stable code, e.g. yaml-syntax, schema-unknown-key, template-missing-value */
  code: string;
  /** file path relative to the workspace (or the built-in file) */
  file?: string;
  line?: number;
  column?: number;
  /** what is wrong, in Chinese */
  message: string;
  /** how to fix it, in Chinese */
  hint?: string;
}

/** Stable order: by file, then line, then column, then message. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      a.message.localeCompare(b.message),
  );
}

/** Render diagnostics grouped by file, with a count, as the CLI prints them. */
export function formatDiagnostics(ds: readonly Diagnostic[]): string {
  const sorted = sortDiagnostics(ds);
  const groups = new Map<string, Diagnostic[]>();
  for (const d of sorted) {
    const key = d.file ?? '（工作区）';
    const list = groups.get(key) ?? [];
    list.push(d);
    groups.set(key, list);
  }
  const lines: string[] = [];
  for (const [file, list] of groups) {
    lines.push(`${file}（${list.length} 个问题）`);
    for (const d of list) {
      const pos = d.line === undefined ? '' : d.column === undefined ? `第 ${d.line} 行：` : `第 ${d.line} 行第 ${d.column} 列：`;
      const tag = d.severity === 'error' ? '错误' : '警告';
      lines.push(`  ${tag} ${pos}${d.message}`);
      if (d.hint) lines.push(`    修改建议：${d.hint}`);
    }
  }
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.length - errors;
  lines.push(`共 ${errors} 个错误，${warnings} 个警告。`);
  return lines.join('\n');
}
