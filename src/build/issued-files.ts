//! out/<年度>/发文登记簿.pdf and .xlsx (issue 19), written when the register changed (build.ts decides,
//! from issuedFilesKey, without loading this module or any writer).
import path from 'node:path';
import type { FontSet } from '../fonts/resolve.js';
import { layoutDocument, writePdf } from '../generators/index.js';
import { writeXlsx } from '../generators/xlsx/write.js';
import { ISSUED_COLUMNS, ISSUED_TABLE, issuedRows, type IssuedEntry } from '../plan/issued-register.js';
import type { TableDocument } from '../plan/types.js';
import { renderTable } from '../render/document.js';
import type { Workspace } from '../workspace/types.js';
import { ISSUED_FILE, issuedTitle } from './issued-register.js';

export interface IssuedFilesContext {
  ws: Workspace;
  entries: readonly IssuedEntry[];
  /** the files to write: out/<年度>/发文登记簿.pdf and/or .xlsx */
  targets: readonly string[];
  fonts: () => Promise<FontSet>;
  created: Date;
  /** PDF/A-2b (dossier.yaml `pdfa`) */
  pdfa: boolean;
}

const XLSX_WIDTHS: Record<(typeof ISSUED_COLUMNS)[number], number> = { 文号: 20, 成文日期: 16, 标题: 48, 主送: 30, 发文机关: 22, 份数: 6, 归档: 28 };

/** The register's files asked for, as bytes. */
export async function issuedRegisterFiles(c: IssuedFilesContext): Promise<{ path: string; data: Uint8Array }[]> {
  const out: { path: string; data: Uint8Array }[] = [];
  const rows = issuedRows(c.entries);
  for (const target of c.targets) {
    if (path.extname(target) === '.pdf') {
      const job: TableDocument = { kind: 'table', id: ISSUED_FILE, volume: '', seq: 0, itemIndex: -1, title: ISSUED_FILE, fileStem: ISSUED_FILE, dataKey: ISSUED_TABLE, columns: [...ISSUED_COLUMNS], rows, landscape: true, derived: 'issued' };
      const doc = renderTable(c.ws, job).document;
      if (!doc) continue;
      const fonts = await c.fonts();
      out.push({ path: target, data: await writePdf(layoutDocument(doc, fonts), fonts, { created: c.created, producer: 'dossier 案卷生成器', pdfa: c.pdfa }) });
    } else
      out.push({
        path: target,
        data: await writeXlsx(
          {
            name: ISSUED_FILE,
            title: issuedTitle(c.ws),
            landscape: true,
            columns: [{ header: '序号', width: 6, kind: 'number' }, ...ISSUED_COLUMNS.map((h) => ({ header: h, width: XLSX_WIDTHS[h], ...(h === '成文日期' ? { kind: 'date' as const } : h === '份数' ? { kind: 'number' as const } : {}) }))],
            rows: rows.map((r, i) => [i + 1, ...ISSUED_COLUMNS.map((h) => r[h] ?? null)] as (string | number | null)[]),
          },
          c.created,
        ),
      });
  }
  return out;
}
