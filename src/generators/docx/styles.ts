//! styles.xml: the named styles clerks see in Word/WPS (正文, 标题, 一级标题 …), each mapped to a font role and
//! size of GB/T 9704, with all four rFonts slots set. Normal/Title/Subtitle/footer keep Word's built-in names
//! so the Chinese UI shows them as 正文/标题/副标题/页脚 without duplicates; the rest carry Chinese names.

import type { FontRole } from '../../fonts/roles.js';
import {
  COVER_ISSUER_SIZE_PT,
  COVER_TITLE_LEADING,
  COVER_TITLE_SIZE_PT,
  COVER_UNIT_SIZE_PT,
  HEADING_FONT_ROLE,
} from '../../standards/gbt9704.js';
import { pageNumberFonts, runFontsFor, type FontSet, type RunFonts } from './fonts.js';
import {
  FIRST_LINE_INDENT,
  FOOTER_LINE_TWIPS,
  LINE_PITCH_TWIPS,
  MASTHEAD_MAX_PT,
  RED_HEX,
  SIZE_HALF_POINTS,
  TABLE_CELL_PADDING_TWIPS,
  TABLE_LINE_TWIPS,
  TABLE_TEXT_PT,
  ptToHalfPoints,
  ptToTwips,
} from './units.js';
import { indentXml, rFontsXml, spacingXml } from './ooxml.js';
import { W_NS, XML_DECL, el } from './xml.js';

/** Style ids (stable, ASCII) used by the block writer. */
export const STYLE = {
  /** 正文 (built-in Normal): 3号 仿宋, justified, two-character first-line indent. */
  normal: 'Normal',
  /** 正文（不缩进） */
  bodyFlush: 'GwBodyFlush',
  /** 标题 (built-in Title): 2号 小标宋, centred. */
  title: 'Title',
  /** 副标题 (built-in Subtitle): 3号 楷体, centred. */
  subtitle: 'Subtitle',
  heading1: 'GwHeading1',
  heading2: 'GwHeading2',
  heading3: 'GwHeading3',
  heading4: 'GwHeading4',
  /** 份号、密级和保密期限、紧急程度 */
  securityMark: 'GwSecurityMark',
  /** 版头 (发文机关标志) */
  masthead: 'GwMasthead',
  /** 发文字号 */
  docNumber: 'GwDocNumber',
  /** 主送机关 */
  addressee: 'GwAddressee',
  /** 附件说明 */
  attachments: 'GwAttachments',
  /** 落款 (署名, 成文日期) */
  signature: 'GwSignature',
  /** 附注 */
  note: 'GwNote',
  /** 版记 (抄送, 印发机关和印发日期) */
  colophon: 'GwColophon',
  /** 表格文字 */
  tableText: 'GwTableText',
  /** 表头 */
  tableHeader: 'GwTableHeader',
  /** 表题 */
  caption: 'GwCaption',
  /** 封面单位 (责任书封面) */
  coverUnit: 'GwCoverUnit',
  /** 封面标题 */
  coverTitle: 'GwCoverTitle',
  /** 封面文字 (发文机关, 日期) */
  coverText: 'GwCoverText',
  /** 签署栏 (责任书 立书人/授书人) */
  signatureCell: 'GwSignatureCell',
  /** 页脚 (built-in footer) */
  footer: 'Footer',
  /** character styles */
  strong: 'GwStrong',
  emph: 'GwEmph',
  pageNumber: 'GwPageNumber',
} as const;

export type StyleId = (typeof STYLE)[keyof typeof STYLE];

/** Heading style per level 1–4. */
export const HEADING_STYLES = [STYLE.heading1, STYLE.heading2, STYLE.heading3, STYLE.heading4] as const;

/** Paragraph properties we set in styles, written in schema order. */
interface ParaProps {
  keepNext?: boolean;
  widowControl?: boolean;
  snapToGrid?: boolean;
  spacing?: { before?: number; after?: number; line?: number; lineRule?: 'auto' | 'exact' | 'atLeast' };
  ind?: { left?: number; right?: number; firstLineChars?: number; firstLine?: number };
  jc?: 'both' | 'center' | 'left' | 'right';
  outlineLvl?: number;
}

/** Font source of a style: a role (Latin face for digits), or the all-宋体 page number. */
type StyleFonts = FontRole | 'pageNumber';

interface StyleSpec {
  id: StyleId | 'TableNormal';
  name: string;
  type: 'paragraph' | 'character';
  basedOn?: string;
  next?: string;
  fonts: StyleFonts;
  sizeHalfPoints: number;
  color?: string;
  pPr?: ParaProps;
  qFormat?: boolean;
}

