//! Catalog files: which volumes (案卷) a unit keeps and which items (件) each must contain.
import { z } from 'zod';

export const RETENTIONS = ['永久', '30年', '10年'] as const;

/** Invisible text-direction controls (a title “报告\u202Efdp.exe” shows as “报告exe.pdf”). */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** A 题名 or 卷名: not empty, no invisible direction controls. */
const titleText = z
  .string()
  .min(1)
  .refine((s) => !BIDI_CONTROLS.test(s), (s) => ({
    message: `题名中有看不见的文字方向控制字符（U+${(s.match(BIDI_CONTROLS)?.[0] ?? '').charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}），会让题名和文件名显示颠倒`,
    params: { hint: '删除这个字符：把题名整个重新输入一遍（不要从网页或聊天记录里复制）。' },
  }));

/** One part of a case file (案件卷): a name (a scan in the case folder), or a generated part with its template. */
export const CasePartSchema = z.union([
  z.string().min(1),
  z
    .object({
      /** 材料名称, e.g. 立案审批表 */
      title: z.string().min(1),
      /** generated from the case's row of `cases.data` when the folder has no scan of it */
      template: z.string().min(1).optional(),
      /** generated only once the case's row has this column filled (e.g. 送达日期); until then the part is missing */
      when: z.string().min(1).optional(),
      /** words a scan's file name may hold instead of the title (身份证, 出生医学证明 …) */
      match: z.array(z.string().min(1)).min(1).optional(),
      /** default true: a case without this part is 部分缺 */
      required: z.boolean().default(true),
    })
    .strict(),
]);

/** 案件卷: one case per sub-folder `<当事人>-<编号>` of `folder` and/or per row of `data`; each case gets its own 目录. */
export const CasesSchema = z
  .object({
    /** under attachments/: one sub-folder per case, named 当事人-编号 (e.g. 王某某-2025-01) */
    folder: z.string().min(1),
    /** parts of every case, in filing order (the case 目录 comes first by itself) */
    parts: z.array(CasePartSchema).min(1),
    /** one row per case (columns 当事人 and 编号): the context of the generated parts */
    data: z.string().min(1).optional(),
    /** columns of the case data sheet `dossier init` scaffolds (one row per case) */
    columns: z.array(z.string().min(1)).min(1).optional(),
    /** 案由 printed in titles, e.g. 社会抚养费征收 */
    kind: z.string().min(1).optional(),
    /** template of each case's own 目录 (default 案件目录) */
    contents: z.string().min(1).optional(),
  })
  .strict();

