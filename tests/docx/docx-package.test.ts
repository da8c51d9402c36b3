// DOCX package integrity (the parts are written as strings, not by a library): every part has a content type,
// every relationship points at a part, every r:id resolves, every XML part is well-formed, and the children of
// pPr, rPr, tblPr, trPr, tcPr and sectPr come in the ECMA-376 schema order (Word refuses a file otherwise).

import { beforeAll, describe, expect, it } from 'vitest';
import { lowerDocument } from '../../src/model/lower.js';
import type { Document } from '../../src/model/types.js';
import { writeDocx } from '../../src/generators/docx/write.js';
import { elements, openDocx, type DocxParts } from '../helpers/docx-read.js';
import { longDoc, noticeDoc, pledgeDoc, registerDoc } from '../helpers/docx-fixtures.js';

const created = new Date('2025-09-05T08:00:00Z');

/** Every block type at once, with XML-special and control characters in the text. */
function mixedDoc(): Document {
  const t = (text: string) => ({ t: 'text' as const, text });
  return lowerDocument({
    meta: { kind: '通知', title: 'A & <B> "C" \'D\'', issuer: '甲&乙', header: true, cc: '丙' },
    blocks: [
      { t: 'securityMarks', copyNo: '000001', secret: '秘密', urgency: '特急' },
      { t: 'masthead', issuer: '澧源镇人民政府文件', separator: true },
      { t: 'docNumber', text: '澧源政报〔2025〕1号', signer: '王某' },
      { t: 'title', text: '一\n二', subtitle: '副' },
      { t: 'addressee', text: '县人民政府：' },
      { t: 'para', indent: true, content: [t(' a & b < c > d "e" \'f\' \u0001g '), { t: 'break' }, { t: 'strong', children: [{ t: 'emph', children: [t('强调')] }] }] },
      { t: 'pageBreak' },
      { t: 'table', caption: '表', header: [[{ content: [t('h')], colSpan: 2 }]], rows: [[{ content: [t('x')], align: 'right' }]], widths: [0.5, 0.5] },
      { t: 'table', landscape: true, header: [], rows: [[{ content: [t('wide')] }]] },
      { t: 'list', ordered: true, items: [{ marker: '1.', blocks: [{ t: 'para', indent: true, content: [t('item')] }] }] },
      { t: 'attachments', items: ['一', '二'] },
      { t: 'signature', issuers: ['澧源镇人民政府'], date: '2025-09-05', sealed: true },
      { t: 'note', text: '此件公开发布' },
      { t: 'colophon', printer: '办公室', printDate: '2025-09-05' },
      { t: 'coverPage', unit: '村', title: '责任书', issuer: '镇', date: '2025-02' },
      { t: 'targets', items: [{ indicator: 'i', text: '目标', score: 10 }], total: 10 },
      { t: 'signatures', parties: [{ name: '甲', role: '授书人' }, { name: '乙', role: '立书人' }], date: '2025-02-10' },
      { t: 'copyClause', text: '一式两份' },
    ],
  });
}

