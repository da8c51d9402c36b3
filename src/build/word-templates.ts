//! Template files as clerks handle them (issue 18): `dossier import` (a Word file → templates/<名称>.md.hbs),
//! `dossier export-template` (a template → templates/<名称>.docx to edit in WPS/Word), and the web page's
//! "上传修改后的模板" (strict check first; the old file goes to 回收站/templates/, never overwritten).
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import { Renderer } from '../render/document.js';
import { wordToMarkdown } from '../render/word-markdown.js';
import { explainWord } from '../render/word-template.js';
import { safeFileName } from '../util/file-names.js';
import { firstLink } from '../workspace/paths.js';
import { readDocx } from '../workspace/readers/docx.js';
import type { TemplateSource, Workspace } from '../workspace/types.js';
import { didYouMean } from '../util/suggest.js';
import { planBuild } from '../plan/plan.js';
import { loadWorkspace } from '../workspace/load.js';
import { UnitLayer, unitsOf } from '../workspace/units.js';
import { loadReceivedDocuments, sha256, wordSourceText } from '../workspace/word-files.js';
import type { BuildPlan, PlannedDocument } from '../plan/types.js';
import { writeAtomic } from './atomic.js';
import { templateToWord } from './export-template.js';
import { writeTemplateDocx } from './template-docx.js';

/** Where replaced templates go: the workspace's 回收站/ (as removed scans), under templates/. */
export const RECYCLE_DIR = '回收站';

/**
 * Why templates cannot be moved into 回收站/templates/ (or written into templates/): a link (shortcut) on
 * the way would carry the file out of the workspace, as serve refuses for scans. Undefined when safe.
 */
export function recycleRefusal(wsDir: string, files: readonly string[]): Diagnostic | undefined {
  for (const abs of [path.join(wsDir, RECYCLE_DIR, 'templates', 'x'), ...files]) {
    const link = firstLink(wsDir, abs);
    if (link === undefined) continue;
    const rel = path.relative(wsDir, link).split(path.sep).join('/');
    return { severity: 'error', code: 'recycle-link', file: rel, message: `“${rel}”是链接（快捷方式），模板不能经过它移动或写入`, hint: '把链接换成真实的文件夹（或删除这个链接）后再试。' };
  }
  return undefined;
}

/** Move a template file into 回收站/templates/, keeping every earlier version (name.1.docx, name.2.docx…). */
export function recycle(wsDir: string, abs: string): string {
  const refused = recycleRefusal(wsDir, [abs]);
  if (refused) throw new Error(`bug: recycle() through a link (${refused.file ?? ''}); callers check recycleRefusal first`);
  const bin = path.join(wsDir, RECYCLE_DIR, 'templates');
  mkdirSync(bin, { recursive: true });
  const ext = abs.endsWith('.md.hbs') ? '.md.hbs' : path.extname(abs);
  const base = path.basename(abs, ext);
  let target = path.join(bin, `${base}${ext}`);
  for (let n = 1; existsSync(target); n++) target = path.join(bin, `${base}.${n}${ext}`);
  renameSync(abs, target);
  return path.relative(wsDir, target).split(path.sep).join('/');
}

export interface ImportResult {
  ok: boolean;
  /** workspace-relative path written */
  written?: string;
  /** a Word template of the same name, moved to the 回收站 so the two forms do not clash */
  recycled?: string;
  diagnostics: Diagnostic[];
}

