//! Text helpers of the DOCX writer: widths in grid characters (字) for the 标志 and 附件说明. Dates and
//! numbers come printed from the model (src/util/cn.ts through the lowering pass).

/** Width in grid characters: half-width ASCII counts ½, everything else 1. */
export function widthInChars(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    w += c >= 0x20 && c < 0x7f ? 0.5 : 1;
  }
  return w;
}