/** CT_PPrBase, CT_RPr, CT_TblPr, CT_TcPr and CT_SectPr sequences (ECMA-376 part 1, 17.3.1.26 etc.), as far as we use them. */
const ORDER: Record<string, string[]> = {
  'w:pPr': ['w:pStyle', 'w:keepNext', 'w:keepLines', 'w:pageBreakBefore', 'w:framePr', 'w:widowControl', 'w:numPr', 'w:suppressLineNumbers', 'w:pBdr', 'w:shd', 'w:tabs', 'w:suppressAutoHyphens', 'w:kinsoku', 'w:wordWrap', 'w:overflowPunct', 'w:topLinePunct', 'w:autoSpaceDE', 'w:autoSpaceDN', 'w:bidi', 'w:adjustRightInd', 'w:snapToGrid', 'w:spacing', 'w:ind', 'w:contextualSpacing', 'w:mirrorIndents', 'w:suppressOverlap', 'w:jc', 'w:textDirection', 'w:textAlignment', 'w:textboxTightWrap', 'w:outlineLvl', 'w:divId', 'w:cnfStyle', 'w:rPr', 'w:sectPr', 'w:pPrChange'],
  'w:rPr': ['w:rStyle', 'w:rFonts', 'w:b', 'w:bCs', 'w:i', 'w:iCs', 'w:caps', 'w:smallCaps', 'w:strike', 'w:dstrike', 'w:outline', 'w:shadow', 'w:emboss', 'w:imprint', 'w:noProof', 'w:snapToGrid', 'w:vanish', 'w:webHidden', 'w:color', 'w:spacing', 'w:w', 'w:kern', 'w:position', 'w:sz', 'w:szCs', 'w:highlight', 'w:u', 'w:effect', 'w:bdr', 'w:shd', 'w:fitText', 'w:vertAlign', 'w:rtl', 'w:cs', 'w:em', 'w:lang', 'w:eastAsianLayout', 'w:specVanish', 'w:oMath'],
  'w:tblPr': ['w:tblStyle', 'w:tblpPr', 'w:tblOverlap', 'w:bidiVisual', 'w:tblStyleRowBandSize', 'w:tblStyleColBandSize', 'w:tblW', 'w:jc', 'w:tblCellSpacing', 'w:tblInd', 'w:tblBorders', 'w:shd', 'w:tblLayout', 'w:tblCellMar', 'w:tblLook', 'w:tblCaption', 'w:tblDescription'],
  'w:tblBorders': ['w:top', 'w:left', 'w:bottom', 'w:right', 'w:insideH', 'w:insideV'],
  'w:tcPr': ['w:cnfStyle', 'w:tcW', 'w:gridSpan', 'w:hMerge', 'w:vMerge', 'w:tcBorders', 'w:shd', 'w:noWrap', 'w:tcMar', 'w:textDirection', 'w:tcFitText', 'w:vAlign', 'w:hideMark'],
  'w:sectPr': ['w:headerReference|w:footerReference', 'w:footnotePr', 'w:endnotePr', 'w:type', 'w:pgSz', 'w:pgMar', 'w:paperSrc', 'w:pgBorders', 'w:lnNumType', 'w:pgNumType', 'w:cols', 'w:formProt', 'w:vAlign', 'w:noEndnote', 'w:titlePg', 'w:textDirection', 'w:bidi', 'w:rtlGutter', 'w:docGrid', 'w:printerSettings', 'w:sectPrChange'],
};

