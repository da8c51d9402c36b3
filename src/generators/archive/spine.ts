//! 脊背 (spine labels, GB/T 9705-2008 §2 and Appendix C): per volume 全宗号, 年度, 卷名 (large 黑体, vertical),
//! 保管期限, 卷号; width 10/15/20 mm chosen from the page count; as many labels per A4 sheet as fit, with
//! cut marks. Returns pages directly (a drawing, not a flowing document).

import type { FontSet } from '../../fonts/resolve.js';
import { layoutVerticalText, type LayoutWarning, type Page, type PagedDoc, type PageItem } from '../../layout/index.js';
import { PAGE } from '../../standards/gbt9704.js';
import { CUT_MARK_MM, SHEET_THICKNESS_MM, SPINE_LABEL_HEIGHT_MM, SPINE_SHEET_MARGIN_MM, SPINE_WIDTHS_MM } from '../../standards/gbt9705.js';
import { retentionLabel, volumeNoLabel } from './archival-code.js';
import type { VolumeSheet } from './types.js';

const MM_PER_PT = 25.4 / 72;

/** Spine width for a volume of `sheets` printed sheets (cover, forms and pages): the thinnest that holds it. */
export function spineWidthMm(sheets: number): number {
  const thickness = sheets * SHEET_THICKNESS_MM;
  for (const w of SPINE_WIDTHS_MM) if (thickness <= w) return w;
  return SPINE_WIDTHS_MM[SPINE_WIDTHS_MM.length - 1] as number;
}

/** Vertical forms of brackets for 竖排 (（一） → ︵一︶). */
function verticalForms(text: string): string {
  return text.replace(/（/g, '︵').replace(/）/g, '︶').replace(/〔/g, '︹').replace(/〕/g, '︺');
}

export interface SpineLabel {
  volume: VolumeSheet;
  /** printed sheets, for the width */
  sheets: number;
}

/** One label: its items, drawn with the top-left corner at (x, y). */
function label(l: SpineLabel, fonts: FontSet, x: number, y: number, w: number, warnings: LayoutWarning[]): PageItem[] {
  const v = l.volume;
  const items: PageItem[] = [];
  const h = SPINE_LABEL_HEIGHT_MM;
  const cx = x + w / 2;
  const small = Math.min(9, (w * 0.6) / MM_PER_PT);
  const tiny = Math.min(7, (w * 0.5) / MM_PER_PT);
  const rule = (yy: number): void => {
    items.push({ kind: 'rule', x1Mm: x, y1Mm: yy, x2Mm: x + w, y2Mm: yy, widthPt: 0.5 });
  };
  const field = (name: string, value: string, top: number): number => {
    const a = layoutVerticalText(name, fonts, { centerXMm: cx, topMm: top, fontRole: 'heiti', sizePt: tiny }, warnings);
    const b = layoutVerticalText(value, fonts, { centerXMm: cx, topMm: top + a.heightMm + 1.5, fontRole: 'songti', sizePt: small }, warnings);
    items.push(...a.items, ...b.items);
    return a.heightMm + 1.5 + b.heightMm;
  };
  const gap = 3;
  let top = y + gap;
  top += field('全宗号', v.fonds ?? '', top) + gap;
  rule(top);
  top += gap;
  top += field('年度', String(v.year), top) + gap;
  rule(top);
  // bottom fields, measured first so the title gets the rest
  const bottomFields: [string, string][] = [
    ['保管期限', retentionLabel(v.retention)],
    ['卷号', volumeNoLabel(v.volumeNo)],
  ];
  const heights = bottomFields.map(([n, val]) => ((n.length * tiny + val.length * small) * MM_PER_PT) + 1.5 + 2 * gap);
  let bottom = y + h - heights.reduce((a, b) => a + b, 0);
  const titleTop = top + gap;
  const room = bottom - gap - titleTop;
  const title = verticalForms(v.title.replace(/\s+/g, ''));
  const n = [...title].length;
  const size = Math.max(8, Math.min((w * 0.75) / MM_PER_PT, room / MM_PER_PT / Math.max(n, 1)));
  const pitch = Math.min(size * 1.25, room / MM_PER_PT / Math.max(n, 1));
  const used = n * pitch * MM_PER_PT;
  const t = layoutVerticalText(title, fonts, { centerXMm: cx, topMm: titleTop + (room - used) / 2, fontRole: 'heiti', sizePt: size, pitchPt: pitch }, warnings);
  items.push(...t.items);
  bottomFields.forEach(([name, value], i) => {
    rule(bottom);
    field(name, value, bottom + gap);
    bottom += heights[i] as number;
  });
  // outline (thin, for cutting) and crop marks outside the label
  for (const [x1, y1, x2, y2] of [
    [x, y, x + w, y],
    [x, y + h, x + w, y + h],
    [x, y, x, y + h],
    [x + w, y, x + w, y + h],
  ] as const)
    items.push({ kind: 'rule', x1Mm: x1, y1Mm: y1, x2Mm: x2, y2Mm: y2, widthPt: 0.25, color: { r: 0.6, g: 0.6, b: 0.6 } });
  for (const xx of [x, x + w]) {
    items.push({ kind: 'rule', x1Mm: xx, y1Mm: y - 1 - CUT_MARK_MM, x2Mm: xx, y2Mm: y - 1, widthPt: 0.5 });
    items.push({ kind: 'rule', x1Mm: xx, y1Mm: y + h + 1, x2Mm: xx, y2Mm: y + h + 1 + CUT_MARK_MM, widthPt: 0.5 });
  }
  return items;
}

/** 脊背.pdf: labels left to right, as many per A4 sheet as fit between the margins. */
export function spineSheets(labels: SpineLabel[], fonts: FontSet, meta: { unit: string; year: number }): PagedDoc {
  const warnings: LayoutWarning[] = [];
  const pages: Page[] = [];
  const usable = PAGE.widthMm - 2 * SPINE_SHEET_MARGIN_MM;
  const top = (PAGE.heightMm - SPINE_LABEL_HEIGHT_MM) / 2;
  let items: PageItem[] = [];
  let x = SPINE_SHEET_MARGIN_MM;
  const flush = (): void => {
    if (items.length) pages.push({ widthMm: PAGE.widthMm, heightMm: PAGE.heightMm, landscape: false, number: null, items });
    items = [];
    x = SPINE_SHEET_MARGIN_MM;
  };
  for (const l of labels) {
    const w = spineWidthMm(l.sheets);
    if (x + w > SPINE_SHEET_MARGIN_MM + usable + 1e-6) flush();
    items.push(...label(l, fonts, x, top, w, warnings));
    x += w;
  }
  flush();
  if (pages.length === 0) pages.push({ widthMm: PAGE.widthMm, heightMm: PAGE.heightMm, landscape: false, number: null, items: [] });
  return { title: `${meta.unit}${meta.year}年度案卷脊背`, author: meta.unit, kind: '脊背', pages, warnings };
}
