//! Public API: init(), check() and build() of a workspace.
export { build, prepare, type BuildOptions, type BuildReport } from './build/build.js';
export { loadWorkspace } from './workspace/load.js';
export { planBuild } from './plan/plan.js';
export type { Document, Block, Inline } from './model/types.js';
export type { Diagnostic } from './diag/diagnostic.js';
