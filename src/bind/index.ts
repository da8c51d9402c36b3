//! Binder: decides, volume by volume in catalog order, what each bound volume is made of — 卷号, parts
//! split at 件 boundaries past the page limit, the filled 卷内目录 — and whether it must be written again
//! or its files kept; then the year's 案卷目录 and 脊背. It returns jobs (assemble.ts writes them, on any
//! thread) and diagnostics; it never writes a file. A volume with a bad attachment is not bound (an
//! error); the other volumes still are. A volume with no 件 is not bound at all (no 卷号, 案卷目录 line or
//! spine): an archive has no empty volumes; its missing items are in the 缺件清单.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import { archivalCode } from '../generators/archive/archival-code.js';
import type { CoverStyle } from '../generators/archive/cover.js';
import type { SpineLabel } from '../generators/archive/spine.js';
import type { VolumeSheet } from '../generators/archive/types.js';
import type { Document } from '../model/types.js';
import type { AttachmentDocument, BuildPlan, PlannedDocument, PlannedVolume } from '../plan/types.js';
import { fitFileName } from '../util/file-names.js';
import { hashJson, sha256 } from '../util/hash.js';
import type { SubunitModelRef, Workspace } from '../workspace/types.js';
import type { AssembleItem, VolumeJob } from './assemble.js';
import type { LoadedAttachment } from './attachments.js';
import { archiveCopyIndex, copyLabels, copyMarkText, DEFAULT_COPY_MARK } from './copies.js';
import { partTitle, splitAtItems } from './split.js';
import { fillSheet, type BindItem } from './volume.js';

export type { LoadedAttachment } from './attachments.js';

/** Reads and checks one attachment (attachments.ts, and pdf-lib, are loaded only when one is read). */
export async function loadAttachment(doc: AttachmentDocument): Promise<LoadedAttachment | { error: Diagnostic }> {
  const m = await import('./attachments.js');
  return m.loadAttachment(doc);
}

/** Why an attachment cannot go into a PDF/A volume (empty: it can, after the safe fixes made in memory). */
async function pdfaBlockers(a: LoadedAttachment): Promise<string[]> {
  if (a.kind === 'docx') return [];
  const { BLOCK, isCmykJpeg, prepareAttachmentForPdfA } = await import('./attachment-pdfa.js');
  if (a.kind === 'pdf') return prepareAttachmentForPdfA(a.pdf).blockers;
  if (a.type === 'jpg' && isCmykJpeg(a.bytes)) return [BLOCK.cmyk];
  return [];
}

/** What the binder keeps of a checked attachment. */
export interface CheckedAttachment {
  kind: LoadedAttachment['kind'];
  pages: number;
  warnings: Diagnostic[];
  /** why it keeps its part from being PDF/A (empty: it does not) */
  blockers: string[];
}
export { chineseNumeral, partTitle, splitAtItems } from './split.js';
export { fillSheet, volumeDocument, type BindItem } from './volume.js';

/** A generated document as the binder needs it: what it was made from and where its pages are. */
export interface BoundDocument {
  /** model and page count (with the archive mark): part of the volume's key */
  key: string;
  pages: number;
  /** reference to its encoded pages (the build's cache file) */
  encoded: string;
  /** its DocModel: 目录 fields, and the Word volume (rendered again if it was not kept) */
  model: () => Promise<Document | undefined>;
}

/** What one volume was bound from and into, kept in the manifest so an unchanged volume is not rebound. */
export interface VolumeRecord {
  key: string;
  parts: { sheet: VolumeSheet; sheets: number; files: string[] }[];
}

