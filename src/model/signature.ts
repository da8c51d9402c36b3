//! Placing the 落款 (GB/T 9704 7.3.5) and a 责任书's 签署栏 on the 28-字 line, in 字 from the 版心's left
//! edge, once for every writer. Every anchor stays inside the 版心.

import {
  BODY_SIZE_PT,
  CHAR_PITCH_PT,
  DATE_RIGHT_INSET_CHARS_SEALED,
  GRID,
  PARAGRAPH_INDENT_CHARS,
  SEAL_DIAMETER_MM,
  SEAL_GAP_MM,
  SEAL_ROW_LINES,
  SIGNATURE_DATE_SHIFT_CHARS,
  SIGNATURE_GAP_LINES_SEALED,
  SIGNATURE_GAP_LINES_UNSEALED,
  SIGNATURE_RIGHT_INSET_CHARS_UNSEALED,
  SIGNATURES_GAP_LINES,
  SIGN_LINE_CHARS,
  PT_PER_MM,
} from '../standards/gbt9704.js';
import { cellWidths, flushLines } from './lines.js';
import { textCells } from './measure.js';
import type { PlacedLine } from './types.js';

const LINE = GRID.chars;
const CELL_EM = CHAR_PITCH_PT / BODY_SIZE_PT;
const width = (s: string): number => textCells(s, CELL_EM);
const MM_PER_CHAR = CHAR_PITCH_PT / PT_PER_MM;

export interface PlacedBlock {
  gap: number;
  lines: PlacedLine[];
}

/**
 * 落款. Sealed (7.3.5.1): date 4 字 in from the right; each office centred over its seal, the last seal over
 * the date, seals in issuing order, not touching, in rows that stay inside the 版心. Unsealed (7.3.5.2): the
 * offices one under another, the longest ending 2 字 in from the right; the date's first character 2 字
 * right of the names' first character (or the date 2 字 in and the names moved left when it is longer).
 */
export function placeSignature(issuers: readonly string[], date: string, sealed: boolean): PlacedBlock {
  // a name longer than the line leaves room for is broken between words (never past the 版心's edge)
  const room = LINE - (sealed ? 0 : SIGNATURE_RIGHT_INSET_CHARS_UNSEALED);
  const names = issuers.filter((n) => n.trim() !== '').flatMap((n) => (width(n) > room ? flushLines(n, room, cellWidths(CELL_EM)) : [n]));
  const dateW = width(date);
  if (sealed) {
    const dateRight = LINE - DATE_RIGHT_INSET_CHARS_SEALED;
    const lines: PlacedLine[] = [];
    if (names.length > 0) {
      const seal = (SEAL_DIAMETER_MM + SEAL_GAP_MM) / MM_PER_CHAR;
      const last = Math.min(dateRight - dateW / 2, LINE - width(names[names.length - 1] as string) / 2);
      // centres from the right: the last office over the date, the others a seal apart, leftwards
      const rows: string[][] = [];
      let row: string[] = [];
      let centre = last;
      const centres: number[][] = [];
      let rowCentres: number[] = [];
      for (let k = names.length - 1; k >= 0; k--) {
        const name = names[k] as string;
        const w = width(name);
        if (row.length > 0) {
          const prevW = width(row[0] as string);
          centre -= Math.max(seal, (w + prevW) / 2 + 1);
          if (centre - Math.max(w, seal) / 2 < -1e-6) {
            rows.unshift(row);
            centres.unshift(rowCentres);
            row = [];
            rowCentres = [];
            centre = last;
          }
        }
        row.unshift(name);
        rowCentres.unshift(Math.max(centre, w / 2));
      }
      rows.unshift(row);
      centres.unshift(rowCentres);
      rows.forEach((r, i) => {
        // rows of seals above the last: their offices at the right of the row, as the last row
        const cs = centres[i] as number[];
        const shift = i < rows.length - 1 ? last - (cs[cs.length - 1] as number) : 0;
        lines.push(r.map((text, j) => ({ text, x: (cs[j] as number) + shift, align: 'center' as const })));
        if (i < rows.length - 1) for (let b = 0; b < SEAL_ROW_LINES - 1; b++) lines.push([]);
      });
    }
    lines.push([{ text: date, x: dateRight, align: 'right' }]);
    return { gap: SIGNATURE_GAP_LINES_SEALED, lines };
  }
  const right = LINE - SIGNATURE_RIGHT_INSET_CHARS_UNSEALED;
  const namesW = Math.max(0, ...names.map(width));
  let namesLeft = right - namesW;
  let dateLine: PlacedLine = [{ text: date, x: namesLeft + SIGNATURE_DATE_SHIFT_CHARS, align: 'left' }];
  if (namesLeft + SIGNATURE_DATE_SHIFT_CHARS + dateW > right + 1e-6) {
    // the date is the longer: it goes 2 字 in, the names move left
    namesLeft = Math.max(0, right - dateW - SIGNATURE_DATE_SHIFT_CHARS);
    dateLine = [{ text: date, x: right, align: 'right' }];
  }
  const lines: PlacedLine[] = names.map((text) => [{ text, x: namesLeft, align: 'left' }]);
  lines.push(dateLine);
  return { gap: SIGNATURE_GAP_LINES_UNSEALED, lines };
}

/**
 * 责任书 签署栏: one line per party, "授书人：澧源镇人民政府（盖章）" two 字 in and "签字：" with a line to sign
 * on at the right edge (on a line of its own when the party is too long); then the date, 4 字 in from the right.
 */
export function placeSignatures(parties: readonly { role: string; name: string }[], date: string | undefined): PlacedBlock {
  const signLabel = '签字：';
  const signX = LINE - SIGN_LINE_CHARS - width(signLabel);
  const lines: PlacedLine[] = [];
  for (const p of parties) {
    const left = `${p.role ? `${p.role}：` : ''}${p.name}（盖章）`;
    const leftItem = { text: left, x: PARAGRAPH_INDENT_CHARS, align: 'left' as const };
    const sign = { text: signLabel, x: signX, align: 'left' as const, rule: SIGN_LINE_CHARS };
    if (PARAGRAPH_INDENT_CHARS + width(left) + 1 <= signX) lines.push([leftItem, sign]);
    else lines.push([leftItem], [sign]);
  }
  if (date) lines.push([{ text: date, x: LINE - DATE_RIGHT_INSET_CHARS_SEALED, align: 'right' }]);
  return { gap: SIGNATURES_GAP_LINES, lines };
}
