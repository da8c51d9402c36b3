//! Small files written atomically (temporary name beside the target, then rename): the caches under
//! out/.dossier. Outputs go through staging.ts and commit.ts instead. Also: why a write failed, in
//! words a clerk can act on.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';

let counter = 0;

/** `.name.pid.n.tmp` beside the file (swept by the next build if a kill leaves it: commit.ts). */
function tmpName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${counter++}.tmp`);
}

/** Why a write failed, in words a clerk can act on. */
export function explainWriteError(e: unknown, display: string): Diagnostic {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  const base = { severity: 'error' as const, code: `write-${code.toLowerCase() || 'failed'}`, file: display };
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return { ...base, message: '没有权限写入这个位置（文件夹只读，或文件正被其他程序占用）', hint: '关闭正在打开这个文件的 WPS/Word/PDF 阅读器，检查 out/ 文件夹是否只读，然后重新生成。' };
    case 'EROFS':
      return { ...base, message: '这个位置所在的磁盘是只读的，无法写入', hint: '把工作区复制到可以写入的磁盘或文件夹（不要放在光盘、只读共享文件夹里），然后重新生成。' };
    case 'EBUSY':
      return { ...base, message: '文件正被其他程序占用，无法覆盖', hint: '关闭正在打开这个文件的 WPS/Word/PDF 阅读器后重新生成。' };
    case 'ENOSPC':
      return { ...base, message: '磁盘空间不足，无法写出文件', hint: '清理磁盘空间后重新生成。' };
    case 'ENAMETOOLONG':
      return { ...base, message: '文件路径太长', hint: '把工作区放到路径较短的文件夹，或缩短卷名/题名。' };
    case 'EISDIR':
      return { ...base, message: '要写出的文件位置上有一个同名文件夹', hint: '把这个文件夹移走或改名（它不是本程序生成的），然后重新生成。' };
    default:
      return { ...base, message: `无法写出文件（${code || (e instanceof Error ? e.message : String(e))}）`, hint: '检查磁盘和文件夹权限后重新生成。' };
  }
}

/** Why out/.dossier (the build's records: lock, staging, manifest, cache) cannot be used. */
export function explainRecordsError(e: unknown, display: string): Diagnostic {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (code === 'EEXIST' || code === 'ENOTDIR')
    return { severity: 'error', code: 'records-not-a-folder', file: display, message: 'out/.dossier 应当是存放生成记录的文件夹，现在却是一个文件', hint: '删除或改名 out/.dossier 这个文件（它不是本程序生成的），然后重新生成。' };
  const d = explainWriteError(e, display);
  return code === 'ENAMETOOLONG' ? d : { ...d, message: `${d.message}（生成记录文件夹 out/.dossier）` };
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
