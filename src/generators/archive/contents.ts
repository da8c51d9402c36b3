//! 卷内文件目录 (GB/T 9705-2008 Appendix H) as DocModel: 顺序号, 文号, 责任者, 题名, 日期, 页号, 备注, one row per 件.
//! 页号 are the start pages in the bound volume, computed by the binder (the last row shows its range).

import type { Document, TableCell } from '../../model/types.js';
import { CONTENTS_COLUMNS_MM } from '../../standards/gbt9705.js';
import { eightDigitDate, formWidths, pageNoLabel } from './format.js';
import type { VolumeSheet } from './types.js';

export const CONTENTS_HEADER = ['顺序号', '文号', '责任者', '题名', '日期', '页号', '备注'] as const;

const cell = (text: string, align?: TableCell['align']): TableCell => ({ content: [{ t: 'text', text }], ...(align ? { align } : {}) });

/** 卷内文件目录 of one volume. */
export function contentsOf(v: VolumeSheet): Document {
  const rows = v.entries.map((e, i) => [
    cell(String(e.seq)),
    cell(e.number ?? ''),
    cell(e.responsible ?? ''),
    cell(e.title, 'left'),
    cell(eightDigitDate(e.date)),
    cell(pageNoLabel(e.startPage, e.pages, i === v.entries.length - 1)),
    cell(e.remark ?? ''),
  ]);
  const header = [CONTENTS_HEADER.map((h) => cell(h))];
  return {
    meta: { kind: '卷内文件目录', title: `${v.title}卷内文件目录`, issuer: v.unit, header: false },
    blocks: [
      {
        t: 'div',
        role: 'archive-contents',
        children: [
          { t: 'title', text: '卷内文件目录', lines: ['卷内文件目录'] },
          { t: 'para', indent: false, content: [{ t: 'text', text: `案卷题名：${v.title}` }] },
          { t: 'para', indent: false, align: 'right', content: [{ t: 'text', text: `档号：${v.archivalCode}` }] },
          { t: 'table', header, rows, widths: formWidths(header, rows, CONTENTS_COLUMNS_MM), landscape: false },
        ],
      },
    ],
  };
}
