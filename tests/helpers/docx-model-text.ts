//! The strings a DocModel must print, in reading order, for the DOCX text round-trip test.
//! Written per block type from the DocModel contract, independently of the writer.

import type { Block, Document, Inline } from '../../src/model/types.js';

function inlineStrings(inlines: readonly Inline[]): string[] {
  return inlines.flatMap((n) => (n.t === 'text' ? [n.text] : n.t === 'break' ? [] : inlineStrings(n.children)));
}

function blockStrings(b: Block): string[] {
  switch (b.t) {
    case 'securityMarks':
      return [b.copyNo, b.secret, b.urgency].filter((s): s is string => !!s);
    case 'masthead':
      return [b.issuer];
    case 'docNumber':
      return [b.text, ...(b.signer ? [b.signer] : [])];
    case 'title':
      return [...b.lines, ...(b.subtitle ? [b.subtitle] : [])];
    case 'addressee':
      return [b.text];
    case 'heading':
      return [b.number, ...inlineStrings(b.content)];
    case 'para':
      return inlineStrings(b.content);
    case 'list':
      return b.items.flatMap((i) => [i.marker, ...i.blocks.flatMap(blockStrings)]);
    case 'table':
      return [...(b.caption ? [b.caption] : []), ...[...b.header, ...b.rows].flatMap((r) => r.flatMap((c) => inlineStrings(c.content)))];
    case 'attachments':
      return b.items;
    case 'signature':
    case 'signatures':
      return b.lines.flatMap((l) => l.map((p) => p.text));
    case 'note':
      return [b.text];
    case 'colophon':
      return [b.cc, b.printer, b.printDate].filter((s): s is string => !!s);
    case 'targets':
      return b.lines;
    case 'copyClause':
      return [b.text];
    case 'coverPage':
      return b.lines.map((l) => l.text);
    case 'pageBreak':
    case 'sectionBreak':
      return [];
    case 'div':
      return b.children.flatMap(blockStrings);
  }
}

export function modelStrings(doc: Document): string[] {
  return doc.blocks.flatMap(blockStrings).filter((s) => s !== '');
}

/** Index after which each string occurs in order, or the first string not found. */
export function findInOrder(haystack: string, needles: readonly string[]): { missing?: string; at?: number } {
  let at = 0;
  for (const n of needles) {
    const i = haystack.indexOf(n, at);
    if (i < 0) return { missing: n, at };
    at = i + n.length;
  }
  return {};
}