/** dossier import <file.docx> [--name 名称]: writes templates/<名称>.md.hbs of the workspace `wsDir`. */
export async function importWordTemplate(wsDir: string, docxPath: string, opts: { name?: string; force?: boolean } = {}): Promise<ImportResult> {
  const display = path.basename(docxPath);
  const diagnostics: Diagnostic[] = [];
  if (!/\.docx$/i.test(docxPath)) {
    const old = /\.(doc|wps)$/i.test(docxPath);
    diagnostics.push({
      severity: 'error',
      code: old ? 'docx-old-format' : 'import-not-docx',
      file: display,
      message: old ? `“${display}”是旧版 Word/WPS 文件，不能导入` : `“${display}”不是 Word 文件（.docx）`,
      hint: '请用 WPS 或 Word 打开它，“另存为” Word 文档（*.docx）后再导入。',
    });
    return { ok: false, diagnostics };
  }
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(docxPath);
  } catch {
    diagnostics.push({ severity: 'error', code: 'import-unreadable', file: display, message: `找不到或无法读取“${docxPath}”`, hint: '检查文件路径；文件正被 WPS 或 Word 打开时请先关闭。' });
    return { ok: false, diagnostics };
  }
  const r = await readDocx(bytes, display);
  diagnostics.push(...r.diagnostics);
  if (!r.doc) return { ok: false, diagnostics };
  const name = safeFileName(opts.name ?? path.basename(docxPath).replace(/\.docx$/i, ''));
  const md = wordToMarkdown(r.doc, display);
  diagnostics.push(...md.diagnostics);
  if (md.diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };
  const target = path.join(wsDir, 'templates', `${name}.md.hbs`);
  const rel = `templates/${name}.md.hbs`;
  if (existsSync(target) && !opts.force) {
    diagnostics.push({ severity: 'error', code: 'import-exists', file: rel, message: `${rel} 已经存在，没有覆盖`, hint: '用 --name 另起一个名称，或加 --force 覆盖（旧文件移到 回收站/templates/）。' });
    return { ok: false, diagnostics };
  }
  const result: ImportResult = { ok: true, diagnostics, written: rel };
  // the same name as a Word template would be two forms of one template: the Word file steps aside
  const word = path.join(wsDir, 'templates', `${name}.docx`);
  const refused = recycleRefusal(wsDir, [target, word]);
  if (refused) return { ok: false, diagnostics: [...diagnostics, refused] };
  if (existsSync(target)) recycle(wsDir, target);
  if (existsSync(word)) result.recycled = recycle(wsDir, word);
  mkdirSync(path.dirname(target), { recursive: true });
  writeAtomic(target, md.text);
  return result;
}

/** What was recognised in one Word template or received file (check --explain, the web page). */
export interface WordExplanation {
  name: string;
  file: string;
  received: boolean;
  elements: { element: string; value: string; where: string; how: string }[];
  diagnostics: Diagnostic[];
}

/** The 公文 elements recognised in every Word file of the workspace (templates, then received files). */
export function explainWordFiles(ws: Workspace): WordExplanation[] {
  const renderer = new Renderer(ws);
  const out: WordExplanation[] = [];
  for (const source of ws.templates.values()) {
    if (!source.word) continue;
    const w = renderer.word(source);
    out.push({ name: source.name, file: source.file, received: source.received === true, elements: w.compiled ? explainWord(w.compiled) : [], diagnostics: w.diagnostics });
  }
  return out.sort((a, b) => Number(a.received) - Number(b.received) || a.file.localeCompare(b.file));
}

export interface ExportTemplateResult {
  ok: boolean;
  written?: string;
  diagnostics: Diagnostic[];
}

