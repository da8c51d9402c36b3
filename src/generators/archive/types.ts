//! What the archive forms print about one bound volume (案卷) or one part of a split volume.
//! Plain data filled by the binder from the real bound output; the forms never count anything.

/** One row of the 卷内文件目录: one 件. */
export interface ContentsEntry {
  /** 顺序号, 1-based within the (part) volume */
  seq: number;
  /** 文号 (发文字号) */
  number?: string;
  /** 责任者 */
  responsible?: string;
  /** 题名 */
  title: string;
  /** 日期, ISO yyyy-mm-dd */
  date?: string;
  /** 页号: first page in the bound volume, or absent when the 件 has no pages in it (DOCX to print separately) */
  startPage?: number;
  /** pages of the 件 in the bound volume */
  pages: number;
  /** 备注 */
  remark?: string;
}

/** 案卷 as the forms see it. */
export interface VolumeSheet {
  /** 全宗名称 (立档单位) */
  unit: string;
  /** 全宗号 */
  fonds?: string;
  /** 机构（问题）代码 of a unit filing under its parent's 全宗 (a township's village: 001…); printed wherever the
   *  卷号 is, so no two volumes of the 全宗 show the same numbers on spine, box and 案卷目录 */
  org?: string;
  /** 年度 */
  year: number;
  /** catalog code, e.g. ZH */
  code: string;
  /** 案卷题名 (卷名), with （一）（二） for the parts of a split volume */
  title: string;
  /** 类目名称 */
  category?: string;
  /** 保管期限: 永久 | 30年 | 10年 */
  retention: string;
  /** 卷号, 1-based over the year's volumes */
  volumeNo: number;
  /** 档号 (ArchivalCode) */
  archivalCode: string;
  /** 起止时间, ISO dates of the earliest and latest dated 件 */
  dateFrom?: string;
  dateTo?: string;
  /** 件数 */
  itemCount: number;
  /** 页数: numbered pages of the bound volume */
  pageCount: number;
  entries: ContentsEntry[];
  /** required items with no material (缺件), with the reason */
  missing: { item: string; reason: string }[];
  /** further lines of the 本卷情况说明 (split volumes, DOCX printed separately…) */
  notes: string[];
  /** 立卷人, 检查人, 立卷时间 (ISO) */
  preparer?: string;
  checker?: string;
  date?: string;
}
