//! Uploads into an `attach:` item's folder under attachments/: PDF, JPG, PNG or DOCX only (by name and by
//! their first bytes), a size limit, names made safe for Windows, never outside the workspace, never
//! overwriting (a second 通知.pdf becomes 通知（2）.pdf). Written to a temporary name, then renamed.
import { existsSync, lstatSync, mkdirSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { staticPrefix } from '../plan/plan.js';
import type { CatalogItem } from '../schema/catalog.js';
import { safeFileName, withoutBidi } from '../util/file-names.js';
import { firstLink, isInside } from '../workspace/paths.js';

/** 50 MB: a long colour scan; larger files are refused before they are read. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

export const ALLOWED_EXTENSIONS = ['pdf', 'jpg', 'jpeg', 'png', 'docx'] as const;

export type UploadResult = { ok: true; file: string } | { ok: false; status: 400 | 403 | 413 | 415; message: string };

/** The attach patterns of an item (one or many). */
export function attachPatterns(item: CatalogItem): string[] {
  return typeof item.attach === 'string' ? [item.attach] : (item.attach ?? []);
}

/** Folder (relative to attachments/, "/"-separated, ending in "/" or empty) that uploads for this item go to. */
export function uploadFolder(item: CatalogItem): string | undefined {
  const first = attachPatterns(item)[0];
  return first === undefined ? undefined : staticPrefix(first);
}

/** Checks a client-sent file name: no folders, no `..`, an allowed extension. Returns the safe name. */
export function checkUploadName(raw: string): { ok: true; name: string } | { ok: false; status: 400 | 415; message: string } {
  // invisible direction controls go first: “报告\u202Efdp.pdf” would show as “报告pdf.pdf”
  const name = withoutBidi(raw.normalize('NFC'));
  if (name.trim() === '' || /[\\/]/.test(name) || name.split(/[\\/]/).includes('..') || name.includes('..') || name.includes('\0'))
    return { ok: false, status: 400, message: `文件名“${name}”不合法（不能含有路径或“..”）` };
  const ext = path.extname(name).slice(1).toLowerCase();
  if (!(ALLOWED_EXTENSIONS as readonly string[]).includes(ext)) return { ok: false, status: 415, message: `不支持 .${ext || '（无扩展名）'} 文件：只能上传 PDF、JPG、PNG 或 DOCX` };
  const stem = safeFileName(path.basename(name, path.extname(name)), 60).replace(/^[.~$]+/, '') || '扫描件';
  return { ok: true, name: `${stem}.${ext === 'jpeg' ? 'jpeg' : ext}` };
}

/** True when the bytes look like the extension claims (magic numbers). */
export function bytesMatch(ext: string, b: Uint8Array): boolean {
  const starts = (...sig: number[]) => sig.every((v, i) => b[i] === v);
  switch (ext) {
    case 'pdf':
      return starts(0x25, 0x50, 0x44, 0x46, 0x2d); // %PDF-
    case 'png':
      return starts(0x89, 0x50, 0x4e, 0x47);
    case 'jpg':
    case 'jpeg':
      return starts(0xff, 0xd8, 0xff);
    case 'docx':
      return starts(0x50, 0x4b, 0x03, 0x04); // a zip
    default:
      return false;
  }
}

/** A name not yet in `dir` — compared case-insensitively, as Windows and macOS do (A.pdf and a.pdf are one file there). */
function unique(dir: string, name: string): string {
  const ext = path.extname(name);
  const stem = path.basename(name, ext);
  const taken = new Set((existsSync(dir) ? readdirSync(dir) : []).map((n) => n.normalize('NFC').toLowerCase()));
  let candidate = name;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem}（${n}）${ext}`;
  return candidate;
}

/** Writes `data` as `rawName` into the folder of `item`. `workspaceDir` and `attachmentsDir` are absolute. */
export function saveUpload(workspaceDir: string, attachmentsDir: string, item: CatalogItem, rawName: string, data: Uint8Array): UploadResult {
  const checked = checkUploadName(rawName);
  if (!checked.ok) return checked;
  if (data.byteLength > MAX_UPLOAD_BYTES) return { ok: false, status: 413, message: `文件太大（上限 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB）` };
  if (data.byteLength === 0) return { ok: false, status: 400, message: '文件是空的' };
  const ext = path.extname(checked.name).slice(1).toLowerCase();
  if (!bytesMatch(ext, data)) return { ok: false, status: 415, message: `文件内容不是 ${ext.toUpperCase()}（可能改过扩展名）` };
  const folder = uploadFolder(item);
  if (folder === undefined) return { ok: false, status: 400, message: '这一项不是归档材料，不能上传文件' };
  const target = path.resolve(attachmentsDir, folder);
  if (!isInside(attachmentsDir, target) || !isInside(workspaceDir, target)) return { ok: false, status: 403, message: '目标文件夹不在工作区的 attachments/ 里' };
  // the uploaded name must be picked up by one of the item's patterns, or the file would never be bound
  // (ignoring case on Windows, as the build's glob does there)
  const rel = `${folder}${checked.name}`;
  const patterns = attachPatterns(item);
  if (!patterns.some((p) => picomatch(p, { dot: false, nocase: process.platform === 'win32' })(rel))) {
    const kinds = patterns.map((p) => path.posix.basename(p)).join('、');
    return { ok: false, status: 415, message: `这一项只收 ${kinds} 这样的文件，“${checked.name}”不会编入案卷` };
  }
  // nothing is written through a link: attachments/ itself or a folder on the way may point anywhere
  if (firstLink(workspaceDir, target) !== undefined) return { ok: false, status: 403, message: '目标文件夹是链接（快捷方式），已拒绝' };
  mkdirSync(target, { recursive: true });
  const real = realpathSync(target);
  if (!isInside(realpathSync(workspaceDir), real) || firstLink(workspaceDir, target) !== undefined) return { ok: false, status: 403, message: '目标文件夹指向工作区以外，已拒绝' };
  const finalName = unique(target, checked.name);
  const tmp = path.join(target, `.${finalName}.${process.pid}.upload.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path.join(target, finalName));
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return { ok: true, file: `attachments/${folder}${finalName}` };
}

