//! Font names for the DOCX: one name per role (小标宋, 仿宋, 黑体, 楷体, 宋体) plus a Latin face for digits.
//! Every rFonts we write sets all four slots (ascii, hAnsi, eastAsia, cs): WPS falls back when one is missing.

import type { FontRole } from '../../fonts/roles.js';

/** Official names used in Chinese offices (standards.md §5). */
export const DEFAULT_FONT_NAMES: Readonly<Record<FontRole, string>> = {
  xiaobiaosong: '方正小标宋简体',
  fangsong: '仿宋_GB2312',
  heiti: '黑体',
  kaiti: '楷体_GB2312',
  songti: '宋体',
};

/** Latin letters and Arabic digits. */
export const DEFAULT_LATIN_FONT = 'Times New Roman';

/**
 * w:altName for the font table: the name Word and WPS try when the official name is not installed
 * (machines without the *_GB2312 fonts still have 仿宋 and 楷体).
 */
const ALT_NAMES: Readonly<Record<string, string>> = {
  '仿宋_GB2312': '仿宋',
  '楷体_GB2312': '楷体',
  '方正小标宋简体': '方正小标宋_GBK',
};

/** The fonts of one document. */
export interface FontSet {
  roles: Readonly<Record<FontRole, string>>;
  latin: string;
}

/** Official names, overridden role by role. */
export function resolveFontSet(overrides?: Partial<Record<FontRole, string>>, latin?: string): FontSet {
  const roles = { ...DEFAULT_FONT_NAMES };
  for (const role of Object.keys(DEFAULT_FONT_NAMES) as FontRole[]) {
    const name = overrides?.[role];
    if (name !== undefined && name.trim() !== '') roles[role] = name;
  }
  return { roles, latin: latin ?? DEFAULT_LATIN_FONT };
}

/** The four w:rFonts slots, plus the eastAsia hint (quotes and dashes then use the Chinese face). */
export interface RunFonts {
  ascii: string;
  hAnsi: string;
  eastAsia: string;
  cs: string;
  hint: 'eastAsia';
}

/** Chinese text in `role`, Latin and digits in the Latin face. */
export function runFontsFor(fonts: FontSet, role: FontRole): RunFonts {
  return { ascii: fonts.latin, hAnsi: fonts.latin, eastAsia: fonts.roles[role], cs: fonts.latin, hint: 'eastAsia' };
}

/** 页码: 4号 半角宋体 (7.5): the digits are 宋体 too. */
export function pageNumberFonts(fonts: FontSet): RunFonts {
  const song = fonts.roles.songti;
  return { ascii: song, hAnsi: song, eastAsia: song, cs: song, hint: 'eastAsia' };
}

/** Every font name used, sorted, each with its alternative name if it has one. */
export function fontTableEntries(fonts: FontSet): { name: string; altName?: string; eastAsian: boolean }[] {
  const eastAsian = new Set(Object.values(fonts.roles));
  const names = [...new Set([...eastAsian, fonts.latin])].sort();
  return names.map((name) => {
    const altName = ALT_NAMES[name];
    return altName === undefined ? { name, eastAsian: eastAsian.has(name) } : { name, altName, eastAsian: eastAsian.has(name) };
  });
}
