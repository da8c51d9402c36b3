//! FontFace: one font file (or TTC member) with cached glyph metrics (no PDF). The file is read on first
//! use: naming a face (its id, family, PostScript name) costs only a read of its name table, so a build that
//! lays nothing out never loads fonts. Glyphs and metrics come from our own reader of the font's tables
//! (sfnt.ts); fontkit is loaded only for what that reader does not do (a font without a Unicode cmap of
//! format 4 or 12; subsetting CFF outlines). Stateful only as a cache; shared by every document of the process.

import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { BroadcastChannel } from 'node:worker_threads';
import { fontkit, type FontkitFont } from './fontkit.js';
import { Sfnt } from './sfnt.js';
import { readFontNames, readFontNamesFromBytes, type FontNames } from './names.js';

/** Where a face's bytes come from (a file path, or bytes a packaged program carries). */
export interface FaceSource {
  path: string;
  /** PostScript name of the TTC member to use (first member when absent) */
  member?: string;
  /** the file's bytes, when not read from `path` */
  read?: () => Buffer;
}

/** 字体文件: a font with the metrics layout needs, parsed lazily. */
export class FontFace {
  /** stable id: file path plus TTC member (if any) */
  readonly id: string;
  readonly path: string;
  /** PostScript name of the TTC member, when the file is a collection */
  readonly member: string | undefined;
  readonly family: string;
  readonly postscriptName: string;
  private readonly read: () => Buffer;
  /** position of the member in a TTC (0 for a single font) */
  private readonly memberIndex: number;
  private parsedBytes: Buffer | undefined;
  private parsedSfnt: Sfnt | undefined;
  /** the font's cmap could not be read by sfnt.ts: fontkit answers glyph lookups */
  private viaFontkit = false;
  private parsedFont: FontkitFont | undefined;
  private readonly hasCache = new Map<number, boolean>();
  private readonly advanceCache = new Map<number, number>();
  private readonly gidCache = new Map<number, number>();
  private fp: string | undefined;

