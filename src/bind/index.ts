//! Binder entry: every planned volume → bound PDF/DOCX per volume (split at 件 boundaries past the page limit),
//! 案卷目录.pdf and 脊背.pdf of the year. A volume with a bad attachment gets an error and is not bound;
//! the other volumes still are.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { hashJson, sha256 } from '../util/hash.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { loadFonts, type FontSet } from '../fonts/resolve.js';
import { archivalCode } from '../generators/archive/archival-code.js';
import type { CoverStyle } from '../generators/archive/cover.js';
import { spineSheets, type SpineLabel } from '../generators/archive/spine.js';
import type { VolumeSheet } from '../generators/archive/types.js';
import { volumeListsOf } from '../generators/archive/volume-list.js';
import { writePdf } from '../generators/pdf/write.js';
import { layoutDocument, type PagedDoc } from '../layout/index.js';
import type { Document } from '../model/types.js';
import type { BuildPlan, PlannedDocument, PlannedVolume } from '../plan/types.js';
import { safeFileName } from '../util/file-names.js';
import type { Workspace } from '../workspace/types.js';
import { loadAttachment, type LoadedAttachment } from './attachments.js';
import { BLOCK, isCmykJpeg, prepareAttachmentForPdfA } from './attachment-pdfa.js';
import { archiveCopyIndex, copyLabels, copyMarkText, DEFAULT_COPY_MARK } from './copies.js';
import { partTitle, splitAtItems } from './split.js';
import { bindVolume, fillSheet, type BindItem } from './volume.js';
import { trace } from '../util/trace.js';

export { loadAttachment, type LoadedAttachment } from './attachments.js';
export { chineseNumeral, partTitle, splitAtItems } from './split.js';
export { bindVolume, fillSheet, volumeDocument, type BindItem, type BoundVolume } from './volume.js';

/** What the binder reads of a build report (structural: src/build/build.ts passes its BuildReport). */
export interface BindReport {
  ok: boolean;
  diagnostics: Diagnostic[];
  plan?: BuildPlan;
  workspace?: Workspace;
  rendered: { planned: PlannedDocument; volume: PlannedVolume; document: Document }[];
}

export interface BindContext {
  /** laid-out pages per document id (what the PDF writer used) */
  paged: Map<string, PagedDoc>;
  fonts?: FontSet;
  created: Date;
  /** out/<year> */
  outDir: string;
  formats: readonly string[];
  /** renders a document this run did not render (an incremental build reused it); the binder needs every model */
  render?: (d: Exclude<PlannedDocument, { kind: 'attachment' }>) => Document | undefined;
  /** incremental binding: what the previous build bound, the current documents' model hashes, file checks */
  previous?: Record<string, VolumeRecord>;
  /** hash of a generated document's model (and pages) this build, by id */
  docKey?: (id: string) => string | undefined;
  /** true when an output file from the previous build is still as it was written */
  intact?: (abs: string) => boolean;
  /** the input key the previous build recorded for an output file */
  previousKey?: (abs: string) => string | undefined;
  /** tool, fonts and settings: any change rebinds everything */
  toolKey?: string;
  /** leave the volume DOCX files to the caller (`docxJobs`), which writes them in parallel */
  deferDocx?: boolean;
  /** leave the volume PDF writing to the caller (`pdfJobs`), which writes them in parallel */
  deferPdf?: boolean;
  /** content hash of an attachment (the caller may cache it); default: read and hash the file */
  attachmentHash?: (abs: string) => Promise<string>;
  /**
   * `--volume`: volumes not to bind now, with what the last build bound of them (undefined: never bound).
   * They keep their files and 卷号; the year's lists are made again only if every volume has its forms.
   */
  frozen?: Map<string, VolumeRecord | undefined>;
}

/** What one volume was bound from and into, kept in the manifest so an unchanged volume is not rebound. */
export interface VolumeRecord {
  key: string;
  parts: { sheet: VolumeSheet; sheets: number; files: string[] }[];
}

export interface BindResult {
  /** written files; `key` (what it was made from) lets the next build keep it unchanged */
  files: { path: string; data: Uint8Array; key?: string }[];
  sheets: VolumeSheet[];
  /** volume codes not bound (bad attachment) */
  failed: string[];
  /** volumes bound (or reused) this build, for the manifest */
  volumes: Record<string, VolumeRecord>;
  /** files of reused volumes, left as they are (absolute paths) */
  kept: string[];
  /** with `deferDocx`: volume DOCX files still to write, from their DocModel */
  docxJobs: { path: string; document: Document }[];
  /** with `deferPdf`: volume PDF files still to write, from their pages, then `finish` (scans) */
  pdfJobs: { path: string; paged: PagedDoc; pdfa: boolean; finish: (written: Uint8Array) => Promise<Uint8Array> }[];
}

