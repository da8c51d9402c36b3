//! `target.push(...items)` passes every item as an argument: past ~100,000 items (the lines of a very long
//! text, a table's cells) it throws RangeError “Maximum call stack size exceeded”. `append` does not.

/** Appends `items` to `target` in place, for any number of items. */
export function append<T>(target: T[], items: readonly T[]): T[] {
  for (const x of items) target.push(x);
  return target;
}

/** Math.max over any number of values (−Infinity for none), without spreading them as arguments. */
export function maxOf(values: readonly number[]): number {
  let m = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > m) m = v;
  return m;
}
