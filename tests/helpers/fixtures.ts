// Shared test fixtures: the catalog items the suites use again and again, and a catalog made from them, so a
// change to the catalog format is one edit here, not five pasted copies.
import { stringify } from 'yaml';

export interface FixtureItem {
  title: string;
  template?: string;
  table?: string;
  attach?: string;
  each?: string;
  data?: string;
  columns?: string[];
  copies?: string[];
}

/** The items the suites share. */
export const ITEM = {
  /** 领导小组通知 from templates/通知.md.hbs */
  notice: { title: '领导小组通知', template: '通知' },
  /** one 目标责任书 per village row */
  responsibility: { title: '目标责任书', template: '责任书', each: 'villages' },
  /** 干部花名册 from data/staff */
  staff: { title: '干部花名册', table: 'staff', columns: ['姓名', '职务'] },
  /** scans of documents received, under attachments/综合资料卷/上级文件/ */
  received: { title: '上级下发的文件', attach: '综合资料卷/上级文件/*' },
} as const satisfies Record<string, FixtureItem>;

/** 综合资料卷 (ZH, 永久) with these items. */
export function zh(...items: FixtureItem[]): { code: string; title: string; retention: string; items: FixtureItem[] } {
  return { code: 'ZH', title: '综合资料卷', retention: '永久', items };
}

/** A catalog file (catalog/test.yaml) with these volumes. */
export function catalogYaml(...volumes: { code: string; title: string; retention: string; items: readonly FixtureItem[] }[]): string {
  return stringify({ name: '测试目录', volumes }, { lineWidth: 0, flowCollectionPadding: false });
}
