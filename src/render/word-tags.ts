//! {{…}} tags as Word keeps them: split over runs (a spelling mark, a bookmark or a change of font in
//! the middle), typed with a Chinese input method (｛｛ ｝｝, “smart quotes”, full-width spaces). Each
//! tag is joined into one run with the formatting of its first character and its characters made plain.
import type { WordInline } from '../workspace/readers/docx.js';

/** A tag in plain text: {{…}} (after normalising, never spanning a line break). */
export const TAG = /\{\{[\s\S]*?\}\}/g;

const OPEN = /\{\s*\{|｛\s*｛|\{\s*｛|｛\s*\{/g;

/** Characters Word or an input method puts in tags, and what Handlebars needs instead. */
function plainTag(tag: string): string {
  const t = tag
    .replace(/^(?:\{|｛)\s*(?:\{|｛)/, '{{')
    .replace(/(?:\}|｝)\s*(?:\}|｝)$/, '}}')
    .replace(/[“”„‟″]/g, '"')
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[\u200b-\u200d\ufeff\u00ad]/g, '');
  // spaces between the words of a tag become plain spaces; inside "quoted text" they stay as typed
  return t
    .split(/("[^"]*"|'[^']*')/)
    .map((part, k) => (k % 2 ? part : part.replace(/[\u3000\u00a0\u2002-\u200a\t]/g, ' ')))
    .join('');
}

interface Char {
  ch: string;
  bold: boolean;
  italic: boolean;
  /** a break inline (\n) or page (\f) */
  brk?: 'break' | 'page';
}

function toChars(content: readonly WordInline[]): Char[] {
  const out: Char[] = [];
  for (const c of content) {
    if (c.t === 'text') for (const ch of c.text) out.push({ ch, bold: c.bold === true, italic: c.italic === true });
    else out.push({ ch: c.t === 'break' ? '\n' : '\f', bold: false, italic: false, brk: c.t });
  }
  return out;
}

function fromChars(chars: readonly Char[]): WordInline[] {
  const out: WordInline[] = [];
  for (const c of chars) {
    if (c.brk) {
      out.push({ t: c.brk });
      continue;
    }
    const last = out[out.length - 1];
    if (last?.t === 'text' && (last.bold === true) === c.bold && (last.italic === true) === c.italic) last.text += c.ch;
    else {
      const r: WordInline = { t: 'text', text: c.ch };
      if (c.bold) r.bold = true;
      if (c.italic) r.italic = true;
      out.push(r);
    }
  }
  return out;
}

/** Join and clean every tag of a paragraph. Text outside tags is left exactly as typed. */
export function normalizeTags(content: readonly WordInline[]): WordInline[] {
  // fast path: every tag whole inside one run and already plain (most paragraphs of most templates)
  if (content.every((c) => c.t !== 'text' || (!/[｛｝]/.test(c.text) && (c.text.match(/\{\{/g)?.length ?? 0) === (c.text.match(/\}\}/g)?.length ?? 0) && !/\{\{[^}]*[“”‘’\u3000\u00a0]/.test(c.text) && !/\{\s+\{|\}\s+\}/.test(c.text)))) {
    const unbalanced = content.some((c) => c.t === 'text' && /\{$|^\}/.test(c.text));
    if (!unbalanced) return content.slice();
  }
  const chars = toChars(content);
  const text = chars.map((c) => c.ch).join('');
  if (!/[{｛]/.test(text)) return content.slice();
  const out: Char[] = [];
  let i = 0;
  OPEN.lastIndex = 0;
  for (let m = OPEN.exec(text); m; m = OPEN.exec(text)) {
    if (m.index < i) continue;
    const start = m.index;
    const close = /(?:\}|｝)\s*(?:\}|｝)/g;
    close.lastIndex = start + m[0].length;
    const c = close.exec(text);
    if (!c) break;
    // a paragraph break cannot fall inside a tag; a line or page break inside one is dropped
    const end = c.index + c[0].length;
    for (let k = i; k < start; k++) out.push(chars[k] as Char);
    const first = chars[start] as Char;
    const raw = chars
      .slice(start, end)
      .filter((x) => !x.brk)
      .map((x) => x.ch)
      .join('');
    for (const ch of plainTag(raw)) out.push({ ch, bold: first.bold, italic: first.italic });
    i = end;
    OPEN.lastIndex = end;
  }
  for (let k = i; k < chars.length; k++) out.push(chars[k] as Char);
  return fromChars(out);
}

export type TagKind = 'open' | 'close' | 'else' | 'comment' | 'value';

/** What a tag does to the structure: opens or closes a block, {{else}}, a comment, or prints a value. */
export function tagKind(tag: string): TagKind {
  const inner = tag.slice(2, -2).replace(/^~/, '').trim();
  if (inner.startsWith('#') || inner.startsWith('^') && inner.length > 1) return 'open';
  if (inner.startsWith('/')) return 'close';
  if (inner === 'else' || inner.startsWith('else ') || inner === '^') return 'else';
  if (inner.startsWith('!')) return 'comment';
  return 'value';
}

/** Tags of a text with their positions. */
export function tagsOf(text: string): { tag: string; index: number; kind: TagKind }[] {
  return [...text.matchAll(TAG)].map((m) => ({ tag: m[0], index: m.index ?? 0, kind: tagKind(m[0]) }));
}

/** The text holds nothing but block tags ({{#each}}, {{/each}}, {{else}}, comments) and spaces. */
export function onlyBlockTags(text: string): boolean {
  const tags = tagsOf(text);
  return tags.length > 0 && tags.every((t) => t.kind !== 'value') && text.replace(TAG, '').trim() === '';
}
