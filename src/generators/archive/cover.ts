//! 案卷封面 (GB/T 9705-2008 Appendix B) as DocModel: 全宗名称, 类目名称, 案卷题名, 起止时间, 保管期限, 件数/页数,
//! 归档号, 档号 box; or the seeds' simple cover (立档单位, 卷名, 年度). `dossier.yaml` `cover:` chooses.

import type { Document, TableCell } from '../../model/types.js';
import { retentionCode, retentionLabel, volumeNoLabel } from './archival-code.js';
import { dateSpan } from './format.js';
import type { VolumeSheet } from './types.js';

export type CoverStyle = 'standard' | 'simple';

const cell = (text: string, align?: TableCell['align']): TableCell => ({ content: [{ t: 'text', text }], ...(align ? { align } : {}) });
const row = (label: string, value: string): TableCell[] => [cell(label), cell(value, 'left')];

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
    row('案卷题名', v.title),
    row('起止时间', dateSpan(v.dateFrom, v.dateTo, v.year)),
    row('保管期限', retentionLabel(v.retention)),
    row('件数/页数', `本卷共 ${v.itemCount} 件 ${v.pageCount} 页`),
    row('归档号', ''),
    row('档号', v.archivalCode),
  ];
  const codeBox = {
    t: 'table' as const,
    header: [['全宗号', '年度', '保管期限', '卷号'].map((t) => cell(t))],
    rows: [[v.fonds ?? '', String(v.year), `${retentionLabel(v.retention)}（${retentionCode(v.retention)}）`, volumeNoLabel(v.volumeNo)].map((t) => cell(t))],
    widths: [0.22, 0.18, 0.38, 0.22],
    landscape: false,
  };
  return { meta, blocks: [{ t: 'div', role: 'archive-cover', children: [{ t: 'table', header: [], rows: fields, widths: [0.25, 0.75], landscape: false }, codeBox] }] };
}
