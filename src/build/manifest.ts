//! Reading and writing the build's manifest (out/.dossier/manifest.json). An unreadable or foreign one
//! just means "rebuild all". A manifest of a township is over a megabyte; validating it with zod took
//! ~50 ms of every rebuild, so the build also writes its sha256 beside it (manifest.sha256): a manifest
//! whose bytes still hash to that value is exactly what a build wrote and is trusted as it is; any other
//! (edited by hand, or the checksum missing after an interrupted write) goes through the schema.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ManifestSchema, type Manifest } from '../schema/manifest.js';
import { sha256 } from '../util/hash.js';

/** `stateDir`: where the build keeps its records — out/.dossier of the workspace, or a unit's own folder in it. */
export function manifestPath(wsDir: string, stateDir = path.join(wsDir, 'out', '.dossier')): string {
  return path.join(stateDir, 'manifest.json');
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

/** manifest.sha256: the manifest text's sha256 (written after the manifest). */
export function checksumPath(stateDir: string): string {
  return path.join(stateDir, 'manifest.sha256');
}

/**
 * The manifest's text — exactly `${JSON.stringify(manifest)}\n` — in pieces of one entry each, so that it
 * is never held whole: a township's is over a megabyte, an 8× one 12 MB (24 MB as a JavaScript string).
 */
export function* manifestText(manifest: Manifest): Generator<string> {
  yield* jsonPieces(manifest, 2);
  yield '\n';
}

/** sha256 of the manifest's text (what manifest.sha256 holds), without the text made whole. */
export function manifestChecksum(manifest: Manifest): string {
  const h = createHash('sha256');
  for (const piece of manifestText(manifest)) h.update(piece, 'utf8');
  return h.digest('hex');
}

/** JSON.stringify(value) in pieces: objects opened `depth` levels deep, each member a piece. */
function* jsonPieces(value: unknown, depth: number): Generator<string> {
  if (depth === 0 || value === null || typeof value !== 'object' || Array.isArray(value) || 'toJSON' in value) {
    yield JSON.stringify(value);
    return;
  }
  yield '{';
  let first = true;
  for (const [k, v] of Object.entries(value)) {
    // (as JSON.stringify: members whose value has no JSON are left out)
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(k)}:`;
    first = false;
    yield* jsonPieces(v, depth - 1);
  }
  yield '}';
}

export function emptyManifest(toolKey: string): Manifest {
  return { version: 1, toolKey, documents: {}, outputs: {}, volumes: {}, attachments: {} };
}
