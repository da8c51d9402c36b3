//! File names that work on Windows: forbidden characters replaced, no trailing dot/space, bounded length.

const FORBIDDEN = /[\\/:*?"<>|\u0000-\u001f]/g;

export function safeFileName(name: string, maxChars = 80): string {
  let s = name.replace(FORBIDDEN, '_').replace(/\s+/g, ' ').trim();
  s = [...s].slice(0, maxChars).join('');
  s = s.replace(/[. ]+$/, '');
  return s === '' ? '_' : s;
}

/** Two-digit sequence number: 01, 02, … 100. */
export function seqLabel(n: number): string {
  return String(n).padStart(2, '0');
}
