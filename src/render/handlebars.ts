//! Strict Handlebars: every value a template prints or hands to a helper must exist and be non-empty,
//! else the build stops with template file, line and the missing path (DESIGN.md §2). Handlebars' own
//! strict mode misses null, "" and helper arguments, so we rewrite the AST: each value goes through `__v`.
import Handlebars from 'handlebars';
import { markLoaded } from '../util/loaded.js';
import { closest, didYouMean } from '../util/suggest.js';
import { HelperError, type HelperOptions } from './helpers/errors.js';
import { HELPERS, LENIENT_HELPERS } from './helpers/index.js';

markLoaded('Handlebars (rendering)');

type AST = hbs.AST.Program;
type Expr = hbs.AST.Expression;
type Loc = hbs.AST.SourceLocation;

/** Template problem with its position in the template file. */
export class TemplateError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly file: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    readonly hint?: string,
    /** an empty or missing value: which data object holds (or lacks) it, to point at the data file */
    readonly subject?: ValueSubject,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/**
 * Where an empty or missing value lives in the data: the object that holds it (a YAML mapping, a row of a
 * CSV or XLSX table) and the keys below it. The renderer turns it into the data file and line.
 */
export interface ValueSubject {
  holder: object;
  /** keys from `holder` to the value: one key when the holder has it, more when the value's parents are missing too */
  rest: string[];
  /** the key is there but its value is empty or null (false: not there at all) */
  present: boolean;
  /** the path as the template writes it, e.g. data.org.secretary.name */
  original: string;
}

/** The data object a template path ends in, resolved from the context the helper ran in. */
function subjectOf(ctx: unknown, original: string, root: unknown, present: boolean): ValueSubject | undefined {
  let from = ctx;
  let text = original;
  if (text.startsWith('@root.')) {
    from = root;
    text = text.slice('@root.'.length);
  } else if (text.startsWith('@') || text.startsWith('..')) return undefined;
  const parts = text
    .replace(/^(this|\.)[./]/, '')
    .split(/[./]/)
    .map((x) => x.replace(/^\[(.*)\]$/, '$1'))
    .filter((x) => x !== '' && x !== 'this');
  if (parts.length === 0) return undefined;
  let holder: unknown = from;
  let i = 0;
  for (; i < parts.length - 1; i++) {
    const next: unknown = holder !== null && typeof holder === 'object' ? (holder as Record<string, unknown>)[parts[i] as string] : undefined;
    if (next === null || typeof next !== 'object') break;
    holder = next;
  }
  if (holder === null || typeof holder !== 'object') return undefined;
  const rest = parts.slice(i);
  return { holder, rest, present: present && rest.length === 1, original };
}

/** Compiled template: renders a context, line numbers already shifted to the file. */
export type RenderFn = (context: unknown, opts?: { markdown?: boolean; budget?: Budget }) => string;

// {{log}} is not offered: it prints data to the console (and to a shared screen); {{> (dynamic)}} neither
const BUILTIN_BLOCKS = new Set(['if', 'unless', 'each', 'with', 'lookup']);
const VALUE_HELPER = '__v';
/** Prints what a helper returned (or, lookup, opt …): data, so escaped like any value. */
const PRINT_HELPER = '__p';

/**
 * Rendered text per template string (the body, or one front-matter value) may not pass this many
 * characters: about 1,400 printed pages. A 5-million-character cell or three nested {{#each}} over
 * 300 rows (27 million lines) stop here with a message instead of exhausting memory.
 */
export const MAX_RENDERED_CHARS = 1_000_000;
/** {{#each}} iterations per rendered string (empty bodies cost time even when they print nothing). */
export const MAX_ITERATIONS = 1_000_000;
/** Partials calling partials deeper than this are surely a loop. */
const MAX_PARTIAL_DEPTH = 32;

/** What one render has spent: shared by every data frame of the render (each copies the reference). */
export interface Budget {
  chars: number;
  iterations: number;
}

function path(name: string, loc: Loc): hbs.AST.PathExpression {
  return { type: 'PathExpression', data: false, depth: 0, parts: [name], original: name, loc };
}

function str(value: string, loc: Loc): hbs.AST.StringLiteral {
  return { type: 'StringLiteral', value, original: value, loc };
}

function wrap(e: Expr, mode: 'print' | 'arg'): Expr {
  if (e.type !== 'PathExpression') return e;
  const p = e as hbs.AST.PathExpression;
  const sub: hbs.AST.SubExpression = {
    type: 'SubExpression',
    path: path(VALUE_HELPER, p.loc),
    params: [p, str(p.original, p.loc), str(mode, p.loc)],
    hash: undefined as unknown as hbs.AST.Hash,
    loc: p.loc,
  };
  return sub;
}

