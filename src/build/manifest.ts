//! Reading the previous build's manifest (an unreadable or foreign one just means "rebuild all").
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ManifestSchema, type Manifest } from '../schema/manifest.js';

export function manifestPath(wsDir: string): string {
  return path.join(wsDir, 'out', '.dossier', 'manifest.json');
}

export function readManifest(wsDir: string): Manifest | undefined {
  const p = manifestPath(wsDir);
  if (!existsSync(p)) return undefined;
  try {
    const parsed = ManifestSchema.safeParse(JSON.parse(readFileSync(p, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function emptyManifest(toolKey: string): Manifest {
  return { version: 1, toolKey, documents: {}, outputs: {}, volumes: {}, attachments: {} };
}
