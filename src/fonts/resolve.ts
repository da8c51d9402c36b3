//! Font resolution: dossier.yaml `fonts:` → official fonts installed on the machine → bundled npm fonts.
//! Resolving reads only the files' name tables; each file is read and parsed once per process, on first
//! use (FontFace). The FontSet is shared by all documents (standards.md §5).

import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import { bundledFont } from '../util/builtin-files.js';
import { FontFace } from './face.js';
import { readFontNames } from './names.js';
import { BUNDLED, BUNDLED_GLYPH_FALLBACKS, OFFICIAL_NAMES, SYSTEM_CANDIDATES, type BundledFont } from './candidates.js';
import { FONT_ROLES, FONT_ROLE_NAMES, type FontRole } from './roles.js';

export { FontFace } from './face.js';

/** Where a role's font came from. */
export type FontSource = 'override' | 'system' | 'bundled';

/** 字体映射: one line of the role → file report. */
export interface FontReportEntry {
  role: FontRole;
  file: string;
  family: string;
  source: FontSource;
  /** true when a substitute stands in for the official face */
  fallback: boolean;
}

export interface FontReport {
  entries: FontReportEntry[];
  /** "仿宋 → /path/simfang.ttf (FangSong)", one per role */
  lines: string[];
  /** Chinese warnings, e.g. "仿宋：未找到仿宋_GB2312，使用内置 Noto Serif SC 代替" */
  warnings: string[];
  /** wall time of this loadFonts call in ms */
  loadMs: number;
}

/** 字体集: the face for each role plus glyph-fallback chains. Immutable, shareable. */
export interface FontSet {
  readonly faces: Readonly<Record<FontRole, FontFace>>;
  /** faces to try, in order, for a character of this role (role face first, then the others) */
  chain(role: FontRole): readonly FontFace[];
  /** face by FontFace.id (what PagedDoc TextRuns carry) */
  face(id: string): FontFace | undefined;
  /** every face of the set once, in a fixed order (the PDF writer names fonts by their index here) */
  readonly list: readonly FontFace[];
  readonly report: FontReport;
}

export interface LoadFontsOptions {
  /** dossier.yaml `fonts:`; paths relative to baseDir; "file.ttc#PostScriptName" picks a TTC member */
  overrides?: Partial<Record<FontRole, string>>;
  baseDir?: string;
  /** look in the machine's font folders (default true; tests turn it off for stable output) */
  searchSystem?: boolean;
  /** extra font folders searched before the standard ones */
  fontDirs?: string[];
}

const faceCache = new Map<string, FontFace>();

/** A font file's face, once per process (keyed by absolute path + member); read and parsed on first use. `read` gives the bytes of a file not on disk. */
export function loadFace(path: string, member?: string, read?: () => Buffer): FontFace {
  const key = member ? `${path}#${member}` : path;
  let face = faceCache.get(key);
  if (!face) {
    face = new FontFace({ path, ...(member ? { member } : {}), ...(read ? { read } : {}) });
    faceCache.set(key, face);
    faceCache.set(face.id, face);
  }
  return face;
}

/** Resolves the five font roles. Never throws for missing fonts: bundled fonts always exist. */
export async function loadFonts(opts: LoadFontsOptions = {}): Promise<FontSet> {
  const started = performance.now();
  const baseDir = opts.baseDir ?? process.cwd();
  const warnings: string[] = [];
  const entries: FontReportEntry[] = [];
  const faces = {} as Record<FontRole, FontFace>;
  const systemIndex = opts.searchSystem === false ? undefined : new SystemFontIndex([...(opts.fontDirs ?? []), ...systemFontDirs()]);

  for (const role of FONT_ROLES) {
    const name = FONT_ROLE_NAMES[role];
    const override = opts.overrides?.[role];
    if (override) {
      const [file, member] = splitMember(isAbsolute(override) ? override : resolvePath(baseDir, override));
      const face = tryLoad(file, member);
      if (face) {
        faces[role] = face;
        entries.push({ role, file: face.id, family: face.family, source: 'override', fallback: false });
        continue;
      }
      warnings.push(`${name}：dossier.yaml 指定的字体文件 ${override} 不存在或无法读取，改用其他字体`);
    }
    const found = systemIndex?.find(role);
    if (found) {
      const face = tryLoad(found.path, found.member);
      if (face) {
        faces[role] = face;
        entries.push({ role, file: face.id, family: face.family, source: 'system', fallback: !found.official });
        if (!found.official) warnings.push(`${name}：未找到${OFFICIAL_NAMES[role]}，使用系统字体 ${face.family} 代替`);
        continue;
      }
    }
    const bundled = BUNDLED[role];
    const face = loadBundled(bundled);
    faces[role] = face;
    entries.push({ role, file: face.id, family: bundled.family, source: 'bundled', fallback: true });
    warnings.push(`${name}：未找到${OFFICIAL_NAMES[role]}，使用内置 ${bundled.family} 代替`);
  }

  const extra = BUNDLED_GLYPH_FALLBACKS.map((b) => loadBundled(b));
  const chains = new Map<FontRole, FontFace[]>();
  for (const role of FONT_ROLES) chains.set(role, uniqueFaces([faces[role], ...GLYPH_FALLBACK_ORDER.map((r) => faces[r]), ...extra]));
  const byId = new Map<string, FontFace>();
  for (const f of [...Object.values(faces), ...extra]) byId.set(f.id, f);
  const list = uniqueFaces([...FONT_ROLES.map((r) => faces[r]), ...extra]);

  const lines = entries.map((e) => `${FONT_ROLE_NAMES[e.role]} → ${e.file}（${e.family}${e.fallback ? '，替代字体' : ''}）`);
  const report: FontReport = { entries, lines, warnings, loadMs: performance.now() - started };
  return {
    faces,
    chain: (role) => chains.get(role) ?? [faces[role]],
    face: (id) => byId.get(id),
    list,
    report,
  };
}

