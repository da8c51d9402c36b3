// 案件卷 (catalog `cases:`): one case per folder `<当事人>-<编号>` and/or per row of data/cases.csv; each case gets
// its own 目录 (parts with their 件号), its parts named after the party in the 卷内目录, generated parts from its
// row, scans in place of generated parts; missing parts are reported per case (check, 缺件清单).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { scanPdf } from '../bind/fixture.js';
import { blocksOf, openDocx, textOf } from '../helpers/docx-read.js';
import { linesOf, readPdfText } from '../helpers/pdf-read.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

afterAll(cleanupWorkspaces);

const CATALOG = `name: 测试目录
volumes:
  - code: ZF
    title: 行政执法卷
    retention: 30年
    items:
      - title: 计划生育依法行政工作领导小组
        attach: 行政执法卷/领导小组/*
        required: false
      - title: 社会抚养费征收案卷
        cases:
          folder: 行政执法卷/社会抚养费征收案卷/
          data: cases
          kind: 社会抚养费征收
          parts:
            - { title: 立案审批表, template: 立案审批表, when: 立案日期 }
            - { title: 有关证据资料, match: [证据, 身份证, 出生医学证明, 户口, 节育手术证明] }
            - 询问笔录
            - { title: 证人笔录, match: [证人] }
            - { title: 征收决定书, template: 征收决定书, when: 决定日期 }
            - { title: 送达回证, template: 送达回证, when: 送达日期 }
            - { title: 社会抚养费征收票据（复印件）, match: [票据, 收据] }
            - { title: 结案报告, template: 结案报告, when: 结案日期 }
      - title: 信访案件查结资料
        cases:
          folder: 行政执法卷/信访案件查结/
          kind: 信访
          parts:
            - 调查资料
            - { title: 证人笔录, match: [证人], required: false }
            - { title: 相关证明, match: [证明], required: false }
`;

const HEAD = '编号,当事人,性别,出生日期,身份证号,住址,违法事实,立案日期,承办人,审批人,决定文号,决定日期,征收金额,缴纳地点,复议机关,诉讼法院,送达日期,送达地点,送达方式,送达人,缴纳日期,缴纳金额,票据号码,结案日期';
const ROWS = [
  '2025-01,王某某,男,1988-04-12,430000198804120000,澧源镇青龙村三组,于2024年10月违反规定生育第三个子女,2025-03-02,陈静,王丽,澧计征决〔2025〕1号,2025-03-20,36000,澧源镇财政所,县人民政府,县人民法院,2025-03-22,当事人住所,直接送达,陈静,2025-04-10,36000,No.0012345,2025-04-15',
  '2025-02,李某某,女,1991-09-03,430000199109030000,澧源镇白岩村一组,于2025年1月违反规定生育第三个子女,2025-05-06,陈静,王丽,澧计征决〔2025〕2号,2025-05-20,30000,澧源镇财政所,县人民政府,县人民法院,,,,,,,,',
];

let dir = '';
let checkOut = '';
let pdfLines: string[] = [];
/** the tables of the bound Word volume, rows of cell texts */
let tables: string[][][] = [];
let md = '';

beforeAll(async () => {
  const scan = (m: string) => scanPdf(m, 1);
  const root = 'attachments/行政执法卷/社会抚养费征收案卷';
  dir = makeWorkspace({
    'dossier.yaml': 'unit: 澧源镇人民政府\nyear: 2025\ncatalog: catalog/test.yaml\nformats: [pdf, docx]\n',
    'catalog/test.yaml': CATALOG,
    'data/cases.csv': `${HEAD}\n${ROWS.join('\n')}\n`,
    // 王某某: every part — four generated from the row, the rest scanned
    [`${root}/王某某-2025-01/身份证复印件.pdf`]: await scan('ID'),
    [`${root}/王某某-2025-01/出生医学证明.pdf`]: await scan('BIRTH'),
    [`${root}/王某某-2025-01/03询问笔录.pdf`]: await scan('ASK'),
    [`${root}/王某某-2025-01/04证人笔录.pdf`]: await scan('WITNESS'),
    [`${root}/王某某-2025-01/征收票据.pdf`]: await scan('RECEIPT'),
    // 李某某: a signed scan replaces the generated 立案审批表; not yet served, not closed
    [`${root}/李某某-2025-02/01立案审批表.pdf`]: await scan('FILED'),
    [`${root}/李某某-2025-02/询问笔录.pdf`]: await scan('ASK2'),
    // 张某某: a folder without a data row holding 1 of the parts, and a file no part names
    [`${root}/张某某-2025-03/01立案审批表.pdf`]: await scan('ZHANG'),
    [`${root}/张某某-2025-03/情况说明.pdf`]: await scan('NOTE'),
    [`${root}/散放的文件.pdf`]: await scan('LOOSE'),
    'attachments/行政执法卷/信访案件查结/赵某某-2025-01/调查资料.pdf': await scan('PETITION'),
    // a Word file is typeset as text, like any received .docx (issue 18), and still names the party
    'attachments/行政执法卷/信访案件查结/赵某某-2025-01/相关证明.docx': readFileSync(path.resolve(__dirname, '../word/fixtures/上级来文.docx')),
  });
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  const spyErr = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  expect(await main(['check', dir])).toBe(0);
  checkOut = out;
  expect(await main(['build', dir])).toBe(0);
  spy.mockRestore();
  spyErr.mockRestore();
  const pdf = new Uint8Array(readFileSync(path.join(dir, 'out/2025/ZF-行政执法卷.pdf')));
  pdfLines = (await readPdfText(pdf)).flatMap((p) => linesOf(p).map((l) => l.text));
  md = readFileSync(path.join(dir, 'out/2025/缺件清单.md'), 'utf8');
  const xml = (await openDocx(new Uint8Array(readFileSync(path.join(dir, 'out/2025/ZF-行政执法卷.docx'))))).part('word/document.xml');
  tables = blocksOf(xml, 'w:tbl').map((t) => blocksOf(t, 'w:tr').map((r) => blocksOf(r, 'w:tc').map(textOf)));
}, 120_000);

