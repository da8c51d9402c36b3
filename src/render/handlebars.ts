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
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Compiled template: renders a context, line numbers already shifted to the file. */
export type RenderFn = (context: unknown, opts?: { markdown?: boolean }) => string;

const BUILTIN_BLOCKS = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log']);
const VALUE_HELPER = '__v';

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

/** Rewrite in place; collect unknown helpers and partials. */
function transform(node: AST, helpers: ReadonlySet<string>, partials: ReadonlySet<string>, problems: Problem[]): void {
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
          if (!partials.has(n))
            problems.push({
              code: 'template-unknown-partial',
              message: `找不到片段“${n}”${didYouMean(n, partials)}`,
              hint: `在 templates/partials/ 下新建 ${n}.hbs。`,
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

const MD_INLINE = /[\\`*_[\]<>|~]/g;
const MD_LINE_START = /^(\s*)([#>+-]|\d+[.)])/gm;

/** Data is text, never Markdown: escape what Markdown would read as syntax. */
export function escapeMarkdown(s: string): string {
  return s.replace(MD_INLINE, '\\$&').replace(MD_LINE_START, (_m, sp: string, mark: string) => `${sp}${mark.replace(/^([#>+-]|\d+)/, (x) => (/^\d/.test(x) ? `${x}\\` : `\\${x}`)).replace(/\\\\/, '\\')}`);
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
  const helperNames = new Set(Object.keys(HELPERS).concat(VALUE_HELPER));
  const partialNames = new Set(partials.map((p) => p.name));

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
    transform(ast, helperNames, partialNames, problems);
    const first = problems[0];
    if (first)
      throw new TemplateError(first.code, first.message, file, first.loc.start.line + lineOffset, col(first.loc.start.line, first.loc.start.column + 1), first.hint);
    const tpl = hb.compile(ast, { strict: false, noEscape: copts.html !== true, preventIndent: true });
    return (context, opts = {}) => {
      try {
        return tpl(context, { data: { dossierMarkdown: opts.markdown ?? true } });
      } catch (e) {
        if (e instanceof HelperError) {
          throw new TemplateError(
            e.helper === VALUE_HELPER ? 'template-missing-value' : `helper-${e.helper}`,
            e.message,
            file,
            e.line === undefined ? undefined : e.line + lineOffset,
            e.line === undefined ? e.column : col(e.line, e.column),
            e.hint,
          );
        }
        if (e instanceof TemplateError) throw e;
        const msg = e instanceof Error ? e.message : String(e);
        throw new TemplateError('template-runtime', `模板运行出错：${msg}`, file, undefined, undefined, '检查模板中这一处用到的数据与函数。');
      }
    };
  };

  for (const p of partials) {
    // Partials are compiled through the same rewrite; their errors name the partial's own file.
    let inner: RenderFn | undefined;
    hb.registerPartial(p.name, ((ctx: unknown, options?: { data?: { dossierMarkdown?: boolean } }) => {
      inner ??= compile(p.text, p.file, 0);
      return inner(ctx, { markdown: options?.data?.dossierMarkdown ?? true });
    }) as unknown as Handlebars.Template);
  }
  return { compile };
}
