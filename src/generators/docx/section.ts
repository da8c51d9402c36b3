//! Section properties (A4, 37/35/28/26 mm margins, 22 × 28 document grid) and the odd/even footers
//! "— N —" in 4号 宋体: odd pages one character in from the right, even pages one in from the left (7.5).
//! The footer's PAGE field is the only field the DOCX ever contains.

import { pageNumberFonts, type FontSet } from './fonts.js';
import { FORM_MARGIN_TWIPS } from './forms.js';
import { footerXml, pageFieldXml, para, rPrXml, sectPrXml, textRunXml, type FooterRefs, type Para } from './ooxml.js';
import { STYLE } from './styles.js';
import {
  CHAR_SPACE,
  FOOTER_DISTANCE_TWIPS,
  HEADER_DISTANCE_TWIPS,
  LANDSCAPE_MARGIN_TWIPS,
  LINE_PITCH_TWIPS,
  MARGIN_TWIPS,
  PAGE_NUMBER_INSET_TWIPS,
  PAGE_TWIPS,
  SIZE_HALF_POINTS,
} from './units.js';

/** The footer parts (word/footerN.xml) of a section: odd pages (w:type default) and even pages. */
export interface FooterPair {
  default: string;
  even: string;
}

/** "— N —": em dashes and a PAGE field, all in 宋体 4号. */
function pageNumberParagraph(fonts: FontSet, side: 'odd' | 'even'): Para {
  const rPr = rPrXml({ style: STYLE.pageNumber, fonts: pageNumberFonts(fonts), size: SIZE_HALF_POINTS.pageNumber });
  return para(
    {
      style: STYLE.footer,
      indent: side === 'odd' ? { right: PAGE_NUMBER_INSET_TWIPS } : { left: PAGE_NUMBER_INSET_TWIPS },
      align: side === 'odd' ? 'right' : 'left',
    },
    textRunXml(rPr, '— ') + pageFieldXml(rPr) + textRunXml(rPr, ' —'),
  );
}

/** Numbered footers per 宋体 name: the same strings every time, so the zip writer can reuse their deflated bytes. */
const numbered = new Map<string, FooterPair>();

/** Odd (default) and even footers with the page number. */
export function footers(fonts: FontSet): FooterPair {
  const key = fonts.roles.songti;
  let pair = numbered.get(key);
  if (pair === undefined) {
    pair = { default: footerXml([pageNumberParagraph(fonts, 'odd')]), even: footerXml([pageNumberParagraph(fonts, 'even')]) };
    if (numbered.size < 16) numbered.set(key, pair);
  }
  return pair;
}

const BLANK_FOOTER = footerXml([para({ style: STYLE.footer })]);
const BLANK_FOOTERS: FooterPair = { default: BLANK_FOOTER, even: BLANK_FOOTER };

/** Empty odd and even footers, for the unnumbered 责任书 cover. */
export function blankFooters(): FooterPair {
  return BLANK_FOOTERS;
}

/**
 * w:sectPr of a portrait or landscape section (or an archive form, on the forms' margins): the first section has
 * no w:type, later ones start on a new page (`recto`: on the next odd page);
 * `restart` numbers its pages from 1; `refs` are its own footers (without, it inherits the previous ones).
 */
export function sectionProperties(landscape: boolean, first: boolean, restart = false, refs?: FooterRefs, opts: { recto?: boolean; form?: boolean } = {}): string {
  const margin = opts.form ? FORM_MARGIN_TWIPS : landscape ? LANDSCAPE_MARGIN_TWIPS : MARGIN_TWIPS;
  return sectPrXml({
    ...(refs ? { footers: refs } : {}),
    ...(first ? {} : { type: opts.recto ? ('oddPage' as const) : ('nextPage' as const) }),
    page: landscape
      ? { width: PAGE_TWIPS.height, height: PAGE_TWIPS.width, orient: 'landscape' }
      : { width: PAGE_TWIPS.width, height: PAGE_TWIPS.height, orient: 'portrait' },
    margin: {
      top: margin.top,
      right: margin.right,
      bottom: margin.bottom,
      left: margin.left,
      header: HEADER_DISTANCE_TWIPS,
      footer: FOOTER_DISTANCE_TWIPS,
      gutter: 0,
    },
    ...(restart ? { pageNumberStart: 1 } : {}),
    // archive forms are not on the 公文 grid: their text keeps its own advance
    grid: opts.form ? { type: 'default', linePitch: LINE_PITCH_TWIPS, charSpace: 0 } : { type: 'linesAndChars', linePitch: LINE_PITCH_TWIPS, charSpace: CHAR_SPACE },
  });
}