describe('case files', () => {
  it('check lists the missing parts per case', () => {
    const lines = checkOut.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  部分缺：社会抚养费征收案卷'));
    expect(lines.slice(at, at + 3)).toEqual([
      '  部分缺：社会抚养费征收案卷——3 案，其中 2 案缺材料；1 个文件未能归入材料名称，编在各案之后',
      '    李某某案：缺有关证据资料、证人笔录、送达回证、社会抚养费征收票据（复印件）、结案报告',
      '    张某某案：缺有关证据资料、询问笔录、证人笔录、征收决定书、送达回证、社会抚养费征收票据（复印件）、结案报告',
    ]);
    expect(checkOut).toContain('attachments/行政执法卷/社会抚养费征收案卷/散放的文件.pdf（1 个问题）\n  警告 这个文件没有放在某一案的文件夹里，未编入案卷\n');
    // the 信访 case has its only required part
    expect(checkOut).not.toContain('信访案件查结资料——');
  });

  it('the 缺件清单 says it per case too', () => {
    const row = md.split('\n').find((l) => l.includes('| 社会抚养费征收案卷 |'));
    expect(row).toBe(
      '| 2 | 社会抚养费征收案卷 | 必备 | 案件卷 | 部分缺 | 3 案，其中 2 案缺材料；1 个文件未能归入材料名称，编在各案之后：李某某案：缺有关证据资料、证人笔录、送达回证、社会抚养费征收票据（复印件）、结案报告；张某某案：缺有关证据资料、询问笔录、证人笔录、征收决定书、送达回证、社会抚养费征收票据（复印件）、结案报告 |',
    );
    expect(md).toContain('| 3 | 信访案件查结资料 | 必备 | 案件卷 | 齐全 | 1 案，各案材料齐全 |');
  });

  it('every 卷内目录 title names the party; each case starts with its own 目录', () => {
    const contents = tables.find((t) => t[0]?.join('|') === '顺序号|文号|责任者|题名|日期|页号|备注') ?? [];
    expect(contents.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([
      ['1', '', '王某某社会抚养费征收案卷内目录'],
      ['2', '', '社会抚养费征收案件立案审批表（王某某）'],
      ['3', '', '有关证据资料（王某某，出生医学证明）'],
      ['4', '', '有关证据资料（王某某，身份证复印件）'],
      ['5', '', '询问笔录（王某某）'],
      ['6', '', '证人笔录（王某某）'],
      ['7', '澧计征决〔2025〕1号', '社会抚养费征收决定书（王某某）'],
      ['8', '', '送达回证（王某某）'],
      ['9', '', '社会抚养费征收票据（复印件）（王某某）'],
      ['10', '', '关于王某某社会抚养费征收案的结案报告'],
      ['11', '', '李某某社会抚养费征收案卷内目录'],
      ['12', '', '立案审批表（李某某）'],
      ['13', '', '询问笔录（李某某）'],
      ['14', '澧计征决〔2025〕2号', '社会抚养费征收决定书（李某某）'],
      ['15', '', '张某某社会抚养费征收案卷内目录'],
      ['16', '', '立案审批表（张某某）'],
      ['17', '', '情况说明（张某某）'],
      ['18', '', '赵某某信访案卷内目录'],
      ['19', '', '调查资料（赵某某）'],
      ['20', '县卫健发〔2025〕12号', '关于做好2025年度计划生育家庭奖励扶助资格确认工作的通知（赵某某）'],
    ]);
  });

  it("a case's 目录 lists its parts with their 件号 and marks the missing ones", () => {
    const caseTables = tables.filter((t) => t[0]?.join('|') === '序号|材料名称|件号|备注');
    expect(caseTables.map((t) => t.slice(1).map((r) => r.join('|')))).toEqual([
      ['1|立案审批表|2|', '2|有关证据资料|3—4|', '3|询问笔录|5|', '4|证人笔录|6|', '5|征收决定书|7|', '6|送达回证|8|', '7|社会抚养费征收票据（复印件）|9|', '8|结案报告|10|'],
      ['1|立案审批表|12|', '2|有关证据资料||缺', '3|询问笔录|13|', '4|证人笔录||缺', '5|征收决定书|14|', '6|送达回证||缺', '7|社会抚养费征收票据（复印件）||缺', '8|结案报告||缺'],
      ['1|立案审批表|16|', '2|有关证据资料||缺', '3|询问笔录||缺', '4|证人笔录||缺', '5|征收决定书||缺', '6|送达回证||缺', '7|社会抚养费征收票据（复印件）||缺', '8|结案报告||缺', '9|其他材料|17|'],
      ['1|调查资料|19|', '2|证人笔录||无', '3|相关证明|20|'],
    ]);
    // the generated parts are in the bound PDF with the case's data
    expect(pdfLines).toContain('社会抚养费征收决定书');
    expect(pdfLines.join('')).toContain('本机关决定对你征收社会抚养费人民币36000元');
    expect(pdfLines.join('')).toContain('符合条件的对象向户籍所在地村委会提出申请。');
  });
});
