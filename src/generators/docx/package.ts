//! The DOCX package (OPC): content types, relationships, styles, settings, font table and document properties
//! (dates from the caller, never the clock) around the document and footer parts, zipped in a fixed order with
//! one fixed timestamp. Parts that are the same in every document are built and deflated once per process.

import type { DocMeta } from '../../model/types.js';
import { fontTableEntries, type FontSet } from './fonts.js';
import { stylesXml } from './styles.js';
import { FIRST_LINE_INDENT } from './units.js';
import { W_NS, XML_DECL, el, escapeXml } from './xml.js';
import { deflateEntry, writeZip, type Deflated } from './zip.js';

/** W3CDTF without milliseconds: 2025-09-05T00:00:00Z. */
export function w3cdtf(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** docProps/core.xml: title, creator and fixed dates. */
export function coreXml(meta: DocMeta, created: Date): string {
  const date = w3cdtf(created);
  const creator = escapeXml(meta.issuer ?? '');
  return (
    XML_DECL +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(meta.title)}</dc:title>` +
    `<dc:subject>${escapeXml(meta.kind)}</dc:subject>` +
    `<dc:creator>${creator}</dc:creator>` +
    `<cp:lastModifiedBy>${creator}</cp:lastModifiedBy>` +
    '<cp:revision>1</cp:revision>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${date}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${date}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/** docProps/app.xml: the application name only (no version, so releases do not change the bytes). */
export function appXml(): string {
  return (
    XML_DECL +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ' +
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>dossier</Application></Properties>'
  );
}

/**
 * word/settings.xml: odd/even footers, no punctuation compression (keeps 28 characters a line, as our PDF),
 * East Asian layout rules, Chinese theme language; never w:updateFields.
 */
export function settingsXml(): string {
  const compat =
    el('w:spaceForUL') +
    el('w:balanceSingleByteDoubleByteWidth') +
    el('w:doNotLeaveBackslashAlone') +
    el('w:ulTrailSpace') +
    el('w:doNotExpandShiftReturn') +
    el('w:useFELayout') +
    el('w:compatSetting', { 'w:name': 'compatibilityMode', 'w:uri': 'http://schemas.microsoft.com/office/word', 'w:val': 15 });
  return (
    XML_DECL +
    el(
      'w:settings',
      { 'xmlns:w': W_NS },
      el('w:zoom', { 'w:percent': 100 }) +
        el('w:defaultTabStop', { 'w:val': FIRST_LINE_INDENT.twips }) +
        el('w:evenAndOddHeaders') +
        el('w:characterSpacingControl', { 'w:val': 'doNotCompress' }) +
        el('w:compat', {}, compat) +
        el('w:themeFontLang', { 'w:val': 'en-US', 'w:eastAsia': 'zh-CN' }) +
        el('w:decimalSymbol', { 'w:val': '.' }) +
        el('w:listSeparator', { 'w:val': ',' }),
    )
  );
}

/** word/fontTable.xml: every font with its GB2312 charset and, for *_GB2312 faces, the name to fall back to. */
export function fontTableXml(fonts: FontSet): string {
  const entries = fontTableEntries(fonts)
    .map((f) =>
      el(
        'w:font',
        { 'w:name': f.name },
        (f.altName ? el('w:altName', { 'w:val': f.altName }) : '') +
          el('w:charset', { 'w:val': f.eastAsian ? '86' : '00' }) +
          el('w:family', { 'w:val': f.eastAsian ? 'modern' : 'roman' }) +
          el('w:pitch', { 'w:val': f.eastAsian ? 'fixed' : 'variable' }),
      ),
    )
    .join('');
  return XML_DECL + el('w:fonts', { 'xmlns:w': W_NS }, entries);
}

const CT = 'application/vnd.openxmlformats-officedocument';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * Relationship id of footer `n` (0-based): footers start at rId6, where the docx library put them, so that
 * documents written before and after it was dropped stay alike (the reviewed golden records r:id). The fixed
 * parts take rId1–rId3; rId4 and rId5 are unused.
 */
export function footerRelId(n: number): string {
  return `rId${6 + n}`;
}

/** Path of footer `n` (0-based) inside the package. */
function footerPath(n: number): string {
  return `word/footer${n + 1}.xml`;
}

/** [Content_Types].xml for a document with `footerCount` footers. */
export function contentTypesXml(footerCount: number): string {
  const override = (part: string, type: string): string => `<Override PartName="/${part}" ContentType="${type}"/>`;
  let footers = '';
  for (let n = 0; n < footerCount; n++) footers += override(footerPath(n), `${CT}.wordprocessingml.footer+xml`);
  return (
    XML_DECL +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    override('word/document.xml', `${CT}.wordprocessingml.document.main+xml`) +
    override('word/styles.xml', `${CT}.wordprocessingml.styles+xml`) +
    override('word/settings.xml', `${CT}.wordprocessingml.settings+xml`) +
    override('word/fontTable.xml', `${CT}.wordprocessingml.fontTable+xml`) +
    footers +
    override('docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml') +
    override('docProps/app.xml', `${CT}.extended-properties+xml`) +
    '</Types>'
  );
}

/** _rels/.rels: the main document and the two property parts. */
export function packageRelsXml(): string {
  return (
    XML_DECL +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/>` +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
    `<Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/>` +
    '</Relationships>'
  );
}