export interface BindContext {
  ws: Workspace;
  plan: BuildPlan;
  formats: readonly string[];
  created: Date;
  /** out/<year> */
  outDir: string;
  /** tool, fonts and settings: any change rebinds everything */
  toolKey: string;
  /** a generated document of this build; undefined when it failed to render */
  document: (id: string) => BoundDocument | undefined;
  /** what the previous build bound */
  previous: Record<string, VolumeRecord>;
  /** true when an output file from the previous build is still as it was written */
  intact: (abs: string) => boolean;
  /** the input key the previous build recorded for an output file */
  previousKey: (abs: string) => string | undefined;
  /** content hash of an attachment (the caller caches it) */
  attachmentHash: (abs: string) => Promise<string>;
  /** what an earlier build learnt reading these same attachment bytes (with these settings), if anything */
  recall?: (abs: string) => Promise<CheckedAttachment | undefined>;
  /** keeps what reading an attachment told, for later builds */
  remember?: (abs: string, a: CheckedAttachment) => void;
  /** a fresh temporary path for a job's output */
  tmpPath: () => string;
  /** the model a unit's build kept of a document it generated (a `collect:` 件), for the Word volume */
  unitModel?: (ref: SubunitModelRef) => Document | undefined;
  /**
   * `--volume`: volumes not to bind now, with what the last build bound of them (undefined: never bound).
   * They keep their files and 卷号; the year's lists are made again only if every volume has its forms.
   */
  frozen?: ReadonlyMap<string, VolumeRecord | undefined>;
}

/** The outcome of one volume: jobs to run, files kept, its record for the manifest, problems. */
export interface VolumeStep {
  code: string;
  /** parts to write (their `sheets` come back in the job results: `setSheets`) */
  jobs: VolumeJob[];
  /** files left as the last build made them (absolute) */
  kept: string[];
  /** the output files of the parts written now (absolute) */
  files: string[];
  record?: VolumeRecord;
  failed: boolean;
  diagnostics: Diagnostic[];
}

/** The year's lists: to make (their pages come from `sheets` and `labels`), or kept as they are. */
export type YearLists =
  | { make: true; key: string; files: [string, string]; meta: { unit: string; fonds?: string; year: number }; sheets: VolumeSheet[]; labels: SpineLabel[]; notBound: Map<VolumeSheet, string> }
  | { make: false; kept: string[]; diagnostics: Diagnostic[] };

/** The mark of the archive copy of a document printed in copies (the copy that is bound), else undefined. */
export function archiveMarkOf(d: PlannedDocument, format: string | undefined): string | undefined {
  if (d.kind === 'template' && d.fromParent?.copyMark) return d.fromParent.copyMark; // a unit's own copy of its parent's 责任书 (fixB)
  if (d.kind !== 'template' || !d.copies?.length) return undefined;
  const labels = copyLabels(d.copies, d.row);
  const i = archiveCopyIndex(labels);
  return copyMarkText(format ?? DEFAULT_COPY_MARK, labels[i] ?? '', i + 1, labels.length);
}

/** Folder and file stem of a volume (part): <code>-<卷名> */
export function volumeStem(code: string, title: string): string {
  return fitFileName(`${code}-`, title, '');
}

/** 装订: the volumes of a plan, one after another (卷号 run on over the parts of split volumes, within each 保管期限). */
export class Binder {
  /** 卷号 so far by 保管期限 (DA/T 22: 永久, 30年 and 10年 volumes are numbered and listed apart) */
  private readonly volumeNos = new Map<string, number>();
  private readonly sheets: VolumeSheet[] = [];
  private readonly labels: SpineLabel[] = [];
  private readonly notBound = new Map<VolumeSheet, string>();
  private readonly pendingSheets = new Map<string, { label: SpineLabel; part: VolumeRecord['parts'][number] }>();
  private yearListsComplete = true;
  /** attachments checked ahead (`check`): kind and pages */
  private readonly attachments = new Map<string, CheckedAttachment>();
  /** attachments `check` found bad (already reported) */
  private readonly badAttachments = new Set<string>();
  private readonly wantPdf: boolean;
  private readonly wantDocx: boolean;
  private readonly cover: CoverStyle;

  constructor(private readonly ctx: BindContext) {
    this.wantPdf = ctx.formats.includes('pdf');
    this.wantDocx = ctx.formats.includes('docx');
    this.cover = ctx.ws.config.cover ?? 'standard';
  }

  private nextVolumeNo(retention: string): number {
    const n = (this.volumeNos.get(retention) ?? 0) + 1;
    this.volumeNos.set(retention, n);
    return n;
  }