/** Order in which other roles are tried for a missing glyph: 仿宋, 宋, 黑, 楷, 小标宋. */
const GLYPH_FALLBACK_ORDER: readonly FontRole[] = ['fangsong', 'songti', 'heiti', 'kaiti', 'xiaobiaosong'];

function uniqueFaces(faces: FontFace[]): FontFace[] {
  const seen = new Set<string>();
  return faces.filter((f) => !seen.has(f.id) && seen.add(f.id) !== undefined);
}

function splitMember(path: string): [string, string | undefined] {
  const i = path.lastIndexOf('#');
  return i > 0 && !existsSync(path) ? [path.slice(0, i), path.slice(i + 1)] : [path, undefined];
}

function tryLoad(path: string, member?: string): FontFace | undefined {
  try {
    return existsSync(path) ? loadFace(path, member) : undefined;
  } catch {
    return undefined;
  }
}

/** A bundled fallback font, from node_modules or dossier.exe's assets. */
function loadBundled(b: BundledFont): FontFace {
  const f = bundledFont(b.pkg, b.file);
  if (!f) throw new Error(`bug: bundled font ${b.pkg}/${b.file} is missing`);
  // on disk: read when first laid out with; inside dossier.exe: read now (its names come from its bytes)
  return f.file !== undefined ? loadFace(f.file) : loadFace(f.id, undefined, f.read);
}

/**
 * The machine's font folders (only those that exist are read): on Windows the system folder
 * (%SystemRoot%\Fonts) and the fonts installed for one user (%LOCALAPPDATA%\Microsoft\Windows\Fonts).
 */
export function systemFontDirs(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string[] {
  if (platform === 'win32') {
    const win = env['SystemRoot'] ?? env['WINDIR'] ?? 'C:\\Windows';
    const local = env['LOCALAPPDATA'];
    return [join(win, 'Fonts'), ...(local ? [join(local, 'Microsoft', 'Windows', 'Fonts')] : [])];
  }
  const home = homedir();
  if (platform === 'darwin') return ['/Library/Fonts', '/System/Library/Fonts', '/System/Library/Fonts/Supplemental', join(home, 'Library/Fonts')];
  return [
    '/usr/share/fonts',
    '/usr/local/share/fonts',
    '/usr/share/texmf/fonts/opentype',
    '/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol',
    join(home, '.fonts'),
    join(home, '.local/share/fonts'),
  ];
}

const FONT_EXT = /\.(ttf|otf|ttc)$/i;
/** Smaller font files are not searched by family name: no GB2312 face (6,763 hanzi) is this small. */
const MIN_CJK_FONT_BYTES = 1024 * 1024;
const MAX_FILES = 4000;

interface SystemMatch {
  path: string;
  member?: string;
  official: boolean;
}

/** Index of the machine's font files: by file name first, by family name (name table) second. */
class SystemFontIndex {
  private readonly files: string[] = [];
  private readonly byName = new Map<string, string>();
  private namesRead = false;
  private readonly byFamily = new Map<string, { path: string; member: string }>();

  constructor(dirs: string[]) {
    for (const dir of dirs) this.walk(dir, 0);
  }

  private walk(dir: string, depth: number): void {
    if (depth > 5 || this.files.length >= MAX_FILES || !existsSync(dir)) return;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      if (FONT_EXT.test(name)) {
        this.files.push(p);
        if (!this.byName.has(name.toLowerCase())) this.byName.set(name.toLowerCase(), p);
      } else if (!name.includes('.')) {
        try {
          if (statSync(p).isDirectory()) this.walk(p, depth + 1);
        } catch {
          /* unreadable folder: skip */
        }
      }
    }
  }

  find(role: FontRole): SystemMatch | undefined {
    for (const c of SYSTEM_CANDIDATES[role]) {
      for (const f of c.files) {
        const path = this.byName.get(f.toLowerCase());
        if (path) return { path, official: c.official, ...(c.member && path.toLowerCase().endsWith('.ttc') ? { member: c.member } : {}) };
      }
      this.readNames();
      for (const fam of c.families) {
        const hit = this.byFamily.get(fam.toLowerCase());
        if (hit) return { path: hit.path, official: c.official, ...(hit.path.toLowerCase().endsWith('.ttc') ? { member: hit.member } : {}) };
      }
    }
    return undefined;
  }

  private readNames(): void {
    if (this.namesRead) return;
    this.namesRead = true;
    for (const path of this.files) {
      // every face looked for holds a Chinese character set (several MB): Windows' hundreds of Latin
      // fonts are skipped unread (a stat instead of an open and three reads each)
      if ((statSync(path, { throwIfNoEntry: false })?.size ?? 0) < MIN_CJK_FONT_BYTES) continue;
      for (const n of readFontNames(path)) {
        for (const fam of n.families) {
          const key = fam.toLowerCase();
          if (!this.byFamily.has(key)) this.byFamily.set(key, { path, member: n.postscriptName });
        }
      }
    }
  }
}