const NO_INDENT = { firstLineChars: 0, firstLine: 0 } as const;
const BODY_INDENT = { firstLineChars: FIRST_LINE_INDENT.chars100, firstLine: FIRST_LINE_INDENT.twips } as const;
const EXACT_LINE = { line: LINE_PITCH_TWIPS, lineRule: 'exact' } as const;

function headingSpec(level: 1 | 2 | 3 | 4, name: string): StyleSpec {
  const role = HEADING_FONT_ROLE[level - 1] as FontRole;
  return {
    id: HEADING_STYLES[level - 1] as StyleId,
    name,
    type: 'paragraph',
    basedOn: STYLE.normal,
    next: STYLE.normal,
    fonts: role,
    sizeHalfPoints: SIZE_HALF_POINTS.body,
    pPr: { keepNext: true, outlineLvl: level - 1 },
    qFormat: true,
  };
}

/** All styles of the document, in the order they are written. */
export const STYLE_SPECS: readonly StyleSpec[] = [
  {
    id: STYLE.normal,
    name: 'Normal',
    type: 'paragraph',
    fonts: 'fangsong',
    sizeHalfPoints: SIZE_HALF_POINTS.body,
    pPr: { widowControl: false, ind: BODY_INDENT, jc: 'both' },
    qFormat: true,
  },
  {
    id: STYLE.bodyFlush,
    name: '正文（不缩进）',
    type: 'paragraph',
    basedOn: STYLE.normal,
    fonts: 'fangsong',
    sizeHalfPoints: SIZE_HALF_POINTS.body,
    pPr: { ind: NO_INDENT },
    qFormat: true,
  },
  {
    id: STYLE.title,
    name: 'Title',
    type: 'paragraph',
    basedOn: STYLE.normal,
    next: STYLE.normal,
    fonts: 'xiaobiaosong',
    sizeHalfPoints: SIZE_HALF_POINTS.title,
    pPr: { keepNext: true, spacing: EXACT_LINE, ind: NO_INDENT, jc: 'center' },
    qFormat: true,
  },
  {
    id: STYLE.subtitle,
    name: 'Subtitle',
    type: 'paragraph',
    basedOn: STYLE.normal,
    next: STYLE.normal,
    fonts: 'kaiti',
    sizeHalfPoints: SIZE_HALF_POINTS.body,
    pPr: { keepNext: true, ind: NO_INDENT, jc: 'center' },
    qFormat: true,
  },
  headingSpec(1, '一级标题'),
  headingSpec(2, '二级标题'),
  headingSpec(3, '三级标题'),
  headingSpec(4, '四级标题'),
  {
    id: STYLE.securityMark,
    name: '份号密级',
    type: 'paragraph',
    basedOn: STYLE.normal,
    fonts: 'heiti',
    sizeHalfPoints: SIZE_HALF_POINTS.body,
    pPr: { ind: NO_INDENT, jc: 'left' },
  },
  {
    id: STYLE.masthead,
    name: '版头',
    type: 'paragraph',
    basedOn: STYLE.normal,
    fonts: 'xiaobiaosong',
    sizeHalfPoints: ptToHalfPoints(MASTHEAD_MAX_PT),
    color: RED_HEX,
    // off the character grid: a 36 pt character would otherwise take three 15.8 pt grid cells
    pPr: { snapToGrid: false, ind: NO_INDENT, jc: 'center' },
    qFormat: true,
  },
  {
    id: STYLE.docNumber,
    name: '发文字号',
    type: 'paragraph',
    basedOn: STYLE.normal,
    fonts: 'fangsong',
    sizeHalfPoints: SIZE_HALF_POINTS.body,
    pPr: { ind: NO_INDENT, jc: 'center' },
    qFormat: true,
  },
  {
    id: STYLE.addressee,
    name: '主送机关',
    type: 'paragraph',
    basedOn: STYLE.normal,
    next: STYLE.normal,
    fonts: 'fangsong',
    sizeHalfPoints: SIZE_HALF_POINTS.body,
    // broken between words by the model, flush left: never stretched
    pPr: { ind: NO_INDENT, jc: 'left' },
    qFormat: true,
  },
  {
    id: STYLE.attachments,
    name: '附件说明',
    type: 'paragraph',
    basedOn: STYLE.normal,
    fonts: 'fangsong',
    sizeHalfPoints: SIZE_HALF_POINTS.body,
    qFormat: true,
  },
  {
    id: STYLE.signature,
    name: '落款',
    type: 'paragraph',
    basedOn: STYLE.normal,
    fonts: 'fangsong',
    sizeHalfPoints: SIZE_HALF_POINTS.body,
    // names and date sit at tab stops the model placed (7.3.5)
    pPr: { ind: NO_INDENT, jc: 'left' },
    qFormat: true,
  },
  {
    id: STYLE.note,
    name: '附注',
    type: 'paragraph',
    basedOn: STYLE.normal,
    fonts: 'fangsong',
    sizeHalfPoints: SIZE_HALF_POINTS.body,
    qFormat: true,
  },
  {
    id: STYLE.colophon,
    name: '版记',
    type: 'paragraph',
    basedOn: STYLE.normal,
    fonts: 'fangsong',
    sizeHalfPoints: SIZE_HALF_POINTS.colophon,
    pPr: { ind: NO_INDENT, jc: 'left' },
    qFormat: true,
  },
  {
    id: STYLE.tableText,
    name: '表格文字',
    type: 'paragraph',
    basedOn: STYLE.normal,
    fonts: 'fangsong',
    sizeHalfPoints: ptToHalfPoints(TABLE_TEXT_PT),
    pPr: { snapToGrid: false, spacing: { line: TABLE_LINE_TWIPS, lineRule: 'exact' }, ind: NO_INDENT, jc: 'left' },
    qFormat: true,
  },
  {
    id: STYLE.tableHeader,
    name: '表头',
    type: 'paragraph',
    basedOn: STYLE.tableText,
    fonts: 'heiti',
    sizeHalfPoints: ptToHalfPoints(TABLE_TEXT_PT),
    pPr: { jc: 'center' },
    qFormat: true,
  },
  {
    id: STYLE.caption,
    name: '表题',
    type: 'paragraph',
    basedOn: STYLE.normal,
    next: STYLE.normal,
    fonts: 'heiti',
    sizeHalfPoints: SIZE_HALF_POINTS.body,
    pPr: { keepNext: true, ind: NO_INDENT, jc: 'center' },
    qFormat: true,
  },
  {
    id: STYLE.coverUnit,
    name: '封面单位',
    type: 'paragraph',
    basedOn: STYLE.normal,
    fonts: 'xiaobiaosong',
    sizeHalfPoints: ptToHalfPoints(COVER_UNIT_SIZE_PT),
    pPr: { snapToGrid: false, ind: NO_INDENT, jc: 'center' },
  },
  {
    id: STYLE.coverTitle,
    name: '封面标题',
    type: 'paragraph',
    basedOn: STYLE.normal,
    fonts: 'xiaobiaosong',
    sizeHalfPoints: ptToHalfPoints(COVER_TITLE_SIZE_PT),
    pPr: { snapToGrid: false, spacing: { line: ptToTwips(COVER_TITLE_SIZE_PT * COVER_TITLE_LEADING), lineRule: 'exact' }, ind: NO_INDENT, jc: 'center' },
    qFormat: true,
  },
  {
    id: STYLE.coverText,
    name: '封面文字',
    type: 'paragraph',
    basedOn: STYLE.normal,
    fonts: 'fangsong',
    sizeHalfPoints: ptToHalfPoints(COVER_ISSUER_SIZE_PT),
    pPr: { snapToGrid: false, ind: NO_INDENT, jc: 'center' },
  },
  {
    id: STYLE.signatureCell,
    name: '签署栏',
    type: 'paragraph',
    basedOn: STYLE.normal,
    fonts: 'fangsong',
    sizeHalfPoints: SIZE_HALF_POINTS.body,
    pPr: { ind: NO_INDENT, jc: 'left' },
  },
  {
    id: STYLE.footer,
    name: 'footer',
    type: 'paragraph',
    basedOn: STYLE.normal,
    fonts: 'pageNumber',
    sizeHalfPoints: SIZE_HALF_POINTS.pageNumber,
    pPr: { snapToGrid: false, spacing: { line: FOOTER_LINE_TWIPS, lineRule: 'exact' }, ind: NO_INDENT },
  },
  { id: STYLE.strong, name: '加粗（黑体）', type: 'character', fonts: 'heiti', sizeHalfPoints: 0, qFormat: true },
  { id: STYLE.emph, name: '强调（楷体）', type: 'character', fonts: 'kaiti', sizeHalfPoints: 0, qFormat: true },
  { id: STYLE.pageNumber, name: '页码', type: 'character', fonts: 'pageNumber', sizeHalfPoints: SIZE_HALF_POINTS.pageNumber },
];

