//! The documents' models of each bound volume, kept in out/.dossier/models/<卷代码>.json, so that
//! rebinding a volume after one document changed does not render its other documents again (a third
//! of a one-template rebuild). Entries are looked up by the model hash the manifest recorded: a file
//! from another build, or a damaged one, is simply not used.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Document } from '../model/types.js';
import type { PlannedVolume } from '../plan/types.js';
import { safeFileName } from '../util/file-names.js';
import { writeAtomic } from './atomic.js';

/** `stateDir`: the workspace's (or unit's) out/.dossier */
function dirOf(stateDir: string): string {
  return path.join(stateDir, 'models');
}

function fileOf(stateDir: string, code: string): string {
  return path.join(dirOf(stateDir), `${safeFileName(code)}.json`);
}

export class ModelCache {
  private readonly loaded = new Map<string, Map<string, { k: string; m: Document }>>();

  constructor(private readonly stateDir: string) {}

  /** The model of document `id` of volume `code`, if it was kept with exactly this model hash. */
  get(code: string, id: string, modelKey: string): Document | undefined {
    let vol = this.loaded.get(code);
    if (!vol) {
      vol = new Map();
      try {
        const j = JSON.parse(readFileSync(fileOf(this.stateDir, code), 'utf8')) as Record<string, { k?: unknown; m?: unknown }>;
        for (const [docId, e] of Object.entries(j)) if (typeof e.k === 'string' && e.m && typeof e.m === 'object') vol.set(docId, { k: e.k, m: e.m as Document });
      } catch {
        // not kept yet, or unreadable: render instead
      }
      this.loaded.set(code, vol);
    }
    const e = vol.get(id);
    return e && e.k === modelKey ? e.m : undefined;
  }

  /** Lets go of the models read for volume `code` (it is bound). */
  forget(code: string): void {
    this.loaded.delete(code);
  }

  /** Keep the models of a (re)bound volume: `json` is each model's canonical JSON, already made for its hash. */
  static write(stateDir: string, code: string, models: readonly { id: string; modelKey: string; json: string }[]): void {
    const body = models.map((m) => `${JSON.stringify(m.id)}:{"k":${JSON.stringify(m.modelKey)},"m":${m.json}}`).join(',\n');
    writeAtomic(fileOf(stateDir, code), `{${body}}\n`);
  }

  /**
   * Keep the models of these (just bound) volumes. A cache: when out/.dossier cannot be written, the
   * next rebinding renders instead (and the manifest write reports the folder).
   */
  static keep(stateDir: string, volumes: readonly PlannedVolume[], modelOf: (id: string) => { modelKey: string; json: string } | undefined): void {
    try {
      for (const v of volumes) {
        const docs = v.documents.flatMap((d) => {
          const m = d.kind === 'attachment' ? undefined : modelOf(d.id);
          return m ? [{ id: d.id, ...m }] : [];
        });
        if (docs.length) ModelCache.write(stateDir, v.code, docs);
      }
    } catch {
      // not kept: rendering next time
    }
  }

  /** Remove the files of volumes no longer in the catalog. */
  static prune(stateDir: string, codes: readonly string[]): void {
    const keep = new Set(codes.map((c) => `${safeFileName(c)}.json`));
    try {
      for (const n of readdirSync(dirOf(stateDir))) if (n.endsWith('.json') && !keep.has(n)) rmSync(path.join(dirOf(stateDir), n), { force: true });
    } catch {
      // no models kept yet
    }
  }
}
