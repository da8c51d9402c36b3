import { afterAll, expect, it } from 'vitest';
import { dumpModel } from '../../src/model/dump.js';
import { diagnose } from '../helpers/diagnose.js';
import { br, docx, p, r, proofErr, tbl, tc, tr } from '../helpers/word-fixture.js';
import { BASE_DOSSIER, catalogWith, cleanupWorkspaces } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

it('smoke', async () => {
  const file = await docx([
    p('澧源镇人民政府文件', { align: 'center' }),
    p('澧源政发〔{{year}}〕3号', { align: 'center' }),
    p(['关于', r('{{', { bold: true }), proofErr('spellStart'), r('row.村名'), proofErr('spellEnd'), r('}}'), '的通知'], { align: 'center' }),
    p('各村（居）委员会：'),
    p('为进一步做好工作，现通知如下。'),
    p('一、强化组织领导'),
    p(['{{#each data.villages}}']),
    p(['{{村名}}人口{{人口}}人。', br, '第二行']),
    p(['{{/each}}']),
    tbl([tr([tc('村名'), tc('人口')]), tr([tc('{{#each data.villages}}{{村名}}'), tc('{{人口}}{{/each}}')])], 2),
    p('澧源镇人民政府', { align: 'right' }),
    p('2025年3月1日', { align: 'right' }),
    p('抄送：县卫健局。'),
  ]);
  const { lines, report } = await diagnose({
    'dossier.yaml': BASE_DOSSIER,
    'catalog/test.yaml': catalogWith(`      - title: 测试公文\n        template: 测试\n        each: villages\n`),
    'templates/测试.docx': file,
    'data/villages.csv': '村名,人口\n青龙村,1536\n白岩村,<b>&1288\n',
  });
  console.log(lines);
  console.log(dumpModel(report.rendered[0]!.document));
  expect(lines).toEqual([]);
});
