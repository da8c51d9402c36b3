//! 卷内备考表 (GB/T 9705-2008 Appendix J) as DocModel: 本卷情况说明 (件数, 页数, missing required items, notes),
//! 立卷人, 检查人, 立卷时间.

import type { Block, Document } from '../../model/types.js';
import { chineseDate } from './format.js';
import type { VolumeSheet } from './types.js';

const para = (text: string, indent = false): Block => ({ t: 'para', indent, content: [{ t: 'text', text }] });

/** The lines of 本卷情况说明. */
export function remarksText(v: VolumeSheet): string[] {
  const lines = [`本卷共有文件${v.itemCount}件，共${v.pageCount}页。`];
  if (v.missing.length) {
    lines.push(`本卷缺少以下应归档材料${v.missing.length}项：`);
    v.missing.forEach((m, i) => lines.push(`${i + 1}. ${m.item}`));
  } else lines.push('本卷应归档材料齐全。');
  lines.push(...v.notes);
  return lines;
}

/** 卷内备考表 of one volume. */
export function remarksOf(v: VolumeSheet): Document {
  const blank = '　　　　';
  return {
    meta: { kind: '卷内备考表', title: `${v.title}卷内备考表`, issuer: v.unit, header: false },
    blocks: [
      {
        t: 'div',
        role: 'archive-remarks',
        children: [
          { t: 'title', text: '卷内备考表', lines: ['卷内备考表'] },
          { t: 'div', role: 'remarks-body', children: [para('本卷情况说明'), ...remarksText(v).map((l) => para(l, true))] },
          {
            t: 'div',
            role: 'remarks-sign',
            children: [para(`立卷人：${v.preparer ?? blank}`), para(`检查人：${v.checker ?? blank}`), para(`立卷时间：${v.date ? chineseDate(v.date) : '　　年　　月　　日'}`)],
          },
        ],
      },
    ],
  };
}