/** dossier export-template <名称>: templates/<名称>.docx (or `out`) from the workspace's or the built-in template. */
export async function exportTemplate(wsDir: string, name: string, opts: { out?: string } = {}): Promise<ExportTemplateResult> {
  const loaded = await loadWorkspace(wsDir);
  const ws = loaded.workspace;
  if (!ws) return { ok: false, diagnostics: loaded.diagnostics };
  const source = ws.templates.get(name);
  const diagnostics: Diagnostic[] = [];
  if (!source || source.received) {
    const names = [...ws.templates.values()].filter((t) => !t.received).map((t) => t.name);
    diagnostics.push({ severity: 'error', code: 'template-unknown', message: `找不到模板“${name}”${didYouMean(name, names)}`, hint: `可用的模板：${names.join('、')}。` });
    return { ok: false, diagnostics };
  }
  const target = opts.out ? path.resolve(opts.out) : path.join(ws.dir, 'templates', `${name}.docx`);
  const rel = path.relative(ws.dir, target).split(path.sep).join('/');
  if (source.word) {
    diagnostics.push({ severity: 'error', code: 'export-already-word', file: source.file, message: `模板“${name}”已经是 Word 文件（${source.file}）`, hint: '直接用 WPS 或 Word 打开它修改即可。' });
    return { ok: false, diagnostics };
  }
  if (existsSync(target)) {
    diagnostics.push({ severity: 'error', code: 'export-exists', file: rel, message: `${rel} 已经存在，没有覆盖`, hint: '先把它移走（或用 --out 写到别处）再导出。' });
    return { ok: false, diagnostics };
  }
  const r = templateToWord(source, ws.partials);
  if (!r.doc) return { ok: false, diagnostics: r.diagnostics };
  // a workspace .md.hbs of the same name would make two forms of one template: it steps aside
  const own = path.join(ws.dir, 'templates', `${name}.md.hbs`);
  const refused = recycleRefusal(ws.dir, opts.out ? [] : [target, own]);
  if (refused) return { ok: false, diagnostics: [...diagnostics, refused] };
  const bytes = await writeTemplateDocx(r.doc, name);
  mkdirSync(path.dirname(target), { recursive: true });
  writeAtomic(target, bytes);
  const result: ExportTemplateResult = { ok: true, written: rel, diagnostics };
  if (!opts.out && existsSync(own)) recycle(ws.dir, own);
  return result;
}

/** A template as the web page lists it: its form, where it lives, which catalog items use it. */
export interface TemplateEntry {
  name: string;
  file: string;
  form: 'word' | 'markdown';
  builtin: boolean;
  usedBy: string[];
  elements: WordExplanation['elements'];
  diagnostics: Diagnostic[];
}

/** “青龙村、白岩村、茶园村等 11 个村” */
function unitsText(units: readonly string[], folder: string): string {
  return units.length > 3 ? `${units.slice(0, 3).join('、')}等 ${units.length} 个${folder}` : units.join('、');
}

/**
 * Which items of the units' catalogs (villages, a county's townships and their villages) use each of the
 * workspace's templates, among the units that inherit it: “各村 ZH 领导小组通知（青龙村、白岩村、茶园村等 11 个村）”.
 */
export async function unitTemplateUsage(ws: Workspace): Promise<Map<string, string[]>> {
  const uses = new Map<string, Map<string, string[]>>();
  const visit = async (parent: Workspace): Promise<void> => {
    const { spec, units } = unitsOf(parent);
    if (!spec) return;
    const layer = new UnitLayer(parent, spec);
    for (const ref of units) {
      const { workspace: uws } = await layer.load(ref);
      if (!uws) continue;
      for (const v of uws.catalog.volumes)
        for (const it of v.items) {
          if (it.template === undefined || !ws.templates.has(it.template) || uws.templates.get(it.template) !== ws.templates.get(it.template)) continue;
          const byItem = uses.get(it.template) ?? new Map<string, string[]>();
          const key = `各${spec.folder} ${v.code} ${it.title}\u0000${spec.folder}`;
          byItem.set(key, [...(byItem.get(key) ?? []), uws.unitOf?.path.join('/') ?? ref.name]);
          uses.set(it.template, byItem);
        }
      await visit(uws);
    }
  };
  await visit(ws);
  return new Map([...uses].map(([t, byItem]) => [t, [...byItem].map(([key, names]) => {
    const [label = '', folder = ''] = key.split('\u0000');
    return `${label}（${unitsText([...new Set(names)], folder)}）`;
  })]));
}

/** The templates the catalog uses (and every template of the workspace's own), with Word recognition;
 *  `units`: what the units' catalogs use of them (unitTemplateUsage). */
