//! PDF/A-2b at save time, the one hook a PDF writer calls instead of `doc.save()`: subset tags from content,
//! then (with `pdfa`) the OutputIntent and an XMP packet mirroring the Info dictionary, then the trailer /ID
//! from the saved bytes. Without `pdfa` a file loaded with those marks loses them: never a false claim.
import { PDFHexString, PDFName, PDFRef, PDFString, type PDFDocument } from 'pdf-lib';
import { placeholderId, stampId } from './ids.js';
import { addOutputIntent, removeOutputIntent } from './output-intent.js';
import { contentSubsetTags } from './subset-tags.js';
import { xmpPacket, type XmpFields } from './xmp.js';

export { srgbProfile, SRGB_DESCRIPTION } from './icc.js';
export { xmpPacket, xmpDate, type XmpFields } from './xmp.js';

export interface FinishOptions {
  /** write PDF/A-2b (dossier.yaml `pdfa`, default true); false: plain PDF, any PDF/A marks removed */
  pdfa: boolean;
}

const METADATA = PDFName.of('Metadata');

/** The Info dictionary (and catalog /Lang) as XMP fields: the one source, so both always agree. */
export function infoFields(doc: PDFDocument): XmpFields {
  const f: XmpFields = {};
  const set = <K extends keyof XmpFields>(k: K, v: XmpFields[K] | undefined): void => {
    if (v !== undefined) f[k] = v;
  };
  set('title', doc.getTitle());
  set('author', doc.getAuthor());
  set('subject', doc.getSubject());
  set('keywords', doc.getKeywords());
  set('creator', doc.getCreator());
  set('producer', doc.getProducer());
  set('created', doc.getCreationDate());
  set('modified', doc.getModificationDate());
  const lang = doc.catalog.lookup(PDFName.of('Lang'));
  if (lang instanceof PDFString || lang instanceof PDFHexString) f.language = lang.decodeText();
  return f;
}

/** Everything PDF/A needs in the document before it is serialised (fonts must be embedded: see savePdf). */
export function finishPdf(doc: PDFDocument, opts: FinishOptions): void {
  contentSubsetTags(doc);
  // a loaded file's packet (a volume whose scans are placed after it was written) is replaced, not orphaned
  const old = doc.catalog.get(METADATA);
  if (old instanceof PDFRef) doc.context.delete(old);
  if (opts.pdfa) {
    addOutputIntent(doc);
    const xmp = doc.context.stream(xmpPacket(infoFields(doc), { part: 2, conformance: 'B' }), { Type: 'Metadata', Subtype: 'XML' });
    doc.catalog.set(METADATA, doc.context.register(xmp));
  } else {
    removeOutputIntent(doc);
    doc.catalog.delete(METADATA);
  }
  placeholderId(doc);
}

/** Saves a document as our writers do: fonts embedded, PDF/A finish, object streams, content-derived /ID. */
export async function savePdf(doc: PDFDocument, opts: FinishOptions): Promise<Uint8Array> {
  await doc.flush();
  finishPdf(doc, opts);
  return stampId(await doc.save({ useObjectStreams: true, objectsPerTick: Number.POSITIVE_INFINITY }));
}

