//! QA S7: a township volume that files the villages' generated documents (`collect:`) lists them in its
//! 卷内目录 with their real 题名 and 日期 (as the village's own 卷内目录 does) and carries their full text in
//! the Word volume (PDF and Word say the same) — also when the villages are reused from their stamps.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAll, type UnitsReport } from '../../src/build/units.js';
import { line } from '../helpers/diagnose.js';
import { openDocx, textOf } from '../helpers/docx-read.js';
import { linesOf, readPdfText } from '../helpers/pdf-read.js';
import { editFile } from '../helpers/tree.js';
import { cleanupWorkspaces, makeWorkspace } from '../helpers/workspace.js';

const PLAN = `---
kind: 规划
title: "{{unit.short}}创建计划生育新农村新家庭示范村规划"
number: "{{unit.short}}发〔2025〕3号"
date: 2025-03-08
---
为推进{{unit.short}}新农村新家庭建设，特制定本规划，共{{row.户数}}户参与。
`;

let dir: string;
let first: UnitsReport;
let second: UnitsReport;
const out = (...p: string[]) => path.join(dir, 'out/2025', ...p);
const docxText = async (rel: string) => textOf((await openDocx(new Uint8Array(readFileSync(out(rel))))).part('word/document.xml'));
const pdfText = async (rel: string) => (await readPdfText(new Uint8Array(readFileSync(out(rel))))).map((p) => linesOf(p).map((l) => l.text).join('')).join('\n');
let third: UnitsReport;
let docxThird = '';
let docxSecond = '';
let docxFirst = '';
let pdfFirst = '';

beforeAll(async () => {
  dir = makeWorkspace({
    'dossier.yaml': 'unit: 测试镇人民政府\nfonds: "J001"\nyear: 2025\ncatalog: catalog/乡镇.yaml\nformats: [pdf, docx]\ndate: 2025-12-30\nvillages:\n  catalog: catalog/村.yaml\n  each: villages\n  name: 村名\n',
    'catalog/乡镇.yaml': 'name: 乡镇\nvolumes:\n  - code: XN\n    title: 新农村卷\n    retention: 永久\n    items:\n      - { title: 各村创建规划, collect: 创建新农村新家庭示范村规划 }\n      - { title: 乡镇总结, template: 总结 }\n',
    'catalog/村.yaml': 'name: 村\nvolumes:\n  - code: XN\n    title: 新农村卷\n    retention: 永久\n    items:\n      - { title: 创建新农村新家庭示范村规划, template: 规划 }\n',
    'templates/规划.md.hbs': PLAN,
    'templates/总结.md.hbs': '---\ntitle: 乡镇新农村工作总结\ndate: 2025-12-20\n---\n全镇各村规划均已制定。\n',
    'data/villages.csv': '村名,户数\n青龙村,120\n白岩村,80\n',
  });
  first = await buildAll(dir, { workersFrom: 1000 });
  docxFirst = await docxText('XN-新农村卷.docx');
  pdfFirst = await pdfText('XN-新农村卷.pdf');
  // a township-only edit: the villages are reused from their stamps, the township's volume is bound again
  editFile(dir, 'templates/总结.md.hbs', '均已制定', '均已制定并公示');
  second = await buildAll(dir, { workersFrom: 1000 });
  docxSecond = await docxText('XN-新农村卷.docx');
  // the village's kept models gone (a cache) and the volume bound again: the Word volume says where the
  // pages are, not "扫描件"
  rmSync(path.join(dir, 'out/.dossier/村/青龙村/models'), { recursive: true, force: true });
  editFile(dir, 'templates/总结.md.hbs', '并公示', '并公示上墙');
  third = await buildAll(dir, { workersFrom: 1000 });
  docxThird = await docxText('XN-新农村卷.docx');
}, 120_000);
afterAll(cleanupWorkspaces);

describe('collected village documents in the township volume', () => {
  it('builds', () => {
    expect(first.ok, first.units.flatMap((u) => u.diagnostics.map(line)).join('\n')).toBe(true);
    expect(second.ok).toBe(true);
    expect(second.units.map((u) => u.reused)).toEqual([1, 1]);
  });

  it('the 卷内目录 gives each its real 题名, 文号 and 日期', () => {
    expect(pdfFirst).toContain('青龙村创建计划生育新农村新家庭示范村规划');
    expect(pdfFirst).toContain('白岩村创建计划生育新农村新家庭示范村规划');
    expect(pdfFirst).not.toContain('青龙村创建新农村新家庭示范村规划');
    expect(pdfFirst).toContain('青龙村发〔2025〕3号');
    expect(pdfFirst.match(/20250308/g)).toHaveLength(2);
    // 起止时间 from the documents' dates
    expect(pdfFirst).toMatch(/2025年3月至2025年12月/);
  });

  it('the Word volume carries their full text, as the PDF does — no 扫描件 placeholder', () => {
    for (const t of [docxFirst, pdfFirst]) {
      expect(t).toContain('为推进青龙村新农村新家庭建设，特制定本规划，共120户参与。');
      expect(t).toContain('为推进白岩村新农村新家庭建设，特制定本规划，共80户参与。');
    }
    expect(docxFirst).not.toContain('扫描件');
    expect(docxFirst).toContain('青龙村创建计划生育新农村新家庭示范村规划');
  });

  it('the same when the villages are reused from their stamps', async () => {
    const docx = docxSecond;
    const pdf = await pdfText('XN-新农村卷.pdf');
    expect(docx).toContain('全镇各村规划均已制定并公示。');
    expect(docx).toContain('为推进青龙村新农村新家庭建设，特制定本规划，共120户参与。');
    expect(docx).not.toContain('扫描件');
    expect(pdf).toContain('青龙村创建计划生育新农村新家庭示范村规划');
    expect(pdf.match(/20250308/g)).toHaveLength(2);
  });

  it('without the village’s kept model, the Word volume points at the PDF pages as the village’s document', () => {
    expect(third.ok).toBe(true);
    expect(docxThird).toContain('【青龙村的文件，共1页，见 PDF 案卷第1页起：out/2025/村/青龙村/XN-新农村卷/01-');
    expect(docxThird).not.toContain('扫描件');
    expect(docxThird).toContain('为推进白岩村新农村新家庭建设，特制定本规划，共80户参与。');
  });
});
