//! Font roles of GB/T 9704 (小标宋, 仿宋, 黑体, 楷体, 宋体) and the Latin/digit face.
//! The names are the keys of dossier.yaml `fonts:`; nothing here knows about files.

export const FONT_ROLES = ['xiaobiaosong', 'fangsong', 'heiti', 'kaiti', 'songti'] as const;
/** 字体角色: 小标宋 xiaobiaosong, 仿宋 fangsong, 黑体 heiti, 楷体 kaiti, 宋体 songti. */
export type FontRole = (typeof FONT_ROLES)[number];

/** Chinese name of each role, for messages. */
export const FONT_ROLE_NAMES: Record<FontRole, string> = {
  xiaobiaosong: '小标宋',
  fangsong: '仿宋',
  heiti: '黑体',
  kaiti: '楷体',
  songti: '宋体',
};