  /** Reads an attachment: its pages, warnings and (with PDF/A) what keeps it out of a PDF/A file. */
  private async read(d: AttachmentDocument): Promise<CheckedAttachment | { error: Diagnostic }> {
    const known = await this.ctx.recall?.(d.path);
    if (known) return known;
    const a = await loadAttachment(d);
    if ('error' in a) return a;
    const checked: CheckedAttachment = { kind: a.kind, pages: a.pages, warnings: a.warnings, blockers: this.ctx.ws.config.pdfa ? await pdfaBlockers(a) : [] };
    this.ctx.remember?.(d.path, checked);
    return checked;
  }

  private copyFormat(vol: PlannedVolume, d: PlannedDocument): string | undefined {
    return this.ctx.ws.catalog.volumes.find((c) => c.code === vol.code)?.items[d.itemIndex]?.copyMark;
  }

  private missingOf(vol: PlannedVolume): { item: string; reason: string }[] {
    return this.ctx.plan.missing.filter((m) => m.volume === vol.code).map((m) => ({ item: m.item, reason: m.reason }));
  }

  /** The inputs of a volume's binding, hashed; undefined while a document of it is unknown (not rendered). */
  private async key(vol: PlannedVolume): Promise<string | undefined> {
    const docs: string[] = [];
    for (const d of vol.documents) {
      if (d.kind === 'attachment') {
        try {
          // (a unit's generated document: its model's hash too, whose text the Word volume carries)
          docs.push(`${d.id}:${await this.ctx.attachmentHash(d.path)}${d.model ? `:${d.model.key}` : ''}`);
        } catch {
          return undefined;
        }
      } else {
        const b = this.ctx.document(d.id);
        if (!b) return undefined;
        const mark = archiveMarkOf(d, this.copyFormat(vol, d));
        docs.push(`${d.id}:${b.key}${mark === undefined ? '' : `:${mark}`}`);
      }
    }
    const { code, title, retention, category, pageLimit } = vol;
    return hashJson({ tool: this.ctx.toolKey, cover: this.cover, volume: { code, title, retention, category, pageLimit }, missing: this.missingOf(vol), volumeNoStart: this.volumeNos.get(vol.retention) ?? 0, docs, remarks: vol.items.map((i) => i.remark ?? '') });
  }

  /** Whether the last build's files of this volume can stay (same key, every part's files intact in every format asked). */
  private keepable(prev: VolumeRecord | undefined, key: string | undefined): prev is VolumeRecord {
    const hasFormats = (files: readonly string[]) => (!this.wantPdf || files.some((f) => f.endsWith('.pdf'))) && (!this.wantDocx || files.some((f) => f.endsWith('.docx')));
    return key !== undefined && prev?.key === key && prev.parts.every((p) => hasFormats(p.files) && p.files.every((f) => this.ctx.intact(f)));
  }

  /**
   * Before its documents are written: checks the volume's attachments (an encrypted or damaged scan makes
   * the volume fail, and nothing of it is written). Attachments are read only when the volume may be bound
   * again: `changing` (some document of it is written), never bound, or its files changed.
   */
  async check(vol: PlannedVolume, changing: boolean): Promise<Diagnostic[]> {
    if (this.ctx.frozen?.has(vol.code) || (!this.wantPdf && !this.wantDocx)) return [];
    const prev = this.ctx.previous[vol.code];
    if (!changing && prev && prev.parts.every((p) => p.files.every((f) => this.ctx.intact(f)))) return [];
    const out: Diagnostic[] = [];
    for (const d of vol.documents) {
      if (d.kind !== 'attachment' || this.attachments.has(d.id)) continue;
      const a = await this.read(d);
      if ('error' in a) {
        out.push({ ...a.error, message: `${a.error.message}（${vol.title}）` });
        this.badAttachments.add(d.id);
      } else this.attachments.set(d.id, a);
    }
    return out;
  }

