//! Phases "render", "write" and "bind", volume by volume in catalog order, overlapped: the main thread
//! renders a volume's changed documents and hands them to the threads to lay out, encode and write,
//! then goes on rendering the next volume; a volume is bound as soon as its documents are written (卷号
//! run on in order), its print sets with it. Nothing is held for the whole build but a few numbers per
//! document: each output goes to the staging folder as it is made, each document's encoded pages to the
//! cache. A render error stops the writing (the other documents are still rendered, to report every
//! problem at once); a volume with a bad scan writes nothing of its own.

import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { Binder, type BoundDocument, type VolumeStep } from '../bind/index.js';
import { printSetJobs, type PrintSetInput } from '../bind/copies.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { FORMATS, type WriterName } from '../generators/formats.js';
import type { Document } from '../model/types.js';
import type { PlannedVolume, TableDocument, TemplateDocument } from '../plan/types.js';
import type { Renderer } from '../render/document.js';
import { trace, tracing } from '../util/trace.js';
import { checkTargetBlocks } from '../render/validate/index.js';
import { canonicalJson, hashJson, hashParts, sha256 } from '../util/hash.js';
import type { IssuedEntry } from '../plan/issued-register.js';
import type { DocumentMeta } from '../schema/manifest.js';
import { fillIssuedTables, ISSUED_TABLE, issuedRegisterOf, metaEntry } from './issued-register.js';
import { buildDate } from '../workspace/clock.js';
import { encodedRef, formsPath, readPack, scanBlockPath, subsetsPath, volumePackPath, writePack } from './cache.js';
import type { DocumentResult, Job, JobResult, PrintSetResult, VolumeResult } from './jobs.js';
import { ModelCache } from './model-cache.js';
import { taskOf, type DocumentTask, type SourceHashes } from './reuse.js';
import { documentFiles, intactBefore, type BuildSession } from './session.js';
import type { RenderedDocument } from './types.js';

/** Volumes whose jobs run at once: enough to keep every thread busy, few enough that memory stays flat. */
const BINDING_AT_ONCE = 4;

/** A volume to bind again counts as this many documents of work (see pool.ts MIN_WORK_FOR_WORKERS). */
const VOLUME_WORK = 4;

/** What became of one generated document. */
export interface DocumentState {
  task: DocumentTask;
  /** hash of its model (as rendered now, or as recorded) */
  modelKey: string;
  /** its render key (src/render/document.ts), when rendered now */
  renderKey?: string;
  pages?: number;
  /** the files of this build, by format (absolute) */
  files: Partial<Record<WriterName, string>>;
  /** how: left as it was, renamed (same bytes under a new 件号), written, or not made (its volume failed, or the build stopped) */
  how: 'reused' | 'renamed' | 'written' | 'failed';
  /** the target-list findings of its model, for the checks across documents */
  findings?: Diagnostic[];
  /** its encoded pages, laid out this build, until they are in its volume's pack */
  encoded?: Uint8Array;
  /** what the manifest keeps of its model (title, 文号, …: the 发文登记 of a later build) */
  meta?: DocumentMeta;
  /** its model's canonical JSON (made for its hash), until its volume's models are kept */
  json?: string;
}

export interface PipelineResult {
  states: Map<string, DocumentState>;
  steps: VolumeStep[];
  binder: Binder;
  /** volumes that were not bound (bad scan), nothing of theirs written */
  failed: Set<string>;
  /** print sets (and, added later, the year's lists) kept as they were (absolute) */
  keptFiles: string[];
  rendered: RenderedDocument[];
  /** layout warnings of the jobs */
  warnings: Diagnostic[];
  /** problems of single volumes (a bad scan): that volume is not bound, the others still are */
  volumeDiagnostics: Diagnostic[];
  /** subset files of the PDFs written now, and volume packs written or kept (the cache keeps them) */
  subsetFiles: Set<string>;
  packs: Set<string>;
  /** 发文登记: every 文号 of the year */
  issued: IssuedEntry[];
}

/** A generated document's model, fresh or kept: rendered now, from the model cache, or rendered again. */
class Models {
  private readonly fresh = new Map<string, Document>();
  private readonly cache: ModelCache;
  /** loaded only when something is rendered (a build with nothing to do never loads Handlebars) */
  renderer: Renderer | undefined;

