//! writeDocx: DocModel → .docx bytes for Word and WPS (GB/T 9704 page, grid, styles, footers), deterministic:
//! the same Document and options always give the same bytes. Reads only the DocModel; knows no layout or PDF.
//! WordprocessingML is written directly as strings (ooxml.ts); no document library.

import type { FontRole } from '../../fonts/roles.js';
import type { Document } from '../../model/types.js';
import { buildSections } from './blocks.js';
import { resolveFontSet } from './fonts.js';
import { bodyXml, documentXml } from './ooxml.js';
import { footerRelId, packageDocx } from './package.js';
import { blankFooters, footers, sectionProperties } from './section.js';
import { markLoaded } from '../../util/loaded.js';

markLoaded('DOCX writer');

/** Options of writeDocx. */
export interface DocxOptions {
  /** 成文/生成 time written into docProps/core.xml and as every zip entry's timestamp (from workspace/clock.ts). */
  created: Date;
  /** Font names per role; default 方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体. */
  fontNames?: Partial<Record<FontRole, string>>;
  /** Latin letters and digits; default Times New Roman. */
  latinFont?: string;
}

/** Write `doc` as a .docx file. */
export async function writeDocx(doc: Document, opts: DocxOptions): Promise<Uint8Array> {
  const fonts = resolveFontSet(opts.fontNames, opts.latinFont);
  const sections = buildSections(doc, fonts);
  const footerParts: string[] = [];
  let body = '';
  sections.forEach((sec, i) => {
    const afterCover = i > 0 && sections[i - 1]?.cover === true && sec.cover !== true;
    const restart = afterCover || (sec.restart === true && sec.cover !== true);
    // a section without footer references inherits the previous one's (OOXML 17.10.5): write them only on change
    const own = sec.cover ? blankFooters() : i === 0 || afterCover ? footers(fonts) : undefined;
    let refs: { default: string; even: string } | undefined;
    if (own) {
      refs = { default: footerRelId(footerParts.length), even: footerRelId(footerParts.length + 1) };
      footerParts.push(own.default, own.even);
    }
    const sectPr = sectionProperties(sec.landscape, i === 0, restart, refs, { recto: sec.recto === true, form: sec.form !== undefined });
    // every section but the last ends in its last paragraph's w:pPr; the last one closes the body
    body += i < sections.length - 1 ? bodyXml(sec.children, sectPr) : bodyXml(sec.children) + sectPr;
  });
  return packageDocx({ meta: doc.meta, fonts, document: documentXml(body), footers: footerParts }, opts.created);
}
