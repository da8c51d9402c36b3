//! GB/T 9704-2012 党政机关公文格式: the numbers, with their clauses. Nothing else lives here.
//! Units: millimetres (mm) and points (pt). Sources: ../shared/standards.md §1.

/** 1 pt = 25.4/72 mm */
export const MM_PER_PT = 25.4 / 72;

/** 5.1 / 5.2.1: A4 210 × 297 mm (GB/T 148). */
export const PAGE = { widthMm: 210, heightMm: 297 } as const;

/** 5.2.1: 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm (页码 not included); so right 26 mm, bottom 35 mm. */
export const MARGIN = { topMm: 37, leftMm: 28, rightMm: 26, bottomMm: 35 } as const;
export const TYPE_AREA = { widthMm: 156, heightMm: 225 } as const;

/** 5.2.2: 22 lines of 28 characters, 3号 (16 pt) 仿宋 by default. */
export const GRID = { lines: 22, chars: 28 } as const;

/** Chinese size names in pt (ctex zihao table). */
export const SIZE_PT = {
  初号: 42,
  小初: 36,
  一号: 26,
  小一: 24,
  二号: 22,
  小二: 18,
  三号: 16,
  小三: 15,
  四号: 14,
  小四: 12,
  五号: 10.5,
  小五: 9,
} as const;

/** 7.2.4: body text 3号; 7.3.1: 标题 2号 小标宋; 7.5: 页码 4号 半角宋体. */
export const BODY_SIZE_PT = SIZE_PT.三号;
export const TITLE_SIZE_PT = SIZE_PT.二号;
export const PAGE_NUMBER_SIZE_PT = SIZE_PT.四号;

/** 7.2.4: 发文机关标志 top edge 35 mm below the top of the 版心. */
export const MASTHEAD_TOP_FROM_TYPE_AREA_MM = 35;
/** 7.2.5: 版头分隔线 4 mm below the 发文字号, as wide as the 版心 (thickness not specified; 1 pt is common). */
export const MASTHEAD_RULE_GAP_MM = 4;
/** 7.5: 页码 "— 1 —" one 4号 character-height... placed 7 mm below the 版心; odd right, even left, one char in. */
export const PAGE_NUMBER_BELOW_TYPE_AREA_MM = 7;
export const PAGE_NUMBER_INSET_CHARS = 1;
/** 7.3.5.2: unsealed signature 2 chars from the right; 7.3.5.1: sealed date 4 chars from the right. */
export const SIGNATURE_RIGHT_INSET_CHARS_UNSEALED = 2;
export const DATE_RIGHT_INSET_CHARS_SEALED = 4;
/** 7.3.3: body paragraphs indented two characters. */
export const PARAGRAPH_INDENT_CHARS = 2;
/** 5.3: red ink for 版头 and 分隔线 (CMYK 0/80/80/0 ~ sRGB). */
export const RED_RGB = { r: 0.9, g: 0.1, b: 0.1 } as const;

/** Derived grid pitch in pt: 225 mm / 22 lines, 156 mm / 28 chars. */
export const LINE_PITCH_PT = TYPE_AREA.heightMm / MM_PER_PT / GRID.lines;
export const CHAR_PITCH_PT = TYPE_AREA.widthMm / MM_PER_PT / GRID.chars;

/** 5.2 heading numbering styles by level: 一、 （一） 1. （1）. */
export const HEADING_FONT_ROLE = ['heiti', 'kaiti', 'fangsong', 'fangsong'] as const;

// ---- additions for the typesetting engine (issue 3) ----

/** 1 mm in pt. */
export const PT_PER_MM = 72 / 25.4;

/** [P] CJK fonts put the ideographic em box from −0.12 em to +0.88 em around the baseline (Noto, SimSun, FangSong). */
export const EM_BOX_ASCENT = 0.88;

/** 7.2.1: 份号 line 1, 密级 line 2, 紧急程度 line 3, flush left; 密级/紧急 in 黑体. */
export const SECURITY_MARK_FONT_ROLE = 'heiti';

