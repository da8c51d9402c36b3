//! The PDF/A OutputIntent (ISO 19005-2 6.2.3): /GTS_PDFA1 with our sRGB profile, embedded once per file.
//! Every colour we draw is DeviceRGB or DeviceGray, which this intent makes device-independent (6.2.4.3).
import { deflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFRef, PDFString, type PDFDocument } from 'pdf-lib';
import { srgbProfile, SRGB_DESCRIPTION } from './icc.js';

let deflated: Uint8Array | undefined;
/** The profile compressed once per process (it is the same in every file). */
function deflatedProfile(): Uint8Array {
  deflated ??= new Uint8Array(deflateSync(srgbProfile(), { level: 9 }));
  return deflated;
}

const OUTPUT_INTENTS = PDFName.of('OutputIntents');

/** True when the catalog already carries a /GTS_PDFA1 output intent. */
export function hasPdfAIntent(doc: PDFDocument): boolean {
  const intents = doc.catalog.lookup(OUTPUT_INTENTS);
  if (!(intents instanceof PDFArray)) return false;
  return intents.asArray().some((i) => {
    const d = doc.context.lookup(i);
    return d instanceof PDFDict && d.lookup(PDFName.of('S')) === PDFName.of('GTS_PDFA1');
  });
}

/** Sets the catalog's OutputIntents to our one sRGB intent (a loaded file's own intents are replaced). */
export function addOutputIntent(doc: PDFDocument): void {
  if (hasPdfAIntent(doc)) return;
  const ctx = doc.context;
  const profile = ctx.register(ctx.stream(deflatedProfile(), { N: 3, Filter: 'FlateDecode' }));
  const intent = ctx.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of(SRGB_DESCRIPTION),
    Info: PDFString.of(SRGB_DESCRIPTION),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: profile,
  });
  doc.catalog.set(OUTPUT_INTENTS, ctx.obj([ctx.register(intent)]));
}

/** Takes a PDF/A output intent away (a file that is written as plain PDF). */
export function removeOutputIntent(doc: PDFDocument): void {
  const intents = doc.catalog.lookup(OUTPUT_INTENTS);
  if (intents instanceof PDFArray)
    for (const i of intents.asArray()) {
      const d = doc.context.lookup(i);
      const profile = d instanceof PDFDict ? d.get(PDFName.of('DestOutputProfile')) : undefined;
      if (profile instanceof PDFRef) doc.context.delete(profile);
      if (i instanceof PDFRef) doc.context.delete(i);
    }
  doc.catalog.delete(OUTPUT_INTENTS);
}
