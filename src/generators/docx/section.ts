//! Section properties (A4, 37/35/28/26 mm margins, 22 × 28 document grid) and the odd/even footers
//! "— N —" in 4号 宋体: odd pages one character in from the right, even pages one in from the left (7.5).
//! The footer's PAGE field is the only field the DOCX ever contains.

import {
  AlignmentType,
  DocumentGridType,
  Footer,
  PageNumber,
  PageOrientation,
  Paragraph,
  SectionType,
  TextRun,
  type ISectionOptions,
} from 'docx';
import { pageNumberFonts, type FontSet } from './fonts.js';
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

/** "— N —": em dashes and a PAGE field, all in 宋体 4号. */
function pageNumberParagraph(fonts: FontSet, side: 'odd' | 'even'): Paragraph {
  const run = { style: STYLE.pageNumber, font: pageNumberFonts(fonts), size: SIZE_HALF_POINTS.pageNumber };
  return new Paragraph({
    style: STYLE.footer,
    alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
    indent: side === 'odd' ? { right: PAGE_NUMBER_INSET_TWIPS } : { left: PAGE_NUMBER_INSET_TWIPS },
    children: [new TextRun({ ...run, children: ['— ', PageNumber.CURRENT, ' —'] })],
  });
}

/** Odd (default) and even footers. */
export function footers(fonts: FontSet): NonNullable<ISectionOptions['footers']> {
  return {
    default: new Footer({ children: [pageNumberParagraph(fonts, 'odd')] }),
    even: new Footer({ children: [pageNumberParagraph(fonts, 'even')] }),
  };
}

/** Empty odd and even footers, for the unnumbered 责任书 cover. */
export function blankFooters(): NonNullable<ISectionOptions['footers']> {
  return {
    default: new Footer({ children: [new Paragraph({ style: STYLE.footer })] }),
    even: new Footer({ children: [new Paragraph({ style: STYLE.footer })] }),
  };
}

/** Page size, margins and document grid of a portrait or landscape section; `restart` numbers its pages from 1. */
export function sectionProperties(landscape: boolean, first: boolean, restart = false): NonNullable<ISectionOptions['properties']> {
  const margin = landscape ? LANDSCAPE_MARGIN_TWIPS : MARGIN_TWIPS;
  return {
    ...(first ? {} : { type: SectionType.NEXT_PAGE }),
    page: {
      size: landscape
        ? { width: PAGE_TWIPS.width, height: PAGE_TWIPS.height, orientation: PageOrientation.LANDSCAPE }
        : { width: PAGE_TWIPS.width, height: PAGE_TWIPS.height, orientation: PageOrientation.PORTRAIT },
      margin: { ...margin, header: HEADER_DISTANCE_TWIPS, footer: FOOTER_DISTANCE_TWIPS, gutter: 0 },
      ...(restart ? { pageNumbers: { start: 1 } } : {}),
    },
    grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE_PITCH_TWIPS, charSpace: CHAR_SPACE },
  };
}
