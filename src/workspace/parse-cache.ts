//! Parsed YAML and JSON (and the rows of .xlsx workbooks, keyed xlsx:<hash>) by content hash, kept between
//! builds in out/.dossier/parsed.json.
//! Parsing a township catalog (≈120 KB of YAML) takes ~150 ms in a fresh process; JSON.parse of the
//! same value ~2 ms. Only clean parses are kept (no errors, no warnings, plain JSON values), so a cached
//! file can never hide a problem; positions for messages are computed again only when one is needed.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Bump when the YAML reader's results could change (parser options, yaml upgrade). */
const CACHE_VERSION = 1;

export function parseCachePath(wsDir: string): string {
  return path.join(wsDir, 'out', '.dossier', 'parsed.json');
}

/** Strings, finite numbers, booleans, null, arrays and plain objects only (what JSON gives back as it was). */
function isPlainJson(v: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) return v.every((x) => isPlainJson(x, depth + 1));
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.entries(v).every(([k, x]) => k !== '__proto__' && isPlainJson(x, depth + 1));
  }
  return false;
}

export class ParseCache {
  private readonly kept = new Map<string, string>();
  private changed = false;

  private constructor(
    private readonly tool: string,
    private readonly previous: Map<string, string>,
  ) {}

  /** The cache of the workspace's last build (empty when missing, unreadable or from another version). */
  static load(wsDir: string, tool: string): ParseCache {
    const entries = new Map<string, string>();
    try {
      const j = JSON.parse(readFileSync(parseCachePath(wsDir), 'utf8')) as { version?: unknown; tool?: unknown; entries?: unknown };
      if (j.version === CACHE_VERSION && j.tool === tool && j.entries && typeof j.entries === 'object') {
        for (const [k, v] of Object.entries(j.entries as Record<string, unknown>)) if (typeof v === 'string') entries.set(k, v);
      }
    } catch {
      // no cache yet, or a damaged one: parse everything
    }
    return new ParseCache(tool, entries);
  }

  /** The value parsed from text with this sha256, if a clean parse of it was kept. */
  get(sha: string): unknown {
    const json = this.previous.get(sha);
    if (json === undefined) return undefined;
    this.kept.set(sha, json);
    return JSON.parse(json) as unknown;
  }

  /** Keep a clean parse (ignored when the value is not plain JSON). */
  put(sha: string, value: unknown): void {
    if (!isPlainJson(value)) return;
    this.kept.set(sha, JSON.stringify(value));
    this.changed = true;
  }

  /** What to write back: only the files read this time; undefined when it would not change. */
  serialize(): string | undefined {
    if (!this.changed && this.kept.size === this.previous.size) return undefined;
    // each value as a JSON string: reading the cache parses only the file's outer object, and each
    // entry is parsed when (and if) its file is read
    const entries = Object.fromEntries([...this.kept].sort(([a], [b]) => (a < b ? -1 : 1)));
    return `${JSON.stringify({ version: CACHE_VERSION, tool: this.tool, entries })}\n`;
  }
}