  constructor(private readonly s: BuildSession) {
    this.cache = new ModelCache(s.stateDir);
  }

  /** Loads the renderer (before any `get` that may have to render). */
  async ready(): Promise<Renderer> {
    if (!this.renderer) {
      const { Renderer: R } = await import('../render/document.js');
      // a document whose filled-in text is as last time keeps the model kept for it (not parsed and composed again)
      const { previous } = this.s;
      this.renderer = new R(this.s.ws, {
        salt: this.s.toolKey,
        kept: (job, renderKey) => {
          const prev = previous?.documents[job.id];
          return prev?.renderKey === renderKey ? this.cache.get(job.volume, job.id, prev.modelKey) : undefined;
        },
      });
    }
    return this.renderer;
  }

  put(id: string, doc: Document): void {
    this.fresh.set(id, doc);
  }

  drop(id: string): void {
    this.fresh.delete(id);
  }

  /** The kept models of a volume are no longer needed (it is bound). */
  forget(code: string): void {
    this.cache.forget(code);
  }

  async get(d: TemplateDocument | TableDocument, modelKey: string | undefined): Promise<Document | undefined> {
    const fresh = this.fresh.get(d.id);
    if (fresh) return fresh;
    const kept = modelKey ? this.cache.get(d.volume, d.id, modelKey) : undefined;
    if (kept) return kept;
    return (await this.ready()).render(d).document;
  }
}

