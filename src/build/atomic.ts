//! The only place that writes outputs. A commit is two phases: every file is first written to a
//! temporary name beside its target, then all are renamed into place. A failure in phase one (read-only
//! folder, full disk) removes the temporaries and leaves every earlier output untouched.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';

let counter = 0;

export interface OutputFile {
  /** absolute target path */
  path: string;
  data: Uint8Array | string;
  /** hash of what the file was made from, when the maker can skip an unchanged file next time */
  key?: string;
}

function tmpName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${counter++}.tmp`);
}

/** Why a write failed, in words a clerk can act on. */
function explain(e: unknown, display: string): Diagnostic {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  const base = { severity: 'error' as const, code: `write-${code.toLowerCase() || 'failed'}`, file: display };
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return { ...base, message: '没有权限写入这个位置（文件夹只读，或文件正被其他程序占用）', hint: '关闭正在打开这个文件的 WPS/Word/PDF 阅读器，检查 out/ 文件夹是否只读，然后重新生成。' };
    case 'EBUSY':
      return { ...base, message: '文件正被其他程序占用，无法覆盖', hint: '关闭正在打开这个文件的 WPS/Word/PDF 阅读器后重新生成。' };
    case 'ENOSPC':
      return { ...base, message: '磁盘空间不足，无法写出文件', hint: '清理磁盘空间后重新生成。' };
    case 'ENAMETOOLONG':
      return { ...base, message: '文件路径太长', hint: '把工作区放到路径较短的文件夹，或缩短卷名/题名。' };
    default:
      return { ...base, message: `无法写出文件（${code || (e instanceof Error ? e.message : String(e))}）`, hint: '检查磁盘和文件夹权限后重新生成。' };
  }
}

/**
 * Write all files or none. Returns diagnostics instead of throwing for I/O problems; `display`
 * turns an absolute path into what the user sees.
 */
export function commitFiles(files: readonly OutputFile[], display: (abs: string) => string): Diagnostic[] {
  const staged: { tmp: string; target: string }[] = [];
  try {
    for (const f of files) {
      mkdirSync(path.dirname(f.path), { recursive: true });
      const tmp = tmpName(f.path);
      staged.push({ tmp, target: f.path });
      writeFileSync(tmp, f.data);
    }
  } catch (e) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    const failed = staged[staged.length - 1]?.target ?? files[0]?.path ?? '';
    return [explain(e, display(failed))];
  }
  const problems: Diagnostic[] = [];
  for (const s of staged) {
    try {
      renameSync(s.tmp, s.target);
    } catch (e) {
      rmSync(s.tmp, { force: true });
      problems.push(explain(e, display(s.target)));
    }
  }
  return problems;
}

/** One file, atomically (temporary name, then rename); throws on I/O errors. */
export function writeAtomic(file: string, data: Uint8Array | string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = tmpName(file);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
