//! Re-packages the docx Packer output deterministically: our own styles, settings, font table and document
//! properties (dates from the caller, never the clock), entries in a fixed order with one fixed timestamp.

import type { DocMeta } from '../../model/types.js';
import { fontTableEntries, type FontSet } from './fonts.js';
import { stylesXml } from './styles.js';
import { FIRST_LINE_INDENT } from './units.js';
import { W_NS, XML_DECL, el, escapeXml } from './xml.js';
import { readZip, writeZip } from './zip.js';

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

/** Parts we write ourselves, by path. */
export function ownParts(meta: DocMeta, fonts: FontSet, created: Date): Map<string, string> {
  return new Map([
    ['docProps/core.xml', coreXml(meta, created)],
    ['docProps/app.xml', appXml()],
    ['word/settings.xml', settingsXml()],
    ['word/styles.xml', stylesXml(fonts)],
    ['word/fontTable.xml', fontTableXml(fonts)],
  ]);
}

/** [Content_Types].xml first (some readers sniff it), then every other entry by name. */
function entryOrder(a: string, b: string): number {
  const rank = (n: string): number => (n === '[Content_Types].xml' ? 0 : 1);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The packed docx with `parts` replaced, re-zipped in a fixed order with every entry stamped `mtime`. */
export function repackage(packed: Uint8Array | ReadonlyMap<string, string | Uint8Array>, parts: ReadonlyMap<string, string>, mtime: Date): Uint8Array {
  const enc = new TextEncoder();
  const files =
    packed instanceof Uint8Array ? readZip(packed) : new Map([...packed].map(([k, v]) => [k.replace(/^\//, ''), typeof v === 'string' ? enc.encode(v) : v] as const));
  for (const [path, xml] of parts) files.set(path, enc.encode(xml));
  const names = [...files.keys()].sort(entryOrder);
  return writeZip(
    names.map((n) => [n, files.get(n) as Uint8Array] as const),
    mtime,
  );
}
