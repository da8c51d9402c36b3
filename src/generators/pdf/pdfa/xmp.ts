//! The XMP metadata packet of a PDF/A file (ISO 19005-2 6.6): pdfaid part and conformance, and the Dublin
//! Core, XMP basic and Adobe PDF properties that mirror the Info dictionary entry for entry (6.6.3).
//! Plain string building: the packet is small and its shape fixed.

/** What the packet says; every field mirrors the Info dictionary entry named beside it. */
export interface XmpFields {
  /** Title → dc:title */
  title?: string;
  /** Author → dc:creator (one entry) */
  author?: string;
  /** Subject → dc:description */
  subject?: string;
  /** Keywords → pdf:Keywords */
  keywords?: string;
  /** Creator → xmp:CreatorTool */
  creator?: string;
  /** Producer → pdf:Producer */
  producer?: string;
  /** CreationDate → xmp:CreateDate */
  created?: Date;
  /** ModDate → xmp:ModifyDate (and xmp:MetadataDate) */
  modified?: Date;
  /** the catalog's /Lang → dc:language */
  language?: string;
}

export interface PdfAIdentification {
  part: 2;
  conformance: 'B';
}

/** The fixed packet id of XMP (XMP Specification Part 1, 7.3.2). */
const PACKET_ID = 'W5M0MpCehiHzreSzNTczkc9d';

function esc(s: string): string {
  // characters XML 1.0 cannot carry at all are dropped; the rest escaped
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** ISO 8601 as XMP writes dates, in UTC to the second: the same instant as the Info dictionary's D:…Z. */
export function xmpDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The packet as UTF-8 bytes (the metadata stream is stored unfiltered, ISO 19005-2 6.6.2.1). */
export function xmpPacket(f: XmpFields, id: PdfAIdentification): Uint8Array {
  const props: string[] = [`<pdfaid:part>${id.part}</pdfaid:part>`, `<pdfaid:conformance>${id.conformance}</pdfaid:conformance>`, '<dc:format>application/pdf</dc:format>'];
  const alt = (name: string, v: string) => `<${name}><rdf:Alt><rdf:li xml:lang="x-default">${esc(v)}</rdf:li></rdf:Alt></${name}>`;
  if (f.title !== undefined) props.push(alt('dc:title', f.title));
  if (f.author !== undefined) props.push(`<dc:creator><rdf:Seq><rdf:li>${esc(f.author)}</rdf:li></rdf:Seq></dc:creator>`);
  if (f.subject !== undefined) props.push(alt('dc:description', f.subject));
  if (f.language !== undefined) props.push(`<dc:language><rdf:Bag><rdf:li>${esc(f.language)}</rdf:li></rdf:Bag></dc:language>`);
  if (f.keywords !== undefined) props.push(`<pdf:Keywords>${esc(f.keywords)}</pdf:Keywords>`);
  if (f.producer !== undefined) props.push(`<pdf:Producer>${esc(f.producer)}</pdf:Producer>`);
  if (f.creator !== undefined) props.push(`<xmp:CreatorTool>${esc(f.creator)}</xmp:CreatorTool>`);
  if (f.created) props.push(`<xmp:CreateDate>${xmpDate(f.created)}</xmp:CreateDate>`);
  if (f.modified) props.push(`<xmp:ModifyDate>${xmpDate(f.modified)}</xmp:ModifyDate>`, `<xmp:MetadataDate>${xmpDate(f.modified)}</xmp:MetadataDate>`);
  const xml =
    `<?xpacket begin="\ufeff" id="${PACKET_ID}"?>\n` +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n' +
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n' +
    '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">\n' +
    props.join('\n') +
    '\n</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n' +
    '<?xpacket end="w"?>';
  return new TextEncoder().encode(xml);
}
