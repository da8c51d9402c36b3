//! File names that work on Windows: forbidden characters replaced, no trailing dot/space, bounded length.

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

export function safeFileName(name: string, maxChars = 80): string {
  let s = name.replace(BIDI, '').replace(FORBIDDEN, '_').replace(/\s+/g, ' ').trim();
  s = [...s].slice(0, maxChars).join('');
  s = s.replace(/[. ]+$/, '');
  if (isReservedName(s)) s = `_${s}`;
  return s === '' ? '_' : s;
}

/** Two-digit sequence number: 01, 02, … 100. */
export function seqLabel(n: number): string {
  return String(n).padStart(2, '0');
}
