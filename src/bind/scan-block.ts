//! The scans of a bound volume as one block of PDF objects numbered right after the writer's first two
//! (the page tree and the shared resources): every object the scans' pages use, already serialised, and
//! per scan page what its page dictionary keeps of its own. The block depends only on the scans (their
//! bytes, in order, and PDF/A), not on the documents around them, so the same scans give the same bytes
//! in every build: the build keeps the block (out/.dossier/cache/scans) and a volume bound again because
//! a document changed copies it instead of parsing its scans again — no pdf-lib at all. The pages
//! themselves are written here, each with its 页号 for the side of the sheet it is printed on.
//! Making a block (pdf-lib) is scans.ts.

import type { FontSet } from '../fonts/resolve.js';
import { encodeMatrixText } from '../generators/pdf/encode.js';
import type { PdfObjects } from '../generators/pdf/file.js';
import { hashJson } from '../util/hash.js';
import { scanPageNo } from './page-numbers.js';
import type { Side } from './sheets.js';

/** Bump when what a block holds or how it is made changes: an old block is then made again. */
const SCAN_BLOCK_FORMAT = 1;

/** What a scan page's dictionary keeps of its own; the Resources, Contents and Parent are put together when written. */
export interface ScanPageTemplate {
  /** the page dictionary's entries but /Resources, /Contents and /Parent (PDF syntax, latin1) */
  entries: string;
  /** its resources' entries but /Font */
  resources: string;
  /** its own font dictionary's entries */
  fonts: string;
  /** the font names it uses (ours are named apart) */
  fontNames: string[];
  /** its content streams (references into the block) */
  contents: string;
  /** media box and /Rotate, where the 页号 goes */
  box: { x0: number; y0: number; widthPt: number; heightPt: number };
  rotate: number;
}

/** One block: the objects `first`…, and the pages of each scan of the volume in order. */
export interface ScanBlock {
  key: string;
  first: number;
  /** [object number, serialised body (`<<…>>` or `<<…>> stream … endstream`), is a stream] */
  objects: [number, Uint8Array, boolean][];
  /** per scan of the volume (in the order of its items), its pages */
  scans: ScanPageTemplate[][];
}

/** One scan of the volume, as the block is keyed and made from it. */
export interface ScanSource {
  /** content hash of the file (undefined: not known, so the block is not kept) */
  sha256?: string;
  kind: 'pdf' | 'image';
  pages: number;
}

/** The key of a volume's block: its scans in order, PDF/A, and where the block starts; undefined: not keepable. */
export function scanBlockKey(scans: readonly ScanSource[], pdfa: boolean, first: number): string | undefined {
  if (scans.some((s) => s.sha256 === undefined)) return undefined;
  return hashJson({ format: SCAN_BLOCK_FORMAT, first, pdfa, scans: scans.map((s) => [s.sha256, s.kind, s.pages]) });
}

/** Writes the block's objects (the writer has allocated nothing past `first - 1` yet). */
export function writeScanObjects(w: PdfObjects, block: ScanBlock): void {
  if (w.nextNumber !== block.first) throw new Error(`bug: scan block made for object ${block.first}, writer at ${w.nextNumber}`);
  const last = block.objects.reduce((m, [n]) => Math.max(m, n), block.first - 1);
  w.reserveTo(last);
  for (const [n, body, isStream] of block.objects) w.raw(n, body, isStream);
}

const latin1 = (s: string): Uint8Array => Buffer.from(s, 'latin1');

/** One scan page as the next page of the file, its 页号 `pageNo` drawn for `side` of its sheet in fonts named apart from its own. */
export function writeScanPage(w: PdfObjects, p: ScanPageTemplate, pageNo: number, side: Side, fonts: FontSet): void {
  const stamp = scanPageNo(pageNo, side, p.box, p.rotate, fonts);
  let prefix = 'DsF';
  while (p.fontNames.some((n) => n.startsWith(prefix))) prefix += 'x';
  const text = encodeMatrixText([stamp], fonts, (fi) => `/${prefix}${fi}`);
  const ours = [...text.glyphs.keys()].map((fi) => `/${prefix}${fi} ${w.fontRef(fi)} 0 R`).join(' ');
  const stampRef = w.alloc();
  w.stream(stampRef, ' /Filter /FlateDecode', text.data);
  w.useGlyphs(text.glyphs);
  // its own content wrapped in q … Q, then the stamp
  const contents = `[${w.saveRestore('q')} 0 R ${p.contents} ${w.saveRestore('Q')} 0 R ${stampRef} 0 R]`;
  const page = w.alloc();
  w.raw(page, latin1(`<<${p.entries} /Resources <<${p.resources} /Font <<${p.fonts} ${ours}>>>> /Contents ${contents} /Parent ${w.pagesRef} 0 R>>`), false);
  w.addPageRef(page);
}
