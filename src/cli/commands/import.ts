//! dossier import <file.docx> [--name 名称]: a Word file → templates/<名称>.md.hbs, for those who prefer text.
import path from 'node:path';
import { importWordTemplate } from '../../build/word-templates.js';
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
