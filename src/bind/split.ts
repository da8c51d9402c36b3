//! Volume splitting: a volume longer than its page limit is cut at 件 boundaries into parts
//! 综合资料卷（一）, 综合资料卷（二）…; a single 件 longer than the limit forms a part of its own.

import { cnInteger } from '../util/cn.js';

/** 一, 二, … 十, 十一, … 九十九 (part numbers). */
export function chineseNumeral(n: number): string {
  return cnInteger(n);
}

/** Groups item indices so that each group's pages stay within `limit` (greedy, order kept). */
export function splitAtItems(pages: readonly number[], limit: number): number[][] {
  const groups: number[][] = [];
  let cur: number[] = [];
  let sum = 0;
  pages.forEach((p, i) => {
    if (cur.length > 0 && sum + p > limit) {
      groups.push(cur);
      cur = [];
      sum = 0;
    }
    cur.push(i);
    sum += p;
  });
  if (cur.length > 0 || groups.length === 0) groups.push(cur);
  return groups;
}

/** 卷名 of part `k` (0-based) of `n`: unchanged when the volume is not split. */
export function partTitle(title: string, k: number, n: number): string {
  return n > 1 ? `${title}（${chineseNumeral(k + 1)}）` : title;
}
