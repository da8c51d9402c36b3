//! All problems at once (S10): when only data files have errors, the rest of the workspace is still
//! planned and rendered — leaving out the documents that read a broken file, whose problems would only
//! repeat the file's — so a template's problems show in the same run as the data file's. Nothing is
//! written: the build stops on the data file's errors as before.
import type { Diagnostic } from '../diag/diagnostic.js';
import { planBuild } from '../plan/plan.js';
import { Renderer } from '../render/document.js';
import type { Workspace } from '../workspace/types.js';
import { fileReceivedDocuments } from './word-templates.js';

/** Plan problems that only follow from a broken data file (its key is then empty). */
const CASCADE = new Set(['data-path-unknown', 'each-not-list', 'table-not-list', 'table-unknown-column', 'cases-not-list']);

/** The problems of the workspace `partial` (loaded without its broken data files) beside its data files'. */
export async function problemsBesideData(partial: Workspace): Promise<Diagnostic[]> {
  const broken = [...(partial.brokenData ?? [])];
  const follows = (d: Diagnostic) => CASCADE.has(d.code) && broken.some((k) => d.message.includes(`“${k}”`) || d.message.includes(`“${k}.`));
  const { plan, diagnostics } = planBuild(partial);
  const out = diagnostics.filter((d) => !follows(d));
  out.push(...(await fileReceivedDocuments(partial, plan)));
  const renderer = new Renderer(partial);
  for (const v of plan.volumes) for (const d of v.documents) if (d.kind === 'template') out.push(...renderer.render(d).diagnostics);
  return out;
}
