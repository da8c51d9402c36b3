//! `from:` — a unit's item filled with what its parent issues to it (the reverse of `collect:`): a village's
//! 乡镇与村签订的目标责任书 is the township's 责任书 for that village, bound as the village's copy with its copy
//! mark; its 考核通报 and 工作要点 are the township's documents. Rules, in order:
//!   1. the unit's own scans (`attach:`) win — a signed and stamped original is the better record;
//!   2. each reference (`卷代码/题名` or `题名` of the parent's catalog), in turn, until one gives documents:
//!      - a template item with `each:` gives the document of the unit's own row (matched by the units'
//!        naming column, 村名), one without `each:` its one document — rendered with the parent's templates
//!        and data (src/render/document.ts), so it is the township's document word for word;
//!      - an attach item gives the parent's files: those whose names contain the unit's name, when some
//!        file names a unit, else all of them;
//!   3. otherwise the item is missing, saying why (not in the parent's catalog, not made yet, no row for
//!      this unit) and where a scan would go.
import path from 'node:path';
import type { CatalogItem, CatalogVolume } from '../schema/catalog.js';
import { copyLabels, copyMarkText, DEFAULT_COPY_MARK, partyCopyIndex } from '../util/copy-labels.js';
import { safeFileName, seqLabel } from '../util/file-names.js';
import { fromRefs, parentName, resolveParentItem, type ParentItem } from '../workspace/parent-items.js';
import type { Workspace } from '../workspace/types.js';
import type { AttachmentDocument, PlannedDocument, PlannedItem, TemplateDocument } from './types.js';

export interface FromContext {
  ws: Workspace;
  vol: CatalogVolume;
  item: CatalogItem;
  ii: number;
  /** the volume's documents so far (the item's are appended) */
  docs: PlannedDocument[];
  planned: PlannedItem;
  /** plans the item's own `attach:` scans into `docs`, recording what it found in `into` */
  attach: (into: PlannedItem) => void;
  /** plans an item of the parent's catalog, its documents into `docs` */
  parentItem: (parent: Workspace, p: ParentItem, docs: PlannedDocument[]) => PlannedItem;
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());

export function planFrom(c: FromContext): void {
  const { ws, item, planned, docs } = c;
  let scanReason: string | undefined;
  if (item.attach !== undefined) {
    const scans: PlannedItem = { ...planned, missing: false };
    const before = docs.length;
    c.attach(scans);
    if (docs.length > before) {
      planned.fromParent = { scans: true };
      return;
    }
    scanReason = scans.missingReason;
  }
  const parent = ws.parent;
  if (!parent || !ws.unitOf) {
    planned.missing = true;
    planned.missingReason = scanReason ?? '这一项取上级（乡镇）生成的文件，本工作区不是从上级工作区生成的：请放入扫描件';
    return;
  }
  const problems: string[] = [];
  for (const ref of fromRefs(item)) {
    const r = resolveParentItem(parent.catalog, ref);
    if ('problem' in r) {
      problems.push(r.problem);
      continue;
    }
    const mine = parentDocuments(c, parent, r.found);
    if ('problem' in mine) {
      problems.push(mine.problem);
      continue;
    }
    for (const d of mine.docs) docs.push(d);
    planned.fromParent = { item: r.found.ref };
    return;
  }
  planned.missing = true;
  const scan = scanReason ? `；也可以放入扫描件：${scanReason.replace(/^未找到材料：请放入 /, '')}` : '';
  planned.missingReason = `${problems.join('；')}${scan}`;
}