function onOff(name: string, v: boolean | undefined): string {
  if (v === undefined) return '';
  return v ? el(name) : el(name, { 'w:val': 0 });
}

function pPrXml(p: ParaProps | undefined): string {
  if (p === undefined) return '';
  const parts = [
    onOff('w:keepNext', p.keepNext),
    onOff('w:widowControl', p.widowControl),
    onOff('w:snapToGrid', p.snapToGrid),
    p.spacing ? spacingXml(p.spacing) : '',
    p.ind ? indentXml(p.ind) : '',
    p.jc ? el('w:jc', { 'w:val': p.jc }) : '',
    p.outlineLvl !== undefined ? el('w:outlineLvl', { 'w:val': p.outlineLvl }) : '',
  ].join('');
  return parts === '' ? '' : el('w:pPr', {}, parts);
}

function fontsOf(spec: StyleFonts, fonts: FontSet): RunFonts {
  return spec === 'pageNumber' ? pageNumberFonts(fonts) : runFontsFor(fonts, spec);
}

function rPrXml(spec: StyleSpec, fonts: FontSet): string {
  const size = spec.sizeHalfPoints > 0 ? el('w:sz', { 'w:val': spec.sizeHalfPoints }) + el('w:szCs', { 'w:val': spec.sizeHalfPoints }) : '';
  const color = spec.color ? el('w:color', { 'w:val': spec.color }) : '';
  return el('w:rPr', {}, rFontsXml(fontsOf(spec.fonts, fonts)) + color + size);
}

