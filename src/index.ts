// omni-sniffer: a read-only snapshot of a git worktree for AI-agent prompts, on the fastest of
// three interchangeable backends that works here. Importing this loads no backend; the first
// call does, once.
/**
 * A fast, read-only snapshot of a git worktree for AI-agent prompts (branch, HEAD, what is staged,
 * modified, untracked or conflicted, upstream, stash, the operation in progress, the scratchpad's
 * size), on the fastest of three interchangeable backends (`napi`, `neon`, `ts`) that works here.
 *
 * Importing the package loads no backend; the first call does, once. The backend is the `backend`
 * option, else the environment variable `OMNI_SNIFFER_BACKEND`, else `auto`: the first backend of
 * the benchmark's ranking that loads and passes a smoke call. A snapshot never writes to the
 * repository, is never redirected by inherited `GIT_*` variables, and runs no program the
 * repository names. The contract (docs/contract.md) defines every field, option and error.
 *
 * @example
 * ```ts
 * import { OmniSniffer, snapshot, toPromptString } from 'omni-sniffer';
 *
 * console.log(toPromptString(await snapshot('.')));
 *
 * const sniffer = new OmniSniffer('.', { untrackedFiles: 'all' });
 * const snap = sniffer.snapshotSync(); // later calls reuse warm state
 * sniffer.close();
 * ```
 *
 * @module omni-sniffer
 */
export { OmniSniffer } from './sniffer.js';
// The backends' name for the kept sniffer, so that this package is a drop-in backend itself.
export { OmniSniffer as Sniffer } from './sniffer.js';
export { snapshot, snapshotSync, toPromptString } from './functions.js';
export { backendInfo } from './select.js';
export type { AbortSignalLike, ChangesOptions, WatchOptions } from './changes.js';
export { SnifferError } from '@omni-sniffer/types';
export type * from './types.js';
