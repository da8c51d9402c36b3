//! The helper registry: every built-in helper a template may use, by its fixed name.
import { cnDate, cnNum, cnYearMonth } from './chinese.js';
import { percent, permille, ratio100, sum } from './numbers.js';
import type { HelperOptions } from './errors.js';
import { assess, assessedTotal, deductRule, findRow, scoreTotal, stat, target } from './stats.js';

type Helper = (...args: never[]) => unknown;

/** {{opt x}}: a value that may be missing or empty (prints nothing then). */
function opt(value: unknown): unknown {
  return value === undefined || value === null ? '' : value;
}

/** {{or a b "默认"}}: the first non-empty argument. */
function or(...args: unknown[]): unknown {
  const vals = args.slice(0, -1);
  return vals.find((v) => v !== undefined && v !== null && v !== '') ?? '';
}

/** {{#if (eq a b)}} */
function eq(a: unknown, b: unknown): boolean {
  return a === b;
}

/** {{add index 1}} and similar small arithmetic for numbering */
function add(a: unknown, b: unknown, _o: HelperOptions): number {
  return Number(a) + Number(b);
}

export const HELPERS: Record<string, Helper> = {
  percent,
  permille,
  ratio100,
  sum,
  cnDate,
  cnYearMonth,
  cnNum,
  opt,
  or,
  eq,
  add,
  stat,
  target,
  deductRule,
  assess,
  assessedTotal,
  scoreTotal,
  findRow,
} as unknown as Record<string, Helper>;

/** Helpers whose arguments may be missing (the explicit optional forms). */
export const LENIENT_HELPERS = new Set(['opt', 'or', 'if', 'unless', 'eq']);