export const ItemSchema = z
  .object({
    /** 题名 */
    title: titleText,
    /** generated document: templates/<name>.md.hbs */
    template: z.string().min(1).optional(),
    /** files the office filed: glob(s) under attachments/ */
    attach: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** register (花名册/登记册) rendered from a data key */
    table: z.string().min(1).optional(),
    /** register columns (default: every column of the data) */
    columns: z.array(z.string().min(1)).min(1).optional(),
    /** sub-context handed to the template, merged at the top level */
    data: z.string().min(1).optional(),
    /** one document per row of this data key */
    each: z.string().min(1).optional(),
    /** print set: one marked copy per entry (一式多份) */
    copies: z.array(z.string().min(1)).min(1).optional(),
    /** 印制 copy mark on every page: {copy} label, {n} copy number, {total} copies (default "{copy} 第{n}份/共{total}份") */
    copyMark: z.string().min(1).optional(),
    /** attach: how many files make the item complete — a number, or a data key (e.g. villages) whose every
     *  row needs a file with the row's name in it; fewer is 部分缺 in the 缺件清单 */
    expect: z.union([z.number().int().positive(), z.string().min(1)]).optional(),
    /** default true: a missing required item is listed in 缺件清单 */
    required: z.boolean().default(true),
    /** 文号, 责任者 and 日期 for the 卷内目录 of filed material */
    number: z.string().optional(),
    responsible: z.string().optional(),
    /** 备注 */
    remark: z.string().optional(),
    /** register: column renames { 数据列名: 表头名 } */
    headers: z.record(z.string().min(1), z.string().min(1)).optional(),
    /** register: relative column widths, one per column (序号 not included) */
    widths: z.array(z.number().positive()).min(1).optional(),
    /** register: merged header cells over adjacent columns, e.g. { title: 联系方式, columns: [电话, 地址] } */
    groups: z.array(z.object({ title: z.string().min(1), columns: z.array(z.string().min(1)).min(2) }).strict()).optional(),
    /** register footer: 制表人 (default dossier.yaml preparer) and 制表日期 (default dossier.yaml date) */
    preparer: z.string().min(1).optional(),
    preparedOn: z.string().regex(/^\d{4}-\d{1,2}-\d{1,2}$/, '日期写成 2025-12-30 的格式').optional(),
    /** landscape pages for a wide register */
    landscape: z.boolean().optional(),
    /** case files (案件卷): one sub-section per case */
    cases: CasesSchema.optional(),
    /**
     * year-bound data, cleared by `dossier init <新> --from <旧>`: true = the item's own data (a register's rows,
     * a template's `data:`), or the data keys named (e.g. [stats, villageStats]); a template item whose
     * year-bound data is not filled in yet is listed as missing instead of stopping the build
     */
    yearly: z.union([z.boolean(), z.array(z.string().min(1)).min(1)]).optional(),
    /** stays valid next year: `--from` copies its files and keeps its data (multi-year 指导性文件, standing 制度) */
    carry: z.boolean().optional(),
    /** the sub-units' documents of this item of their catalog (e.g. 新婚对象登记册 of every village's dossier),
     *  filed here one per unit; `attach:` may add scans for units that have none (DESIGN.md §8) */
    collect: z.string().min(1).optional(),
    /**
     * the reverse of `collect:`, for a unit's catalog (a village's): the document its parent (the township)
     * generates for it — an item of the parent's catalog, by 题名 or 卷代码/题名 (a list: the first that has
     * one for this unit). An `each:` item gives the unit's own row's document (a 一式多份 one bound as the
     * unit's copy, with its copy mark), any other template item its one document, an `attach:` item the
     * parent's files (those naming the unit, when some name a unit). The unit's own scans (`attach:`) win.
     */
    from: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** 保管期限 of this item when it differs from its volume's (e.g. 财产登记 永久, 会计凭证 30年): it is filed
     *  in a volume of its own retention, since one 案卷 holds one 保管期限 (src/workspace/retention.ts) */
    retention: z.enum(RETENTIONS).optional(),
  })
  .strict()
  .superRefine((item, ctx) => {
    // a register may have scans as its alternative (table + attach), and so may the units' documents
    // (collect + attach: scans for the units without one); otherwise one source per item
    const sources = (['template', 'table', 'cases', 'collect', 'from', 'attach'] as const).filter((k) => item[k] !== undefined);
    const registerOrScan = sources.length === 2 && item.attach !== undefined && (item.table !== undefined || item.collect !== undefined || item.from !== undefined);
    if (sources.length === 0)
      ctx.addIssue({
        code: 'custom',
        message: `“${item.title}”没有指定来源`,
        params: { hint: '每一项写 template（生成公文）、table（登记册）、cases（案件卷）、collect（各村案卷中的同一项）、from（乡镇发给本村的文件）或 attach（附件）其中之一；登记册、collect 和 from 可以同时写 attach，扫描件作为替代。' },
      });
    else if (sources.length > 1 && !registerOrScan)
      ctx.addIssue({
        code: 'custom',
        message: `“${item.title}”同时指定了 ${sources.join('、')} 多个来源`,
        params: { hint: '每一项只能有一个来源（只有 table 登记册、collect 和 from 可以再加 attach 扫描件作为替代）：保留其一，其余拆成单独的项。' },
      });
    if (item.yearly !== undefined && item.yearly !== false && item.attach !== undefined && item.table === undefined)
      ctx.addIssue({ code: 'custom', path: ['yearly'], message: 'yearly（按年度清空的数据）不能用于只有 attach（附件）的项', params: { hint: '附件本来就不带入下一年度；删除 yearly。' } });
    if (item.carry && item.yearly !== undefined && item.yearly !== false)
      ctx.addIssue({ code: 'custom', path: ['carry'], message: '同一项不能既 carry（带入下一年度）又 yearly（按年度清空）', params: { hint: '保留其一。' } });
    if (item.columns && !item.table)
      ctx.addIssue({ code: 'custom', path: ['columns'], message: 'columns 只能用于 table（登记册）项', params: { hint: '删除 columns，或把来源改为 table。' } });
    if (item.each && !item.template)
      ctx.addIssue({ code: 'custom', path: ['each'], message: 'each 只能用于 template（生成公文）项', params: { hint: '删除 each，或把来源改为 template。' } });
    if (item.expect !== undefined && item.attach === undefined && item.collect === undefined)
      ctx.addIssue({ code: 'custom', path: ['expect'], message: 'expect（应有份数）只能用于 attach（附件）项', params: { hint: '删除 expect，或把来源改为 attach。' } });
    if (item.copies && !item.template)
      ctx.addIssue({ code: 'custom', path: ['copies'], message: 'copies（一式多份）只能用于 template 项', params: { hint: '删除 copies。' } });
  });