/** word/_rels/document.xml.rels: styles, settings, font table and `footerCount` footers. */
export function documentRelsXml(footerCount: number): string {
  let footers = '';
  for (let n = 0; n < footerCount; n++) footers += `<Relationship Id="${footerRelId(n)}" Type="${REL}/footer" Target="footer${n + 1}.xml"/>`;
  return (
    XML_DECL +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="${REL}/styles" Target="styles.xml"/>` +
    `<Relationship Id="rId2" Type="${REL}/settings" Target="settings.xml"/>` +
    `<Relationship Id="rId3" Type="${REL}/fontTable" Target="fontTable.xml"/>` +
    footers +
    '</Relationships>'
  );
}

/** Deflated parts by content: styles, settings, footers, content types … are the same strings over and over. */
const deflated = new Map<string, Deflated>();
const encoder = new TextEncoder();

/** A part that recurs across documents (bounded cache: a process writes few distinct ones). */
function shared(xml: string): Deflated {
  let d = deflated.get(xml);
  if (d === undefined) {
    d = deflateEntry(encoder.encode(xml));
    if (deflated.size >= 512) deflated.clear();
    deflated.set(xml, d);
  }
  return d;
}

/** Font-dependent parts per font set (a build uses one). */
const fontParts = new Map<string, { styles: string; fontTable: string }>();

function fontPartsOf(fonts: FontSet): { styles: string; fontTable: string } {
  const key = JSON.stringify([fonts.roles, fonts.latin]);
  let p = fontParts.get(key);
  if (p === undefined) {
    p = { styles: stylesXml(fonts), fontTable: fontTableXml(fonts) };
    if (fontParts.size >= 16) fontParts.clear();
    fontParts.set(key, p);
  }
  return p;
}

const APP_XML = appXml();
const SETTINGS_XML = settingsXml();
const PACKAGE_RELS_XML = packageRelsXml();

/** What one document contributes to its package. */
export interface DocumentParts {
  meta: DocMeta;
  fonts: FontSet;
  /** word/document.xml */
  document: string;
  /** word/footerN.xml, N = index + 1 (relationship ids from footerRelId) */
  footers: readonly string[];
}

/** [Content_Types].xml first (some readers sniff it), then every other entry by name. */
function entryOrder(a: string, b: string): number {
  const rank = (n: string): number => (n === '[Content_Types].xml' ? 0 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The .docx bytes: every part, entries in a fixed order, each stamped `mtime`. */
export function packageDocx(d: DocumentParts, mtime: Date): Uint8Array {
  const { styles, fontTable } = fontPartsOf(d.fonts);
  const n = d.footers.length;
  const entries: [string, Uint8Array | Deflated][] = [
    ['[Content_Types].xml', shared(contentTypesXml(n))],
    ['_rels/.rels', shared(PACKAGE_RELS_XML)],
    ['docProps/app.xml', shared(APP_XML)],
    ['docProps/core.xml', encoder.encode(coreXml(d.meta, mtime))],
    ['word/_rels/document.xml.rels', shared(documentRelsXml(n))],
    ['word/document.xml', encoder.encode(d.document)],
    ['word/fontTable.xml', shared(fontTable)],
    ['word/settings.xml', shared(SETTINGS_XML)],
    ['word/styles.xml', shared(styles)],
    ...d.footers.map((xml, k) => [footerPath(k), shared(xml)] as [string, Deflated]),
  ];
  entries.sort((a, b) => entryOrder(a[0], b[0]));
  return writeZip(entries, mtime);
}