/** 7.2.4: 发文机关标志 size is not fixed ("醒目、美观、庄重"); [P] 小初 (36 pt), shrunk to fit the 版心 width. */
export const MASTHEAD_MAX_SIZE_PT = SIZE_PT.小初;
/** 7.2.4: a joint issue's 标志: the offices stacked (lead office first), “文件” to their right, centred on the stack. */
export const JOINT_MASTHEAD_SUFFIX = '文件';
/** [D] line pitch of the stacked names, in ems (as the single-line 标志's exact line in Word). */
export const JOINT_MASTHEAD_LEADING = 1.25;
/** [D] space between the names and “文件”, in ems. */
export const JOINT_MASTHEAD_GAP_EM = 1;
/** 7.2.4: 发文字号 2 lines below the 发文机关标志. */
export const DOC_NUMBER_GAP_LINES = 2;
/** 7.2.6: 上行文 发文字号 1 char in from the left, 签发人 1 char in from the right. */
export const SIGNER_INSET_CHARS = 1;
/** 7.2.5: red 版头分隔线 thickness is not given; [P] 1 pt. */
export const MASTHEAD_RULE_WIDTH_PT = 1;
/** 7.3.1: 标题 2 lines below the red 分隔线. */
export const TITLE_GAP_LINES = 2;
/** 7.3.2: 主送机关 1 line below the 标题 (one empty line between). */
export const ADDRESSEE_GAP_LINES = 1;
/** 7.3.4: 附件说明 1 line below the 正文. */
export const ATTACHMENT_GAP_LINES = 1;
/** 7.3.5.2: unsealed 署名 1 line below the 正文; 7.3.5.1 sealed: [P] 2 lines, room for the seal's top. */
export const SIGNATURE_GAP_LINES_UNSEALED = 1;
export const SIGNATURE_GAP_LINES_SEALED = 2;
/** 7.3.5.2: 成文日期 first char 2 chars right of the 署名's first char. */
export const SIGNATURE_DATE_SHIFT_CHARS = 2;
/**
 * 7.3.5.1 联合行文: one seal per office, in issuing order, not touching, inside the 版心, the last one over the
 * 成文日期. [P] A township's seal is 42 mm across (党政机关印章 4.2 cm); seals 4 mm apart; a second row of
 * seals 4 grid lines below the first.
 */
export const SEAL_DIAMETER_MM = 42;
export const SEAL_GAP_MM = 4;
export const SEAL_ROW_LINES = 4;
/** 7.3.6: 附注 2 chars in, in parentheses, below the 成文日期. */
export const NOTE_INDENT_CHARS = 2;

/** 7.4: 版记 text 4号 仿宋, 1 char in on each side; first and last separators 0.35 mm, middle 0.25 mm. */
export const COLOPHON_SIZE_PT = SIZE_PT.四号;
export const COLOPHON_INSET_CHARS = 1;
export const COLOPHON_RULE_THICK_MM = 0.35;
export const COLOPHON_RULE_THIN_MM = 0.25;

/** [P] tables: 0.5 pt borders, 小四 text, 1.2 mm cell padding, line height 1.35 × size (a one-line row is
 *  8.1 mm, as a Word table of 小四 with single spacing: a landscape page holds 18 rows under its header). */
export const TABLE_BORDER_PT = 0.5;
export const TABLE_TEXT_SIZE_PT = SIZE_PT.小四;
export const TABLE_CELL_PADDING_MM = 1.2;
export const TABLE_LINE_HEIGHT = 1.35;

/** [P] landscape A4 for wide tables: the portrait 版心 turned (225 × 156 mm), binding edge on top. */
export const LANDSCAPE_MARGIN = { topMm: 28, leftMm: 37, rightMm: 35, bottomMm: 26 } as const;

/** [P] 责任书 cover: title 小初 小标宋, unit 一号, issuer/date 三号. */
export const COVER_TITLE_SIZE_PT = SIZE_PT.小初;
export const COVER_UNIT_SIZE_PT = SIZE_PT.一号;
export const COVER_ISSUER_SIZE_PT = SIZE_PT.小二;
export const COVER_TITLE_LEADING = 1.5;
/** [P] 责任书 cover: tops of unit, title, issuer and date, in mm below the 版心 top. */
export const COVER_TOP_MM = { unit: 40, title: 70, issuer: 165, date: 180 } as const;
/** [P] 责任书 signatures: 1 empty line above (format A fits one page after the cover); signer line 4 chars long. */
export const SIGNATURES_GAP_LINES = 1;
export const SIGN_LINE_START_CHARS = 8;
export const SIGN_LINE_CHARS = 4;

/** [P] 印制 copy mark (一式多份, e.g. "镇人民政府执 第1份/共3份"): 五号 宋体, top right, its baseline
 *  20 mm below the paper's top edge (inside the 37 mm 天头), right edge on the 版心's right edge. */
export const COPY_MARK_SIZE_PT = SIZE_PT.五号;
export const COPY_MARK_BASELINE_MM = 20;
/** [P] 责任书 cover as in the seeds ("…目标管理 / 责 / 任 / 书"): the lead of the title 二号 小标宋 at 25 mm,
 *  the word 责任书 one character per line, 60 pt, 30 mm apart from 62 mm; issuer and date lower down. */
export const COVER_LEAD_SIZE_PT = SIZE_PT.二号;
export const COVER_BIG_SIZE_PT = 60;
export const COVER_BIG_TOP_MM = 62;
export const COVER_BIG_PITCH_MM = 30;
export const COVER_LEAD_TOP_MM = 25;
export const COVER_BOTTOM_TOP_MM = { issuer: 172, date: 186 } as const;
