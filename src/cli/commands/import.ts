//! dossier import <file.docx> [--name 名称]: a Word file → templates/<名称>.md.hbs, for those who prefer text;
//! dossier export-template <名称>: a template → templates/<名称>.docx to edit in WPS or Word.
import path from 'node:path';
import { exportTemplate, importWordTemplate } from '../../build/word-templates.js';
import { printDiagnostics } from '../print.js';
import { WORD_MSG } from '../word-messages.js';

export async function runImport(file: string, o: { name?: string; dir: string; force: boolean }): Promise<number> {
  const r = await importWordTemplate(path.resolve(o.dir), path.resolve(file), { ...(o.name ? { name: o.name } : {}), force: o.force });
  printDiagnostics(r.diagnostics);
  if (!r.ok || !r.written) return 1;
  process.stdout.write(`${WORD_MSG.imported(r.written)}\n`);
  if (r.recycled) process.stdout.write(`${WORD_MSG.recycled(r.recycled)}\n`);
  return 0;
}

export async function runExportTemplate(name: string, o: { dir: string; out?: string }): Promise<number> {
  const r = await exportTemplate(path.resolve(o.dir), name, o.out ? { out: o.out } : {});
  printDiagnostics(r.diagnostics);
  if (!r.ok || !r.written) return 1;
  process.stdout.write(`${WORD_MSG.exported(r.written)}\n`);
  return 0;
}
