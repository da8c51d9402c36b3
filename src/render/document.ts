//! renderDocument: a planned document (template or register) + the workspace → DocModel.
//! Front matter strings and the Markdown body are rendered by strict Handlebars; the 公文 elements
//! from the front matter become 版头, 文号, 标题, 主送, 落款, 附注, 版记 blocks around the body.
import type { Diagnostic } from '../diag/diagnostic.js';
import { lowerDocument } from '../model/lower.js';
import type { SourceBlock, SourceDocument } from '../model/source.js';
import type { DocMeta, Document, SourcePos } from '../model/types.js';
import { normaliseDocNumber } from '../util/cn.js';
import { hashJson } from '../util/hash.js';
import { issuedWidths } from '../plan/issued-register.js';
import type { TableDocument, TemplateDocument } from '../plan/types.js';
import { FrontMatterSchema, type FrontMatter } from '../schema/front-matter.js';
import { zodToDiagnostics } from '../schema/issues.js';
import { resolveDataPath } from '../util/data-path.js';
import { readYaml } from '../workspace/readers/yaml.js';
import { parentName } from '../workspace/parent-items.js';
import type { TemplateSource, Workspace } from '../workspace/types.js';
import { placeInData, Told, type FoundDiagnostic } from './diagnostics.js';
import { createTemplateEnv, TemplateError, type RenderFn, type TemplateEnv } from './handlebars.js';
import { markdownToBlocks } from './markdown.js';
import { registerBlocks } from './register.js';
import { trackReads } from './track.js';
import { append } from '../util/arrays.js';
import { compileWord, renderWord, type CompiledWord } from './word-template.js';

export interface RenderResult {
  document: Document | undefined;
  diagnostics: Diagnostic[];
  /** top-level data keys the document read (its data dependencies) */
  reads?: string[];
  /**
   * What the Markdown and front matter said once Handlebars filled them in (with the tool key): the same
   * key gives the same model. Set only for a render with nothing to report past Handlebars.
   */
  renderKey?: string;
  /** the model is the one kept for this render key (`RendererOptions.kept`), not made again */
  kept?: boolean;
}

/** A build's memory of what it rendered: a document whose filled-in text is unchanged keeps its model. */
export interface RendererOptions {
  /** part of every render key (the build's tool key: version, dossier.yaml, fonts) */
  salt: string;
  /** the model kept for document `job` if its last render had this render key */
  kept(job: TemplateDocument, renderKey: string): Document | undefined;
}

interface CompiledTemplate {
  source: TemplateSource;
  /** raw front matter value with each string compiled */
  frontMatter: CompiledValue;
  body: RenderFn;
  bodyLineOffset: number;
}

type CompiledValue = { kind: 'string'; fn: RenderFn } | { kind: 'list'; items: CompiledValue[] } | { kind: 'map'; entries: [string, CompiledValue][] } | { kind: 'plain'; value: unknown };

/** One document's render before its problems are placed and told: `once` are the template's own
 *  (compile) problems, told once per template; `diagnostics` this document's. */
interface TemplateRender {
  document: Document | undefined;
  diagnostics: FoundDiagnostic[];
  once: Diagnostic[];
  reads?: string[];
  renderKey?: string;
  kept?: boolean;
}

/** Per-build renderer: one Handlebars environment and compiled templates shared by all documents. */
export class Renderer {
  private readonly env: TemplateEnv;
  private readonly compiled = new Map<string, CompiledTemplate | Diagnostic[]>();
  private readonly reported = new Set<string>();

  /** problems of one document's render are told once for all the documents that have them */
  private readonly told: Told;

  constructor(
    private readonly ws: Workspace,
    private readonly memo?: RendererOptions,
  ) {
    this.env = createTemplateEnv([...ws.partials.values()]);
    this.told = new Told(ws);
  }

  /** Compile (once) and return the template, or its diagnostics. */
  template(name: string): CompiledTemplate | Diagnostic[] {
    const cached = this.compiled.get(name);
    if (cached) return cached;
    const source = this.ws.templates.get(name);
    const result: CompiledTemplate | Diagnostic[] = source ? compileTemplate(this.env, source) : [{ severity: 'error', code: 'template-unknown', message: `找不到模板“${name}”` }];
    this.compiled.set(name, result);
    return result;
  }

