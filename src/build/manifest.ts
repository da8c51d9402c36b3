//! Reading and writing the build's manifest (out/.dossier/manifest.json). An unreadable or foreign one
//! just means "rebuild all". A manifest of a township is over a megabyte; validating it with zod took
//! ~50 ms of every rebuild, so the build also writes its sha256 beside it (manifest.sha256): a manifest
//! whose bytes still hash to that value is exactly what a build wrote and is trusted as it is; any other
//! (edited by hand, or the checksum missing after an interrupted write) goes through the schema.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ManifestSchema, type Manifest } from '../schema/manifest.js';
import { sha256 } from '../util/hash.js';
import { writeAtomic } from './atomic.js';

/** `stateDir`: where the build keeps its records — out/.dossier of the workspace, or a unit's own folder in it. */
export function manifestPath(wsDir: string, stateDir = path.join(wsDir, 'out', '.dossier')): string {
  return path.join(stateDir, 'manifest.json');
}

function checksumPath(stateDir: string): string {
  return path.join(stateDir, 'manifest.sha256');
}

export function readManifest(wsDir: string, stateDir = path.join(wsDir, 'out', '.dossier')): Manifest | undefined {
  const p = manifestPath(wsDir, stateDir);
  if (!existsSync(p)) return undefined;
  try {
    const text = readFileSync(p, 'utf8');
    const json: unknown = JSON.parse(text);
    let sum = '';
    try {
      sum = readFileSync(checksumPath(stateDir), 'utf8').trim();
    } catch {
      // no checksum: validate
    }
    if (sum === sha256(text)) return json as Manifest;
    const parsed = ManifestSchema.safeParse(json);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The manifest's file and its checksum's, as the commit writes them (checksum last). */
export function manifestFiles(wsDir: string, manifest: Manifest, stateDir = path.join(wsDir, 'out', '.dossier')): [path: string, text: string][] {
  const text = `${JSON.stringify(manifest)}\n`;
  return [
    [manifestPath(wsDir, stateDir), text],
    [checksumPath(stateDir), `${sha256(text)}\n`],
  ];
}

/** The manifest, then its checksum (written last: until then the manifest is validated when read). */
export function writeManifest(wsDir: string, manifest: Manifest, stateDir = path.join(wsDir, 'out', '.dossier')): void {
  for (const [file, text] of manifestFiles(wsDir, manifest, stateDir)) writeAtomic(file, text);
}

export function emptyManifest(toolKey: string): Manifest {
  return { version: 1, toolKey, documents: {}, outputs: {}, volumes: {}, attachments: {} };
}
