//! Font embedding for the PDF writer: pdf-lib + @foliojs-fork/fontkit (correct CJK subsets, toolchain.md §2),
//! one subset per face and document, deterministic subset tags (ABCDEF+Name), TTC members picked.

import { fontkit, type FontkitFont, type FontkitGlyph } from '../../fonts/fontkit.js';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import type { FontFace, FontSet } from '../../fonts/resolve.js';

type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];

const unshapedFonts = new WeakMap<FontkitFont, FontkitFont>();

/**
 * The font as pdf-lib sees it: `layout` maps each code point through the cmap and nothing more.
 * Our layout engine measured every character by its own glyph's advance (src/fonts/face.ts), on a
 * character grid with our own spacing, so the PDF must show exactly those glyphs: full OpenType
 * shaping (fontkit's default for pdf-lib) would form Latin ligatures and kerning the layout never
 * measured — and it cost a third of the PDF writer's time.
 */
function unshaped(font: FontkitFont): FontkitFont {
  let u = unshapedFonts.get(font);
  if (!u) {
    const wrapper = Object.create(font) as FontkitFont & { layout: FontkitFont['layout'] };
    const glyphs = new Map<number, FontkitGlyph>();
    Object.defineProperty(wrapper, 'layout', {
      value: (text: string) => {
        const run: FontkitGlyph[] = [];
        for (const ch of text) {
          const cp = ch.codePointAt(0) ?? 0;
          let g = glyphs.get(cp);
          if (!g) {
            g = font.glyphForCodePoint(cp);
            glyphs.set(cp, g);
          }
          run.push(g);
        }
        return { glyphs: run, positions: run.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 })) };
      },
    });
    // fontkit's TTF subsetter decodes every glyph's outline (only to find composite glyphs) once per
    // document; the decoded header is the same every time, so keep it on the process-wide glyph.
    Object.defineProperty(wrapper, 'getGlyph', {
      value: (id: number, codePoints?: number[]) => {
        const g = font.getGlyph(id, codePoints) as FontkitGlyph & { _decode?: () => unknown; __decoded?: true };
        if (typeof g._decode === 'function' && !g.__decoded) {
          const decoded = g._decode();
          Object.defineProperty(g, '_decode', { value: () => decoded });
          Object.defineProperty(g, '__decoded', { value: true });
        }
        return g;
      },
    });
    u = wrapper;
    unshapedFonts.set(font, u);
  }
  return u;
}

/**
 * A fontkit for pdf-lib that hands back the FontSet's already parsed font (tables such as cmap and GSUB
 * are parsed once per process, not once per document) and opens the right member of a TTC.
 */
function fontkitFor(parsedFonts: WeakMap<Uint8Array, FontkitFont>, members: WeakMap<Uint8Array, string>): PdfLibFontkit {
  const adapter = {
    create(data: Uint8Array): FontkitFont {
      const known = parsedFonts.get(data);
      if (known) return unshaped(known);
      const parsed = fontkit.create(data);
      if (!('fonts' in parsed)) return unshaped(parsed);
      const member = members.get(data);
      const font = parsed.fonts.find((f) => f.postscriptName === member) ?? parsed.fonts[0];
      if (!font) throw new Error('empty font collection');
      return unshaped(font);
    },
  };
  // pdf-lib declares its own structural Fontkit type; the fork satisfies it at run time.
  return adapter as unknown as PdfLibFontkit;
}

/** Six capital letters from a number: the PDF subset tag (ISO 32000 9.6.4). */
function subsetTag(n: number): string {
  let s = '';
  let v = n + 0x2d1b; // arbitrary fixed offset so tags look like tags, still deterministic
  for (let i = 0; i < 6; i++) {
    s = String.fromCharCode(65 + (v % 26)) + s;
    v = Math.floor(v / 26);
  }
  return s;
}

/** Lazily embeds each face once per document, in first-use order. */
export class FontEmbedder {
  private readonly embedded = new Map<string, Promise<PDFFont>>();
  private readonly members = new WeakMap<Uint8Array, string>();
  private readonly parsed = new WeakMap<Uint8Array, FontkitFont>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly fonts: FontSet,
  ) {
    doc.registerFontkit(fontkitFor(this.parsed, this.members));
  }

  font(faceId: string): Promise<PDFFont> {
    let p = this.embedded.get(faceId);
    if (!p) {
      const face: FontFace | undefined = this.fonts.face(faceId);
      if (!face) throw new Error(`font face not in FontSet: ${faceId}`);
      if (face.member) this.members.set(face.bytes, face.member);
      this.parsed.set(face.bytes, face.font);
      const name = `${subsetTag(this.embedded.size)}+${face.postscriptName.replace(/[^\x21-\x7e]|[()<>[\]{}/%#]/g, '')}`;
      p = this.doc.embedFont(face.bytes, { subset: true, customName: name });
      this.embedded.set(faceId, p);
    }
    return p;
  }
}
