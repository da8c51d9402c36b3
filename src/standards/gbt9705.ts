//! GB/T 9705-2008 文书档案案卷格式: the numbers of the archive forms, with their clauses or the practice
//! they come from. Nothing else lives here. Units: mm and pt. Sources: ../shared/standards.md §2.

/** Appendix H: 卷内文件目录 on A4; 天头 20, 地脚 15, 订口 25, 翻口 15 mm (text area 170 × 262 mm). */
export const FORM_MARGIN = { topMm: 20, bottomMm: 15, leftMm: 25, rightMm: 15 } as const;

/**
 * Appendix H: column widths of the 卷内文件目录 (顺序号, 文号, 责任者, 题名, 日期, 页号, 备注), sum 170 mm.
 * The figure was not found; a local guide uses 10/20/20/70/20/10/20 [P]. 页号 and 文号 are widened here so a
 * range such as "113-120" and a 发文字号 such as 澧政发〔2025〕38号 fit on one or two lines (题名, 备注 narrower).
 */
export const CONTENTS_COLUMNS_MM = [10, 24, 20, 58, 22, 16, 20] as const;
/** Practice [P]: header row 20 mm, body rows at least 15 mm (they grow when the 题名 wraps). */
export const CONTENTS_HEADER_ROW_MM = 20;
export const CONTENTS_ROW_MM = 15;

/** 案卷目录 columns (案卷号, 案卷题名, 起止时间, 页数, 保管期限, 备注); same text area [P]. */
export const VOLUME_LIST_COLUMNS_MM = [18, 66, 34, 16, 18, 18] as const;
export const VOLUME_LIST_ROW_MM = 12;

/** Form text: 五号 (10.5 pt) in cells, 小四 (12 pt) header labels, form title 二号 (22 pt) 黑体 [P]. */
export const FORM_CELL_SIZE_PT = 10.5;
export const FORM_HEADER_SIZE_PT = 12;
export const FORM_TITLE_SIZE_PT = 22;
/** Space from the text-area top to the top of the table under the form title [P]. */
export const FORM_TITLE_BLOCK_MM = 18;
/** Line thickness of form tables and boxes [P]. */
export const FORM_RULE_PT = 0.75;
export const FORM_CELL_PADDING_MM = 1.5;

/**
 * Appendix B: 案卷封面 items 全宗名称, 类目名称, 案卷题名, 时间, 保管期限, 件/页数, 归档号, 档号. Printed on A4 in
 * the 卷内目录's frame [P]; field label 三号 黑体, value 三号 仿宋, title 一号 小标宋 (sizes are practice).
 */
export const COVER_FIELD_SIZE_PT = 16;
export const COVER_HEADING_SIZE_PT = 26;
export const COVER_FIELD_PITCH_MM = 22;
/** The first field's top, below the text area's top: room for all eight fields above the 档号 box [P]. */
export const COVER_FIELDS_TOP_MM = 30;
export const COVER_LABEL_WIDTH_MM = 34;
/** The value lines: the text width less 18 mm each side and the label [P]. */
export const COVER_VALUE_WIDTH_MM = 170 - 2 * 18 - COVER_LABEL_WIDTH_MM;
/** The 档号 box at the cover's foot: 134 mm wide (18 mm in each side), values 四号 [P]. */
export const CODE_BOX_WIDTH_MM = 170 - 2 * 18;
export const CODE_BOX_SIZE_PT = 14;

/** 卷内备考表: same paper and margins as the 卷内目录 [? examk]; the 情况说明 box fills the page down to here. */
export const REMARKS_SIGN_BLOCK_MM = 60;

/** 2 (硬卷皮): spine 10, 15 or 20 mm; the thinnest that holds the volume is chosen. */
export const SPINE_WIDTHS_MM = [10, 15, 20] as const;
/** Sheet thickness used to choose the spine: ordinary 70–80 g office paper, single-sided print [P]. */
export const SHEET_THICKNESS_MM = 0.1;
/** Spine label height on an A4 sheet (the 310 mm cover spine minus the flaps, trimmed to fit A4) [P]. */
export const SPINE_LABEL_HEIGHT_MM = 260;
/** Margin of the spine sheet and length of the cut marks outside the labels [P]. */
export const SPINE_SHEET_MARGIN_MM = 15;
export const CUT_MARK_MM = 5;