/** The mark of the archive copy of a document printed in copies (the copy that is bound), else undefined. */
function archiveMarkOf(d: PlannedDocument, format: string | undefined): string | undefined {
  if (d.kind === 'template' && d.fromParent?.copyMark) return d.fromParent.copyMark; // a unit's own copy of its parent's 责任书 (fixB)
  if (d.kind !== 'template' || !d.copies?.length) return undefined;
  const labels = copyLabels(d.copies, d.row);
  const i = archiveCopyIndex(labels);
  return copyMarkText(format ?? DEFAULT_COPY_MARK, labels[i] ?? '', i + 1, labels.length);
}

/** The inputs of a volume's binding, hashed: documents' models and pages, attachments' bytes, the volume's settings. */
async function volumeKey(vol: PlannedVolume, missing: unknown, volumeNoStart: number, cover: string, ctx: BindContext, marks?: (d: PlannedDocument) => string | undefined): Promise<string | undefined> {
  if (!ctx.docKey || ctx.toolKey === undefined) return undefined;
  const docs: string[] = [];
  for (const d of vol.documents) {
    if (d.kind === 'attachment') {
      try {
        docs.push(`${d.id}:${ctx.attachmentHash ? await ctx.attachmentHash(d.path) : sha256(await readFile(d.path))}`);
      } catch {
        return undefined;
      }
    } else {
      const k = ctx.docKey(d.id);
      if (k === undefined) return undefined;
      docs.push(`${d.id}:${k}${marks?.(d) ?? ''}`);
    }
  }
  const { code, title, retention, category, pageLimit } = vol;
  return hashJson({ tool: ctx.toolKey, cover, volume: { code, title, retention, category, pageLimit }, missing, volumeNoStart, docs, remarks: vol.items.map((i) => i.remark ?? '') });
}

const PRODUCER = 'dossier 案卷生成器';

/** Why an attachment cannot go into a PDF/A volume (empty: it can, after the safe fixes made in memory). */
function pdfaBlockers(a: LoadedAttachment): string[] {
  if (a.kind === 'pdf') return prepareAttachmentForPdfA(a.pdf).blockers;
  if (a.kind === 'image' && a.type === 'jpg' && isCmykJpeg(a.bytes)) return [BLOCK.cmyk];
  return [];
}

