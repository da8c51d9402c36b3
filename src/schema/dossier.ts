//! dossier.yaml: the workspace settings (DESIGN.md §2). zod is the single source of the type.
import { z } from 'zod';
import { FONT_ROLES } from '../fonts/roles.js';
import { IsoDate, Text } from './common.js';

const fontEntries = Object.fromEntries(FONT_ROLES.map((r) => [r, z.string().min(1)])) as Record<
  (typeof FONT_ROLES)[number],
  z.ZodString
>;

export const OutputFormat = z.enum(['pdf', 'docx']);
export type OutputFormat = z.infer<typeof OutputFormat>;

export const UnitSchema = z.union([
  z.string().min(1),
  z.object({ name: z.string().min(1), short: z.string().min(1) }).strict(),
]);

export const DossierSchema = z
  .object({
    /** 立档单位 = 全宗名称 */
    unit: UnitSchema,
    /** 全宗号 */
    fonds: Text.optional(),
    /** 年度 */
    year: z.number().int().min(1949).max(2100),
    /** built-in catalog name or a path under catalog/ */
    catalog: z.string().min(1),
    formats: z.array(OutputFormat).min(1).default(['pdf', 'docx']),
    /** role → font file */
    fonts: z.object(fontEntries).partial().strict().optional(),
    /** 立卷人 */
    preparer: z.string().optional(),
    /** 检查人 */
    checker: z.string().optional(),
    /** 立卷时间; also the fixed date of generated files' metadata */
    date: IsoDate.optional(),
    /** pages per bound volume before it is split */
    pageLimit: z.number().int().min(10).max(2000).default(200),
    /** 案卷封面: standard (GB/T 9705 fields, default) or simple (立档单位, 卷名, 年度 as in the seeds) */
    cover: z.enum(['standard', 'simple']).optional(),
    /** PDF/A-2b for every PDF written (default); false for plain PDF */
    pdfa: z.boolean().default(true),
  })
  .strict();

export type DossierConfig = z.infer<typeof DossierSchema>;
