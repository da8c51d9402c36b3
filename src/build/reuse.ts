//! Phase "decide reuse": every generated document records what it was made from (template, partials,
//! catalog item, row, the data keys it read, tool+fonts+settings); a document whose inputs hash as before
//! and whose files are intact is reused without rendering. The others are rendered, with the reason.

import type { PlannedVolume, TableDocument, TemplateDocument } from '../plan/types.js';
import type { CatalogItem } from '../schema/catalog.js';
import type { DocumentEntry } from '../schema/manifest.js';
import { hashJson, hashParts, sha256 } from '../util/hash.js';
import type { Workspace } from '../workspace/types.js';
import { documentFiles, type BuildSession } from './session.js';

/** One generated document of the build, from the reuse decision to its outcome. */
export interface DocumentTask {
  d: TemplateDocument | TableDocument;
  v: PlannedVolume;
  deps: Record<string, string>;
  inputKey: string;
  /** nothing to do: inputs and files as last time (or, `frozen`, a volume not selected by --volume) */
  reused: boolean;
  /** in a volume not selected by --volume: left exactly as the last build made it */
  frozen?: boolean;
  /** why it is made again (Chinese) */
  reason?: string;
  /** what the last build recorded (the frozen volumes': `last`, else `previous`) */
  prev?: DocumentEntry;
}

const DEP_NAMES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^tool$/, () => '工具、字体或设置变化'],
  [/^template:(.+)$/, (m) => `模板“${m[1]}”已修改`],
  [/^partials$/, () => '模板片段已修改'],
  [/^item$/, () => '目录中的这一项已修改'],
  [/^row$/, (m) => `数据行已修改${m[1] ?? ''}`],
  [/^data:(.+)$/, (m) => `数据“${m[1]}”已修改`],
];

/** Why a document is made again, from the names of the dependencies that changed. */
export function why(changed: string[]): string {
  return changed
    .map((k) => {
      for (const [re, f] of DEP_NAMES) {
        const m = re.exec(k);
        if (m) return f(m);
      }
      return k;
    })
    .join('，');
}

/** Hashes of a workspace's sources, made once per build. */
export class SourceHashes {
  private readonly templates = new Map<string, string>();
  private readonly items = new Map<string, CatalogItem | undefined>();
  private readonly data = new Map<string, string>();
  readonly partials: string;

  constructor(private readonly ws: Workspace) {
    this.partials = hashJson([...ws.partials.values()].map((p) => [p.name, p.text]));
    for (const [name, t] of ws.templates) this.templates.set(name, sha256(t.text));
    for (const v of ws.catalog.volumes) v.items.forEach((it, i) => this.items.set(`${v.code}/${i}`, it));
  }

  template(name: string): string {
    return this.templates.get(name) ?? sha256('');
  }

  item(code: string, index: number): CatalogItem | undefined {
    return this.items.get(`${code}/${index}`);
  }

  /** A data key the build makes itself (the 发文登记 rows), by the hash of its value. */
  setData(k: string, hash: string): void {
    this.data.set(k, hash);
  }

  dataKey(k: string): string {
    let h = this.data.get(k);
    if (h === undefined) {
      h = hashJson(this.ws.data[k] ?? null);
      this.data.set(k, h);
    }
    return h;
  }

  /** The inputs of one document, hashed by name; `dataKeys` are the data keys it reads. */
  depsOf(d: TemplateDocument | TableDocument, v: PlannedVolume, toolKey: string, dataKeys: readonly string[]): Record<string, string> {
    const deps: Record<string, string> = {
      tool: toolKey,
      item: hashJson({ item: this.item(v.code, d.itemIndex), volume: { code: v.code, title: v.title, retention: v.retention }, seq: d.seq, stem: d.fileStem }),
    };
    if (d.kind === 'template') {
      deps[`template:${d.template}`] = this.template(d.template);
      deps['partials'] = this.partials;
      if (d.row) deps['row'] = hashJson(d.row);
      if (d.case) deps['case'] = hashJson(d.case);
    } else deps[`data:${d.dataKey}`] = this.dataKey(d.dataKey);
    for (const k of dataKeys) deps[`data:${k}`] = this.dataKey(k);
    return deps;
  }
}

/** Whether a document is made last, from every other document's 文号 (the `table: 发文登记` item, issue 19). */
export function isDeferred(d: TemplateDocument | TableDocument): boolean {
  return d.kind === 'table' && d.derived === 'issued';
}

/**
 * Decides, for every generated document of the plan, whether it is reused or made again (and why). The
 * 发文登记 items are left out (`deferred`): their rows are known only when every other document is.
 */
export function decideReuse(s: BuildSession, hashes: SourceHashes): { tasks: DocumentTask[]; deferred: { d: TableDocument; v: PlannedVolume }[] } {
  const tasks: DocumentTask[] = [];
  const deferred: { d: TableDocument; v: PlannedVolume }[] = [];
  for (const v of s.plan.volumes)
    for (const d of v.documents) {
      if (d.kind === 'attachment') continue;
      if (d.kind === 'table' && isDeferred(d)) deferred.push({ d, v });
      else {
        const t = taskOf(s, hashes, d, v);
        if (t) tasks.push(t);
      }
    }
  return { tasks, deferred };
}

/** The reuse decision for one document (undefined: in a volume not selected by --volume, never built). */
export function taskOf(s: BuildSession, hashes: SourceHashes, d: TemplateDocument | TableDocument, v: PlannedVolume): DocumentTask | undefined {
  if (s.only && !s.only.has(v.code)) {
    // not selected: keep what the last build made of it, or nothing if it was never built
    const kept = s.last?.documents[d.id];
    return kept ? { d, v, deps: kept.deps, inputKey: kept.inputKey, reused: true, frozen: true, prev: kept } : undefined;
  }
  const prev = s.previous?.documents[d.id];
  const deps = hashes.depsOf(d, v, s.toolKey, prev ? Object.keys(prev.deps).filter((k) => k.startsWith('data:')).map((k) => k.slice(5)) : []);
  const inputKey = hashParts(deps);
  const task: DocumentTask = { d, v, deps, inputKey, reused: false, ...(prev ? { prev } : {}) };
  if (!prev) task.reason = s.allReason ?? '新增';
  else if (prev.inputKey !== inputKey) task.reason = why(Object.keys({ ...deps, ...prev.deps }).filter((k) => deps[k] !== prev.deps[k]).sort());
  else if (Object.values(documentFiles(s, d, v)).every((abs) => abs !== undefined && s.files.intact(abs, s.previous))) task.reused = true;
  else task.reason = '输出文件缺失或被改动';
  return task;
}
