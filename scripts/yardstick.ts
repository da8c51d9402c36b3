//! The bench's fixed yardstick: about 1.5 s of single-thread JavaScript (objects, strings, maps, sorting,
//! JSON — the kinds of work a build does) that never changes with the code under test. Each timing in
//! `npm run bench` is paired with a run of this in a fresh process just before and after it, so a ratio
//! (build ÷ yardstick) survives a noisy, shared machine where seconds do not.
//! Run directly: `node dist/scripts/yardstick.js` prints its milliseconds.

/** Work units; 900,000 took 1.47–1.52 s on the project's machine kind when quiet (Node 20, 2 cores). */
export const YARDSTICK_UNITS = 900_000;

/** The fixed work. Returns a checksum so nothing can be optimised away. */
export function yardstickWork(units: number): number {
  let acc = 0;
  const m = new Map<string, number>();
  for (let i = 0; i < units; i++) {
    const o = { k: `k${i % 5000}`, v: i, s: String.fromCharCode(0x4e00 + (i % 2000)) };
    m.set(o.k, (m.get(o.k) ?? 0) + o.v);
    const arr: number[] = [];
    for (let j = 0; j < 40; j++) arr.push((i * 31 + j * 17) % 997);
    arr.sort((a, b) => a - b);
    acc = (acc + (arr[20] ?? 0) + o.s.charCodeAt(0)) | 0;
    if (i % 50 === 0) acc ^= JSON.stringify({ a: arr.slice(0, 8), o }).length;
  }
  return acc + m.size;
}

const isMain = process.argv[1] !== undefined && /yardstick\.(js|ts)$/.test(process.argv[1]);
if (isMain) {
  const t = performance.now();
  const sum = yardstickWork(YARDSTICK_UNITS);
  const ms = performance.now() - t;
  process.stdout.write(`${ms.toFixed(1)} ${sum}\n`);
}
