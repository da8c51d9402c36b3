//! Word files the workspace reads: templates/<名称>.docx (templates) and the .docx files an `attach:`
//! glob matched (received text). Read once per content: by sha256 in the parse cache between builds
//! (out/.dossier/parsed.json) and in memory within a process (serve, watch).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { ParseCache } from './parse-cache.js';
import { DOCX_READER_VERSION, readDocx, type WordDoc } from './readers/docx.js';
import type { InputRecord, TemplateSource, Workspace } from './types.js';

const memo = new Map<string, WordDoc>();
const MEMO_MAX = 200;

/** The text a Word template or received file stands for in hashes (its bytes' sha256). */
export const wordSourceText = (sha: string): string => `docx:${sha}`;

/** A .docx read through the caches; a clean read (no messages) is kept. */
export async function readWordCached(bytes: Uint8Array, sha: string, file: string, cache: ParseCache | undefined): Promise<{ doc: WordDoc | undefined; diagnostics: Diagnostic[] }> {
  const key = `docx${DOCX_READER_VERSION}:${sha}`;
  const hit = memo.get(key) ?? (cache?.get(key) as WordDoc | undefined);
  if (hit) {
    memo.set(key, hit);
    return { doc: hit, diagnostics: [] };
  }
  const r = await readDocx(bytes, file);
  if (r.doc && r.diagnostics.length === 0) {
    if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value as string);
    memo.set(key, r.doc);
    cache?.put(key, r.doc);
  }
  return r;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A Word template source: its outline in `word`, its hash in `text`. */
export async function wordTemplateSource(abs: string, name: string, file: string, builtin: boolean, inputs: InputRecord[], cache: ParseCache | undefined): Promise<{ source: TemplateSource | undefined; diagnostics: Diagnostic[] }> {
  const bytes = readFileSync(abs);
  const sha = sha256(bytes);
  inputs.push({ file, sha256: sha });
  const r = await readWordCached(bytes, sha, file, cache);
  if (!r.doc) return { source: undefined, diagnostics: r.diagnostics };
  return { source: { name, file, text: wordSourceText(sha), builtin, word: r.doc }, diagnostics: r.diagnostics };
}

/** A received .docx to read: the template name it is filed under, its absolute path and display path. */
export interface ReceivedFile {
  name: string;
  path: string;
  file: string;
}

/** Reads the received .docx files the plan files as text into `ws.templates` (under their template names). */
export async function loadReceivedDocuments(ws: Workspace, received: Iterable<ReceivedFile>): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  for (const d of received) {
    if (ws.templates.has(d.name)) continue;
    let bytes: Buffer;
    try {
      bytes = readFileSync(d.path);
    } catch {
      diagnostics.push({ severity: 'error', code: 'attachment-unreadable', file: d.file, message: `附件“${d.file}”无法读取，未能排版进案卷`, hint: '请确认文件存在且没有被 WPS 或 Word 占用（关闭后重试）。' });
      continue;
    }
    const sha = sha256(bytes);
    ws.inputs.push({ file: d.file, sha256: sha });
    const r = await readWordCached(bytes, sha, d.file, ws.parseCache);
    diagnostics.push(...r.diagnostics);
    if (r.doc) ws.templates.set(d.name, { name: d.name, file: d.file, text: wordSourceText(sha), builtin: false, word: r.doc, received: true });
  }
  return diagnostics;
}