/** Runs render → write → bind over every volume; resolves when every job is done. */
export async function runPipeline(s: BuildSession, tasks: readonly DocumentTask[], deferred: readonly { d: TableDocument; v: PlannedVolume }[], hashes: SourceHashes): Promise<PipelineResult> {
  const created = buildDate(s.ws);
  const result: PipelineResult = { states: new Map(), steps: [], binder: undefined as unknown as Binder, failed: new Set(), keptFiles: [], rendered: [], warnings: [], volumeDiagnostics: [], subsetFiles: new Set(), packs: new Set(), issued: [] };
  const models = new Models(s);
  const byVolume = new Map<string, DocumentTask[]>();
  for (const t of tasks) byVolume.set(t.v.code, [...(byVolume.get(t.v.code) ?? []), t]);
  const stale = tasks.filter((t) => !t.reused);
  let renderer = stale.length ? await models.ready() : undefined;
  // workers only when the writing to come pays for starting them: documents to lay out and write, and
  // the volumes to bind again (cheap now: their documents' pages are reused, not laid out again)
  s.pool.warmUp(stale.length + VOLUME_WORK * new Set(stale.map((t) => t.v.code)).size);

  const jobsIn = (s.pool.workers || 1) * 2;
  /** a render error (or an error found before): nothing more is written, every document is still rendered */
  let stopped = s.diagnostics.some((d) => d.severity === 'error');
  /** the units' kept models (collect: 件 in the Word volumes), read once per unit and volume */
  const unitModels = new Map<string, ModelCache>();
  const binder = new Binder({
    ws: s.ws,
    plan: s.plan,
    formats: s.formats,
    created,
    outDir: s.outDir,
    toolKey: s.toolKey,
    document: (id) => boundDocument(id),
    previous: Object.fromEntries(Object.entries(s.previous?.volumes ?? {}).map(([code, v]) => [code, toRecord(s, v)])),
    intact: (abs) => intactBefore(s, abs),
    previousKey: (abs) => s.previous?.outputs[s.display(abs)]?.key,
    attachmentHash: async (abs) => attachmentHash(s, abs),
    recall: async (abs) => {
      await attachmentHash(s, abs);
      const r = s.manifest.attachments[s.display(abs)]?.read;
      return r && r.tool === s.toolKey ? { kind: r.kind, pages: r.pages, warnings: r.warnings as unknown as Diagnostic[], blockers: r.blockers } : undefined;
    },
    remember: (abs, a) => {
      const e = s.manifest.attachments[s.display(abs)];
      if (e) e.read = { tool: s.toolKey, kind: a.kind, pages: a.pages, warnings: a.warnings as unknown as Record<string, unknown>[], blockers: a.blockers };
    },
    tmpPath: () => s.staging.tmpPath(),
    unitModel: (ref) => {
      let cache = unitModels.get(ref.state);
      if (!cache) unitModels.set(ref.state, (cache = new ModelCache(ref.state)));
      return cache.get(ref.volume, ref.id, ref.key);
    },
    ...(s.only ? { frozen: frozenVolumes(s) } : {}),
  });
  result.binder = binder;

  /** a document's entry in its volume's pack: its model, laid out with these fonts and settings */
  const entryKey = (modelKey: string): string => `${modelKey}.${s.toolKey.slice(0, 16)}`;
  const boundDocument = (id: string): BoundDocument | undefined => {
    const st = result.states.get(id);
    if (!st) return undefined;
    const pack = volumePackPath(s.stateDir, st.task.v.code);
    if (st.pages === undefined || st.how === 'failed') {
      // a document of a failed volume: as the last build recorded it (for the 案卷目录)
      const prev = st.task.prev;
      if (!prev || prev.pages === undefined) return undefined;
      return { key: `${prev.modelKey}:${prev.pages}`, pages: prev.pages, encoded: encodedRef(pack, entryKey(prev.modelKey)), model: () => models.get(st.task.d, prev.modelKey) };
    }
    return { key: `${st.modelKey}:${st.pages}`, pages: st.pages, encoded: encodedRef(pack, entryKey(st.modelKey)), model: () => models.get(st.task.d, st.modelKey) };
  };

  const submit = (job: Job): Promise<JobResult> => s.pool.submit(job);
  const adopt = (target: string, tmp: string, f: { sha256: string; size: number }, key?: string): void => {
    s.staging.adopt({ target, tmp, sha256: f.sha256, size: f.size, ...(key !== undefined ? { key } : {}) });
  };

  /**
   * The volume's pack holds the encoded pages of each of its documents before a job reads them: those laid
   * out now, those kept from the last pack, and any the cache lost (laid out again from the model).
   */
  const packVolume = async (v: PlannedVolume): Promise<void> => {
    const file = volumePackPath(s.stateDir, v.code);
    const old = readPack(file);
    const entries = new Map<string, Uint8Array>();
    let changed = false;
    const missing: Promise<void>[] = [];
    for (const d of v.documents) {
      if (d.kind === 'attachment') continue;
      const st = result.states.get(d.id);
      if (!st || st.how === 'failed' || !st.modelKey) continue;
      if (st.encoded) {
        entries.set(entryKey(st.modelKey), st.encoded);
        changed = true;
        continue;
      }
      const kept = old.get(entryKey(st.modelKey));
      if (kept) {
        entries.set(entryKey(st.modelKey), kept);
        continue;
      }
      changed = true;
      missing.push(
        models.get(st.task.d, st.modelKey).then(async (doc) => {
          if (!doc) return;
          const r = (await submit({ kind: 'document', id: d.id, document: doc, created: created.getTime(), pdfa: s.ws.config.pdfa, outputs: {} })) as DocumentResult;
          entries.set(entryKey(st.modelKey), r.encoded);
        }),
      );
    }
    await Promise.all(missing);
    if (changed || entries.size !== old.size) {
      try {
        writePack(file, entries);
      } catch {
        // the cache cannot be written (out/.dossier read-only is reported by the commit)
      }
    }
    packed.add(file);
    for (const d of v.documents) {
      const st = result.states.get(d.id);
      if (st) delete st.encoded;
    }
  };
  const packed = new Set<string>();
  result.packs = packed;
  /** volumes whose pages and models were set aside before binding (setVolumeAside) */
  const setAside = new Set<string>();

  let done = 0;
  const total = tasks.length + deferred.length;
  /** --- render: a volume's changed documents (the main thread) */
  const renderTasks = (vt: readonly DocumentTask[]): void => {
    for (const t of vt) {
      const st: DocumentState = { task: t, modelKey: t.prev?.modelKey ?? '', files: documentFiles(s, t.d, t.v), how: 'reused', ...(t.prev?.pages !== undefined ? { pages: t.prev.pages } : {}), ...(t.prev?.meta ? { meta: t.prev.meta } : {}) };
      result.states.set(t.d.id, st);
      if (!t.reused) {
        const r = (renderer as Renderer).render(t.d);
        s.diagnostics.push(...r.diagnostics);
        if (r.diagnostics.some((d) => d.severity === 'error')) stopped = true;
        if (r.renderKey !== undefined) st.renderKey = r.renderKey;
        if (r.document) {
          models.put(t.d.id, r.document);
          if (r.kept && t.prev) st.modelKey = t.prev.modelKey;
          else {
            st.json = canonicalJson(r.document) ?? 'null';
            st.modelKey = sha256(st.json);
          }
          st.findings = checkTargetBlocks(r.document);
          st.meta = metaEntry(r.document);
          if (s.opts.keepModels !== false) result.rendered.push({ planned: t.d, volume: t.v, document: r.document });
        } else {
          st.how = 'failed';
          delete st.meta;
        }
        // the data keys actually read replace the ones recorded last time
        t.deps = hashes.depsOf(t.d, t.v, s.toolKey, r.reads ?? []);
        t.inputKey = hashParts(t.deps);
      }
      s.opts.onProgress?.(++done, total, t.d.title);
    }
  };

  /** --- write: what must be written (a document whose inputs changed but whose model did not keeps its files); resolves when written */
  const writeTasks = async (v: PlannedVolume, vt: readonly DocumentTask[]): Promise<{ done: Promise<unknown> }> => {
    if (stopped) {
      for (const t of vt) {
        const st = result.states.get(t.d.id) as DocumentState;
        delete st.json;
        if (!t.reused) st.how = 'failed';
      }
      return { done: Promise.resolve() };
    }
    const toWrite: DocumentState[] = [];
    const toRename: [DocumentState, [string, string][]][] = [];
    for (const t of vt) {
      const st = result.states.get(t.d.id) as DocumentState;
      if (t.reused || st.how === 'failed') continue;
      const prev = t.prev;
      const sameModel = prev !== undefined && prev.modelKey === st.modelKey;
      if (sameModel && Object.values(st.files).every((abs) => abs !== undefined && intactBefore(s, abs))) {
        st.how = 'reused';
        continue;
      }
      const renamed = sameModel ? renamedFiles(s, st.files, prev.outputs) : undefined;
      if (renamed) toRename.push([st, renamed]);
      else toWrite.push(st);
    }
    const failed = await binder.check(v, toWrite.length + toRename.length > 0);
    if (failed.length) {
      result.volumeDiagnostics.push(...failed);
      result.failed.add(v.code);
      for (const st of [...toWrite, ...toRename.map(([x]) => x)]) st.how = 'failed';
      return { done: Promise.resolve() };
    }
    for (const [st, pairs] of toRename) {
      for (const [target, from] of pairs) {
        const tmp = s.staging.tmpPath();
        copyFileSync(from, tmp);
        const old = s.previous?.outputs[s.display(from)];
        adopt(target, tmp, { sha256: old?.sha256 ?? s.files.sha(from) ?? '', size: s.files.stat(from)?.size ?? 0 });
      }
      st.how = 'renamed';
    }
    return {
      done: Promise.all(
      toWrite.map(async (st) => {
        const outputs = Object.fromEntries(Object.keys(st.files).map((f) => [f, s.staging.tmpPath()])) as Partial<Record<WriterName, string>>;
        const doc = (await models.get(st.task.d, st.modelKey)) as Document;
        // a document made again keeps its PDF's subsets (a cold build makes none of these files)
        const pdf = st.task.prev && st.files.pdf !== undefined ? subsetsPath(s.stateDir, st.files.pdf) : undefined;
        const r = (await submit({ kind: 'document', id: st.task.d.id, document: doc, created: created.getTime(), pdfa: s.ws.config.pdfa, outputs, ...(pdf !== undefined ? { subsetCache: pdf } : {}) })) as DocumentResult;
        st.pages = r.pages;
        st.encoded = r.encoded;
        st.how = 'written';
        for (const w of r.warnings) {
          const d: Diagnostic = { severity: 'warning', code: `layout-${w.code}`, message: `${st.task.d.fileStem}：${w.message}` };
          if (w.file) d.file = w.file;
          if (w.line !== undefined) d.line = w.line;
          result.warnings.push(d);
        }
        for (const [f, file] of Object.entries(r.files) as [WriterName, { sha256: string; size: number }][]) adopt(st.files[f] as string, outputs[f] as string, file);
      }),
      ),
    };
  };

  // The 发文登记 items (issue 19) are made last, from every other document's 文号: their volume is written
  // after all the others are rendered, and — 卷号 run on in catalog order — the volumes after it are bound
  // after it. Those are written meanwhile and set aside (pages in the cache, models on disk), so memory
  // stays flat however far back the register's volume is.
  const held = new Set(deferred.map((x) => x.v.code));
  const heldVolumes: { v: PlannedVolume; vt: DocumentTask[] }[] = [];
  const heldWritten = new Map<string, Promise<unknown>>();
  let releaseHeld: () => void = () => undefined;
  const heldReady = new Promise<void>((resolve) => (releaseHeld = resolve));
  let waiting = false;
  let volumesSeen = 0;
  let chain: Promise<void> = Promise.resolve();
  /** volumes whose jobs are running */
  const binding = new Set<Promise<void>>();
  for (const v of s.plan.volumes) {
    const vt = byVolume.get(v.code) ?? [];
    renderTasks(vt);
    if (held.has(v.code)) {
      waiting = true;
      heldVolumes.push({ v, vt });
      // its models wait on disk, not in memory, until it is written (a township's 综合卷: 671 documents at 8×);
      // nothing rendered now: nothing to keep (and nothing to render for it)
      if (vt.some((t) => !t.reused)) {
        await keepModels(v);
        for (const t of vt) models.drop(t.d.id);
      }
      chain = chain.then(async () => {
        await heldReady;
        await heldWritten.get(v.code);
        if (!stopped) await bindInOrder(v);
      });
      continue;
    }
    const docsDone = (await writeTasks(v, vt)).done;
    // --- bind: once its documents are written, in catalog order
    if (waiting) {
      const setAside = docsDone.then(() => (stopped ? undefined : setVolumeAside(v)));
      chain = chain.then(async () => {
        await setAside;
        if (!stopped) await bindInOrder(v);
      });
    } else
      chain = chain.then(async () => {
        await docsDone;
        if (!stopped) await bindInOrder(v);
      });
    // keep memory bounded: the main thread writes too when too much is waiting
    await s.pool.helpUntil(jobsIn);
    if (tracing && ++volumesSeen % 40 === 0) trace(`${volumesSeen} volumes rendered (${s.pool.waiting} jobs waiting)`);
  }
  try {
    // 发文登记 (issue 19): every 文号 of the year checked; the register items' rows filled, then they are made
    const register = await issuedRegisterOf(s.ws, [...tasks], async (j) => {
      const st = result.states.get(j.d.id);
      if (!st || st.how === 'failed') return undefined;
      if (st.meta) return st.meta;
      // a document recorded before the manifest kept 文号s: its model (kept, or rendered again)
      await models.ready();
      const doc = await models.get(j.d, st.modelKey);
      return doc ? metaEntry(doc) : undefined;
    });
    s.diagnostics.push(...register.diagnostics);
    if (register.diagnostics.some((d) => d.severity === 'error')) stopped = true;
    result.issued = register.entries;
    if (deferred.length) {
      hashes.setData(ISSUED_TABLE, hashJson(fillIssuedTables(deferred.map((x) => x.d), register.entries)));
      const late = deferred.flatMap(({ d, v }) => taskOf(s, hashes, d, v) ?? []);
      if (late.some((t) => !t.reused)) renderer = await models.ready();
      renderTasks(late);
      // the register items' models wait on disk too (8×: 161 registers of ~130 KB each), and the held
      // volumes are handed out one by one, the jobs waiting kept few: memory stays flat
      for (const { v } of heldVolumes) {
        const mine = late.filter((t) => t.v.code === v.code);
        if (!mine.some((t) => !t.reused)) continue;
        await keepModels(v);
        for (const t of mine) models.drop(t.d.id);
      }
      for (const { v, vt } of heldVolumes) {
        const order = new Map(v.documents.map((d, i) => [d.id, i]));
        const all = [...vt, ...late.filter((t) => t.v.code === v.code)].sort((a, b) => (order.get(a.d.id) ?? 0) - (order.get(b.d.id) ?? 0));
        heldWritten.set(v.code, (await writeTasks(v, all)).done);
        // (its jobs hold their models; read again from disk when it is bound)
        models.forget(v.code);
        await s.pool.helpUntil(jobsIn);
      }
      trace('发文登记');
    }
  } finally {
    releaseHeld();
  }
  // (the main thread writes too until every volume is bound)
  await s.pool.runUntil(chain.then(() => Promise.all([...binding])));
  await s.pool.drain();
  // the documents in plan order (the register items were made last)
  const order = new Map(s.plan.volumes.flatMap((v) => v.documents).map((d, i) => [d.id, i]));
  result.states = new Map([...result.states].sort((a, b) => (order.get(a[0]) ?? 0) - (order.get(b[0]) ?? 0)));
  return result;

  /** A volume bound later (after the 发文登记's): its encoded pages into the cache and its models to disk, out of memory. */
  async function setVolumeAside(v: PlannedVolume): Promise<void> {
    const ids = v.documents.filter((d) => d.kind !== 'attachment').map((d) => d.id);
    if (!ids.some((id) => result.states.get(id)?.encoded !== undefined)) return;
    await packVolume(v);
    await keepModels(v);
    setAside.add(v.code);
    for (const id of ids) models.drop(id);
  }

  /**
   * Binds `v` once the volumes before it are (卷号 run on in catalog order): its jobs are handed out and
   * the next volume goes on while they run, up to BINDING_AT_ONCE volumes at a time.
   */
  async function bindInOrder(v: PlannedVolume): Promise<void> {
    const { done } = await bindVolume(v);
    binding.add(done);
    void done.then(
      () => binding.delete(done),
      () => binding.delete(done),
    );
    while (binding.size > BINDING_AT_ONCE) await Promise.race(binding);
  }

  /** Hands out the jobs of volume `v` (and its print sets); resolves, once it has, to their being done. */
  async function bindVolume(v: PlannedVolume): Promise<{ done: Promise<void> }> {
    const step = await binder.volume(v);
    result.steps.push(step);
    result.volumeDiagnostics.push(...step.diagnostics);
    if (step.failed) {
      result.failed.add(v.code);
      return { done: Promise.resolve() };
    }
    const ids = v.documents.filter((d) => d.kind !== 'attachment').map((d) => d.id);
    // 印制 print sets of the volume's documents printed in copies
    const inputs: PrintSetInput[] = [];
    if (s.formats.includes('pdf'))
      for (const d of v.documents) {
        if (d.kind !== 'template' || !d.copies?.length) continue;
        const b = boundDocument(d.id);
        if (!b) continue;
        const format = s.item(v, d)?.copyMark;
        inputs.push({ id: d.id, title: d.title, itemKey: `${v.code}/${d.itemIndex}`, copies: d.copies, docKey: b.key, encoded: b.encoded, ...(d.rowName ? { rowName: d.rowName } : {}), ...(d.row ? { row: d.row } : {}), ...(format ? { format } : {}) });
      }
    const prints = inputs.length ? printSetJobs(inputs, { outDir: s.outDir, created, pdfa: s.ws.config.pdfa, print: s.ws.config.print, toolKey: s.toolKey, previousKey: (abs) => s.previous?.outputs[s.display(abs)]?.key, intact: (abs) => intactBefore(s, abs), tmpPath: () => s.staging.tmpPath(), subsetCache: (target) => subsetsPath(s.stateDir, target) }) : undefined;
    if (prints) result.keptFiles.push(...prints.kept);
    const fresh = ids.some((id) => result.states.get(id)?.encoded !== undefined);
    if ((step.jobs.length || prints?.jobs.length || fresh) && !setAside.has(v.code)) await packVolume(v);
    const jobs: Promise<void>[] = [];
    for (const job of step.jobs) {
      if (job.pdf) {
        job.subsetCache = subsetsPath(s.stateDir, `${job.id}.pdf`);
        job.scanCache = scanBlockPath(s.stateDir, `${job.id}.pdf`);
      }
      // (kept by the name of its PDF: a volume made only in Word is not cached)
      if (s.formats.includes('pdf')) job.formsCache = { file: formsPath(s.stateDir, `${job.id}.pdf`), salt: s.toolKey };
      jobs.push(
        submit(job).then((r) => {
          const vr = r as VolumeResult;
          binder.setSheets(job.id, vr.sheets);
          if (vr.pdf && job.pdf) adopt(`${job.id}.pdf`, job.pdf, vr.pdf);
          if (vr.docx && job.docx) adopt(`${job.id}.docx`, job.docx, vr.docx);
          for (const w of vr.warnings) result.warnings.push({ severity: 'warning', code: `layout-${w.code}`, message: `${path.basename(job.id)}：${w.message}` });
        }),
      );
    }
    if (step.jobs.length && !setAside.has(v.code)) await keepModels(v);
    for (const job of prints?.jobs ?? [])
      jobs.push(
        submit(job).then((r) => {
          for (const f of (r as PrintSetResult).files) {
            const spec = job.files.find((x) => x.target === f.target);
            if (spec) adopt(f.target, spec.pdf, f.pdf, prints?.keys.get(f.target));
          }
        }),
      );
    for (const job of [...step.jobs.filter((j) => j.pdf), ...(prints?.jobs.flatMap((j) => j.files) ?? [])]) if (job.subsetCache) result.subsetFiles.add(job.subsetCache);
    const done = Promise.all(jobs).then(() => {
      // the jobs held the volume's models: let them go (memory stays flat in the number of documents)
      step.jobs.length = 0;
      for (const id of ids) {
        models.drop(id);
        const st = result.states.get(id);
        if (st) delete st.json;
      }
      models.forget(v.code);
    });
    return { done };
  }

  /** The models of a volume bound again, kept for the next rebinding (out/.dossier/models). */
  async function keepModels(v: PlannedVolume): Promise<void> {
    const json = new Map<string, { modelKey: string; json: string }>();
    for (const d of v.documents) {
      const st = result.states.get(d.id);
      if (!st || st.how === 'failed' || !st.modelKey) continue;
      // (the JSON made for its hash when rendered now; any JSON of the model will do for the cache)
      const text = st.json ?? JSON.stringify(await models.get(st.task.d, st.modelKey));
      if (text !== undefined) json.set(d.id, { modelKey: st.modelKey, json: text });
      delete st.json;
    }
    ModelCache.keep(s.stateDir, [v], (id) => json.get(id));
    // (what was read of the file before is not what it holds now)
    models.forget(v.code);
  }
}