interface Problem {
  code: string;
  message: string;
  hint: string;
  loc: Loc;
}

/** Rewrite in place; collect unknown helpers and partials. `cycleOf(name)` is a loop of partials reached from `name`. */
function transform(node: AST, helpers: ReadonlySet<string>, partials: ReadonlySet<string>, problems: Problem[], cycleOf: (name: string) => string[] | undefined = () => undefined): void {
  const visitParams = (params: Expr[], lenient: boolean) => {
    params.forEach((p, i) => {
      if (p.type === 'SubExpression') visitSexpr(p as hbs.AST.SubExpression);
      else if (!lenient) params[i] = wrap(p, 'arg');
    });
  };
  const visitHash = (hash: hbs.AST.Hash | undefined, lenient: boolean) => {
    for (const pair of hash?.pairs ?? []) {
      if (pair.value.type === 'SubExpression') visitSexpr(pair.value as hbs.AST.SubExpression);
      else if (!lenient) pair.value = wrap(pair.value, 'arg');
    }
  };
  const checkHelper = (name: string, loc: Loc) => {
    if (!helpers.has(name) && !BUILTIN_BLOCKS.has(name))
      problems.push({
        code: 'template-unknown-helper',
        message: `不认识的函数“${name}”${didYouMean(name, [...helpers, ...BUILTIN_BLOCKS].filter((h) => !h.startsWith('__')))}`,
        hint: `可用的函数：${[...helpers].filter((h) => !h.startsWith('__')).join('、')}。`,
        loc,
      });
  };
  const visitSexpr = (s: hbs.AST.SubExpression) => {
    const name = s.path.original;
    checkHelper(name, s.loc);
    const lenient = LENIENT_HELPERS.has(name);
    visitParams(s.params, lenient);
    visitHash(s.hash, lenient);
  };
  const visit = (prog: AST | undefined) => {
    if (!prog) return;
    for (const st of prog.body) {
      if (st.type === 'MustacheStatement') {
        const m = st as hbs.AST.MustacheStatement;
        if (m.path.type !== 'PathExpression') continue;
        const p = m.path as hbs.AST.PathExpression;
        // a bare {{name}} is always a value, even when a helper has that name (none of ours takes no arguments)
        const isCall = m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0;
        if (isCall) {
          checkHelper(p.original, m.loc);
          const lenient = LENIENT_HELPERS.has(p.original);
          visitParams(m.params, lenient);
          visitHash(m.hash, lenient);
          // {{or a b}} → {{__p (or a b)}}: what a helper hands back is data and is escaped when printed
          const call: hbs.AST.SubExpression = { type: 'SubExpression', path: p, params: m.params, hash: m.hash, loc: m.loc };
          m.params = [call];
          m.hash = undefined as unknown as hbs.AST.Hash;
          m.path = path(PRINT_HELPER, p.loc);
        } else {
          // {{a.b}} → {{__v a.b "a.b" "print"}}
          m.params = [p, str(p.original, p.loc), str('print', p.loc)];
          m.path = path(VALUE_HELPER, p.loc);
        }
      } else if (st.type === 'BlockStatement') {
        const b = st as hbs.AST.BlockStatement;
        const name = b.path.original;
        if (b.params.length === 0 && !helpers.has(name) && !BUILTIN_BLOCKS.has(name)) {
          problems.push({
            code: 'template-block-without-helper',
            message: `块“{{#${name}}}”的写法不受支持`,
            hint: `逐项输出请写 {{#each ${name}}}…{{/each}}，按条件输出请写 {{#if ${name}}}…{{/if}}。`,
            loc: b.loc,
          });
        } else {
          checkHelper(name, b.loc);
          const lenient = LENIENT_HELPERS.has(name);
          visitParams(b.params, lenient);
          visitHash(b.hash, lenient);
        }
        visit(b.program);
        visit(b.inverse);
      } else if (st.type === 'PartialStatement' || st.type === 'PartialBlockStatement') {
        const ps = st as hbs.AST.PartialStatement;
        if (ps.name.type === 'PathExpression') {
          const n = (ps.name as hbs.AST.PathExpression).original;
          const cycle = partials.has(n) ? cycleOf(n) : undefined;
          if (!partials.has(n))
            problems.push({
              code: 'template-unknown-partial',
              message: `找不到片段“${n}”${didYouMean(n, partials)}`,
              hint: `在 templates/partials/ 下新建 ${n}.hbs。`,
              loc: ps.loc,
            });
          else if (cycle)
            problems.push({
              code: 'template-partial-loop',
              message: `片段“${cycle[0]}”包含了它自己（${cycle.join(' → ')}），会无限循环`,
              hint: `删除片段 ${cycle[cycle.length - 2] ?? cycle[0]}.hbs 中的 {{> ${cycle[cycle.length - 1]}}}。`,
              loc: ps.loc,
            });
        } else {
          problems.push({
            code: 'template-dynamic-partial',
            message: '片段名不能由数据决定（{{> (…)}}）',
            hint: '直接写出片段名，例如 {{> 落款}}；要按条件选用片段，写成 {{#if …}}{{> 甲}}{{else}}{{> 乙}}{{/if}}。',
            loc: ps.loc,
          });
        }
        visitParams(ps.params, false);
        visitHash(ps.hash, false);
        if (st.type === 'PartialBlockStatement') visit((st as hbs.AST.PartialBlockStatement).program);
      }
    }
  };
  visit(node);
}

