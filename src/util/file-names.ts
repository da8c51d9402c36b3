//! File names that work on Windows and everywhere: forbidden characters replaced, no trailing dot/space,
//! bounded both in characters and in UTF-8 bytes (most file systems take at most 255 bytes per name, and a
//! Chinese character is 3 bytes, a rare one 4). A name that has to be cut keeps its head and tail (件号,
//! 村名) and gets a short hash of the whole, so two long titles never fall on one name.

import { createHash } from 'node:crypto';

const FORBIDDEN = /[\\/:*?"<>|\u0000-\u001f]/g;

/** Invisible direction controls: “报告\u202Efdp.exe” would show as “报告exe.pdf”. Dropped from names. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Names Windows keeps for devices, with any extension (CON.pdf, com1.docx cannot be created). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

/** `s` without invisible direction controls. */
export function withoutBidi(s: string): string {
  return s.replace(BIDI, '');
}

/** True for a name Windows refuses as a file name (CON, NUL.pdf, COM1 …). */
export function isReservedName(name: string): boolean {
  return RESERVED.test(name.trim());
}

/** Longest name we make, in UTF-8 bytes: 255 less room for the longest extension (.model.json). */
export const MAX_NAME_BYTES = 200;

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

function clean(name: string): string {
  return name.replace(BIDI, '').replace(FORBIDDEN, '_').replace(/\s+/g, ' ').trim();
}

/** The longest prefix of `s` within `maxChars` characters and `maxBytes` bytes (never splits a character). */
function cut(s: string, maxChars: number, maxBytes: number): string {
  let out = '';
  let n = 0;
  let b = 0;
  for (const ch of s) {
    const cb = bytes(ch);
    if (n + 1 > maxChars || b + cb > maxBytes) break;
    out += ch;
    n++;
    b += cb;
  }
  return out;
}

function tidy(s: string): string {
  let t = s.replace(/[. ]+$/, '');
  if (isReservedName(t)) t = `_${t}`;
  return t === '' ? '_' : t;
}

/**
 * `head` + `middle` + `tail` as a safe name; when too long, `middle` is cut and `~` plus six hex digits of
 * a hash of the whole added, so head (e.g. 件号 "03-") and tail (e.g. "-青龙村") stay whole.
 */
export function fitFileName(head: string, middle: string, tail: string, maxChars = 80): string {
  const [h, m, t] = [clean(head), clean(middle), clean(tail)];
  const whole = `${h}${m}${t}`;
  if ([...whole].length <= maxChars && bytes(whole) <= MAX_NAME_BYTES) return tidy(whole);
  const mark = `~${createHash('sha256').update(whole).digest('hex').slice(0, 6)}`;
  const roomChars = Math.max(1, maxChars - [...h].length - [...t].length - mark.length);
  const roomBytes = Math.max(4, MAX_NAME_BYTES - bytes(h) - bytes(t) - mark.length);
  const fixed = cut(`${h}${cut(m, roomChars, roomBytes)}${mark}${t}`, maxChars, MAX_NAME_BYTES);
  return tidy(fixed);
}

export function safeFileName(name: string, maxChars = 80): string {
  return fitFileName('', name, '', maxChars);
}

/** Two-digit sequence number: 01, 02, … 100. */
export function seqLabel(n: number): string {
  return String(n).padStart(2, '0');
}
