//! A document of another year in this year's workspace: its 成文日期, or the year in its 文号, is not the
//! workspace's 年度 — most often data that `dossier init --from` carried over from last year and nobody has
//! updated yet (QA S3). A warning per document, naming where the date or 文号 is set. Pure.
import type { Diagnostic } from '../diag/diagnostic.js';
import { parseDocNumber } from './issued-register.js';

/** One generated document's 公文 elements and where it is filed. */
export interface DatedDocument {
  title: string;
  volumeTitle: string;
  seq: number;
  rowName?: string;
  number?: string;
  /** 成文日期, ISO */
  date?: string;
}

const cnDate = (iso: string): string => {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(iso);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : iso;
};

/**
 * Warnings for the documents dated, or numbered, in another year than `year`: one per place to fix — the
 * documents made per row from one value (each village's 责任书) are named together.
 */
export function yearWarnings(year: number, docs: readonly DatedDocument[], locate: (d: DatedDocument, field: 'date' | 'number') => { file?: string; line?: number }): Diagnostic[] {
  const groups = new Map<string, { at: { file?: string; line?: number }; title: string; volumeTitle: string; problems: string; seqs: number[]; rows: string[] }>();
  for (const d of docs) {
    const dateYear = d.date ? Number(d.date.slice(0, 4)) : undefined;
    const numberYear = d.number ? parseDocNumber(d.number)?.year : undefined;
    const problems: string[] = [];
    if (d.date && dateYear !== undefined && Number.isInteger(dateYear) && dateYear !== year) problems.push(`成文日期是 ${cnDate(d.date)}`);
    if (numberYear !== undefined && numberYear !== year) problems.push(`文号“${d.number ?? ''}”是 ${numberYear} 年的`);
    if (!problems.length) continue;
    const at = locate(d, problems[0]?.startsWith('成文日期') ? 'date' : 'number');
    // a 文号 differs per document: documents are grouped only when what is wrong reads the same
    const key = JSON.stringify([at.file, at.line, d.title, d.volumeTitle, problems]);
    const g = groups.get(key) ?? { at, title: d.title, volumeTitle: d.volumeTitle, problems: problems.join('，'), seqs: [], rows: [] };
    g.seqs.push(d.seq);
    if (d.rowName) g.rows.push(d.rowName);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => {
    const where = g.seqs.length > 1 ? `${g.volumeTitle}第${g.seqs.join('、')}件${g.rows.length ? `：${g.rows.join('、')}` : ''}，共 ${g.seqs.length} 份` : `${g.volumeTitle}第${g.seqs[0] ?? ''}件${g.rows.length ? `，${g.rows[0] ?? ''}` : ''}`;
    return {
      severity: 'warning' as const,
      code: 'document-other-year',
      ...(g.at.file ? { file: g.at.file } : {}),
      ...(g.at.line ? { line: g.at.line } : {}),
      message: `“${g.title}”（${where}）${g.problems}，不在本工作区的 ${year} 年度`,
      hint: `本年度的文件请改成 ${year} 年的成文日期和文号（从上一年度带入的数据要逐项更新）；确是往年的文件，请作为扫描件放入 attachments/。`,
    };
  });
}
