//! Content hashes for incremental builds: sha256 of bytes, of canonical JSON (sorted keys), of parts.
import { createHash } from 'node:crypto';

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** JSON with object keys sorted, so equal values hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  });
}

export function hashJson(value: unknown): string {
  return sha256(canonicalJson(value) ?? 'undefined');
}

/** Hash of named parts, order-independent (the names are sorted). */
export function hashParts(parts: Record<string, string>): string {
  return sha256(
    Object.keys(parts)
      .sort()
      .map((k) => `${k}=${parts[k]}`)
      .join('\n'),
  );
}