export const VolumeSchema = z
  .object({
    /** short code: file names and 档号 */
    code: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,9}$/, '卷代码只能用字母和数字（以字母开头，最多 10 位），例如 ZH'),
    /** 卷名 */
    title: titleText,
    /** 保管期限 */
    retention: z.preprocess((v) => (typeof v === 'string' ? v.trim().replace(/^定期/, '') : v), z.enum(RETENTIONS)),
    /** 类目名称 */
    category: z.string().optional(),
    /** pages per bound volume before it is split (overrides dossier.yaml) */
    pageLimit: z.number().int().min(10).max(2000).optional(),
    items: z.array(ItemSchema).min(1),
  })
  .strict();

export const CatalogSchema = z
  .object({
    name: z.string().min(1),
    /** 乡镇 | 服务站 | 村 */
    level: z.string().optional(),
    volumes: z.array(VolumeSchema).min(1),
  })
  .strict();

export type CatalogItem = z.infer<typeof ItemSchema>;
export type CasePart = z.infer<typeof CasePartSchema>;
export type CatalogVolume = z.infer<typeof VolumeSchema>;
export type Catalog = z.infer<typeof CatalogSchema>;

/**
 * Duplicate volume codes, checked on the raw value so they are reported with every other problem. Codes
 * that differ only in case are duplicates too: Windows file names ignore case, so ZH-… and zh-… would
 * be one file.
 */
export function duplicateVolumeCodes(raw: unknown): { index: number; code: string; first: number; firstCode: string }[] {
  const vols = (raw as { volumes?: unknown } | null)?.volumes;
  if (!Array.isArray(vols)) return [];
  const seen = new Map<string, { index: number; code: string }>();
  const out: { index: number; code: string; first: number; firstCode: string }[] = [];
  vols.forEach((v: unknown, i) => {
    const code = (v as { code?: unknown } | null)?.code;
    if (typeof code !== 'string') return;
    const first = seen.get(code.toLowerCase());
    if (first !== undefined) out.push({ index: i, code, first: first.index, firstCode: first.code });
    else seen.set(code.toLowerCase(), { index: i, code });
  });
  return out;
}

/** The data keys an item's `yearly:` names: true = its own data (a register's table, a template's `data:`). */
export function yearlyKeys(item: CatalogItem): string[] {
  if (item.yearly === undefined || item.yearly === false) return [];
  if (Array.isArray(item.yearly)) return item.yearly;
  const own = item.table ?? item.data ?? item.cases?.data;
  return own === undefined ? [] : [own];
}
