export { snapshot, snapshotSync, Sniffer } from './snapshot.js';
export { toPromptString } from './prompt.js';
export { SnifferError } from './errors.js';
// The contract's types, as every backend package exports them.
export type {
  ContextInfo,
  EnvironmentSnapshot,
  ErrorCode,
  FileStatus,
  Head,
  Operation,
  SnapshotOptions,
  TaskBrief,
  UntrackedFilesMode,
  Upstream,
} from '@omni-sniffer/types';
