//! One bound volume (案卷) or part: the 卷内目录 rows filled from the real page counts (fillSheet) and the
//! volume as one DocModel for Word (volumeDocument); the PDF is assembled by assemble.ts.
//! The 目录 is not numbered, so page numbers need no fixpoint (ARCHITECTURE.md §8.7).

import type { ContentsEntry, VolumeSheet } from '../generators/archive/types.js';
import type { Block, Document } from '../model/types.js';
import type { PlannedDocument } from '../plan/types.js';
import { normaliseDocNumber } from '../util/cn.js';
import type { PrintMode } from './sheets.js';

/** One 件 ready for binding. */
export interface BindItem {
  planned: PlannedDocument;
  /** generated documents: the DocModel (its 文号, 责任者, date and title go into the 目录) */
  document?: Document;
  /** scans and received files: what kind, and the file as the workspace names it */
  attachment?: { kind: 'pdf' | 'image' | 'docx'; file: string };
  /** pages in the bound volume */
  pages: number;
  /** the catalog item's 备注 */
  itemRemark?: string;
  /** a document printed in copies: the mark of the archive copy, which is the one bound (“镇计生办存档 第3份/共3份”) */
  copyMark?: string;
}

/** Fills the 卷内目录 rows and totals of a sheet from the items, counting real pages. */
export function fillSheet(base: Omit<VolumeSheet, 'entries' | 'itemCount' | 'pageCount' | 'dateFrom' | 'dateTo'>, items: readonly BindItem[], unitName: string): VolumeSheet {
  let next = 1;
  const entries: ContentsEntry[] = items.map((it, i) => {
    const p = it.planned;
    const e: ContentsEntry = { seq: i + 1, title: p.title, pages: it.pages };
    if (it.pages > 0) {
      e.startPage = next;
      next += it.pages;
    }
    const remarks: string[] = [];
    if (it.itemRemark) remarks.push(it.itemRemark);
    if (p.kind === 'template') {
      const m = it.document?.meta;
      if (m?.title) e.title = m.title;
      if (p.rowName && !e.title.includes(p.rowName)) e.title += `（${p.rowName}）`;
      if (m?.number) e.number = normaliseDocNumber(m.number);
      e.responsible = m?.issuer ?? unitName;
      if (m?.date) e.date = m.date;
    } else if (p.kind === 'table') {
      e.responsible = unitName;
    } else {
      if (p.number) e.number = p.number;
      if (p.responsible) e.responsible = p.responsible;
      if (p.date) e.date = p.date;
      if (p.format === 'docx') remarks.push('Word文件，另行打印');
    }
    if (remarks.length) e.remark = remarks.join('；');
    return e;
  });
  const dates = entries.flatMap((e) => (e.date ? [e.date] : [])).sort();
  const sheet: VolumeSheet = { ...base, entries, itemCount: entries.length, pageCount: next - 1 };
  if (dates.length) {
    sheet.dateFrom = dates[0] as string;
    sheet.dateTo = dates[dates.length - 1] as string;
  }
  return sheet;
}

/**
 * The volume as one DocModel for Word: cover, 目录, documents (scans listed), 备考表, each on new pages;
 * printed duplex, each part starts on the front of a sheet (Word adds the blank backs).
 */
export function volumeDocument(sheet: VolumeSheet, items: readonly BindItem[], [cover, contents, remarks]: [Document, Document, Document], print: PrintMode = 'duplex'): Document {
  const blocks: Block[] = [];
  // each part on pages of its own: the forms and the notes on scans unnumbered, each 件 numbered from 1
  const add = (bs: Block[], numbering: 'none' | 'restart' = 'none'): void => {
    blocks.push({ t: 'sectionBreak', numbering, ...(print === 'duplex' ? { recto: true } : {}) }, ...bs);
  };
  add(cover.blocks);
  add(contents.blocks);
  items.forEach((it, i) => {
    const entry = sheet.entries[i];
    if (it.document) {
      const cc = it.document.meta.cc;
      add(
        it.document.blocks.map((b) => (b.t === 'colophon' && !b.cc && cc ? { ...b, cc } : b)),
        'restart',
      );
    } else if (it.attachment) {
      const p = it.planned;
      const from = p.kind === 'attachment' && p.unit ? `${p.unit}的文件` : '扫描件';
      const what = it.attachment.kind === 'docx' ? 'Word 文件，请另行打印后按目录顺序放入本卷' : `${from}，共${it.pages}页，见 PDF 案卷第${entry?.startPage ?? ''}页起`;
      add([
        { t: 'title', text: entry?.title ?? it.planned.title, lines: [entry?.title ?? it.planned.title] },
        { t: 'para', indent: true, content: [{ t: 'text', text: `【${what}：${it.attachment.file}】` }] },
      ]);
    }
  });
  add(remarks.blocks);
  return { meta: { kind: '案卷', title: sheet.title, issuer: sheet.unit, header: false }, blocks };
}