function styleXml(spec: StyleSpec, fonts: FontSet): string {
  const children = [
    el('w:name', { 'w:val': spec.name }),
    spec.basedOn ? el('w:basedOn', { 'w:val': spec.basedOn }) : '',
    spec.next ? el('w:next', { 'w:val': spec.next }) : '',
    spec.qFormat ? el('w:qFormat') : '',
    spec.type === 'paragraph' ? pPrXml(spec.pPr) : '',
    rPrXml(spec, fonts),
  ].join('');
  const isDefault = spec.id === STYLE.normal ? 1 : undefined;
  return el('w:style', { 'w:type': spec.type, 'w:default': isDefault, 'w:styleId': spec.id }, children);
}

/** The table style every table starts from: no borders of its own (each table writes its borders), no cell padding. */
function tableNormalXml(): string {
  const mar = (side: string, w: number): string => el(`w:${side}`, { 'w:w': w, 'w:type': 'dxa' });
  return el(
    'w:style',
    { 'w:type': 'table', 'w:default': 1, 'w:styleId': 'TableNormal' },
    el('w:name', { 'w:val': 'Normal Table' }) +
      el('w:uiPriority', { 'w:val': 99 }) +
      el('w:semiHidden') +
      el('w:unhideWhenUsed') +
      el(
        'w:tblPr',
        {},
        el('w:tblInd', { 'w:w': 0, 'w:type': 'dxa' }) +
          el('w:tblCellMar', {}, mar('top', TABLE_CELL_PADDING_TWIPS) + mar('left', TABLE_CELL_PADDING_TWIPS) + mar('bottom', TABLE_CELL_PADDING_TWIPS) + mar('right', TABLE_CELL_PADDING_TWIPS)),
      ),
  );
}

/** The complete word/styles.xml. */
export function stylesXml(fonts: FontSet): string {
  const body = runFontsFor(fonts, 'fangsong');
  const docDefaults = el(
    'w:docDefaults',
    {},
    el(
      'w:rPrDefault',
      {},
      el(
        'w:rPr',
        {},
        rFontsXml(body) +
          el('w:kern', { 'w:val': 0 }) +
          el('w:sz', { 'w:val': SIZE_HALF_POINTS.body }) +
          el('w:szCs', { 'w:val': SIZE_HALF_POINTS.body }) +
          el('w:lang', { 'w:val': 'en-US', 'w:eastAsia': 'zh-CN', 'w:bidi': 'ar-SA' }),
      ),
    ) + el('w:pPrDefault', {}, el('w:pPr', {}, el('w:jc', { 'w:val': 'both' }))),
  );
  const styles = STYLE_SPECS.map((s) => styleXml(s, fonts)).join('') + tableNormalXml();
  return XML_DECL + el('w:styles', { 'xmlns:w': W_NS }, docDefaults + styles);
}