// `&` (entities: “AT&amp;T”), `:` (directives: “备注:abc”) besides the usual inline marks
const MD_INLINE = /[\\`*_[\]<>|~&:]/g;
// block marks at a line start: heading, quote, list, setext underline, ordered list “1.” / “1)”
const MD_LINE_START = /^([ \t]*)([#+=-]|\d+[.)])/gm;

/** Data is text, never Markdown: escape what Markdown would read as syntax. */
export function escapeMarkdown(s: string): string {
  return s.replace(MD_INLINE, '\\$&').replace(MD_LINE_START, (_m, sp: string, mark: string) => (/^\d/.test(mark) ? `${sp}${mark.slice(0, -1)}\\${mark.slice(-1)}` : `${sp}\\${mark}`));
}

function emptiness(v: unknown): string | undefined {
  if (v === undefined) return '未定义（数据中没有这一项）';
  if (v === null) return '是空值（null）';
  if (typeof v === 'string' && v.trim() === '') return '是空的';
  if (typeof v === 'number' && !Number.isFinite(v)) return '不是有效的数字';
  return undefined;
}

function suggestion(ctx: unknown, original: string): string {
  const parts = original.replace(/^this\./, '').split(/[./]/).filter(Boolean);
  if (parts.length === 0 || original.startsWith('@') || original.startsWith('..')) return '';
  let parent: unknown = ctx;
  for (const part of parts.slice(0, -1)) {
    if (parent === null || typeof parent !== 'object') return '';
    parent = (parent as Record<string, unknown>)[part];
  }
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return '';
  const keys = Object.keys(parent);
  const last = parts[parts.length - 1] ?? '';
  const near = closest(last, keys);
  if (near && near !== last) return `是不是想写“${[...parts.slice(0, -1), near].join('.')}”？`;
  return keys.length && keys.length <= 30 ? `这里已有：${keys.join('、')}。` : '';
}

function valueHelper(this: unknown, value: unknown, original: string, mode: string, options: HelperOptions & { data?: { dossierMarkdown?: boolean } }): unknown {
  const empty = emptiness(value);
  if (empty) {
    const start = options.loc?.start;
    throw new HelperError(
      VALUE_HELPER,
      `模板需要的值“${original}”${empty}`,
      `在数据中补上“${original}”；如果这一项允许为空，在模板中写成 {{opt ${original}}}，或用 {{#if ${original}}}…{{/if}} 包起来。${suggestion(this, original)}`,
      start?.line,
      start?.column === undefined ? undefined : start.column + 1,
      subjectOf(this, original, options.data?.root, value !== undefined),
    );
  }
  if (mode === 'arg') return value;
  if (Array.isArray(value) || (typeof value === 'object' && value !== null && !(value instanceof Date) && Object.prototype.toString === (value as object).toString)) {
    const start = options.loc?.start;
    throw new HelperError(
      VALUE_HELPER,
      `“${original}”是一组数据（${Array.isArray(value) ? `${value.length} 行的表格` : `含 ${Object.keys(value).join('、')}`}），不能直接打印`,
      Array.isArray(value) ? `逐行输出请用 {{#each ${original}}}…{{/each}}。` : `打印其中一项，例如 {{${original}.${Object.keys(value)[0] ?? '名称'}}}。`,
      start?.line,
      start?.column === undefined ? undefined : start.column + 1,
    );
  }
  const text = String(value);
  spend(options, text.length);
  return options.data?.dossierMarkdown ? escapeMarkdown(text) : text;
}

