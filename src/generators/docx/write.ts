//! writeDocx: DocModel → .docx bytes for Word and WPS (GB/T 9704 page, grid, styles, footers), deterministic:
//! the same Document and options always give the same bytes. Reads only the DocModel; knows no layout or PDF.

import { Document as DocxDocument, Packer } from 'docx';
import type { FontRole } from '../../fonts/roles.js';
import type { Document } from '../../model/types.js';
import { buildSections } from './blocks.js';
import { resolveFontSet } from './fonts.js';
import { ownParts, repackage } from './package.js';
import { blankFooters, footers, sectionProperties } from './section.js';

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
  const docx = new DocxDocument({
    evenAndOddHeaderAndFooters: true,
    sections: sections.map((sec, i) => {
      const afterCover = i > 0 && sections[i - 1]?.cover === true && sec.cover !== true;
      // a section without footer references inherits the previous one's (OOXML 17.10.5): write them only on change
      const own = sec.cover ? blankFooters() : i === 0 || afterCover ? footers(fonts) : undefined;
      return {
        properties: sectionProperties(sec.landscape, i === 0, afterCover),
        ...(own ? { footers: own } : {}),
        children: sec.children,
      };
    }),
  });
  return repackage(await compiledParts(docx), ownParts(doc.meta, fonts, opts.created), opts.created);
}

/** Registry entry: the DOCX writer reads the DocModel (not the laid-out pages). */
export const DOCX_WRITER = {
  format: 'docx',
  input: 'model',
  extension: '.docx',
  write: writeDocx,
} as const;

/** The document's parts (path → XML or bytes) straight from docx's compiler, skipping its zip step
 *  (we zip deterministically ourselves; zipping twice cost half the DOCX time). Falls back to the
 *  public Packer when the internal compiler is not where docx 9 keeps it. */
async function compiledParts(docx: DocxDocument): Promise<ReadonlyMap<string, string | Uint8Array> | Uint8Array> {
  const compiler = (Packer as unknown as { compiler?: { compile?: (file: DocxDocument, prettify: unknown, overrides: unknown[]) => unknown } }).compiler;
  const parts = compiler?.compile?.(docx, undefined, []);
  if (parts instanceof Map && [...parts.values()].every((v) => typeof v === 'string' || v instanceof Uint8Array)) return parts as Map<string, string | Uint8Array>;
  return new Uint8Array(await Packer.toBuffer(docx));
}
