import { describe, expect, it } from 'vitest';
import { compactSheetXml } from './xlsx-compact.js';

const sheet = (rows: string, tail = '') => `<worksheet><sheetData>${rows}</sheetData>${tail}</worksheet>`;
const v = (r: number, value = '1') => `<row r="${r}"><c r="A${r}"><v>${value}</v></c></row>`;
const empty = (r: number) => `<row r="${r}" s="1" customFormat="1"/>`;

describe('compactSheetXml', () => {
  it('drops formatted empty rows after the header, in the middle and at the end; merges end at the last value', () => {
    const xml = sheet(v(1) + empty(2) + v(3) + empty(4) + `<row r="5"><c r="A5" s="2"/></row>` + v(6) + empty(7) + empty(8), '<mergeCells count="3"><mergeCell ref="A6:A8"/><mergeCell ref="B7:C9"/><mergeCell ref="A3:B3"/></mergeCells>');
    expect(compactSheetXml(xml)).toBe(sheet(v(1) + empty(2) + v(3) + v(6), '<mergeCells count="3"><mergeCell ref="A3:B3"/></mergeCells>'));
  });

  it('an empty <v></v> holds no value; prefixed tags are understood', () => {
    const pre = (r: number, inner: string) => `<x:row r="${r}">${inner}</x:row>`;
    const xml = `<x:worksheet><x:sheetData>${pre(1, '<x:c r="A1" t="inlineStr"><x:is><x:t>村名</x:t></x:is></x:c>')}${pre(3, '<x:c r="A3"><x:v>5</x:v></x:c>')}${pre(4, '<x:c r="A4"><x:v></x:v></x:c>')}${pre(5, '<x:c r="A5" s="1"/>')}</x:sheetData></x:worksheet>`;
    expect(compactSheetXml(xml)).toBe(`<x:worksheet><x:sheetData>${pre(1, '<x:c r="A1" t="inlineStr"><x:is><x:t>村名</x:t></x:is></x:c>')}${pre(3, '<x:c r="A3"><x:v>5</x:v></x:c>')}</x:sheetData></x:worksheet>`);
  });

  it('rows without r="" keep their places: only the tail after the last value goes', () => {
    const xml = sheet('<row><c><v>1</v></c></row><row/><row/><row><c><v>2</v></c></row><row/><row/>');
    expect(compactSheetXml(xml)).toBe(sheet('<row><c><v>1</v></c></row><row/><row/><row><c><v>2</v></c></row>'));
  });

  it('data validations and conditional formats (never read; exceljs expands them cell by cell) go', () => {
    const xml = sheet(v(1), '<conditionalFormatting sqref="A1:A1048576"><cfRule type="x"/></conditionalFormatting><dataValidations count="1"><dataValidation sqref="A2:A1048576"/></dataValidations>');
    expect(compactSheetXml(xml)).toBe(sheet(v(1)));
  });
});