export function templateEntries(ws: Workspace, units?: ReadonlyMap<string, string[]>): TemplateEntry[] {
  const used = new Map<string, string[]>();
  for (const v of ws.catalog.volumes) for (const it of v.items) if (it.template !== undefined) used.set(it.template, [...(used.get(it.template) ?? []), `${v.code} ${it.title}`]);
  for (const [t, lines] of units ?? []) used.set(t, [...(used.get(t) ?? []), ...lines]);
  const renderer = new Renderer(ws);
  const out: TemplateEntry[] = [];
  for (const t of ws.templates.values()) {
    if (t.received || (t.builtin && !used.has(t.name))) continue;
    const w = t.word ? renderer.word(t) : undefined;
    out.push({ name: t.name, file: t.file, form: t.word ? 'word' : 'markdown', builtin: t.builtin, usedBy: used.get(t.name) ?? [], elements: w?.compiled ? explainWord(w.compiled) : [], diagnostics: w?.diagnostics ?? [] });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
}

/** The .docx of a template for the page's "下载 Word 模板": the Word file itself, or the export of a Markdown one. */
export async function templateDocx(ws: Workspace, name: string): Promise<{ bytes: Uint8Array } | { diagnostics: Diagnostic[] }> {
  const t = ws.templates.get(name);
  if (!t || t.received) return { diagnostics: [{ severity: 'error', code: 'template-unknown', message: `找不到模板“${name}”` }] };
  // Word templates are the workspace's own (built-in templates are Markdown)
  if (t.word) return { bytes: readFileSync(path.join(ws.dir, t.file)) };
  const r = templateToWord(t, ws.partials);
  if (!r.doc) return { diagnostics: r.diagnostics };
  return { bytes: await writeTemplateDocx(r.doc, name) };
}

export interface ReplaceResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  /** workspace-relative paths: the new file, and where the old ones went */
  written?: string;
  recycled: string[];
}

/**
 * 上传修改后的模板: the uploaded .docx replaces templates/<名称> only when every document using it renders
 * without an error (strict mode, as a build would); the files it replaces go to 回收站/templates/.
 */
