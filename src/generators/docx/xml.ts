//! The DOCX writer's one XML emitter: escaping for text and attribute values, and `el`, which every part
//! (document, footers, styles, settings, font table, properties) is written with — attributes in the order
//! given, undefined ones left out, an element without children self-closed.

/** Characters that need an entity, plus those XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE, U+FFFF). */
const SPECIAL = /[&<>"'\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const SPECIAL_ALL = new RegExp(SPECIAL.source, 'g');
const ENTITY: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Escape text and attribute values (all five entities, so one function serves both); characters XML cannot
 * carry are dropped, as the docx library did. Most strings need nothing: they are returned as they are.
 */
export function escapeXml(s: string): string {
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, (c) => ENTITY[c] ?? '') : s;
}

/** `<w:name a="1" b="2"/>` with attributes in the given order; undefined attributes are left out. */
export function el(name: string, attrs?: Readonly<Record<string, string | number | undefined>>, children = ''): string {
  let a = '';
  if (attrs) for (const k in attrs) {
    const v = attrs[k];
    if (v !== undefined) a += ` ${k}="${typeof v === 'number' ? v : escapeXml(v)}"`;
  }
  return children === '' ? `<${name}${a}/>` : `<${name}${a}>${children}</${name}>`;
}

export const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
export const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
export const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