/** Each expected file's intact earlier file of the same format (another name), or undefined if any is missing. */
function renamedFiles(s: BuildSession, expected: Partial<Record<WriterName, string>>, before: readonly string[]): [string, string][] | undefined {
  const pairs: [string, string][] = [];
  for (const [f, target] of Object.entries(expected) as [WriterName, string | undefined][]) {
    if (target === undefined) return undefined;
    const ext = FORMATS[f].extension;
    const old = before.find((rel) => rel.endsWith(ext));
    const abs = old === undefined ? undefined : path.join(s.ws.dir, old);
    if (abs === undefined || abs === target || !intactBefore(s, abs)) return undefined;
    pairs.push([target, abs]);
  }
  return pairs.length ? pairs : undefined;
}

function toRecord(s: BuildSession, v: { key: string; parts: { sheet: Record<string, unknown>; sheets: number; files: string[] }[] }) {
  return { key: v.key, parts: v.parts.map((p) => ({ sheet: p.sheet as unknown as import('../generators/archive/types.js').VolumeSheet, sheets: p.sheets, files: p.files.map((f) => path.join(s.ws.dir, f)) })) };
}

/** --volume: the volumes not selected, with what the last build bound of them. */
function frozenVolumes(s: BuildSession) {
  const out = new Map<string, ReturnType<typeof toRecord> | undefined>();
  for (const v of s.plan.volumes) {
    if (s.only?.has(v.code)) continue;
    const rec = s.last?.volumes[v.code];
    out.set(v.code, rec ? toRecord(s, rec) : undefined);
  }
  return out;
}

/** An attachment's content hash, re-read only when its size or mtime changed; recorded in the new manifest. */
export async function attachmentHash(s: BuildSession, abs: string): Promise<string> {
  const rel = s.display(abs);
  const st = s.files.stat(abs);
  if (!st) throw new Error(`attachment gone: ${rel}`);
  const old = s.last?.attachments[rel];
  const sha = old && old.size === st.size && old.mtimeMs === st.mtimeMs ? old.sha256 : s.files.sha(abs);
  if (sha === null) throw new Error(`attachment unreadable: ${rel}`);
  // (what reading it told stays with the same bytes)
  const known = s.manifest.attachments[rel]?.read ?? (old?.sha256 === sha ? old.read : undefined);
  s.manifest.attachments[rel] = { sha256: sha, size: st.size, mtimeMs: st.mtimeMs, ...(known ? { read: known } : {}) };
  return sha;
}
