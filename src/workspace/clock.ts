//! The only "now" of a build: dossier.yaml `date`, else SOURCE_DATE_EPOCH, else the last day of the year.
//! Output metadata uses it, so the same inputs give byte-identical files.
import type { Workspace } from './types.js';

export function buildDate(ws: Workspace, env: NodeJS.ProcessEnv = process.env): Date {
  if (ws.config.date) return new Date(`${ws.config.date}T00:00:00Z`);
  const epoch = env['SOURCE_DATE_EPOCH'];
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(Date.UTC(ws.config.year, 11, 31));
}
