//! Template front matter: the 公文 elements (DESIGN.md §2), validated after rendering.
import { z } from 'zod';
import { IsoDate } from './common.js';

export const FrontMatterSchema = z
  .object({
    /** 公文种类 */
    kind: z.string().min(1).default('通知'),
    /** 发文机关 */
    issuer: z.string().min(1).optional(),
    /** 发文字号 */
    number: z.string().min(1).optional(),
    title: z.string().min(1),
    subtitle: z.string().min(1).optional(),
    /** 主送机关 */
    to: z.string().min(1).optional(),
    /** 成文日期 */
    date: IsoDate.optional(),
    /** 抄送 */
    cc: z.string().min(1).optional(),
    /** 印发机关 and 印发日期 (版记) */
    printer: z.string().min(1).optional(),
    printDate: IsoDate.optional(),
    /** print the red 版头 */
    header: z.boolean().default(false),
    /**
     * 版头 mark when it differs from issuer, e.g. 中共凉风乡委员会文件; or, for a joint issue (联合行文), the
     * offices lead office first — [中共澧源镇委员会, 澧源镇人民政府] — stacked, with “文件” to their right (7.2.4)
     */
    masthead: z.union([z.string().min(1), z.array(z.string().min(1)).min(2).max(4)]).optional(),
    /** 签发人 (上行文) */
    signer: z.string().min(1).optional(),
    /** 份号, 密级, 紧急程度 */
    copyNo: z.string().min(1).optional(),
    secret: z.string().min(1).optional(),
    urgency: z.string().min(1).optional(),
    /** 落款 署名 (default: issuer); a joint issue's offices as a list, in issuing order; false = no 落款 */
    signature: z.union([z.string().min(1), z.array(z.string().min(1)).min(1).max(4), z.literal(false)]).optional(),
    /** 加盖印章 */
    sealed: z.boolean().default(false),
    /** 附件说明 */
    attachments: z.array(z.string().min(1)).optional(),
    /** 附注 */
    note: z.string().min(1).optional(),
    /** 责任书 cover page */
    cover: z.boolean().default(false),
    /** 责任书 total score, checked against the targets */
    total: z.number().positive().optional(),
  })
  .strict();

export type FrontMatter = z.infer<typeof FrontMatterSchema>;