  render(job: TemplateDocument | TableDocument): RenderResult {
    if (job.kind === 'template' && job.fromParent) return this.renderFromParent(job, job.fromParent);
    if (job.kind === 'table') return renderTable(this.ws, job);
    const r = this.renderTemplate(job);
    const reads = r.reads ?? [];
    // a workspace loaded only to report every problem (a data file has errors): a document reading that
    // file is not rendered — what it would say repeats the file's own problem
    const broken = this.ws.brokenData;
    if (broken && reads.some((k) => broken.has(k) || broken.has(k.split('.')[0] ?? k))) return { document: undefined, diagnostics: [], reads };
    const diagnostics = [...r.once, ...this.told.tell(job, r.diagnostics.map((d) => placeInData(this.ws, d)))];
    return { document: r.document, diagnostics, reads, ...(r.renderKey !== undefined ? { renderKey: r.renderKey } : {}), ...(r.kept ? { kept: true } : {}) };
  }

  // ---- a unit's `from:` documents: what its parent (the township) generates for it (src/plan/from-parent.ts) ----
  private parentRenderer?: Renderer;

  /**
   * Rendered exactly as the parent renders it — its template, data, unit and item title — so the unit files
   * the township's document word for word. Its data reads are named as the unit sees the parent's data
   * (澧源镇/<key>, src/workspace/parent-items.ts), and its 责任者 is the parent unless the template names one.
   */
  private renderFromParent(job: TemplateDocument, from: NonNullable<TemplateDocument['fromParent']>): RenderResult {
    const parent = this.ws.parent;
    if (!parent) return { document: undefined, diagnostics: [{ severity: 'error', code: 'from-no-parent', message: `“${job.title}”取自上级的文件，但本工作区没有上级` }] };
    this.parentRenderer ??= new Renderer(parent);
    const { fromParent: _f, ...plain } = job;
    const r = this.parentRenderer.render({ ...plain, template: from.template, title: from.title });
    const document = r.document && (r.document.meta.issuer ? r.document : { ...r.document, meta: { ...r.document.meta, issuer: parent.unit.name } });
    return { document, diagnostics: r.diagnostics, ...(r.reads ? { reads: r.reads.map((k) => parentName(parent, k)) } : {}) };
  }

  private renderTemplate(job: TemplateDocument): TemplateRender {
    const word = this.ws.templates.get(job.template);
    if (word?.word) return this.renderWordTemplate(job, word);
    const t = this.template(job.template);
    if (Array.isArray(t)) {
      // a template that does not compile is reported once, not once per document using it
      const first = !this.reported.has(job.template);
      this.reported.add(job.template);
      return { document: undefined, diagnostics: [], once: first ? t : [] };
    }
    const reads = new Set<string>();
    const context = contextFor(this.ws, job, reads);
    const diagnostics: FoundDiagnostic[] = [];
    const guard = <T,>(f: () => T): T | undefined => {
      try {
        return f();
      } catch (e) {
        if (e instanceof TemplateError) {
          const d: FoundDiagnostic = { severity: 'error', code: e.code, file: e.file, message: e.message };
          if (e.line !== undefined) d.line = e.line;
          if (e.column !== undefined) d.column = e.column;
          if (e.hint) d.hint = e.hint;
          if (e.subject) d.subject = { ...e.subject, where: e.line !== undefined ? `第 ${e.line} 行` : '' };
          diagnostics.push(d);
          return undefined;
        }
        throw e;
      }
    };
    const fmValue = guard(() => evaluate(t.frontMatter, context, diagnostics, guard));
    const body = guard(() => t.body(context, { markdown: true }));
    const failed = { document: undefined, diagnostics, once: [], reads: [...reads].sort() };
    if (fmValue === undefined || body === undefined || diagnostics.some((d) => d.severity === 'error')) return failed;
    // the same filled-in text (and tool) as last time: the model made from it then
    const renderKey = this.memo ? hashJson([this.memo.salt, t.source.file, t.bodyLineOffset, fmValue ?? null, body]) : undefined;
    const kept = renderKey !== undefined ? this.memo?.kept(job, renderKey) : undefined;
    if (kept) return { document: kept, diagnostics, once: [], reads: [...reads].sort(), renderKey: renderKey as string, kept: true };
    const parsed = FrontMatterSchema.safeParse(fmValue ?? {});
    if (!parsed.success) {
      // the template's own front matter, read only to place the problems
      const fmYaml = readYaml(frontMatterText(t.source.text).text, t.source.file);
      const locate = (p: readonly (string | number)[], key?: boolean) => {
        const pos = fmYaml.locate(p, key);
        return pos ? { line: pos.line + 1, column: pos.column } : undefined;
      };
      append(diagnostics, zodToDiagnostics(parsed.error, FrontMatterSchema, t.source.file, locate));
      return failed;
    }
    const md = markdownToBlocks(body, t.source.file, t.bodyLineOffset);
    append(diagnostics, md.diagnostics);
    if (md.diagnostics.some((d) => d.severity === 'error')) return failed;
    const document = lowerDocument(assemble(parsed.data, md.blocks, this.ws, { file: t.source.file, line: 1 }));
    // (a Markdown warning is told again next time: no render key, so the model is made again)
    return { document, diagnostics, once: [], reads: [...reads].sort(), ...(renderKey !== undefined && md.diagnostics.length === 0 ? { renderKey } : {}) };
  }

