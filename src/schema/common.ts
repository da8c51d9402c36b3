//! Small zod pieces shared by the input schemas.
import { z } from 'zod';
import { isIsoDate } from '../util/dates.js';

/** A calendar date written yyyy-mm-dd that really exists. */
export const IsoDate = z
  .string()
  .refine(isIsoDate, { message: '日期写法不对或日期不存在（应写成 2025-09-05 这样的形式）' });

/** Text; numbers are accepted and kept as written (e.g. 全宗号 012 typed without quotes). */
export const Text = z.union([z.string(), z.number()]).transform((v) => String(v));
