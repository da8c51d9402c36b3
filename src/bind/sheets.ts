//! Sheets, not pages: where each page of a bound volume falls on the physical paper. Every part (cover,
//! 卷内目录, each 件, 备考表) starts on the front of a sheet; printed duplex, a part that ends on a front is
//! followed by a blank back; printed simplex, every page is a front. 页号 run over the stamped parts' pages
//! only (blank pages carry none) and sit top right on fronts, top left on backs (DA/T 22 6.3, GB/T 9705).

/** How the volume is printed (dossier.yaml `print`). */
export type PrintMode = 'duplex' | 'simplex';

/** 正面 (recto) or 背面 (verso) of a sheet. */
export type Side = 'recto' | 'verso';

/** One page of the bound output. */
export interface Slot {
  /** index of the part, or -1 for an inserted blank back */
  part: number;
  /** page of the part (0-based); -1 for a blank */
  page: number;
  side: Side;
  /** the 页号 stamped on it, or null (forms, blanks) */
  stamp: number | null;
}

export interface SheetPlan {
  slots: Slot[];
  /** physical sheets of paper */
  sheets: number;
  /** pages that carry a 页号 */
  stamped: number;
}

/** A part of the volume: its pages and whether they are numbered (documents and scans; not the forms). */
export interface Part {
  pages: number;
  stamped: boolean;
}

/** Lays the parts' pages on sheets. */
export function arrangeSheets(parts: readonly Part[], mode: PrintMode): SheetPlan {
  const slots: Slot[] = [];
  let stamp = 0;
  let sheets = 0;
  let side: Side = 'recto';
  parts.forEach((p, part) => {
    if (p.pages <= 0) return;
    if (mode === 'duplex' && side === 'verso') {
      slots.push({ part: -1, page: -1, side: 'verso', stamp: null });
      side = 'recto';
    }
    for (let page = 0; page < p.pages; page++) {
      if (side === 'recto') sheets++;
      slots.push({ part, page, side, stamp: p.stamped ? ++stamp : null });
      side = mode === 'duplex' && side === 'recto' ? 'verso' : 'recto';
    }
  });
  return { slots, sheets, stamped: stamp };
}
