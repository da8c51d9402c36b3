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

/**
 * Sub-units built from this workspace (DESIGN.md §8): one dossier per row of a data table, with that row,
 * the tables filtered to it, and its own folder of data, templates and attachments (src/workspace/units.ts).
 */
export const UnitsSchema = z
  .object({
    /** the units' catalog: built-in name or a path under catalog/ */
    catalog: z.string().min(1),
    /** one unit per row of this data table */
    each: z.string().min(1),
    /** the column naming the unit; tables with this column are filtered per unit */
    name: z.string().min(1),
    /** the folder holding the units' own files (default 村 for villages, 乡镇 for townships) */
    folder: z.string().min(1).optional(),
  })
  .strict();
export type UnitsConfig = z.infer<typeof UnitsSchema>;

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
    /** how bound volumes are printed: duplex (default; each 件 on the front of a sheet, blank backs inserted) or simplex */
    print: z.enum(['duplex', 'simplex']).default('duplex'),
    /** PDF/A-2b for every PDF written (default); false for plain PDF */
    pdfa: z.boolean().default(true),
    /** 各村的村级案卷, built from this workspace */
    villages: UnitsSchema.optional(),
    /** a county office: each township's dossier, built from this workspace */
    townships: UnitsSchema.optional(),
  })
  .strict();

export type DossierConfig = z.infer<typeof DossierSchema>;
