//! 案卷目录 of the year as DocModel: 案卷号, 案卷题名, 起止时间, 页数, 保管期限, 备注 — one row per bound volume;
//! one list per 保管期限 (DA/T 22: 卷号 run within each 保管期限, and the lists are kept apart).

import type { Document, TableCell } from '../../model/types.js';
import { VOLUME_LIST_COLUMNS_MM } from '../../standards/gbt9705.js';
import { retentionLabel, volumeNoLabel } from './archival-code.js';
import { dateSpan, formWidths } from './format.js';
import type { VolumeSheet } from './types.js';

const cell = (text: string, align?: TableCell['align']): TableCell => ({ content: [{ t: 'text', text }], ...(align ? { align } : {}) });

/** 案卷目录: `remarks` gives a 备注 per volume (e.g. a volume not bound because of a bad attachment). */
export function volumeListOf(p: { unit: string; fonds?: string; year: number; retention?: string }, volumes: VolumeSheet[], remarks: Map<VolumeSheet, string> = new Map()): Document {
  const rows = volumes.map((v) => [
    cell(volumeNoLabel(v.volumeNo)),
    cell(v.title, 'left'),
    cell(dateSpan(v.dateFrom, v.dateTo, v.year)),
    cell(String(v.pageCount)),
    cell(retentionLabel(v.retention)),
    cell(remarks.get(v) ?? ''),
  ]);
  const header = [['案卷号', '案卷题名', '起止时间', '页数', '保管期限', '备注'].map((h) => cell(h))];
  return {
    meta: { kind: '案卷目录', title: `${p.unit}${p.year}年度案卷目录`, issuer: p.unit, header: false },
    blocks: [
      {
        t: 'div',
        role: 'archive-volume-list',
        children: [
          { t: 'title', text: '案卷目录', lines: ['案卷目录'] },
          { t: 'para', indent: false, content: [{ t: 'text', text: `全宗名称：${p.unit}` }] },
          { t: 'para', indent: false, align: 'right', content: [{ t: 'text', text: `${p.fonds ? `全宗号：${p.fonds}　` : ''}年度：${p.year}${p.retention ? `　保管期限：${retentionLabel(p.retention)}` : ''}` }] },
          {
            t: 'table',
            header,
            rows,
            widths: formWidths(header, rows, VOLUME_LIST_COLUMNS_MM),
            landscape: false,
          },
        ],
      },
    ],
  };
}

/** The order of the lists: 永久, then 30年, then 10年 (then anything else, as met). */
const RETENTION_ORDER = ['永久', '30年', '10年'];

/** One 案卷目录 per 保管期限, volumes in 卷号 order within each. */
export function volumeListsOf(p: { unit: string; fonds?: string; year: number }, volumes: VolumeSheet[], remarks: Map<VolumeSheet, string> = new Map()): Document[] {
  const retentions = [...new Set(volumes.map((v) => v.retention))].sort((a, b) => rank(a) - rank(b));
  return retentions.map((retention) =>
    volumeListOf(
      { ...p, retention },
      volumes.filter((v) => v.retention === retention).sort((a, b) => a.volumeNo - b.volumeNo),
      remarks,
    ),
  );
}

function rank(r: string): number {
  const i = RETENTION_ORDER.indexOf(r);
  return i < 0 ? RETENTION_ORDER.length : i;
}
