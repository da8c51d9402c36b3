//! The trailer /ID (ISO 32000-1 14.4; required by ISO 19005-2 6.1.3), derived from the file's content:
//! a fixed placeholder goes in before saving, and is replaced in the saved bytes by the MD5 of those bytes.
//! Same content, same ID; any change of content, another ID.
import { createHash } from 'node:crypto';
import { PDFHexString, type PDFDocument } from 'pdf-lib';

/** 32 hex digits that no real digest is likely to equal, and that nothing else in a file contains. */
const PLACEHOLDER = '0D055E400D055E400D055E400D055E40';

/** Puts the placeholder /ID into the trailer (replacing any /ID a loaded file had). */
export function placeholderId(doc: PDFDocument): void {
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(PLACEHOLDER), PDFHexString.of(PLACEHOLDER)]);
}

const PLACEHOLDER_BYTES = new TextEncoder().encode(`<${PLACEHOLDER}>`);

function lastIndexOf(hay: Uint8Array, needle: Uint8Array, before: number): number {
  outer: for (let i = Math.min(before, hay.length - needle.length); i >= 0; i--) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Replaces the two placeholder strings at the end of the saved file with the file's digest (in place). */
export function stampId(bytes: Uint8Array): Uint8Array {
  const second = lastIndexOf(bytes, PLACEHOLDER_BYTES, bytes.length);
  const first = second < 0 ? -1 : lastIndexOf(bytes, PLACEHOLDER_BYTES, second - 1);
  if (first < 0) throw new Error('bug: the /ID placeholder is not in the saved PDF');
  const digest = new TextEncoder().encode(createHash('md5').update(bytes).digest('hex').toUpperCase());
  bytes.set(digest, first + 1);
  bytes.set(digest, second + 1);
  return bytes;
}
