//! Calendar dates as ISO yyyy-mm-dd strings: validation (2025-02-30 is not a date) and parts.

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/** Parts of a valid ISO date, or undefined (also for impossible dates such as 2025-02-30). */
export function parseIsoDate(s: string): DateParts | undefined {
  const m = ISO.exec(s.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days ? { year, month, day } : undefined;
}

export function isIsoDate(s: string): boolean {
  return parseIsoDate(s) !== undefined;
}

/** yyyy-mm-dd with zero padding. */
export function formatIsoDate(p: DateParts): string {
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** A JS Date (UTC midnight, as spreadsheets give) as yyyy-mm-dd. */
export function isoOfDate(d: Date): string {
  return formatIsoDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}