  /**
   * `names`: the file's fonts as its name table lists them (readFontNames); read here when not given.
   * Throws when the file is not a font (no name table): callers treat that as an unusable file.
   */
  constructor(source: FaceSource, names?: readonly FontNames[]) {
    this.path = source.path;
    this.read = source.read ?? (() => readFontFile(source.path));
    // a font not on disk (inside dossier.exe) is read whole for its names (and kept)
    if (source.read) this.parsedBytes = source.read();
    const list = names ?? (this.parsedBytes ? readFontNamesFromBytes(this.parsedBytes) : readFontNames(source.path));
    const collection = list.length > 1 || list[0]?.collection === true;
    const chosen = source.member ? list.find((n) => n.postscriptName === source.member) : list[0];
    if (!chosen) throw new Error(`not a usable font file: ${source.path}${source.member ? `#${source.member}` : ''}`);
    this.member = collection ? chosen.postscriptName : undefined;
    this.memberIndex = Math.max(0, list.indexOf(chosen));
    this.id = this.member ? `${source.path}#${this.member}` : source.path;
    this.family = chosen.family ?? chosen.families[0] ?? chosen.postscriptName;
    this.postscriptName = chosen.postscriptName;
  }

  /** The font file's bytes (the whole file for a TTC). */
  get bytes(): Buffer {
    this.parsedBytes ??= this.read();
    return this.parsedBytes;
  }

  /** The font's tables, read on first use. */
  get sfnt(): Sfnt {
    if (!this.parsedSfnt) {
      const offsets = Sfnt.memberOffsets(this.bytes);
      this.parsedSfnt = new Sfnt(this.bytes, offsets[this.memberIndex] ?? 0);
      // a font whose Unicode cmap this reader cannot use: fontkit maps its characters
      this.viaFontkit = this.parsedSfnt.glyphId(0x4e00) === 0 && this.parsedSfnt.glyphId(0x41) === 0;
    }
    return this.parsedSfnt;
  }

  /** The parsed font (fontkit), on first use: only for CFF subsetting and fonts sfnt.ts cannot map. */
  get font(): FontkitFont {
    if (!this.parsedFont) {
      const parsed = fontkit.create(this.bytes);
      this.parsedFont = 'fonts' in parsed ? pickMember(parsed.fonts, this.member) : parsed;
    }
    return this.parsedFont;
  }

  /** The file's size and modification time: part of every cache key made from this face. */
  get fingerprint(): string {
    if (this.fp === undefined) {
      try {
        const st = statSync(this.path);
        this.fp = `${st.size}:${Math.round(st.mtimeMs)}`;
      } catch {
        this.fp = '';
      }
    }
    return this.fp;
  }

  /** Whether the font has been read and parsed (DOSSIER_TRACE reports font loading). */
  get loaded(): boolean {
    return this.parsedSfnt !== undefined;
  }

  /** Whether the font maps this code point to a real glyph. */
  hasChar(codePoint: number): boolean {
    const cached = this.hasCache.get(codePoint);
    if (cached !== undefined) return cached;
    const has = this.glyphId(codePoint) !== 0;
    this.hasCache.set(codePoint, has);
    return has;
  }

  /** Advance width of a code point in em (1 = the font size). */
  advanceEm(codePoint: number): number {
    let adv = this.advanceCache.get(codePoint);
    if (adv === undefined) {
      const s = this.sfnt;
      adv = s.advance(this.glyphId(codePoint)) / s.unitsPerEm;
      this.advanceCache.set(codePoint, adv);
    }
    return adv;
  }

  /** The glyph id the font's cmap gives a code point (0, .notdef, when it has none). */
  glyphId(codePoint: number): number {
    let gid = this.gidCache.get(codePoint);
    if (gid === undefined) {
      const s = this.sfnt;
      gid = this.viaFontkit ? this.font.glyphForCodePoint(codePoint).id : s.glyphId(codePoint);
      this.gidCache.set(codePoint, gid);
    }
    return gid;
  }
}

/**
 * Font files' bytes, read once per process rather than once per thread: into memory the build's threads
 * share (a SharedArrayBuffer each), handed to a worker as it starts and told to the other threads as
 * read. A build's faces are about 40 MB (the bundled Noto, or Windows' SimSun, SimHei …), which every
 * worker thread used to hold a copy of.
 */
const fontFiles = new Map<string, SharedArrayBuffer>();
let fontFileChannel: BroadcastChannel | undefined;

/**
 * From now on this thread takes the font files the build's other threads read, and tells them those it
 * reads; `known`: those read before this thread started (a worker's, from the pool). Returns what this
 * thread has read so far (for the workers the pool starts).
 */
export function shareFontFiles(known?: ReadonlyMap<string, SharedArrayBuffer>): ReadonlyMap<string, SharedArrayBuffer> {
  for (const [path, bytes] of known ?? []) if (!fontFiles.has(path)) fontFiles.set(path, bytes);
  if (!fontFileChannel) {
    fontFileChannel = new BroadcastChannel('dossier: font files');
    fontFileChannel.unref();
    fontFileChannel.onmessage = (e: unknown) => {
      const { path, bytes } = (e as { data: { path: string; bytes: SharedArrayBuffer } }).data;
      if (!fontFiles.has(path)) fontFiles.set(path, bytes);
    };
  }
  return fontFiles;
}

/** A font file's bytes: as another thread (or this one) read them, or read now and told to the others. */
function readFontFile(path: string): Buffer {
  let bytes = fontFiles.get(path);
  if (!bytes) {
    bytes = readShared(path);
    fontFiles.set(path, bytes);
    fontFileChannel?.postMessage({ path, bytes });
  }
  return Buffer.from(bytes);
}

function readShared(path: string): SharedArrayBuffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = new SharedArrayBuffer(size);
    const view = new Uint8Array(bytes);
    let done = 0;
    while (done < size) {
      const n = readSync(fd, view, done, size - done, done);
      if (n === 0) break;
      done += n;
    }
    return done === size ? bytes : bytes.slice(0, done);
  } finally {
    closeSync(fd);
  }
}

function pickMember(fonts: FontkitFont[], member: string | undefined): FontkitFont {
  const chosen = member ? fonts.find((f) => f.postscriptName === member) : fonts[0];
  if (!chosen) throw new Error(`font collection has no member ${member ?? ''}`);
  return chosen;
}
