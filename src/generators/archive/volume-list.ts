//! 案卷目录 of the year as DocModel: 案卷号, 案卷题名, 起止时间, 页数, 保管期限, 备注 — one row per bound volume.

import type { Document, TableCell } from '../../model/types.js';
import { VOLUME_LIST_COLUMNS_MM } from '../../standards/gbt9705.js';
import { retentionLabel, volumeNoLabel } from './archival-code.js';
import { dateSpan, formWidths } from './format.js';
import type { VolumeSheet } from './types.js';

const cell = (text: string, align?: TableCell['align']): TableCell => ({ content: [{ t: 'text', text }], ...(align ? { align } : {}) });

/** 案卷目录: `remarks` gives a 备注 per volume (e.g. a volume not bound because of a bad attachment). */
export function volumeListOf(p: { unit: string; fonds?: string; year: number }, volumes: VolumeSheet[], remarks: Map<VolumeSheet, string> = new Map()): Document {
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
          { t: 'para', indent: false, align: 'right', content: [{ t: 'text', text: `${p.fonds ? `全宗号：${p.fonds}　` : ''}年度：${p.year}` }] },
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
