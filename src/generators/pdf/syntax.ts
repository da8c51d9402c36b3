//! PDF object syntax (ISO 32000-1 §7.3): numbers without exponents, names, text strings and dates, as
//! the writer prints them. Pure string functions, no state.

/** A number as content streams and dictionaries print it: at most 3 decimals, never an exponent, no -0. */
export function num(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  if (r === 0) return '0';
  if (Number.isInteger(r)) return String(r);
  return r.toFixed(3).replace(/0+$/, '');
}

/** A name object: `/Name`, with #xx escapes for bytes outside the regular characters (§7.3.5). */
export function name(s: string): string {
  let out = '/';
  for (const b of new TextEncoder().encode(s)) {
    const regular = b > 0x20 && b < 0x7f && !'()<>[]{}/%#'.includes(String.fromCharCode(b));
    out += regular ? String.fromCharCode(b) : `#${b.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return out;
}

/** A text string (§7.9.2.2): UTF-16BE with its byte order mark, as a hex string (what pdf-lib wrote). */
export function text(s: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/** A literal string of printable ASCII (for fixed values such as `(Adobe)`). */
export function literal(s: string): string {
  return `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A date (§7.9.4) in UTC: D:YYYYMMDDHHmmSSZ. */
export function date(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `(D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z)`;
}

/** An indirect reference. */
export function ref(n: number): string {
  return `${n} 0 R`;
}

/** Four hex digits of a glyph id (Identity-H: two bytes per glyph). */
export function gidHex(gid: number): string {
  return gid.toString(16).padStart(4, '0');
}