  /** Binds (or keeps) one volume; call in plan order, once its documents are written. */
  async volume(vol: PlannedVolume): Promise<VolumeStep> {
    const step: VolumeStep = { code: vol.code, jobs: [], kept: [], files: [], failed: false, diagnostics: [] };
    if (!this.wantPdf && !this.wantDocx) return step;
    // 0. a volume with no 件 is not bound: no 卷号, no line in 案卷目录, no spine; it stays in the 缺件清单
    // with its missing items, and what an earlier build bound of it goes like any output no longer made
    if (!vol.documents.length) return step;
    // 0a. a volume not selected by --volume: as the last build left it (or, never bound, just its 卷号)
    if (this.ctx.frozen?.has(vol.code)) {
      const last = this.ctx.frozen.get(vol.code);
      if (!last) {
        this.nextVolumeNo(vol.retention);
        this.yearListsComplete = false;
      } else this.keep(last, step);
      return step;
    }
    // 0b. an unchanged volume (same documents, scans and settings, same 卷号) keeps its bound files
    const key = await this.key(vol);
    const prev = this.ctx.previous[vol.code];
    if (this.keepable(prev, key)) {
      this.keep(prev, step);
      return step;
    }
    const record: VolumeRecord | undefined = key === undefined ? undefined : { key, parts: [] };

    // 1. every 件 with its real page count
    const { ws, plan } = this.ctx;
    const items: (BindItem & AssembleItem)[] = [];
    /** attachments that keep their part from being PDF/A */
    const notPdfA = new Set<BindItem>();
    for (const d of vol.documents) {
      const it: BindItem & AssembleItem = { planned: d, pages: 0 };
      const remark = vol.items[d.itemIndex]?.remark;
      if (remark) it.itemRemark = remark;
      const mark = archiveMarkOf(d, this.copyFormat(vol, d));
      if (mark) it.copyMark = mark;
      if (d.kind === 'attachment') {
        let a = this.attachments.get(d.id);
        if (this.badAttachments.has(d.id)) {
          step.failed = true;
          continue;
        }
        if (!a) {
          const loaded = await this.read(d);
          if ('error' in loaded) {
            step.diagnostics.push({ ...loaded.error, message: `${loaded.error.message}（${vol.title}）` });
            step.failed = true;
            continue;
          }
          a = loaded;
        }
        this.attachments.delete(d.id);
        it.attachment = { kind: a.kind === 'docx' ? 'docx' : a.kind, path: d.path, file: d.file, sha256: await this.ctx.attachmentHash(d.path) };
        // a unit's generated document (collect:): the PDF binds its pages, the Word volume its text
        if (d.model && this.wantDocx) {
          const doc = this.ctx.unitModel?.(d.model);
          if (doc) it.document = doc;
        }
        it.pages = a.pages;
        for (const w of a.warnings) step.diagnostics.push({ ...w, message: `${w.message}（${vol.title}）` });
        if (a.blockers.length) {
          notPdfA.add(it);
          step.diagnostics.push({
            severity: 'warning',
            code: 'attachment-not-pdfa',
            file: d.file,
            message: `附件“${d.file}”${a.blockers.join('、')}，不能放进 PDF/A 文件：${vol.title}的 PDF 按普通 PDF 生成（不是 PDF/A-2b，不宜作为电子档案长期保存）`,
            hint: '请把这份材料重新扫描为图像 PDF（扫描软件中选“PDF”或“PDF/A”），或用打印机“打印为 PDF”另存一份，放回原处后重新生成；不需要 PDF/A 时可在 dossier.yaml 写 pdfa: false。',
          });
        }
        if (a.kind === 'docx')
          step.diagnostics.push({ severity: 'warning', code: 'attachment-docx', file: d.file, message: `附件“${d.file}”是 Word 文件，已列入${vol.title}的卷内目录，但不能装订进 PDF 案卷`, hint: '请另行打印，按卷内目录的顺序放入本卷；或另存为 PDF 放回原处。' });
      } else {
        const b = this.ctx.document(d.id);
        const doc = await b?.model();
        if (!b || !doc) continue; // a render error, already reported
        it.document = doc;
        it.encoded = b.encoded;
        it.pages = b.pages;
      }
      items.push(it);
    }

    // (every 件 failed to render, already reported: nothing to bind)
    if (!items.length && !step.failed) return step;

    // 2. split at 件 boundaries; each part its own sheet, forms and 页号
    const groups = splitAtItems(items.map((i) => i.pages), vol.pageLimit);
    const missing = this.missingOf(vol);
    for (let k = 0; k < groups.length; k++) {
      const partItems = (groups[k] as number[]).map((i) => items[i] as BindItem & AssembleItem);
      const title = partTitle(vol.title, k, groups.length);
      const volumeNo = this.nextVolumeNo(vol.retention);
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
      this.sheets.push(sheet);
      if (step.failed) {
        this.notBound.set(sheet, '附件有误，未装订');
        this.labels.push({ volume: sheet, sheets: sheet.pageCount + 3 });
        continue;
      }
      const stem = path.join(this.ctx.outDir, volumeStem(vol.code, title));
      const job: VolumeJob = {
        kind: 'volume',
        id: `${stem}`,
        sheet,
        cover: this.cover,
        items: partItems.map((it) => ({ planned: it.planned, pages: it.pages, ...(it.encoded !== undefined ? { encoded: it.encoded } : {}), ...(it.document && this.wantDocx ? { document: it.document } : {}), ...(it.attachment ? { attachment: it.attachment } : {}), ...(it.copyMark ? { copyMark: it.copyMark } : {}), ...(it.itemRemark ? { itemRemark: it.itemRemark } : {}) })),
        created: this.ctx.created.getTime(),
        pdfa: ws.config.pdfa && !partItems.some((i) => notPdfA.has(i)),
        print: ws.config.print,
      };
      const files: string[] = [];
      if (this.wantPdf) {
        job.pdf = this.ctx.tmpPath();
        files.push(`${stem}.pdf`);
      }
      if (this.wantDocx) {
        job.docx = this.ctx.tmpPath();
        files.push(`${stem}.docx`);
      }
      step.jobs.push(job);
      step.files.push(...files);
      const label: SpineLabel = { volume: sheet, sheets: 0 };
      this.labels.push(label);
      const part = { sheet, sheets: 0, files };
      record?.parts.push(part);
      this.pendingSheets.set(job.id, { label, part });
    }
    if (record && !step.failed) step.record = record;
    return step;
  }

