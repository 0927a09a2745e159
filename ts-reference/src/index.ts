export { snapshot, snapshotSync, Sniffer } from './snapshot.js';
export { toPromptString } from './prompt.js';
export { SnifferError } from './errors.js';
export type * from './types.js';
