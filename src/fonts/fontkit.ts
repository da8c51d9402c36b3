//! The one place that loads @foliojs-fork/fontkit, through Node's require: bundlers (vite/vitest) would
//! otherwise pick its untranspiled `jsnext:main` source. Typed by fontkit.d.ts. Loaded on first use only:
//! a build that lays nothing out (nothing changed) never pays for parsing fontkit's ~1 MB of code.

import { createRequire } from 'node:module';
import type { Fontkit } from '@foliojs-fork/fontkit';
import { markLoaded } from '../util/loaded.js';

export type { FontkitFont, FontkitCollection, FontkitGlyph } from '@foliojs-fork/fontkit';

let loaded: Fontkit | undefined;

/** fontkit, required on first call. */
export function fontkitModule(): Fontkit {
  if (!loaded) markLoaded('fontkit');
  loaded ??= createRequire(import.meta.url)('@foliojs-fork/fontkit') as Fontkit;
  return loaded;
}

/** Whether fontkit has been loaded in this process (DOSSIER_TRACE reports it). */
export function fontkitLoaded(): boolean {
  return loaded !== undefined;
}

/** fontkit's `create`, loading fontkit on first use. */
export const fontkit: Pick<Fontkit, 'create'> = { create: (buffer, postscriptName) => fontkitModule().create(buffer, postscriptName) };
