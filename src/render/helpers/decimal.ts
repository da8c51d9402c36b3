//! Exact decimal arithmetic on BigInt for the statistics helpers: a number is parsed from its
//! shortest decimal form, ratios are rounded once, half up (away from zero), never through floats.

/** value = n / 10^scale */
export interface Decimal {
  n: bigint;
  scale: number;
}

export function toDecimal(x: number | string): Decimal | undefined {
  const s = typeof x === 'number' ? (Number.isFinite(x) ? numberToPlain(x) : '') : x.trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return undefined;
  const frac = m[3] ?? '';
  const n = BigInt(`${m[1]}${m[2]}${frac}`);
  return { n, scale: frac.length };
}

function numberToPlain(x: number): string {
  const s = String(x);
  if (!/e/i.test(s)) return s;
  return x.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

const TEN = 10n;

function pow10(k: number): bigint {
  return TEN ** BigInt(k);
}

/** round(num/den × factor, digits) half away from zero, formatted with exactly `digits` decimals. */
export function ratioRounded(num: Decimal, den: Decimal, factor: number, digits: number): string {
  // num/den = (num.n / 10^a) / (den.n / 10^b) = num.n × 10^b / (den.n × 10^a)
  let p = num.n * pow10(den.scale) * BigInt(factor) * pow10(digits);
  let q = den.n * pow10(num.scale);
  if (q < 0n) {
    p = -p;
    q = -q;
  }
  const neg = p < 0n;
  const ap = neg ? -p : p;
  let r = ap / q;
  if ((ap % q) * 2n >= q) r += 1n;
  return formatScaled(neg && r !== 0n ? -r : r, digits);
}

/** n / 10^digits as a plain decimal string. */
export function formatScaled(n: bigint, digits: number): string {
  const neg = n < 0n;
  const s = (neg ? -n : n).toString().padStart(digits + 1, '0');
  const int = s.slice(0, s.length - digits);
  const frac = s.slice(s.length - digits);
  return `${neg ? '-' : ''}${int}${digits > 0 ? `.${frac}` : ''}`;
}

/** Exact sum of decimals, as the shortest decimal string. */
export function sumDecimals(xs: readonly Decimal[]): string {
  const scale = xs.reduce((m, x) => Math.max(m, x.scale), 0);
  const total = xs.reduce((acc, x) => acc + x.n * pow10(scale - x.scale), 0n);
  const s = formatScaled(total, scale);
  return scale > 0 ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
