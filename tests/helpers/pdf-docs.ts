//! Test helper: DocModels built directly (no renderer) and a cached bundled-only FontSet.

import { loadFonts, type FontSet } from '../../src/fonts/resolve.js';
import { lowerDocument } from '../../src/model/lower.js';
import type { SourceBlock } from '../../src/model/source.js';
import type { Document } from '../../src/model/types.js';

let fontsPromise: Promise<FontSet> | undefined;
/** Bundled fonts only, so results do not depend on the machine. */
export function testFonts(): Promise<FontSet> {
  fontsPromise ??= loadFonts({ searchSystem: false });
  return fontsPromise;
}

export const para = (text: string, indent = true): SourceBlock => ({ t: 'para', indent, content: [{ t: 'text', text }] });

/** A document of source blocks, composed by the lowering pass as the renderer does. */
export function docOf(blocks: SourceBlock[], title = '测试文档', kind = '通知'): Document {
  return lowerDocument({ meta: { kind, title, header: false }, blocks, src: { file: 'tests/pdf/fixture.md', line: 1 } });
}

/** Pure-CJK text without punctuation: every full line holds exactly 28 characters. */
export function hanText(n: number, seed = 1): string {
  let s = '';
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += String.fromCodePoint(0x4e00 + (x % 0x5000));
  }
  return s;
}

/** GB 2312 level-1 Hanzi (rows 0xB0–0xD7, 3,755 characters), decoded with TextDecoder('gbk'). */
export function gb2312Level1(): string {
  const dec = new TextDecoder('gbk');
  let s = '';
  for (let hi = 0xb0; hi <= 0xd7; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      if (hi === 0xd7 && lo > 0xf9) continue;
      s += dec.decode(new Uint8Array([hi, lo]));
    }
  }
  return s;
}

/** Chinese punctuation (GB/T 15834) as used in 公文. */
export const CHINESE_PUNCTUATION = '。，、；：？！“”‘’（）〔〕【】《》〈〉「」『』…—～·';