type RenderData = { dossierMarkdown?: boolean; dossierBudget?: Budget };

/** Counts printed characters against the render's budget (a 5-million-character cell stops here). */
function spend(options: { data?: RenderData; loc?: HelperOptions['loc'] }, chars: number): void {
  const b = options.data?.dossierBudget;
  if (!b) return;
  b.chars += chars;
  if (b.chars > MAX_RENDERED_CHARS) tooLong(options);
}

function tooLong(options: { loc?: HelperOptions['loc'] }): never {
  const start = options.loc?.start;
  throw new HelperError(
    'limit',
    `模板生成的内容太长（超过 ${MAX_RENDERED_CHARS / 10_000} 万字）`,
    '多半是数据中有超长的单元格，或 {{#each}} 套着 {{#each}} 把表格乘了好几遍：检查这一处用到的数据和循环。',
    start?.line,
    start?.column === undefined ? undefined : start.column + 1,
  );
}

/** {{__p (helper …)}}: a helper's result printed like a value — escaped, nothing for a missing one. */
function printHelper(value: unknown, options: HelperOptions & { data?: RenderData }): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  spend(options, text.length);
  return options.data?.dossierMarkdown ? escapeMarkdown(text) : text;
}

export interface TemplateEnv {
  /** `columnOffset` shifts columns on the first line (a front-matter value starts mid-line). `html`: every
   *  printed value is HTML-escaped (Word templates mark their structure with <p>…</p>, which data never can). */
  compile(source: string, file: string, lineOffset: number, columnOffset?: number, opts?: { html?: boolean }): RenderFn;
}

export interface PartialSource {
  name: string;
  file: string;
  text: string;
}

