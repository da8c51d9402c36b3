//! 责任书 checks: on the targets data (目标值 missing, "100%以上", 分值 ≠ 总分, with the data file's line)
//! and on rendered documents (any :::targets list whose 分值 do not add up to the total it states).
import type { Diagnostic } from '../../diag/diagnostic.js';
import type { Block, Document } from '../../model/types.js';
import { toDecimal } from '../helpers/decimal.js';
import { normDirection, scoreSum, targetProblem, type TargetSpec } from '../helpers/stats.js';
import { inlineText } from '../markdown.js';

export type Locate = (path: readonly (string | number)[]) => number | undefined;

/** A data value that is a set of 责任目标: `{ indicators: [{ name, … }] }`. */
export function isTargetSet(v: unknown): v is { indicators: TargetSpec[]; total?: unknown } {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const list = (v as { indicators?: unknown }).indicators;
  return Array.isArray(list) && list.length > 0 && list.every((t) => t !== null && typeof t === 'object' && 'name' in t);
}

const OVER_100 = /(^|[^\d.])100(?:\.0+)?%以上/;

/** Checks one target set from data (targets.yaml). */
export function checkTargetData(key: string, set: { indicators: TargetSpec[]; total?: unknown }, file: string, locate: Locate): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (p: (string | number)[]): { file: string; line?: number } => {
    const line = locate(p);
    return line === undefined ? { file } : { file, line };
  };
  set.indicators.forEach((t, i) => {
    const problem = targetProblem(t);
    if (problem) {
      out.push({ severity: 'error', code: 'target-no-value', ...at(['indicators', i]), message: problem, hint: '填写目标值（例如 value: 90，unit: "%"）；只写文字的目标请写 direction: text。' });
      return;
    }
    const dir = normDirection(t.direction ?? '≥');
    const v = toDecimal(String(t.value ?? ''));
    if ((dir === '≥' || dir === undefined) && t.unit === '%' && v && v.n >= 100n * 10n ** BigInt(v.scale))
      out.push({ severity: 'warning', code: 'target-over-100', ...at(['indicators', i, 'value']), message: `目标“${t.name}”会印成“达到${t.value}%以上”，比率不可能超过 100%`, hint: '改为 direction: "="（印成“达到100%”）。' });
    if (t.deduct !== undefined && t.score === undefined)
      out.push({ severity: 'warning', code: 'target-deduct-without-score', ...at(['indicators', i, 'deduct']), message: `目标“${t.name}”写了扣分办法，但没有分值（score）`, hint: '补上 score，或删除 deduct。' });
  });
  const scored = set.indicators.filter((t) => t.score !== undefined);
  if (scored.length > 0 && set.total !== undefined) {
    const sum = scoreSum(set.indicators);
    const total = String(set.total);
    if (toDecimal(total) && sum !== String(Number(total)))
      out.push({ severity: 'error', code: 'target-score-sum', ...at(['total']), message: `“${key}”各项分值合计 ${sum} 分，与总分 ${total} 分不符`, hint: `调整各项的 score，使合计等于 ${total}；或把 total 改为 ${sum}。` });
  }
  if (scored.length > 0 && scored.length < set.indicators.length) {
    const i = set.indicators.findIndex((t) => t.score === undefined);
    out.push({ severity: 'warning', code: 'target-score-partial', ...at(['indicators', i]), message: `“${key}”中有的目标有分值、有的没有（“${set.indicators[i]?.name}”没有 score）`, hint: '计分的责任书每一项都要写 score。' });
  }
  return out;
}

const STATED_TOTAL = /(?:分值|满分|总分|合计|共计)[为：:\s]*(\d+(?:\.\d+)?)\s*分/;
const BLANK_VALUE = /(达到|控制在|提高到|不低于|不高于|不超过|低于|高于|达)\s*[%‰](以上|以内|左右)?/;

function blockText(b: Block): string {
  if (b.t === 'para' || b.t === 'heading') return inlineText(b.content);
  if (b.t === 'title') return b.text;
  return '';
}

/** Checks the :::targets lists of a rendered document. `row` names the each: row for the message. */
export function checkTargetBlocks(doc: Document): Diagnostic[] {
  const out: Diagnostic[] = [];
  let stated: { total: string; src?: { file: string; line: number } } | undefined;
  const visit = (blocks: Block[]): void => {
    for (const b of blocks) {
      const m = STATED_TOTAL.exec(blockText(b));
      if (m && b.t !== 'title') stated = { total: m[1] as string, ...(b.src ? { src: b.src } : {}) };
      if (b.t === 'div') visit(b.children);
      if (b.t !== 'targets') continue;
      const where = b.src ? { file: b.src.file, line: b.src.line } : doc.src ? { file: doc.src.file } : {};
      for (const t of b.items) {
        const blankM = BLANK_VALUE.exec(t.text);
        if (blankM) out.push({ severity: 'error', code: 'target-blank', ...where, message: `目标“${t.text}”没有目标值（“${blankM[0]}”前缺少数字）`, hint: '在目标数据中填写数值。' });
        else if (OVER_100.test(t.text)) out.push({ severity: 'warning', code: 'target-over-100', ...where, message: `目标“${t.text}”：比率不可能超过 100%`, hint: '写成“达到100%”。' });
      }
      const total = b.total !== undefined ? String(b.total) : stated?.total;
      const scored = b.items.filter((t) => t.score !== undefined);
      if (total !== undefined && scored.length > 0) {
        const sum = scoreSum(b.items.map((t) => ({ name: t.indicator, ...(t.score !== undefined ? { score: t.score } : {}) })));
        if (sum !== String(Number(total)))
          out.push({ severity: 'error', code: 'target-score-sum', ...where, message: `责任内容各项分值合计 ${sum} 分，与标明的总分 ${total} 分不符`, hint: `各项分值相加应为 ${total} 分：调整分值，或改正标明的总分。` });
      }
      stated = undefined;
    }
  };
  visit(doc.blocks);
  return out;
}
