//! Reads a produced .docx back for tests: parts as strings (jszip), attributes of elements, and a canonical
//! one-tag-per-line form of an XML part for small goldens.

import JSZip from 'jszip';

export interface DocxParts {
  names: string[];
  dates: Date[];
  part(name: string): string;
}

export async function openDocx(bytes: Uint8Array): Promise<DocxParts> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files);
  const texts = new Map<string, string>();
  for (const n of names) {
    const f = zip.file(n);
    if (f) texts.set(n, await f.async('string'));
  }
  return {
    names,
    dates: names.map((n) => zip.files[n]!.date),
    part(name: string): string {
      const t = texts.get(name);
      if (t === undefined) throw new Error(`no part ${name}`);
      return t;
    },
  };
}

/** Every `<tag …>` start or empty element of `name` (e.g. "w:rFonts"), as attribute maps. */
export function elements(xml: string, name: string): Record<string, string>[] {
  const re = new RegExp(`<${name}(\\s[^>]*?)?/?>`, 'g');
  const out: Record<string, string>[] = [];
  for (const m of xml.matchAll(re)) out.push(attrs(m[1] ?? ''));
  return out;
}

export function attrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.matchAll(/([\w:]+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

/** Blocks `<name …>…</name>` (non-nested names such as w:p, w:tbl at one level, w:ftr). */
export function blocksOf(xml: string, name: string): string[] {
  const re = new RegExp(`<${name}(?:\\s[^>]*)?>[\\s\\S]*?</${name}>`, 'g');
  return [...xml.matchAll(re)].map((m) => m[0]);
}

/** All w:t text in document order, joined. */
export function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1]!)).join('');
}

function unescape(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Canonical XML: one tag or text per line, indented, attributes sorted, namespace declarations dropped. */
export function canonicalXml(xml: string): string {
  const body = xml.replace(/<\?xml[^>]*\?>/, '');
  const tokens = body.match(/<[^>]+>|[^<]+/g) ?? [];
  const lines: string[] = [];
  let depth = 0;
  for (const tok of tokens) {
    if (tok.startsWith('</')) {
      depth--;
      lines.push(`${'  '.repeat(depth)}${tok}`);
    } else if (tok.startsWith('<')) {
      const selfClosing = tok.endsWith('/>');
      const m = /^<([\w:]+)([\s\S]*?)\/?>$/.exec(tok)!;
      const a = Object.entries(attrs(m[2] ?? ''))
        .filter(([k]) => !k.startsWith('xmlns') && k !== 'mc:Ignorable')
        .sort(([x], [y]) => (x < y ? -1 : 1))
        .map(([k, v]) => ` ${k}="${v}"`)
        .join('');
      lines.push(`${'  '.repeat(depth)}<${m[1]}${a}${selfClosing ? '/>' : '>'}`);
      if (!selfClosing) depth++;
    } else if (tok.trim() !== '') {
      lines.push(`${'  '.repeat(depth)}${tok}`);
    }
  }
  return lines.join('\n') + '\n';
}