/** An isolated Handlebars environment with our helpers and the workspace's partials. */
export function createTemplateEnv(partials: readonly PartialSource[]): TemplateEnv {
  const hb = Handlebars.create();
  for (const [name, fn] of Object.entries(HELPERS)) hb.registerHelper(name, fn as Handlebars.HelperDelegate);
  hb.registerHelper(VALUE_HELPER, valueHelper as Handlebars.HelperDelegate);
  hb.registerHelper(PRINT_HELPER, printHelper as Handlebars.HelperDelegate);
  hb.unregisterHelper('log');
  // {{#each}} within the render's budget: every iteration and every character it prints is counted
  const each = hb.helpers['each'] as unknown as (this: unknown, ...args: unknown[]) => unknown;
  hb.registerHelper('each', function (this: unknown, ...args: unknown[]) {
    const options = args[args.length - 1] as HelperOptions & { data?: RenderData; fn: (ctx: unknown, o?: unknown) => string };
    const budget = options.data?.dossierBudget;
    if (!budget) return each.apply(this, args);
    const fn = options.fn;
    const counted = { ...options, fn: (ctx: unknown, o?: unknown) => {
      if (++budget.iterations > MAX_ITERATIONS) tooLong(options);
      const out = fn(ctx, o);
      spend(options, out.length);
      return out;
    } };
    return each.apply(this, [...args.slice(0, -1), counted]);
  });
  const helperNames = new Set(Object.keys(HELPERS).concat(VALUE_HELPER, PRINT_HELPER));
  const partialNames = new Set(partials.map((p) => p.name));
  const cycleOf = partialCycles(hb, partials);

  const compile = (source: string, file: string, lineOffset: number, columnOffset = 0, copts: { html?: boolean } = {}): RenderFn => {
    const col = (line: number, column: number | undefined) => (column === undefined ? undefined : line === 1 ? column + columnOffset : column);
    let ast: AST;
    try {
      ast = hb.parse(source);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const m = /line (\d+)/.exec(msg) ?? / - (\d+):\d+$/.exec(msg);
      const mismatch = /^(\S+) doesn't match (\S+)/.exec(msg);
      const line = m ? Number(m[1]) + lineOffset : undefined;
      const expecting = /Expecting ([^\n]*), got '([^']*)'/.exec(msg);
      throw new TemplateError(
        'template-syntax',
        mismatch ? `模板语法错误：{{#${mismatch[1]}}} 与 {{/${mismatch[2]}}} 不配对` : expecting?.[2] === 'EOF' ? '模板语法错误：到文件结尾还有没有闭合的块' : `模板语法错误${expecting ? `：这里出现了“${expecting[2]}”` : ''}`,
        file,
        line,
        undefined,
        '检查 {{ }} 是否成对、{{#each}}/{{#if}} 是否有对应的 {{/each}}/{{/if}}。',
      );
    }
    const problems: Problem[] = [];
    transform(ast, helperNames, partialNames, problems, cycleOf);
    const first = problems[0];
    if (first)
      throw new TemplateError(first.code, first.message, file, first.loc.start.line + lineOffset, col(first.loc.start.line, first.loc.start.column + 1), first.hint);
    const tpl = hb.compile(ast, { strict: false, noEscape: copts.html !== true, preventIndent: true });
    return (context, opts = {}) => {
      try {
        const out = tpl(context, { data: { dossierMarkdown: opts.markdown ?? true, dossierBudget: opts.budget ?? { chars: 0, iterations: 0 } } });
        if (out.length > MAX_RENDERED_CHARS) tooLong({});
        return out;
      } catch (e) {
        if (e instanceof HelperError) {
          throw new TemplateError(
            e.helper === VALUE_HELPER ? 'template-missing-value' : `helper-${e.helper}`,
            e.message,
            file,
            e.line === undefined ? undefined : e.line + lineOffset,
            e.line === undefined ? e.column : col(e.line, e.column),
            e.hint,
            e.subject as ValueSubject | undefined,
          );
        }
        if (e instanceof TemplateError) throw e;
        if (e instanceof RangeError) throw new TemplateError('template-too-deep', '模板嵌套太深，无法生成（片段或 {{#each}} 层层相套）', file, undefined, undefined, '检查模板中的片段（{{> …}}）和循环是否互相包含。');
        const msg = e instanceof Error ? e.message : String(e);
        throw new TemplateError('template-runtime', `模板运行出错：${msg}`, file, undefined, undefined, '检查模板中这一处用到的数据与函数。');
      }
    };
  };

  let depth = 0;
  for (const p of partials) {
    // Partials are compiled through the same rewrite; their errors name the partial's own file.
    let inner: RenderFn | undefined;
    hb.registerPartial(p.name, ((ctx: unknown, options?: { data?: RenderData }) => {
      inner ??= compile(p.text, p.file, 0);
      if (depth >= MAX_PARTIAL_DEPTH) throw new TemplateError('template-partial-loop', `片段“${p.name}”层层相套超过 ${MAX_PARTIAL_DEPTH} 层，多半是循环包含`, p.file, undefined, undefined, '检查片段之间的 {{> …}} 是否互相包含。');
      depth++;
      try {
        const budget = options?.data?.dossierBudget;
        return inner(ctx, { markdown: options?.data?.dossierMarkdown ?? true, ...(budget ? { budget } : {}) });
      } finally {
        depth--;
      }
    }) as unknown as Handlebars.Template);
  }
  return { compile };
}

/** Partials that reach themselves through {{> …}}: for a partial name, the loop it leads into (a → b → a). */
function partialCycles(hb: typeof Handlebars, partials: readonly PartialSource[]): (name: string) => string[] | undefined {
  const calls = new Map<string, string[]>();
  for (const p of partials) {
    const names: string[] = [];
    try {
      const walk = (prog: AST | undefined): void => {
        for (const st of prog?.body ?? []) {
          if ((st.type === 'PartialStatement' || st.type === 'PartialBlockStatement') && (st as hbs.AST.PartialStatement).name.type === 'PathExpression') names.push(((st as hbs.AST.PartialStatement).name as hbs.AST.PathExpression).original);
          if (st.type === 'BlockStatement') {
            walk((st as hbs.AST.BlockStatement).program);
            walk((st as hbs.AST.BlockStatement).inverse);
          }
          if (st.type === 'PartialBlockStatement') walk((st as hbs.AST.PartialBlockStatement).program);
        }
      };
      walk(hb.parse(p.text));
    } catch {
      // a syntax error is reported when the partial is compiled
    }
    calls.set(p.name, names);
  }
  const memo = new Map<string, string[] | null>();
  return (start) => {
    if (memo.has(start)) return memo.get(start) ?? undefined;
    const stack: string[] = [];
    const visit = (n: string): string[] | undefined => {
      const at = stack.indexOf(n);
      if (at >= 0) return [...stack.slice(at), n];
      stack.push(n);
      for (const c of calls.get(n) ?? []) {
        const loop = visit(c);
        if (loop) return loop;
      }
      stack.pop();
      return undefined;
    };
    const loop = visit(start);
    memo.set(start, loop ?? null);
    return loop;
  };
}
