//! CFF (OpenType/CFF, here a TTC member) faces: the writer embeds a CID-keyed CFF subset that keeps the
//! face's glyph ids (FontFile3 /CIDFontType0C), so the content streams drawn with glyph ids stay valid. Read
//! back: every glyph extracts to its text, poppler names the font as an embedded CID Type 0C subset and
//! draws its glyphs. Uses the machine's Noto Serif CJK (fonts-noto-cjk), as CI has it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFonts } from '../../src/fonts/resolve.js';
import { writePdf } from '../../src/generators/pdf/write.js';
import { layoutDocument } from '../../src/layout/index.js';
import { needs, skipWithout } from '../helpers/ci.js';
import { docOf, para } from '../helpers/pdf-docs.js';
import { linesOf, readPdfText } from '../helpers/pdf-read.js';

const TTC = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';
const TEXT = '为进一步加强全镇人口和计划生育工作，落实目标管理责任制，经镇党委、镇政府研究决定，现将有关事项通知如下。';
const dir = mkdtempSync(path.join(tmpdir(), 'dossier-cff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(skipWithout(`the CFF font ${TTC} (fonts-noto-cjk)`, existsSync(TTC)))('CFF subset embedding', () => {
  needs(`the CFF font ${TTC}（fonts-noto-cjk）`, existsSync(TTC));
  let file = '';
  let reference = '';
  beforeAll(async () => {
    // the same text in the bundled TrueType serif: what a correct rendering roughly looks like
    const ttf = await loadFonts({ searchSystem: false });
    reference = path.join(dir, 'ttf.pdf');
    writeFileSync(reference, await writePdf(layoutDocument(docOf([para(TEXT.repeat(3))]), ttf), ttf, { created: new Date('2025-01-01T00:00:00Z') }));
    const fonts = await loadFonts({ searchSystem: false, overrides: { fangsong: `${TTC}#NotoSerifCJKsc-Regular` } });
    expect(fonts.faces.fangsong.member).toBe('NotoSerifCJKsc-Regular');
    file = path.join(dir, 'cff.pdf');
    writeFileSync(file, await writePdf(layoutDocument(docOf([para(TEXT.repeat(3))]), fonts), fonts, { created: new Date('2025-01-01T00:00:00Z') }));
  }, 60_000);

  it('extracts exactly the text', async () => {
    const pages = await readPdfText(new Uint8Array(readFileSync(file)));
    expect(pages.flatMap((p) => linesOf(p).filter((l) => Math.abs(l.sizePt - 16) < 0.01).map((l) => l.text)).join('')).toBe(TEXT.repeat(3));
  });

  it('embeds a tagged CID Type 0C subset, and poppler draws its glyphs', () => {
    const fonts = spawnSync('pdffonts', [file], { encoding: 'utf8' }).stdout;
    expect(fonts).toMatch(/^[A-Z]{6}\+NotoSerifCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes yes yes/m);
    const ink = (pdf: string): number => {
      const ppm = spawnSync('pdftoppm', ['-r', '60', '-gray', '-f', '1', '-l', '1', pdf], { encoding: 'buffer', maxBuffer: 1 << 26 });
      expect(ppm.status).toBe(0);
      expect(ppm.stderr.toString()).toBe('');
      return [...ppm.stdout.subarray(ppm.stdout.length - 496 * 702)].filter((v) => v < 160).length;
    };
    // as much ink as the same text in a TrueType serif (blank or .notdef glyphs would be far off)
    const ratio = ink(file) / ink(reference);
    expect(ratio).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(1.4);
  });
});