/** Elements of an XML string as a tree walk: calls `visit(name, childNames)` for every element; throws when unbalanced. */
function walk(xml: string, visit: (name: string, children: string[]) => void): void {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const stack: { name: string; children: string[] }[] = [];
  let roots = 0;
  for (const m of body.matchAll(/<(\/?)([\w:]+)((?:\s+[\w:]+="[^"<]*")*)\s*(\/?)>|([^<]+)/g)) {
    if (m[5] !== undefined) {
      expect(m[5], 'text outside elements or a stray "<" / "&"').not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos);)/);
      if (stack.length === 0) expect(m[5].trim()).toBe('');
      continue;
    }
    const [, close, name, , selfClose] = m as unknown as [string, string, string, string, string];
    if (close) {
      const top = stack.pop();
      expect(top?.name, `</${name}> closes <${top?.name}>`).toBe(name);
      visit(name, top!.children);
    } else {
      if (stack.length === 0) roots++;
      stack[stack.length - 1]?.children.push(name);
      if (selfClose) visit(name, []);
      else stack.push({ name, children: [] });
    }
  }
  // the regex skipped nothing: every "<" belongs to a tag it matched
  expect(body.replace(/<(\/?)([\w:]+)((?:\s+[\w:]+="[^"<]*")*)\s*(\/?)>/g, '')).not.toContain('<');
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

function rank(parent: string, child: string): number {
  return ORDER[parent]!.findIndex((n) => n.split('|').includes(child));
}

let docs: [string, DocxParts][];

beforeAll(async () => {
  const fixtures: [string, Document][] = [
    ['notice', noticeDoc()],
    ['pledge', pledgeDoc()],
    ['register', registerDoc(20)],
    ['long', longDoc(2)],
    ['mixed', mixedDoc()],
  ];
  docs = await Promise.all(fixtures.map(async ([n, d]) => [n, await openDocx(await writeDocx(d, { created }))] as [string, DocxParts]));
});

describe('package', () => {
  it('every part has a content type; nothing but the parts we write', () => {
    for (const [name, d] of docs) {
      const types = d.part('[Content_Types].xml');
      const defaults = new Set(elements(types, 'Default').map((e) => e['Extension']));
      const overrides = new Set(elements(types, 'Override').map((e) => e['PartName']));
      for (const part of d.names) {
        const ext = part.slice(part.lastIndexOf('.') + 1);
        expect(overrides.has(`/${part}`) || (defaults.has(ext) && ext === 'rels') || part === '[Content_Types].xml', `${name} ${part}`).toBe(true);
      }
      for (const o of overrides) expect(d.names, `${name} ${o}`).toContain(o!.slice(1));
      expect(d.names.filter((n) => !/^word\/footer\d+\.xml$/.test(n)).sort(), name).toEqual(
        [
          '[Content_Types].xml',
          '_rels/.rels',
          'docProps/app.xml',
          'docProps/core.xml',
          'word/_rels/document.xml.rels',
          'word/document.xml',
          'word/fontTable.xml',
          'word/settings.xml',
          'word/styles.xml',
        ].sort(),
      );
    }
  });

  it('relationships point at parts, ids are unique, and every r:id in document.xml resolves to a footer', () => {
    for (const [name, d] of docs) {
      const pkg = elements(d.part('_rels/.rels'), 'Relationship');
      for (const r of pkg) expect(d.names, `${name} ${r['Target']}`).toContain(r['Target']);
      const rels = elements(d.part('word/_rels/document.xml.rels'), 'Relationship');
      expect(new Set(rels.map((r) => r['Id'])).size).toBe(rels.length);
      for (const r of rels) expect(d.names, `${name} ${r['Target']}`).toContain(`word/${r['Target']}`);
      const byId = new Map(rels.map((r) => [r['Id'], r] as const));
      const refs = elements(d.part('word/document.xml'), 'w:footerReference');
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs) expect(byId.get(ref['r:id'])?.['Type'], `${name} ${ref['r:id']}`).toMatch(/\/footer$/);
      // every footer part is referenced exactly once
      const footers = d.names.filter((n) => /^word\/footer\d+\.xml$/.test(n));
      expect(refs.length).toBe(footers.length);
    }
  });

  it('every XML part is well-formed, with one root', () => {
    for (const [, d] of docs) {
      for (const part of d.names) walk(d.part(part), () => {});
    }
  });

  it('property elements list their children in schema order', () => {
    for (const [name, d] of docs) {
      for (const part of d.names.filter((n) => n.startsWith('word/'))) {
        walk(d.part(part), (el, children) => {
          if (!(el in ORDER)) return;
          const ranks = children.map((c) => rank(el, c));
          for (const [k, r] of ranks.entries()) expect(r, `${name} ${part}: <${children[k]}> in <${el}>`).toBeGreaterThanOrEqual(0);
          expect(ranks, `${name} ${part}: ${el} children ${children.join(' ')}`).toEqual([...ranks].sort((a, b) => a - b));
        });
      }
    }
  });

  it('text keeps its characters: entities escaped, control characters dropped, spaces preserved', () => {
    const doc = docs.find(([n]) => n === 'mixed')![1].part('word/document.xml');
    expect(doc).toContain('<w:t xml:space="preserve"> a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos; g </w:t>');
    const core = docs.find(([n]) => n === 'mixed')![1].part('docProps/core.xml');
    expect(core).toContain('<dc:title>A &amp; &lt;B&gt; &quot;C&quot; &apos;D&apos;</dc:title>');
  });
});
