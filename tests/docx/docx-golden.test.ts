// Small reviewed golden: canonical document.xml of a minimal 通知 (版头 → 版记).

import { expect, it } from 'vitest';
import { lowerDocument } from '../../src/model/lower.js';
import type { Document } from '../../src/model/types.js';
import { writeDocx } from '../../src/generators/docx/write.js';
import { canonicalXml, openDocx } from '../helpers/docx-read.js';

const doc: Document = lowerDocument({
  meta: { kind: '通知', title: '关于开展春季宣传活动的通知', issuer: '澧源镇人民政府', header: true },
  blocks: [
    { t: 'masthead', issuer: '澧源镇人民政府文件', separator: true },
    { t: 'docNumber', text: '澧源政发〔2025〕7号' },
    { t: 'title', text: '关于开展春季宣传活动的通知' },
    { t: 'addressee', text: '各村（居）民委员会：' },
    { t: 'heading', level: 1, number: '一、', content: [{ t: 'text', text: '活动时间' }] },
    { t: 'para', indent: true, content: [{ t: 'text', text: '3月1日至3月31日。' }] },
    { t: 'signature', issuers: ['澧源镇人民政府'], date: '2025-02-20', sealed: true },
    { t: 'colophon', printer: '澧源镇党政综合办公室', printDate: '2025-02-20' },
  ],
});

it('通知 document.xml matches the reviewed golden', async () => {
  const d = await openDocx(await writeDocx(doc, { created: new Date('2025-02-20T00:00:00Z') }));
  await expect(canonicalXml(d.part('word/document.xml'))).toMatchFileSnapshot('./golden/notice.document.xml');
});