/** Where removed scans go: a folder of the workspace (not under attachments/, so never bound again). */
export const RECYCLE_FOLDER = '回收站';

export type RemoveResult = { ok: true; file: string; movedTo: string } | { ok: false; status: 400 | 403 | 404; message: string };

/**
 * 移除: moves a file of attachments/ (workspace-relative path, "/"-separated) into 回收站/, keeping its
 * folders, never overwriting — nothing is deleted, so a wrong click is undone by moving the file back.
 */
export function removeAttachment(workspaceDir: string, attachmentsDir: string, relPath: string): RemoveResult {
  const parts = relPath.split('/');
  if (parts[0] !== 'attachments' || parts.length < 2 || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0')))
    return { ok: false, status: 400, message: `“${relPath}”不是归档材料文件夹（attachments/）里的文件` };
  const abs = path.resolve(workspaceDir, ...parts);
  if (!isInside(attachmentsDir, abs)) return { ok: false, status: 403, message: '只能移除 attachments/ 里的文件' };
  // nothing is moved through a link — attachments/ itself or a folder in it may point at templates/ or data/
  const link = firstLink(workspaceDir, abs);
  if (link !== undefined) return { ok: false, status: 403, message: `“${path.relative(workspaceDir, link).split(path.sep).join('/')}”是链接（快捷方式），不能通过它移除文件` };
  if (!existsSync(abs)) return { ok: false, status: 404, message: '文件不存在（可能已经移走）' };
  const st = lstatSync(abs);
  if (st.isSymbolicLink() || !st.isFile()) return { ok: false, status: 403, message: '只能移除普通文件' };
  if (!isInside(realpathSync(workspaceDir), realpathSync(abs))) return { ok: false, status: 403, message: '文件指向工作区以外，已拒绝' };
  const inner = parts.slice(1);
  const folder = path.join(workspaceDir, RECYCLE_FOLDER, ...inner.slice(0, -1));
  // 回收站/ (or a folder in it) that is a link would carry the scan out of the workspace
  const binLink = firstLink(workspaceDir, folder);
  if (binLink !== undefined) return { ok: false, status: 403, message: `“${path.relative(workspaceDir, binLink).split(path.sep).join('/')}”是链接（快捷方式），不能把文件移到那里` };
  mkdirSync(folder, { recursive: true });
  const name = unique(folder, inner[inner.length - 1] as string);
  renameSync(abs, path.join(folder, name));
  return { ok: true, file: relPath, movedTo: [RECYCLE_FOLDER, ...inner.slice(0, -1), name].join('/') };
}