  // ---- Word templates and received Word files (issue 18, src/render/word-template.ts) ----
  private readonly words = new Map<string, { compiled: CompiledWord | undefined; diagnostics: Diagnostic[] }>();

  /** Compile (once) a Word template or received file. */
  word(source: TemplateSource): { compiled: CompiledWord | undefined; diagnostics: Diagnostic[] } {
    let w = this.words.get(source.name);
    if (!w && source.word) {
      w = compileWord(source.received ? undefined : this.env, source.word, source.file);
      this.words.set(source.name, w);
    }
    return w ?? { compiled: undefined, diagnostics: [] };
  }

  private renderWordTemplate(job: TemplateDocument, source: TemplateSource): TemplateRender {
    const w = this.word(source);
    const first = !this.reported.has(job.template);
    this.reported.add(job.template);
    // messages of reading and compiling are told once per file, not once per document using it
    const once = first ? w.diagnostics : [];
    if (!w.compiled) return { document: undefined, diagnostics: [], once };
    const reads = new Set<string>();
    const context = source.received ? {} : contextFor(this.ws, job, reads);
    const r = renderWord(w.compiled, context, source.received ? job.title : undefined);
    const diagnostics: FoundDiagnostic[] = r.diagnostics;
    if (once.some((d) => d.severity === 'error') || diagnostics.some((d) => d.severity === 'error')) return { document: undefined, diagnostics, once, reads: [...reads].sort() };
    const fm = FrontMatterSchema.parse(r.frontMatter);
    const src = { file: source.file, line: 1 };
    // a received file speaks for its own issuer; the unit is only the fallback 责任者
    const document = lowerDocument(assemble(fm, r.blocks, this.ws, src));
    return { document, diagnostics, once, reads: [...reads].sort() };
  }
}

/** Split "---\nyaml\n---\nbody": front matter text, body text and the body's first line number - 1. */
export function frontMatterText(text: string): { text: string; body: string; bodyLineOffset: number } {
  const normalized = text.replace(/\r\n?/g, '\n');
  if (!normalized.startsWith('---\n')) return { text: '', body: normalized, bodyLineOffset: 0 };
  const end = normalized.indexOf('\n---', 3);
  if (end < 0) return { text: '', body: normalized, bodyLineOffset: 0 };
  const fm = normalized.slice(4, end + 1);
  const afterMarker = normalized.indexOf('\n', end + 1);
  const body = afterMarker < 0 ? '' : normalized.slice(afterMarker + 1);
  const bodyLineOffset = normalized.slice(0, afterMarker + 1).split('\n').length - 1;
  return { text: fm, body, bodyLineOffset };
}

