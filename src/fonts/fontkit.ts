//! The one place that loads @foliojs-fork/fontkit, through Node's require: bundlers (vite/vitest) would
//! otherwise pick its untranspiled `jsnext:main` source. Typed by fontkit.d.ts.

import { createRequire } from 'node:module';
import type { Fontkit } from '@foliojs-fork/fontkit';

export type { FontkitFont, FontkitCollection, FontkitGlyph } from '@foliojs-fork/fontkit';

export const fontkit: Fontkit = createRequire(import.meta.url)('@foliojs-fork/fontkit') as Fontkit;