/** The parent's documents of one item that are this unit's, as documents of the unit's volume. */
function parentDocuments(c: FromContext, parent: Workspace, p: ParentItem): { docs: PlannedDocument[] } | { problem: string } {
  const { ws, vol, item, ii } = c;
  const unit = ws.unitOf;
  if (!unit) return { problem: '' };
  const label = `${parent.unit.short}的“${p.item.title}”`;
  const found: PlannedDocument[] = [];
  const pitem = c.parentItem(parent, p, found);
  if (pitem.source === 'table' || pitem.source === 'cases' || pitem.source === 'from' || p.item.collect !== undefined)
    return { problem: `${label}不是${parent.unit.short}生成的公文或归档的文件，不能用 from 取（只能取 template 或 attach 项）` };
  if (pitem.missing || found.length === 0) return { problem: `${label}还没有${pitem.missingReason ? `（${pitem.missingReason}）` : ''}` };
  const next = (k: number) => c.docs.length + 1 + k;
  const stem = (seq: number, suffix?: string) => safeFileName(`${seqLabel(seq)}-${item.title}${suffix ? `-${suffix}` : ''}`);

  if (pitem.source === 'template') {
    let chosen = found.filter((d): d is TemplateDocument => d.kind === 'template');
    if (p.item.each !== undefined) {
      const named = chosen.filter((d) => d.row !== undefined && Object.prototype.hasOwnProperty.call(d.row, unit.column));
      chosen = named.length ? named.filter((d) => text(d.row?.[unit.column]) === unit.name) : chosen.filter((d) => d.rowName === unit.name);
      if (chosen.length === 0) return { problem: `${label}按“${p.item.each}”逐行生成，其中没有${unit.label}“${unit.name}”的一份` };
    }
    const alias = parentName(parent, p.ref);
    if (!ws.templates.has(alias)) return { problem: `${label}的模板“${p.item.template ?? ''}”找不到` };
    return {
      docs: chosen.map((d, k): TemplateDocument => {
        const seq = next(k);
        const suffix = chosen.length > 1 ? (d.rowName ?? String(k + 1)) : undefined;
        const doc: TemplateDocument = { kind: 'template', id: `${vol.code}/${item.title}${suffix ? `/${suffix}` : ''}`, volume: vol.code, seq, itemIndex: ii, title: item.title, fileStem: stem(seq, suffix), template: alias, fromParent: { template: d.template, title: d.title, item: p.ref } };
        if (d.dataPath !== undefined) doc.dataPath = d.dataPath;
        if (d.row !== undefined) {
          doc.row = d.row;
          if (d.rowIndex !== undefined) doc.rowIndex = d.rowIndex;
          if (d.rowName !== undefined) doc.rowName = d.rowName;
          if (d.eachPath !== undefined) doc.eachPath = d.eachPath;
        }
        // 一式多份: the unit's own copy ("{委员会}执") is the one filed with it, marked as on its print
        const i = d.copies?.length ? partyCopyIndex(d.copies, d.row, unit.name) : -1;
        if (d.copies && i >= 0) {
          const labels = copyLabels(d.copies, d.row);
          doc.fromParent = { ...(doc.fromParent as NonNullable<TemplateDocument['fromParent']>), copyMark: copyMarkText(p.item.copyMark ?? DEFAULT_COPY_MARK, labels[i] ?? '', i + 1, labels.length) };
        }
        return doc;
      }),
    };
  }

  // the parent's files: those naming this unit, when some file names one of the units
  const files = found.filter((d) => d.kind === 'attachment' || (d.kind === 'template' && d.received));
  const table = parent.data[unit.key];
  const names = Array.isArray(table) ? table.map((r) => text((r as Record<string, unknown>)[unit.column])).filter(Boolean) : [];
  const base = (d: PlannedDocument) => path.basename(d.kind === 'attachment' ? d.file : d.kind === 'template' && d.received ? d.received.file : d.title);
  const naming = files.filter((d) => names.some((n) => base(d).includes(n)));
  const chosen = naming.length ? files.filter((d) => base(d).includes(unit.name)) : files;
  if (chosen.length === 0) return { problem: `${label}的文件中没有文件名含“${unit.name}”的` };
  return {
    docs: chosen.map((d, k): PlannedDocument => {
      const seq = next(k);
      const title = d.title;
      const fileStem = safeFileName(`${seqLabel(seq)}-${title}`);
      if (d.kind === 'template' && d.received) {
        // a received Word file of the parent's: typeset as text here too (its template name kept apart from the unit's own)
        return { kind: 'template', id: `${vol.code}/${item.title}/${parentName(parent, d.received.file)}`, volume: vol.code, seq, itemIndex: ii, title, fileStem, template: `附件:${parentName(parent, d.received.file)}`, received: d.received };
      }
      const a = d as AttachmentDocument;
      const doc: AttachmentDocument = { kind: 'attachment', id: `${vol.code}/${item.title}/${parentName(parent, a.file)}`, volume: vol.code, seq, itemIndex: ii, title, fileStem, path: a.path, file: a.file, format: a.format, responsible: a.responsible ?? parent.unit.name };
      if (a.number) doc.number = a.number;
      return doc;
    }),
  };
}