function compileTemplate(env: TemplateEnv, source: TemplateSource): CompiledTemplate | Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { text, body, bodyLineOffset } = frontMatterText(source.text);
  if (!text.trim()) {
    diagnostics.push({ severity: 'error', code: 'front-matter-missing', file: source.file, line: 1, message: '模板开头缺少 front matter（公文要素）', hint: '模板第一行写 ---，接着写 kind、title 等要素，再用一行 --- 结束。' });
    return diagnostics;
  }
  const y = readYaml(text, source.file);
  for (const d of y.diagnostics) diagnostics.push(d.line === undefined ? d : { ...d, line: d.line + 1 });
  if (diagnostics.some((d) => d.severity === 'error')) return diagnostics;
  const compileValue = (v: unknown, p: (string | number)[]): CompiledValue => {
    if (typeof v === 'string') {
      const pos = y.locate(p);
      const lineText = pos ? (text.split('\n')[pos.line - 1] ?? '') : '';
      const quoted = pos ? /["']/.test(lineText.charAt(pos.column - 1)) : false;
      return { kind: 'string', fn: env.compile(v, source.file, pos ? pos.line : 1, pos ? pos.column - 1 + (quoted ? 1 : 0) : 0) };
    }
    if (Array.isArray(v)) return { kind: 'list', items: v.map((x, i) => compileValue(x, [...p, i])) };
    if (v !== null && typeof v === 'object') return { kind: 'map', entries: Object.entries(v).map(([k, x]) => [k, compileValue(x, [...p, k])]) };
    return { kind: 'plain', value: v };
  };
  let frontMatter: CompiledValue | undefined;
  let bodyFn: RenderFn | undefined;
  for (const step of [() => (frontMatter = compileValue(y.value, [])), () => (bodyFn = env.compile(body, source.file, bodyLineOffset))]) {
    try {
      step();
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      const d: Diagnostic = { severity: 'error', code: e.code, file: e.file, message: e.message };
      if (e.line !== undefined) d.line = e.line;
      if (e.column !== undefined) d.column = e.column;
      if (e.hint) d.hint = e.hint;
      diagnostics.push(d);
    }
  }
  if (!frontMatter || !bodyFn) return diagnostics;
  return { source, frontMatter, body: bodyFn, bodyLineOffset };
}

function evaluate(v: CompiledValue, ctx: unknown, _d: Diagnostic[], guard: <T>(f: () => T) => T | undefined): unknown {
  switch (v.kind) {
    case 'string':
      return guard(() => v.fn(ctx, { markdown: false }).trim());
    case 'list':
      return v.items.map((x) => evaluate(x, ctx, _d, guard));
    case 'map':
      return Object.fromEntries(v.entries.map(([k, x]) => [k, evaluate(x, ctx, _d, guard)]));
    case 'plain':
      return v.value;
  }
}

/** The context a template sees (DESIGN.md §2). */
export function contextFor(ws: Workspace, job: TemplateDocument, reads: Set<string> = new Set()): Record<string, unknown> {
  // a unit (a village built from the township's workspace) also knows its parent: {{#if unit.parent}}
  const unit = { name: ws.unit.name, short: ws.unit.short, ...(ws.unitOf ? { parent: ws.unitOf.parent } : {}), toString: () => ws.unit.name };
  const ctx: Record<string, unknown> = { unit, year: ws.config.year, data: trackReads(ws.data, reads), item: job.title };
  if (ws.config.fonds !== undefined) ctx['fonds'] = ws.config.fonds;
  if (job.dataPath) {
    reads.add(ws.data[job.dataPath] !== undefined ? job.dataPath : (job.dataPath.split('.')[0] ?? job.dataPath));
    const sub = resolveDataPath(ws.data, job.dataPath);
    if (sub !== null && typeof sub === 'object' && !Array.isArray(sub)) Object.assign(ctx, sub);
    else ctx['items'] = sub;
  }
  if (job.row) {
    ctx['row'] = job.row;
    ctx['index'] = job.rowIndex;
    ctx['rowName'] = job.rowName;
  } else if (ws.unitOf) {
    // a unit's own row (a village's row of villages.csv): reading it depends on that table's copy, which
    // holds only this row — so a document that reads it is rebuilt when the row changes, and no other
    const unitOf = ws.unitOf;
    Object.defineProperty(ctx, 'row', {
      enumerable: true,
      get: () => {
        reads.add(unitOf.key);
        return unitOf.row;
      },
    });
  }
  if (job.case) ctx['case'] = job.case;
  return ctx;
}

/** 落款 names: a list, or one string whose offices a joint issue separates with spaces. */
function issuersOf(s: string | string[]): string[] {
  const names = Array.isArray(s) ? s : s.split(/[ \u3000]+/);
  return names.map((n) => n.trim()).filter((n) => n !== '');
}

/** The offices of a joint issue: the 落款's names when it has several, else the 版头's stacked names. */
function jointIssuers(fm: FrontMatter): string[] {
  const signed = fm.signature ? issuersOf(fm.signature) : [];
  if (signed.length > 1) return signed;
  return Array.isArray(fm.masthead) ? fm.masthead.map((n) => n.trim()).filter((n) => n !== '') : [];
}

