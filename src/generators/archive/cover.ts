//! 案卷封面 (GB/T 9705-2008 Appendix B) as DocModel: 全宗名称, 类目名称, 案卷题名, 起止时间, 保管期限, 件数/页数,
//! 归档号, 档号 box; or the seeds' simple cover (立档单位, 卷名, 年度). `dossier.yaml` `cover:` chooses.

import { planColumns } from '../../model/columns.js';
import { balancedLines } from '../../model/lines.js';
import type { Document, Inline, TableCell } from '../../model/types.js';
import { PT_PER_MM } from '../../standards/gbt9704.js';
import { CODE_BOX_SIZE_PT, CODE_BOX_WIDTH_MM, COVER_HEADING_SIZE_PT, COVER_VALUE_WIDTH_MM, FORM_CELL_PADDING_MM } from '../../standards/gbt9705.js';
import { retentionCode, retentionLabel, volumeNoLabel } from './archival-code.js';
import { dateSpan } from './format.js';
import type { VolumeSheet } from './types.js';

export type CoverStyle = 'standard' | 'simple';

const cell = (text: string, align?: TableCell['align']): TableCell => ({ content: [{ t: 'text', text }], ...(align ? { align } : {}) });
const row = (label: string, value: string): TableCell[] => [cell(label), cell(value, 'left')];
const linesContent = (lines: readonly string[]): Inline[] => lines.flatMap((text, i): Inline[] => (i === 0 ? [{ t: 'text', text }] : [{ t: 'break' }, { t: 'text', text }]));

/** 案卷封面 of one volume. */
export function coverOf(v: VolumeSheet, style: CoverStyle = 'standard'): Document {
  const meta = { kind: '案卷封面', title: `${v.title}封面`, issuer: v.unit, header: false };
  if (style === 'simple') {
    return {
      meta,
      blocks: [{ t: 'div', role: 'archive-cover-simple', children: [{ t: 'table', header: [], rows: [row('立档单位', v.unit), row('卷名', v.title), row('年度', `${v.year}年度`)], widths: [0.3, 0.7], landscape: false }] }],
    };
  }
  const fields: TableCell[][] = [
    row('全宗名称', v.unit),
    row('类目名称', v.category ?? ''),
    // 案卷题名 large, broken between words here: one underline per line in the PDF and in Word
    [cell('案卷题名'), { content: linesContent(balancedLines(v.title, (COVER_VALUE_WIDTH_MM * PT_PER_MM) / COVER_HEADING_SIZE_PT)), align: 'center' }],
    row('起止时间', dateSpan(v.dateFrom, v.dateTo, v.year)),
    row('保管期限', retentionLabel(v.retention)),
    row('件数/页数', `本卷共 ${v.itemCount} 件 ${v.pageCount} 页`),
    row('归档号', ''),
    row('档号', v.archivalCode),
  ];
  // the 档号 box: 保管期限 with its code (定期30年（D30）) in one cell, never broken
  const header = [['全宗号', '年度', '保管期限', '卷号'].map((t) => cell(t))];
  const values = [[v.fonds ?? '', String(v.year), `${retentionLabel(v.retention)}（${retentionCode(v.retention)}）`, volumeNoLabel(v.volumeNo)].map((t) => cell(t))];
  const codeBox = {
    t: 'table' as const,
    header,
    rows: values,
    widths: planColumns(header, values, { given: [1, 1, 1.6, 1], metrics: { sizePt: CODE_BOX_SIZE_PT, padPt: 2 * FORM_CELL_PADDING_MM * PT_PER_MM, measurePt: CODE_BOX_WIDTH_MM * PT_PER_MM } }).widths,
    landscape: false,
  };
  return { meta, blocks: [{ t: 'div', role: 'archive-cover', children: [{ t: 'table', header: [], rows: fields, widths: [0.25, 0.75], landscape: false }, codeBox] }] };
}