export async function replaceTemplate(wsDir: string, name: string, bytes: Uint8Array): Promise<ReplaceResult> {
  const file = `templates/${name}.docx`;
  const recycled: string[] = [];
  if (!/^[^/\\:*?"<>|]+$/.test(name) || name.startsWith('.') || name.includes('..')) return { ok: false, recycled, diagnostics: [{ severity: 'error', code: 'template-name', message: `模板名称“${name}”不合法` }] };
  const read = await readDocx(bytes, file);
  if (!read.doc) return { ok: false, recycled, diagnostics: read.diagnostics };
  const loaded = await loadWorkspace(wsDir);
  const ws = loaded.workspace;
  if (!ws) return { ok: false, recycled, diagnostics: loaded.diagnostics };
  if (!ws.templates.has(name) || ws.templates.get(name)?.received) return { ok: false, recycled, diagnostics: [{ severity: 'error', code: 'template-unknown', message: `找不到模板“${name}”` }] };
  ws.templates.set(name, { name, file, text: wordSourceText(sha256(bytes)), builtin: false, word: read.doc });
  const { plan } = planBuild(ws);
  const renderer = new Renderer(ws);
  const diagnostics: Diagnostic[] = [...read.diagnostics, ...renderer.word(ws.templates.get(name) as TemplateSource).diagnostics];
  for (const v of plan.volumes) for (const d of v.documents) if (d.kind === 'template' && d.template === name) for (const x of renderer.render(d).diagnostics) if (!diagnostics.some((y) => y.message === x.message)) diagnostics.push(x);
  // the villages (and a county's townships) that inherit the template render with it too (QA S4)
  if (!diagnostics.some((d) => d.severity === 'error')) diagnostics.push(...(await unitProblems(ws, name)));
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, recycled, diagnostics };
  const olds = ['.docx', '.md.hbs'].map((ext) => path.join(ws.dir, 'templates', `${name}${ext}`));
  const refused = recycleRefusal(ws.dir, olds);
  if (refused) return { ok: false, recycled, diagnostics: [...diagnostics, refused] };
  for (const old of olds) if (existsSync(old)) recycled.push(recycle(ws.dir, old));
  mkdirSync(path.join(ws.dir, 'templates'), { recursive: true });
  writeAtomic(path.join(ws.dir, file), bytes);
  return { ok: true, diagnostics, written: file, recycled };
}

/**
 * The errors the template `name` of `ws` (as it is now in `ws.templates`) gives in the documents of the
 * units below it that inherit it — not those with a template of that name of their own — each message once,
 * naming the units: “青龙村、白岩村等 11 个村的案卷：…”.
 */
async function unitProblems(ws: Workspace, name: string): Promise<Diagnostic[]> {
  const found = new Map<string, { d: Diagnostic; units: string[]; folder: string }>();
  const visit = async (parent: Workspace, source: TemplateSource | undefined): Promise<void> => {
    const { spec, units } = unitsOf(parent);
    if (!spec) return;
    const layer = new UnitLayer(parent, spec);
    for (const ref of units) {
      const { workspace: uws } = await layer.load(ref);
      // a unit that does not load is the build's to report; one with its own template is not affected
      if (!uws || uws.templates.get(name) !== source) continue;
      const renderer = new Renderer(uws);
      const { plan } = planBuild(uws);
      for (const v of plan.volumes)
        for (const d of v.documents) {
          // a from: document is the parent's own, checked with the parent's documents
          if (d.kind !== 'template' || d.template !== name || d.fromParent) continue;
          for (const x of renderer.render(d).diagnostics) {
            if (x.severity !== 'error') continue;
            const key = JSON.stringify([x.file, x.line, x.message]);
            const g = found.get(key) ?? { d: x, units: [], folder: spec.folder };
            if (!g.units.includes(uws.unitOf?.path.join('/') ?? ref.name)) g.units.push(uws.unitOf?.path.join('/') ?? ref.name);
            found.set(key, g);
          }
        }
      await visit(uws, source);
    }
  };
  await visit(ws, ws.templates.get(name));
  return [...found.values()].map(({ d, units, folder }) => {
    return { ...d, message: `${unitsText(units, folder)}的案卷：${d.message}` };
  });
}

/**
 * Received .docx files of the plan (attach: matched them) read as text documents. One that cannot be read
 * (damaged, a renamed .doc) is treated as a damaged PDF is: it stays in its volume as an unreadable
 * attachment, so binding that volume stops with an error naming the file (the other volumes are made),
 * and it does not count as filed — an item with nothing else is 缺, its reason naming the file.
 */
export async function fileReceivedDocuments(ws: Workspace, plan: BuildPlan): Promise<Diagnostic[]> {
  const received = plan.volumes.flatMap((v) => v.documents.flatMap((d) => (d.kind === 'template' && d.received ? [{ name: d.template, ...d.received }] : [])));
  if (received.length === 0) return [];
  const diagnostics = await loadReceivedDocuments(ws, received);
  const problems = new Map<string, Diagnostic>();
  for (const d of diagnostics) if (d.severity === 'error' && d.file && !problems.has(d.file)) problems.set(d.file, d);
  for (const v of plan.volumes) {
    v.documents = v.documents.map((d): PlannedDocument => {
      if (d.kind !== 'template' || !d.received || ws.templates.has(d.template)) return d;
      const { id, volume, seq, itemIndex, title, fileStem } = d;
      const why = problems.get(d.received.file);
      const unreadable = { message: why?.message ?? `“${d.received.file}”无法读取`, ...(why?.hint ? { hint: why.hint } : {}) };
      return { kind: 'attachment', id, volume, seq, itemIndex, title, fileStem, path: d.received.path, file: d.received.file, format: 'docx', unreadable };
    });
    for (const it of v.items) {
      const docs = v.documents.filter((d) => d.itemIndex === it.index);
      const bad = docs.filter((d) => d.kind === 'attachment' && d.unreadable);
      if (bad.length === 0 || bad.length < docs.length || it.missing) continue;
      it.missing = true;
      it.missingReason = `${bad.map((d) => `“${d.kind === 'attachment' ? d.file : d.title}”`).join('、')}已损坏，无法打开：请用 WPS 或 Word 打开它重新“另存为” Word 文档（*.docx），或换成扫描的 PDF`;
      if (it.required) plan.missing.push({ volume: v.code, volumeTitle: v.title, item: it.title, reason: it.missingReason });
    }
  }
  // an unreadable file is reported when its volume is bound (an error that stops that volume)
  return diagnostics.filter((d) => !(d.severity === 'error' && d.file && problems.has(d.file)));
}
