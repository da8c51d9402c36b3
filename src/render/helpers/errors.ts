//! The error a helper throws for a user mistake (zero denominator, not a number, bad date):
//! the renderer turns it into a diagnostic with the template file and line.

export class HelperError extends Error {
  constructor(
    readonly helper: string,
    message: string,
    readonly hint?: string,
    readonly line?: number,
    readonly column?: number,
    /** an empty or missing value: the data that holds it (src/render/handlebars.ts ValueSubject) */
    readonly subject?: unknown,
  ) {
    super(message);
    this.name = 'HelperError';
  }
}

/** Handlebars passes its options object last; this pulls line/column from it. */
export interface HelperOptions {
  loc?: { start?: { line?: number; column?: number } };
  hash?: Record<string, unknown>;
  data?: { root?: unknown };
  fn?: (ctx: unknown) => string;
  inverse?: (ctx: unknown) => string;
}

export function isHelperOptions(x: unknown): x is HelperOptions {
  return typeof x === 'object' && x !== null && ('hash' in x || 'loc' in x || 'data' in x) && 'name' in x;
}

export function fail(helper: string, options: HelperOptions | undefined, message: string, hint?: string): never {
  const start = options?.loc?.start;
  throw new HelperError(helper, message, hint, start?.line, start?.column === undefined ? undefined : start.column + 1);
}
