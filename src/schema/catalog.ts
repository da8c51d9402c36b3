//! Catalog files: which volumes (案卷) a unit keeps and which items (件) each must contain.
import { z } from 'zod';

export const RETENTIONS = ['永久', '30年', '10年'] as const;

export const ItemSchema = z
  .object({
    /** 题名 */
    title: z.string().min(1),
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
    /** the sub-units' documents of this item of their catalog (e.g. 新婚对象登记册 of every village's dossier),
     *  filed here one per unit; `attach:` may add scans for units that have none (DESIGN.md §8) */
    collect: z.string().min(1).optional(),
    /** 保管期限 of this item when it differs from its volume's (e.g. 财产登记 永久, 会计凭证 30年): it is filed
     *  in a volume of its own retention, since one 案卷 holds one 保管期限 (src/workspace/retention.ts) */
    retention: z.enum(RETENTIONS).optional(),
  })
  .strict()
  .superRefine((item, ctx) => {
    // `collect:` with `attach:` is one source: the units' documents, and scans for the units without one
    const sources = (['template', 'attach', 'table', 'collect'] as const).filter((k) => item[k] !== undefined && !(k === 'attach' && item.collect !== undefined));
    if (sources.length === 0)
      ctx.addIssue({
        code: 'custom',
        message: `“${item.title}”没有指定来源`,
        params: { hint: '每一项要写且只写 template（生成公文）、attach（附件）或 table（登记册）其中之一。' },
      });
    else if (sources.length > 1)
      ctx.addIssue({
        code: 'custom',
        message: `“${item.title}”同时指定了 ${sources.join('、')} 多个来源`,
        params: { hint: '每一项只能有一个来源：保留其一，其余拆成单独的项。' },
      });
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
    title: z.string().min(1),
    /** 保管期限 */
    retention: z.enum(RETENTIONS),
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
export type CatalogVolume = z.infer<typeof VolumeSchema>;
export type Catalog = z.infer<typeof CatalogSchema>;

/** Duplicate volume codes, checked on the raw value so they are reported with every other problem. */
export function duplicateVolumeCodes(raw: unknown): { index: number; code: string; first: number }[] {
  const vols = (raw as { volumes?: unknown } | null)?.volumes;
  if (!Array.isArray(vols)) return [];
  const seen = new Map<string, number>();
  const out: { index: number; code: string; first: number }[] = [];
  vols.forEach((v: unknown, i) => {
    const code = (v as { code?: unknown } | null)?.code;
    if (typeof code !== 'string') return;
    const first = seen.get(code);
    if (first !== undefined) out.push({ index: i, code, first });
    else seen.set(code, i);
  });
  return out;
}
