// omni-sniffer: a read-only snapshot of a git worktree for AI-agent prompts, on the fastest of
// three interchangeable backends that works here. Importing this loads no backend; the first
// call does, once.
export { OmniSniffer } from './sniffer.js';
// The backends' name for the kept sniffer, so that this package is a drop-in backend itself.
export { OmniSniffer as Sniffer } from './sniffer.js';
export { snapshot, snapshotSync, toPromptString } from './functions.js';
export { backendInfo } from './select.js';
export { SnifferError } from '@omni-sniffer/types';
export type * from './types.js';
