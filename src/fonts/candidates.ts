//! Where each font role's font may be found: official file and family names (Windows, macOS, Linux)
//! and the bundled npm fallbacks. Data only; standards.md §5.

import type { FontRole } from './roles.js';

/** A known font for a role. `official` = the face the 公文 template names (no fallback warning). */
export interface FontCandidate {
  /** file names as found in system font folders (matched case-insensitively) */
  files: string[];
  /** family names (any language) as stored in the font's name table */
  families: string[];
  /** PostScript name of the member to use when the file is a TTC */
  member?: string;
  official: boolean;
}

/** 候选字体, in order of preference. */
export const SYSTEM_CANDIDATES: Record<FontRole, FontCandidate[]> = {
  xiaobiaosong: [
    { files: ['FZXBSJW.TTF', 'FZXBSK.TTF', '方正小标宋简体.ttf', '方正小标宋_GBK.ttf'], families: ['方正小标宋简体', '方正小标宋_GBK', 'FZXiaoBiaoSong-B05S', 'FZXiaoBiaoSong-B05', 'FZXBSJW--GB1-0', 'FZXBSK--GBK1-0'], official: true },
  ],
  fangsong: [
    // 仿宋_GB2312 (the 公文 face, where installed) before Windows' own 仿宋 (simfang.ttf)
    { files: ['仿宋_GB2312.ttf', 'FS_GB2312.ttf'], families: ['仿宋_GB2312', 'FangSong_GB2312'], official: true },
    { files: ['SIMFANG.TTF', 'FZFSK.TTF', 'STFANGSO.TTF'], families: ['仿宋', 'FangSong', '方正仿宋_GBK', 'FZFangSong-Z02', 'STFangsong', '华文仿宋'], official: true },
    { files: ['FandolFang-Regular.otf'], families: ['FandolFang'], official: false },
  ],
  heiti: [
    { files: ['SIMHEI.TTF', 'FZHTK.TTF', '黑体.ttf'], families: ['黑体', 'SimHei', '方正黑体_GBK', 'FZHei-B01'], official: true },
  ],
  kaiti: [
    // 楷体_GB2312 where installed, before Windows' own 楷体 (simkai.ttf)
    { files: ['楷体_GB2312.ttf', 'KT_GB2312.ttf'], families: ['楷体_GB2312', 'KaiTi_GB2312'], official: true },
    { files: ['SIMKAI.TTF', 'FZKTK.TTF', 'STKAITI.TTF'], families: ['楷体', 'KaiTi', '方正楷体_GBK', 'FZKai-Z03', 'STKaiti', '华文楷体'], official: true },
    { files: ['gkai00mp.ttf', 'LXGWWenKai-Regular.ttf', 'ukai.ttc', 'FandolKai-Regular.otf'], families: ['AR PL KaitiM GB', 'LXGW WenKai', 'AR PL UKai CN', 'FandolKai'], member: 'AR-PL-UKai-CN', official: false },
  ],
  songti: [
    { files: ['simsun.ttc', 'SIMSUN.TTF', 'FZSSK.TTF', 'STSONG.TTF'], families: ['宋体', 'SimSun', '方正书宋_GBK', 'STSong', '华文宋体'], member: 'SimSun', official: true },
  ],
};

/** Family names that make the role's official face, for messages (仿宋_GB2312 …). */
export const OFFICIAL_NAMES: Record<FontRole, string> = {
  xiaobiaosong: '方正小标宋简体',
  fangsong: '仿宋_GB2312',
  heiti: '黑体',
  kaiti: '楷体_GB2312',
  songti: '宋体',
};

/** A bundled fallback: npm package + file inside it. */
export interface BundledFont {
  pkg: string;
  file: string;
  family: string;
}

const SERIF = '@expo-google-fonts/noto-serif-sc';
const SANS = '@expo-google-fonts/noto-sans-sc';

/**
 * 内置字体 (arrive with `npm install`, OFL): 小标宋 ← Noto Serif SC Bold; 仿宋, 宋, 楷 ← Noto Serif SC
 * Regular (no Kai or FangSong ships on npm as TTF, toolchain.md §1); 黑 ← Noto Sans SC Medium.
 */
export const BUNDLED: Record<FontRole, BundledFont> = {
  xiaobiaosong: { pkg: SERIF, file: '700Bold/NotoSerifSC_700Bold.ttf', family: 'Noto Serif SC Bold' },
  fangsong: { pkg: SERIF, file: '400Regular/NotoSerifSC_400Regular.ttf', family: 'Noto Serif SC' },
  heiti: { pkg: SANS, file: '500Medium/NotoSansSC_500Medium.ttf', family: 'Noto Sans SC Medium' },
  kaiti: { pkg: SERIF, file: '400Regular/NotoSerifSC_400Regular.ttf', family: 'Noto Serif SC' },
  songti: { pkg: SERIF, file: '400Regular/NotoSerifSC_400Regular.ttf', family: 'Noto Serif SC' },
};

/** Last-resort faces for characters no role font has (rare name characters). */
export const BUNDLED_GLYPH_FALLBACKS: BundledFont[] = [BUNDLED.fangsong, BUNDLED.heiti];
