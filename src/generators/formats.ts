//! The output formats by name: file extension and what each writer reads. Data only, so the build can
//! name files without loading any writer (a build with nothing to write loads none).

/** What a writer reads: laid-out pages (encoded once, src/generators/pdf/encode.ts) or the DocModel. */
export type WriterInput = 'paged' | 'model';

export const FORMATS = {
  pdf: { input: 'paged', extension: '.pdf' },
  docx: { input: 'model', extension: '.docx' },
  model: { input: 'model', extension: '.model.json' },
} as const satisfies Record<string, { input: WriterInput; extension: string }>;

export type WriterName = keyof typeof FORMATS;

export function needsLayout(formats: readonly WriterName[]): boolean {
  return formats.some((f) => FORMATS[f].input === 'paged');
}
