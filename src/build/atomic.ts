//! Small writes: the caches under out/.dossier (writeAtomic), and commitFiles for the few files written
//! outside a build (the units' summary). A build's outputs go through staging.ts and commit.ts. Also: why a
//! write failed, in words a clerk can act on. commitFiles is two phases: every file is first written to a
//! temporary name beside its target, then all are renamed into place. A failure in phase one (read-only
//! folder, full disk) removes the temporaries and leaves every earlier output untouched. On Windows a
//! file open in WPS, Word or a PDF reader cannot be replaced: such files are found before anything is
//! renamed (see commitFiles), so a locked file leaves every earlier output untouched too.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Why a write failed, in words a clerk can act on. On Windows, EBUSY, EPERM or EACCES on a file that
 * exists means, nearly always, that another program holds it open (WPS, Word, a PDF reader).
 */
export function explainWriteError(e: unknown, display: string, target?: string, platform: NodeJS.Platform = process.platform): Diagnostic {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  const base = { severity: 'error' as const, code: `write-${code.toLowerCase() || 'failed'}`, file: display };
  if (platform === 'win32' && (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') && target !== undefined && existsSync(target))
    return { ...base, code: 'write-locked', message: '文件正被其他程序占用，无法覆盖（可能正在 WPS、Word 或 PDF 阅读器中打开）', hint: '关闭这个文件后重新生成。这次没有改动任何文件，上次生成的结果保持不变。（文件并没有打开时，看看它是否被设成了只读。）' };
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return { ...base, message: '没有权限写入这个位置（文件夹只读，或文件正被其他程序占用）', hint: '关闭正在打开这个文件的 WPS/Word/PDF 阅读器，检查 out/ 文件夹是否只读，然后重新生成。' };
    case 'EROFS':
      return { ...base, message: '这个位置所在的磁盘是只读的，无法写入', hint: '把工作区复制到可以写入的磁盘或文件夹（不要放在光盘、只读共享文件夹里），然后重新生成。' };
    case 'EISDIR':
      return { ...base, message: '要写出的文件位置上有一个同名文件夹', hint: '把这个文件夹移走或改名（它不是本程序生成的），然后重新生成。' };
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

/** Why out/.dossier (the build's records: lock, staging, manifest, cache) cannot be used. */
export function explainRecordsError(e: unknown, display: string): Diagnostic {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (code === 'EEXIST' || code === 'ENOTDIR')
    return { severity: 'error', code: 'records-not-a-folder', file: display, message: 'out/.dossier 应当是存放生成记录的文件夹，现在却是一个文件', hint: '删除或改名 out/.dossier 这个文件（它不是本程序生成的），然后重新生成。' };
  const d = explainWriteError(e, display);
  return code === 'ENAMETOOLONG' ? d : { ...d, message: `${d.message}（生成记录文件夹 out/.dossier）` };
}

/**
 * Write all files or none. Returns diagnostics instead of throwing for I/O problems; `display`
 * turns an absolute path into what the user sees.
 */
export function commitFiles(files: readonly OutputFile[], display: (abs: string) => string, platform: NodeJS.Platform = process.platform): Diagnostic[] {
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
    return [explainWriteError(e, display(failed), failed, platform)];
  }
  const aside = platform === 'win32' ? moveAside(staged, display, platform) : [];
  if (!Array.isArray(aside)) return aside.problems;
  const problems: Diagnostic[] = [];
  for (const s of staged) {
    try {
      renameSync(s.tmp, s.target);
    } catch (e) {
      rmSync(s.tmp, { force: true });
      problems.push(explainWriteError(e, display(s.target), s.target, platform));
    }
  }
  for (const a of aside) {
    try {
      rmSync(a.old, { force: true });
    } catch {
      // the old file stays under its hidden name; outputs are what the manifest lists
    }
  }
  return problems;
}

/**
 * Windows: every existing target is first renamed aside. Windows refuses that for a file another program
 * holds open — exactly when replacing it would fail — so all locked files are found (and reported, all at
 * once) before any output has changed; then the files set aside go back and the temporaries go.
 */
function moveAside(staged: readonly { tmp: string; target: string }[], display: (abs: string) => string, platform: NodeJS.Platform): { old: string; target: string }[] | { problems: Diagnostic[] } {
  const aside: { old: string; target: string }[] = [];
  const problems: Diagnostic[] = [];
  for (const s of staged) {
    if (!existsSync(s.target)) continue;
    const old = `${tmpName(s.target)}.old`;
    try {
      renameSync(s.target, old);
      aside.push({ old, target: s.target });
    } catch (e) {
      problems.push(explainWriteError(e, display(s.target), s.target, platform));
    }
  }
  if (!problems.length) return aside;
  for (const a of aside.reverse()) {
    try {
      renameSync(a.old, a.target);
    } catch {
      // cannot happen short of the disk failing: the file was renamed a moment ago
    }
  }
  for (const s of staged) rmSync(s.tmp, { force: true });
  return { problems };
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