  /** The printed sheets of a written part (from its job's result). */
  setSheets(jobId: string, sheets: number): void {
    const p = this.pendingSheets.get(jobId);
    if (!p) return;
    p.label.sheets = sheets;
    p.part.sheets = sheets;
    this.pendingSheets.delete(jobId);
  }

  private keep(rec: VolumeRecord, step: VolumeStep): void {
    for (const part of rec.parts) {
      this.sheets.push(part.sheet);
      this.labels.push({ volume: part.sheet, sheets: part.sheets });
      step.kept.push(...part.files);
      this.nextVolumeNo(part.sheet.retention);
    }
    step.record = rec;
  }

  /**
   * The year's 案卷目录 and 脊背, from the sheets and labels only: a rebound volume whose 件数, 页数, dates
   * and titles did not change (a wording edit) leaves both files as they are.
   */
  yearLists(): YearLists {
    const { ws, plan, outDir, toolKey, created } = this.ctx;
    const files: [string, string] = [path.join(outDir, '案卷目录.pdf'), path.join(outDir, '脊背.pdf')];
    const meta = { unit: ws.unit.name, ...(plan.fonds ? { fonds: plan.fonds } : {}), year: plan.year };
    if (!this.yearListsComplete)
      // some volume was never bound: the lists would miss it; keep the last ones (a full build makes them)
      return { make: false, kept: [], diagnostics: [{ severity: 'warning', code: 'year-lists-partial', message: '案卷目录和脊背没有更新：有的案卷还从未生成过', hint: '不带 --volume 完整生成一次，案卷目录和脊背就会包含全部案卷。' }] };
    if (!this.wantPdf || !this.sheets.length) return { make: false, kept: [], diagnostics: [] };
    const key = hashJson({ tool: toolKey, created: created.getTime(), meta, sheets: this.sheets, notBound: [...this.notBound].map(([s, why]) => [s.retention, s.volumeNo, why]), labels: this.labels.map((l) => [l.volume.retention, l.volume.volumeNo, l.sheets]) });
    if (files.every((f) => this.ctx.previousKey(f) === key && this.ctx.intact(f))) return { make: false, kept: [...files], diagnostics: [] };
    return { make: true, key, files, meta, sheets: this.sheets, labels: this.labels, notBound: this.notBound };
  }
}

/** The content hash of a file (for attachments when no cache is at hand). */
export async function fileHash(abs: string): Promise<string> {
  return sha256(await readFile(abs));
}
