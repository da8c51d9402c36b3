//! check --explain: what was recognised in each Word template and received Word file (issue 18).
import { explainWordFiles } from '../../build/word-templates.js';
import type { Workspace } from '../../workspace/types.js';
import { WORD_MSG } from '../word-messages.js';

export function printWordExplanations(ws: Workspace): void {
  const all = explainWordFiles(ws);
  const lines: string[] = [];
  if (all.length === 0) lines.push(WORD_MSG.explainNone);
  else lines.push(WORD_MSG.explainTitle(all.length));
  for (const w of all) {
    lines.push(w.received ? WORD_MSG.explainReceived(w.file) : WORD_MSG.explainTemplate(w.file));
    if (w.elements.length === 0) lines.push(WORD_MSG.explainNothing);
    for (const e of w.elements) lines.push(WORD_MSG.explainLine(e.element, e.value, e.where, e.how));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
