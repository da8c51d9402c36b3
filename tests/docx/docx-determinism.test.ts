// DOCX determinism and text fidelity: same input → same bytes; every DocModel string appears, in order.

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Document } from '../../src/model/types.js';
import { writeDocx } from '../../src/generators/docx/write.js';
import { elements, openDocx, textOf } from '../helpers/docx-read.js';
import { longDoc, noticeDoc, pledgeDoc, registerDoc } from '../helpers/docx-fixtures.js';
import { findInOrder, modelStrings } from '../helpers/docx-model-text.js';

const created = new Date('2025-09-05T08:00:00Z');
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Deep copy with every object's keys in reverse order (a different, process-independent insertion order). */
function reverseKeys<T>(v: T): T {
  if (Array.isArray(v)) return v.map(reverseKeys) as T;
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)])) as T;
  }
  return v;
}

const fixtures: [string, () => Document][] = [
  ['notice', noticeDoc],
  ['pledge', pledgeDoc],
  ['register', () => registerDoc(50)],
  ['long', () => longDoc(3)],
];

describe('determinism', () => {
  it.each(fixtures)('%s: two writes give identical bytes, whatever the key order', async (_, make) => {
    const a = await writeDocx(make(), { created });
    const b = await writeDocx(make(), { created });
    const c = await writeDocx(reverseKeys(make()), { created: new Date(created.getTime()) });
    expect(sha(b)).toBe(sha(a));
    expect(sha(c)).toBe(sha(a));
  });

  it('dates come from opts.created only: core.xml and every zip entry', async () => {
    const d = await openDocx(await writeDocx(noticeDoc(), { created }));
    const core = d.part('docProps/core.xml');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2025-09-05T08:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2025-09-05T08:00:00Z</dcterms:modified>');
    expect(new Set(d.dates.map((x) => x.getTime())).size).toBe(1);
    expect(d.names[0]).toBe('[Content_Types].xml');
    const rest = d.names.slice(1);
    expect(rest).toEqual([...rest].sort());
    const later = await writeDocx(noticeDoc(), { created: new Date('2026-01-01T00:00:00Z') });
    expect(sha(later)).not.toBe(sha(await writeDocx(noticeDoc(), { created })));
  });

  it('no random ids: w14:paraId, rsid or GUIDs never appear', async () => {
    const d = await openDocx(await writeDocx(noticeDoc(), { created }));
    for (const n of d.names.filter((x) => x.endsWith('.xml'))) {
      expect(d.part(n)).not.toMatch(/w14:paraId|w:rsid|[0-9A-F]{8}-[0-9A-F]{4}-/i);
    }
  });
});

describe('text round-trip', () => {
  it.each(fixtures)('%s: every DocModel string appears in document.xml, in order', async (_, make) => {
    const doc = make();
    const text = textOf((await openDocx(await writeDocx(doc, { created }))).part('word/document.xml'));
    expect(findInOrder(text, modelStrings(doc))).toEqual({});
  });

  it('arbitrary paragraphs and headings survive, XML-special characters included', async () => {
    const str = fc.string({ minLength: 1, maxLength: 30 }).map((s) => s.replace(/[\u0000-\u001f\ud800-\udfff\ufffe\uffff]/g, '') || '字');
    const block = fc.oneof(
      str.map((s) => ({ t: 'para' as const, indent: true, content: [{ t: 'text' as const, text: s }] })),
      fc.tuple(fc.constantFrom(1, 2, 3, 4) as fc.Arbitrary<1 | 2 | 3 | 4>, str).map(([level, s]) => ({
        t: 'heading' as const,
        level,
        number: '一、',
        content: [{ t: 'strong' as const, children: [{ t: 'text' as const, text: s }] }],
      })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(block, { minLength: 1, maxLength: 8 }), async (blocks) => {
        const doc: Document = { meta: { kind: '通知', title: 't', header: false }, blocks };
        const bytes = await writeDocx(doc, { created });
        const xml = (await openDocx(bytes)).part('word/document.xml');
        expect(findInOrder(textOf(xml), modelStrings(doc))).toEqual({});
        expect(elements(xml, 'w:p').length).toBeGreaterThanOrEqual(blocks.length);
      }),
      { numRuns: 25 },
    );
  });
});
