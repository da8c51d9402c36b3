//! 落款 placement (GB/T 9704 7.3.5): right insets, in grid characters, of the 发文机关署名 and the 成文日期.
//! Pure arithmetic on widths; the writer turns the insets into right indents.

import {
  DATE_RIGHT_INSET_CHARS_SEALED,
  SIGNATURE_DATE_SHIFT_CHARS,
  SIGNATURE_RIGHT_INSET_CHARS_UNSEALED,
} from '../../standards/gbt9704.js';

/** Right insets (字) of the name line and the date line. */
export interface SignaturePlacement {
  nameInset: number;
  dateInset: number;
}

/**
 * Sealed (7.3.5.1): date 4 characters in from the right, name centred over the date.
 * Unsealed (7.3.5.2): name 2 characters in from the right, the date's first character 2 characters right of the
 * name's first character; when the date would then come closer than 2 characters to the edge, the date goes
 * 2 in and the name 2 characters left of it (the PDF layout does the same).
 */
export function placeSignature(nameWidth: number, dateWidth: number, sealed: boolean): SignaturePlacement {
  if (sealed) {
    const dateInset = DATE_RIGHT_INSET_CHARS_SEALED;
    return { dateInset, nameInset: Math.max(0, dateInset + (dateWidth - nameWidth) / 2) };
  }
  const shift = SIGNATURE_DATE_SHIFT_CHARS;
  const inset = SIGNATURE_RIGHT_INSET_CHARS_UNSEALED;
  const dateInset = inset + nameWidth - shift - dateWidth;
  if (dateInset < inset) {
    return { dateInset: inset, nameInset: inset + dateWidth + shift - nameWidth };
  }
  return { nameInset: inset, dateInset };
}
