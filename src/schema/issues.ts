//! zod issues → Chinese diagnostics with file and line. The one place where schema errors get words.
import type { ZodError, ZodIssue, ZodTypeAny } from 'zod';
import type { Diagnostic } from '../diag/diagnostic.js';
import { didYouMean } from '../util/suggest.js';

/** 1-based line and column in a source file. */
export interface Position {
  line: number;
  column: number;
}

export type Locate = (path: readonly (string | number)[], key?: boolean) => Position | undefined;

const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  integer: '整数',
  boolean: '是/否（true 或 false）',
  array: '列表',
  object: '键值表',
  null: '空值',
  undefined: '未填写',
  date: '日期',
};

function typeName(t: string): string {
  return TYPE_NAMES[t] ?? t;
}

/** "volumes[0].items[2].title" as users read it: 第1卷 → 第3项 → title */
export function pathText(path: readonly (string | number)[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p + 1}]` : p)).join('.').replace(/\.\[/g, '[');
}

/** Keys a zod object schema knows (for "did you mean"). */
export function knownKeysAt(schema: ZodTypeAny, path: readonly (string | number)[]): string[] {
  let s: ZodTypeAny | undefined = schema;
  for (const seg of path) {
    s = unwrap(s);
    if (!s) return [];
    const def = s._def as { typeName?: string; shape?: () => Record<string, ZodTypeAny>; type?: ZodTypeAny };
    if (def.typeName === 'ZodObject' && typeof seg === 'string') s = def.shape?.()[seg];
    else if (def.typeName === 'ZodArray' && typeof seg === 'number') s = def.type;
    else return [];
  }
  s = unwrap(s);
  const def = s?._def as { typeName?: string; shape?: () => Record<string, ZodTypeAny> } | undefined;
  return def?.typeName === 'ZodObject' && def.shape ? Object.keys(def.shape()) : [];
}

function unwrap(s: ZodTypeAny | undefined): ZodTypeAny | undefined {
  let cur = s;
  for (let i = 0; i < 10 && cur; i++) {
    const def = cur._def as { typeName?: string; innerType?: ZodTypeAny; schema?: ZodTypeAny };
    if (def.typeName === 'ZodOptional' || def.typeName === 'ZodDefault' || def.typeName === 'ZodNullable') cur = def.innerType;
    else if (def.typeName === 'ZodEffects') cur = def.schema;
    else break;
  }
  return cur;
}

function describe(issue: ZodIssue, schema: ZodTypeAny): { message: string; hint?: string } {
  const where = issue.path.length ? `“${pathText(issue.path)}”` : '文件内容';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.received === 'undefined')
        return { message: `缺少必填项 ${where}`, hint: `添加 ${String(issue.path[issue.path.length - 1] ?? '')}: 并填写${typeName(issue.expected)}。` };
      return {
        message: `${where} 应为${typeName(issue.expected)}，实际是${typeName(issue.received)}`,
        hint: issue.expected === 'string' ? '如果内容是数字或日期但要当文字使用，请加英文引号，例如 "J012"。' : undefined,
      };
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, issue.path);
      const parts = issue.keys.map((k) => `“${k}”${didYouMean(k, known)}`);
      return { message: `不认识的键 ${parts.join('、')}`, hint: known.length ? `这里可用的键：${known.join('、')}。` : '删除这个键。' };
    }
    case 'invalid_enum_value':
      return {
        message: `${where} 的值“${String(issue.received)}”不在可选范围内${didYouMean(String(issue.received), issue.options.map(String))}`,
        hint: `可选值：${issue.options.join('、')}。`,
      };
    case 'invalid_literal':
      return { message: `${where} 的值不对`, hint: `应为 ${String(issue.expected)}。` };
    case 'too_small':
      if (issue.type === 'string') return { message: `${where} 不能为空`, hint: '填写内容，或删除这一项。' };
      if (issue.type === 'array') return { message: `${where} 至少要有 ${String(issue.minimum)} 项` };
      return { message: `${where} 不能小于 ${String(issue.minimum)}` };
    case 'too_big':
      if (issue.type === 'array') return { message: `${where} 最多 ${String(issue.maximum)} 项` };
      return { message: `${where} 不能大于 ${String(issue.maximum)}` };
    case 'invalid_string':
      return { message: `${where} 格式不对：${issue.message}` };
    case 'invalid_union': {
      // describe the first alternative's own problem at this path (e.g. "缺少必填项", "不能为空")
      const inner = issue.unionErrors[0]?.issues.find((i) => i.path.length === issue.path.length);
      if (inner && inner.code !== 'invalid_union') return describe(inner, schema);
      return { message: `${where} 的写法不对`, hint: issue.message !== 'Invalid input' ? issue.message : undefined };
    }
    case 'custom':
      return { message: issue.message, hint: (issue.params as { hint?: string } | undefined)?.hint };
    default:
      return { message: `${where}：${issue.message}` };
  }
}

/** Every zod issue of `error` as a diagnostic located in `file`. */
export function zodToDiagnostics(error: ZodError, schema: ZodTypeAny, file: string, locate: Locate): Diagnostic[] {
  return error.issues.map((issue) => {
    const { message, hint } = describe(issue, schema);
    let pos: Position | undefined;
    if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) pos = locate([...issue.path, issue.keys[0]], true);
    pos ??= locate(issue.path);
    const d: Diagnostic = { severity: 'error', code: `schema-${issue.code.replace(/_/g, '-')}`, file, message };
    if (pos) {
      d.line = pos.line;
      d.column = pos.column;
    }
    if (hint) d.hint = hint;
    return d;
  });
}
