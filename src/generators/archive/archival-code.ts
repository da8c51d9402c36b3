//! 档号 (ArchivalCode) of a volume in the DA/T 22 / DA/T 13 form: 全宗号-门类代码·年度-保管期限-卷号,
//! e.g. J012-WS·2025-Y-0001. Numbers and separators come from src/standards/dat22.ts.

import { CATEGORY_CODE_WS, CODE_JOINER, CODE_LEVEL_SEPARATOR, RETENTION_CODE, RETENTION_LABEL, SERIAL_DIGITS } from '../../standards/dat22.js';

/** 保管期限 code: 永久 → Y, 30年 → D30, 10年 → D10 (DA/T 22 5.3). */
export function retentionCode(retention: string): string {
  return (RETENTION_CODE as Record<string, string>)[retention] ?? retention;
}

/** 保管期限 as DA/T 22 prints it: 永久, 定期30年, 定期10年. */
export function retentionLabel(retention: string): string {
  return (RETENTION_LABEL as Record<string, string>)[retention] ?? retention;
}

/** 卷号 zero-padded to four digits. */
export function volumeNoLabel(n: number): string {
  return String(n).padStart(SERIAL_DIGITS, '0');
}

/** 档号: the fonds number may be absent (then "全宗号" is left out, and the code starts at the 门类); `org` is
 *  the 机构(问题) level, given when several units (a township's villages) file under one 全宗. */
export function archivalCode(p: { fonds?: string; year: number; retention: string; volumeNo: number; org?: string }): string {
  const parts = [`${CATEGORY_CODE_WS}${CODE_JOINER}${p.year}`, retentionCode(p.retention), ...(p.org ? [p.org] : []), volumeNoLabel(p.volumeNo)];
  if (p.fonds) parts.unshift(p.fonds);
  return parts.join(CODE_LEVEL_SEPARATOR);
}
