//! Page geometry of GB/T 9704 (5.2): A4 portrait with the 22 × 28 grid, and the turned A4 for wide tables.
//! All numbers come from src/standards; this file only converts them.

import {
  CHAR_PITCH_PT,
  LANDSCAPE_MARGIN,
  LINE_PITCH_PT,
  MARGIN,
  PAGE,
  PT_PER_MM,
  TYPE_AREA,
} from '../standards/gbt9704.js';

/** 版面: paper, margins and the 版心 (type area) of one page kind. */
export interface PageGeometry {
  widthMm: number;
  heightMm: number;
  landscape: boolean;
  marginTopMm: number;
  marginLeftMm: number;
  /** 版心 width and height in pt */
  areaWidthPt: number;
  areaHeightPt: number;
  linePitchPt: number;
  charPitchPt: number;
}

export const PORTRAIT: PageGeometry = {
  widthMm: PAGE.widthMm,
  heightMm: PAGE.heightMm,
  landscape: false,
  marginTopMm: MARGIN.topMm,
  marginLeftMm: MARGIN.leftMm,
  areaWidthPt: TYPE_AREA.widthMm * PT_PER_MM,
  areaHeightPt: TYPE_AREA.heightMm * PT_PER_MM,
  linePitchPt: LINE_PITCH_PT,
  charPitchPt: CHAR_PITCH_PT,
};

export const LANDSCAPE: PageGeometry = {
  widthMm: PAGE.heightMm,
  heightMm: PAGE.widthMm,
  landscape: true,
  marginTopMm: LANDSCAPE_MARGIN.topMm,
  marginLeftMm: LANDSCAPE_MARGIN.leftMm,
  areaWidthPt: (PAGE.heightMm - LANDSCAPE_MARGIN.leftMm - LANDSCAPE_MARGIN.rightMm) * PT_PER_MM,
  areaHeightPt: (PAGE.widthMm - LANDSCAPE_MARGIN.topMm - LANDSCAPE_MARGIN.bottomMm) * PT_PER_MM,
  linePitchPt: LINE_PITCH_PT,
  charPitchPt: CHAR_PITCH_PT,
};

export const ptToMm = (pt: number): number => pt / PT_PER_MM;
export const mmToPt = (mm: number): number => mm * PT_PER_MM;