export function assemble(fm: FrontMatter, body: SourceBlock[], ws: Workspace, src: SourcePos): SourceDocument {
  const blocks: SourceBlock[] = [];
  if (fm.copyNo || fm.secret || fm.urgency) blocks.push({ t: 'securityMarks', ...pick(fm, ['copyNo', 'secret', 'urgency']) });
  if (fm.cover) {
    blocks.push({ t: 'coverPage', unit: ws.unit.name, title: fm.title, issuer: fm.issuer ?? ws.unit.name, date: fm.date ?? `${ws.config.year}-01-01` });
  }
  if (fm.header) {
    const m = fm.masthead;
    if (Array.isArray(m)) blocks.push({ t: 'masthead', issuer: `${m.join('')}文件`, joint: m, separator: true });
    else blocks.push({ t: 'masthead', issuer: m ?? `${fm.issuer ?? ws.unit.name}文件`, separator: true });
  }
  if (fm.number) blocks.push({ t: 'docNumber', text: fm.number, ...(fm.signer ? { signer: fm.signer } : {}) });
  blocks.push({ t: 'title', text: fm.title, ...(fm.subtitle ? { subtitle: fm.subtitle } : {}) });
  if (fm.to) blocks.push({ t: 'addressee', text: fm.to });
  append(blocks, body);
  if (fm.attachments?.length) blocks.push({ t: 'attachments', items: fm.attachments });
  if (fm.signature !== false && fm.date) blocks.push({ t: 'signature', issuers: issuersOf(fm.signature ?? fm.issuer ?? ws.unit.name), date: fm.date, sealed: fm.sealed });
  if (fm.note) blocks.push({ t: 'note', text: fm.note });
  if (fm.cc || fm.printer) blocks.push({ t: 'colophon', ...pick(fm, ['cc', 'printer', 'printDate']) });
  const meta: DocMeta = { kind: fm.kind, title: fm.title, header: fm.header };
  // a joint issue (联合行文: several offices in the 落款 or the 版头) is issued by all of them, lead office
  // first: 发文登记簿, 卷内目录 责任者 and the PDF/DOCX author name every one ("中共澧源镇委员会、澧源镇人民政府")
  const joint = jointIssuers(fm);
  if (joint.length > 1) meta.issuer = joint.join('、');
  else if (fm.issuer) meta.issuer = fm.issuer;
  if (fm.number) meta.number = normaliseDocNumber(fm.number);
  if (fm.to) meta.to = fm.to;
  if (fm.date) meta.date = fm.date;
  if (fm.cc) meta.cc = fm.cc;
  return { meta, blocks, src };
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): { [P in K]?: NonNullable<T[P]> } {
  const r: { [P in K]?: NonNullable<T[P]> } = {};
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) r[k] = o[k] as NonNullable<T[K]>;
  return r;
}

/** A register (花名册/登记册) as a DocModel: title, 填报单位 line, one table (header repeated on every page,
 *  renames/widths/merged headers from the catalog item), 制表人/制表日期 footer (src/render/register.ts). */
export function renderTable(ws: Workspace, job: TableDocument): RenderResult {
  const src: SourcePos = { file: job.dataFile ?? `data/${job.dataKey}`, line: 1 };
  const found = ws.catalog.volumes.find((v) => v.code === job.volume)?.items[job.itemIndex];
  // 发文登记 (issue 19): its own column widths unless the catalog item gives some
  const item = job.derived === 'issued' ? { ...(found ?? { title: job.title, required: false }), widths: found?.widths ?? issuedWidths(job.columns) } : found;
  const { blocks, diagnostics } = registerBlocks({
    title: job.title,
    unit: ws.unit.name,
    year: ws.config.year,
    columns: job.columns,
    rows: job.rows,
    ...(job.landscape !== undefined ? { landscape: job.landscape } : {}),
    src,
    ...(item ? { item } : {}),
    ...(ws.config.preparer ? { preparer: ws.config.preparer } : {}),
    ...(ws.config.date ? { date: ws.config.date } : {}),
  });
  const document: Document = lowerDocument({ meta: { kind: '登记册', title: job.title, issuer: ws.unit.name, header: false }, blocks, src });
  return { document, diagnostics };
}
