//! DA/T 22-2015 归档文件整理规则 (with DA/T 13 for the 档号): codes and the 页号 rule. Numbers only.
//! Sources: ../shared/standards.md §3.

/** 5.3: 保管期限 codes — 永久 Y, 定期30年 D30, 定期10年 D10. */
export const RETENTION_CODE = { 永久: 'Y', '30年': 'D30', '10年': 'D10' } as const;
/** 5.3: 保管期限 as printed on covers, lists and spines. */
export const RETENTION_LABEL = { 永久: '永久', '30年': '定期30年', '10年': '定期10年' } as const;

/** 5.4: 门类代码 of 文书 archives. */
export const CATEGORY_CODE_WS = 'WS';

/** 5.4: "-" joins levels, "·" joins codes on one level. 件号 (here 卷号) is 4 digits, zero-padded. */
export const CODE_LEVEL_SEPARATOR = '-';
export const CODE_JOINER = '·';
export const SERIAL_DIGITS = 4;

/**
 * 6.3 编页: 页号 recto top right, verso top left, on every page with content; cover, 卷内目录 and 备考表 are
 * not numbered. The distance from the edges is not given [P]: 10 mm from the top, 12 mm from the outer edge,
 * 小四 (12 pt) 宋体 digits, as a numbering machine would print them.
 */
export const PAGE_NO_TOP_MM = 10;
/** A landscape page's top is the binding edge of a front: the 页号's glyphs keep 10 mm clear of it [P]. */
export const PAGE_NO_TOP_LANDSCAPE_MM = 12;
export const PAGE_NO_OUTER_MM = 12;
export const PAGE_NO_SIZE_PT = 12;

/** Scans placed on A4 (JPG/PNG attachments): margins around the scaled image, top leaves room for the 页号 [P]. */
export const SCAN_MARGIN_MM = { top: 20, right: 12, bottom: 12, left: 20 } as const;