/** 装订: binds every volume of the plan. Pushes its diagnostics into `report` (errors make `ok` false). */
export async function bindVolumes(report: BindReport, ctx: BindContext): Promise<BindResult> {
  const result: BindResult = { files: [], sheets: [], failed: [], volumes: {}, kept: [], docxJobs: [], pdfJobs: [] };
  const ws = report.workspace;
  const plan = report.plan;
  if (!ws || !plan) return result;
  const wantPdf = ctx.formats.includes('pdf');
  const wantDocx = ctx.formats.includes('docx');
  if (!wantPdf && !wantDocx) return result;
  const fonts = ctx.fonts ?? (await loadFonts({ overrides: ws.config.fonts ?? {}, baseDir: ws.dir }));
  const cover: CoverStyle = ws.config.cover ?? 'standard';
  const rendered = new Map(report.rendered.map((r) => [r.planned.id, r.document]));
  const labels: SpineLabel[] = [];
  const notBound = new Map<VolumeSheet, string>();
  // 卷号 run within each 保管期限 (DA/T 22: 永久, 30年 and 10年 volumes are numbered and listed apart)
  const volumeNos = new Map<string, number>();
  const nextVolumeNo = (retention: string): number => {
    const n = (volumeNos.get(retention) ?? 0) + 1;
    volumeNos.set(retention, n);
    return n;
  };

  let yearListsComplete = true;
  /** attachments that keep their part from being PDF/A */
  const notPdfA = new Set<BindItem>();
  /** a volume left as bound before: its forms, labels, files and 卷号s */
  const keep = (code: string, rec: VolumeRecord): void => {
    for (const part of rec.parts) {
      result.sheets.push(part.sheet);
      labels.push({ volume: part.sheet, sheets: part.sheets });
      result.kept.push(...part.files);
      nextVolumeNo(part.sheet.retention);
    }
    result.volumes[code] = rec;
  };
  for (const vol of plan.volumes) {
    // 0a. a volume not selected by --volume: as the last build left it (or, never bound, just its 卷号)
    if (ctx.frozen?.has(vol.code)) {
      const last = ctx.frozen.get(vol.code);
      if (!last) {
        nextVolumeNo(vol.retention);
        yearListsComplete = false;
        continue;
      }
      keep(vol.code, last);
      continue;
    }
    // 0. an unchanged volume (same documents, scans and settings, same 卷号) keeps its bound files
    const missingOfVol = plan.missing.filter((m) => m.volume === vol.code).map((m) => ({ item: m.item, reason: m.reason }));
    const catalogItems = ws.catalog.volumes.find((c) => c.code === vol.code)?.items;
    const key = await volumeKey(vol, missingOfVol, volumeNos.get(vol.retention) ?? 0, cover, ctx, (d) => {
      const m = archiveMarkOf(d, catalogItems?.[d.itemIndex]?.copyMark);
      return m === undefined ? undefined : `:${m}`;
    });
    const prev = ctx.previous?.[vol.code];
    const hasFormats = (files: readonly string[]) => (!wantPdf || files.some((f) => f.endsWith('.pdf'))) && (!wantDocx || files.some((f) => f.endsWith('.docx')));
    if (key !== undefined && prev?.key === key && prev.parts.every((p) => hasFormats(p.files) && p.files.every((f) => ctx.intact?.(f) === true))) {
      keep(vol.code, prev);
      continue;
    }
    const record: VolumeRecord | undefined = key === undefined ? undefined : { key, parts: [] };
    trace(`bind ${vol.code}: start`);

    // 1. every 件 with its real page count
    const items: BindItem[] = [];
    let bad = false;
    for (const d of vol.documents) {
      const it: BindItem = { planned: d, pages: 0 };
      const remark = vol.items[d.itemIndex]?.remark;
      if (remark) it.itemRemark = remark;
      const mark = archiveMarkOf(d, ws.catalog.volumes.find((c) => c.code === vol.code)?.items[d.itemIndex]?.copyMark);
      if (mark) it.copyMark = mark;
      if (d.kind === 'attachment') {
        const a = await loadAttachment(d);
        if ('error' in a) {
          report.diagnostics.push({ ...a.error, message: `${a.error.message}（${vol.title}）` });
          bad = true;
          continue;
        }
        it.attachment = a;
        it.pages = a.pages;
        for (const w of a.warnings) report.diagnostics.push({ ...w, message: `${w.message}（${vol.title}）` });
        const blockers = ws.config.pdfa ? pdfaBlockers(a) : [];
        if (blockers.length) {
          notPdfA.add(it);
          report.diagnostics.push({
            severity: 'warning',
            code: 'attachment-not-pdfa',
            file: d.file,
            message: `附件“${d.file}”${blockers.join('、')}，不能放进 PDF/A 文件：${vol.title}的 PDF 按普通 PDF 生成（不是 PDF/A-2b，不宜作为电子档案长期保存）`,
            hint: '请把这份材料重新扫描为图像 PDF（扫描软件中选“PDF”或“PDF/A”），或用打印机“打印为 PDF”另存一份，放回原处后重新生成；不需要 PDF/A 时可在 dossier.yaml 写 pdfa: false。',
          });
        }
        if (a.kind === 'docx')
          report.diagnostics.push({ severity: 'warning', code: 'attachment-docx', file: d.file, message: `附件“${d.file}”是 Word 文件，已列入${vol.title}的卷内目录，但不能装订进 PDF 案卷`, hint: '请另行打印，按卷内目录的顺序放入本卷；或另存为 PDF 放回原处。' });
      } else {
        const doc = rendered.get(d.id) ?? ctx.render?.(d);
        if (!doc) continue; // a render error already reported
        it.document = doc;
        let p = ctx.paged.get(d.id);
        if (!p) {
          p = layoutDocument(doc, fonts);
          ctx.paged.set(d.id, p);
        }
        it.paged = p;
        it.pages = p.pages.length;
      }
      items.push(it);
    }
    if (bad) {
      result.failed.push(vol.code);
      report.ok = false;
    }

    // 2. split at 件 boundaries; each part its own sheet, forms and 页号
    const groups = splitAtItems(items.map((i) => i.pages), vol.pageLimit);
    const missing = missingOfVol;
    for (let k = 0; k < groups.length; k++) {
      const partItems = (groups[k] as number[]).map((i) => items[i] as BindItem);
      const title = partTitle(vol.title, k, groups.length);
      const volumeNo = nextVolumeNo(vol.retention);
      const notes: string[] = [];
      if (groups.length > 1) notes.push(`本卷因超过${vol.pageLimit}页分为${groups.length}册装订，此为第${k + 1}册。`);
      const docx = partItems.filter((i) => i.attachment?.kind === 'docx').length;
      if (docx) notes.push(`其中${docx}件为 Word 文件，须另行打印后按目录顺序放入。`);
      const sheet = fillSheet(
        {
          unit: ws.unit.name,
          ...(plan.fonds ? { fonds: plan.fonds } : {}),
          year: plan.year,
          code: vol.code,
          title,
          ...(vol.category ? { category: vol.category } : {}),
          retention: vol.retention,
          volumeNo,
          archivalCode: archivalCode({ ...(plan.fonds ? { fonds: plan.fonds } : {}), year: plan.year, retention: vol.retention, volumeNo, ...(plan.orgCode ? { org: plan.orgCode } : {}) }),
          missing: k === 0 ? missing : [],
          notes,
          ...(ws.config.preparer ? { preparer: ws.config.preparer } : {}),
          ...(ws.config.checker ? { checker: ws.config.checker } : {}),
          ...(ws.config.date ? { date: ws.config.date } : {}),
        },
        partItems,
        ws.unit.name,
      );
      result.sheets.push(sheet);
      if (bad) {
        notBound.set(sheet, '附件有误，未装订');
        labels.push({ volume: sheet, sheets: sheet.pageCount + 3 });
        continue;
      }
      const pdfa = ws.config.pdfa && !partItems.some((i) => notPdfA.has(i));
      const bound = await bindVolume(sheet, partItems, { fonts, created: ctx.created, cover, pdf: wantPdf, docx: wantDocx, docxModel: ctx.deferDocx === true, pdfPages: ctx.deferPdf === true, pdfa, print: ws.config.print });
      labels.push({ volume: sheet, sheets: bound.sheets });
      const stem = path.join(ctx.outDir, safeFileName(`${vol.code}-${title}`));
      const partFiles: string[] = [];
      if (bound.pdf) {
        result.files.push({ path: `${stem}.pdf`, data: bound.pdf });
        partFiles.push(`${stem}.pdf`);
      }
      if (bound.docx) {
        result.files.push({ path: `${stem}.docx`, data: bound.docx });
        partFiles.push(`${stem}.docx`);
      }
      if (bound.pdfJob) {
        result.pdfJobs.push({ path: `${stem}.pdf`, ...bound.pdfJob });
        partFiles.push(`${stem}.pdf`);
      }
      if (bound.docxDocument) {
        result.docxJobs.push({ path: `${stem}.docx`, document: bound.docxDocument });
        partFiles.push(`${stem}.docx`);
      }
      record?.parts.push({ sheet, sheets: bound.sheets, files: partFiles });
    }
    if (record && !bad) result.volumes[vol.code] = record;
    trace(`bind ${vol.code}: bound`);
  }

  // 3. the year's 案卷目录 and 脊背, made from the sheets and labels only: a rebound volume whose
  // 件数, 页数, dates and titles did not change (a wording edit) leaves both files as they are
  const yearFiles = [path.join(ctx.outDir, '案卷目录.pdf'), path.join(ctx.outDir, '脊背.pdf')];
  const meta = { unit: ws.unit.name, ...(plan.fonds ? { fonds: plan.fonds } : {}), year: plan.year };
  const yearKey = hashJson({ tool: ctx.toolKey ?? '', created: ctx.created.getTime(), meta, sheets: result.sheets, notBound: [...notBound].map(([s, why]) => [s.volumeNo, why]), labels: labels.map((l) => [l.volume.volumeNo, l.sheets]) });
  if (!yearListsComplete) {
    // some volume was never bound: the lists would miss it; keep the last ones (a full build makes them)
    report.diagnostics.push({ severity: 'warning', code: 'year-lists-partial', message: '案卷目录和脊背没有更新：有的案卷还从未生成过', hint: '不带 --volume 完整生成一次，案卷目录和脊背就会包含全部案卷。' });
  } else if (wantPdf && result.sheets.length && ctx.toolKey !== undefined && yearFiles.every((f) => ctx.previousKey?.(f) === yearKey && ctx.intact?.(f) === true)) {
    result.kept.push(...yearFiles);
  } else if (wantPdf && result.sheets.length) {
    // one list per 保管期限, each from its own page, in one file
    const lists = volumeListsOf(meta, result.sheets, notBound).map((d) => layoutDocument(d, fonts));
    const list = { ...(lists[0] as PagedDoc), pages: lists.flatMap((l) => l.pages), warnings: lists.flatMap((l) => l.warnings) };
    result.files.push({ path: path.join(ctx.outDir, '案卷目录.pdf'), data: await writePdf(list, fonts, { created: ctx.created, producer: PRODUCER, pdfa: ws.config.pdfa }), key: yearKey });
    trace('案卷目录');
    const spine = spineSheets(labels, fonts, meta);
    result.files.push({ path: path.join(ctx.outDir, '脊背.pdf'), data: await writePdf(spine, fonts, { created: ctx.created, producer: PRODUCER, pdfa: ws.config.pdfa }), key: yearKey });
  }
  trace('脊背');
  return result;
}
