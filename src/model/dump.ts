//! The "model" writer: a stable JSON dump of a DocModel, for goldens and debugging.
import type { Document } from './types.js';

export function dumpModel(doc: Document): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
