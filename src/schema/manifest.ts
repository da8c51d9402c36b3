//! out/.dossier/manifest.json: what every output was made from, for incremental builds (zod-validated).
import { z } from 'zod';

export const MANIFEST_VERSION = 1;

/** What a document's model says of itself (its 公文 elements), kept so a reused document's 文号 is known. */
export const DocumentMetaSchema = z.object({
  title: z.string(),
  number: z.string().optional(),
  date: z.string().optional(),
  to: z.string().optional(),
  issuer: z.string().optional(),
});

export const DocumentEntrySchema = z.object({
  /** hash of all input dependencies (template, partials, item, row, data keys read, tool) */
  inputKey: z.string(),
  /** dependency name → hash, to say why a document was rebuilt */
  deps: z.record(z.string(), z.string()),
  /** hash of the rendered DocModel */
  modelKey: z.string(),
  /** hash of the template's text as Handlebars filled it in (src/render/document.ts): the same text, the same model */
  renderKey: z.string().optional(),
  /** laid-out page count (PDF) */
  pages: z.number().int().nonnegative().optional(),
  /** output paths (relative to the workspace) made from this document */
  outputs: z.array(z.string()),
  /** the model's 公文 elements (发文登记) */
  meta: DocumentMetaSchema.optional(),
});

export const OutputEntrySchema = z.object({
  /** hash of what the output was made from */
  key: z.string(),
  /** hash of the file as written, to notice a file changed or damaged by hand */
  sha256: z.string(),
  /** size and modification time when written: a file that still has both is not re-hashed */
  size: z.number().int().nonnegative().optional(),
  mtimeMs: z.number().optional(),
});

/** A bound volume: its input key and, per part, the forms' data and the files (workspace-relative). */
export const VolumeEntrySchema = z.object({
  key: z.string(),
  parts: z.array(z.object({ sheet: z.record(z.string(), z.unknown()), sheets: z.number().int().nonnegative(), files: z.array(z.string()) })),
});

/** What binding learnt of an attachment by reading it (pages, warnings, what keeps it out of PDF/A), under this tool key. */
export const AttachmentReadSchema = z.object({
  tool: z.string(),
  kind: z.enum(['pdf', 'image', 'docx']),
  pages: z.number().int().nonnegative(),
  warnings: z.array(z.record(z.string(), z.unknown())),
  blockers: z.array(z.string()),
});

export const AttachmentEntrySchema = z.object({
  sha256: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  /** the same bytes need not be read again to bind them (a volume rebound after a document changed) */
  read: AttachmentReadSchema.optional(),
});

export const ManifestSchema = z.object({
  version: z.literal(MANIFEST_VERSION),
  toolKey: z.string(),
  documents: z.record(z.string(), DocumentEntrySchema),
  outputs: z.record(z.string(), OutputEntrySchema),
  volumes: z.record(z.string(), VolumeEntrySchema).default({}),
  /** attachments' content hashes by path, with size and mtime, so unchanged scans are not re-read */
  attachments: z.record(z.string(), AttachmentEntrySchema).default({}),
});
export type VolumeEntry = z.infer<typeof VolumeEntrySchema>;

export type Manifest = z.infer<typeof ManifestSchema>;
export type DocumentEntry = z.infer<typeof DocumentEntrySchema>;
export type DocumentMeta = z.infer<typeof DocumentMetaSchema>;
export type OutputEntry = z.infer<typeof OutputEntrySchema>;
export type AttachmentRead = z.infer<typeof AttachmentReadSchema>;
