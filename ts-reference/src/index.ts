/**
 * The `ts` backend, omni-sniffer's reference: the contract's oracle command
 * (`git status --porcelain=v2`) run through the git CLI and parsed, the operation and the
 * scratchpad read from the file system, in TypeScript. It needs a `git` on `PATH`; it runs git so
 * that git can start no program the repository names (no fsmonitor, hooks or filter drivers), and
 * never gives `UNSUPPORTED_REPOSITORY`: it reads whatever git reads.
 *
 * @example
 * ```ts
 * import { snapshot, toPromptString } from '@omni-sniffer/ts-reference';
 *
 * const snap = await snapshot('.', { untrackedFiles: 'normal' });
 * console.log(toPromptString(snap));
 * ```
 *
 * @module \@omni-sniffer/ts-reference
 */
export { snapshot, snapshotSync, Sniffer } from './snapshot.js';
export { toPromptString, type PromptOptions } from './prompt.js';
export { SnifferError } from './errors.js';
export { oracleStatus, trackedFiles } from './oracle-calls.js';
// The contract's types, as every backend package exports them.
export type {
  ContextInfo,
  EnvironmentSnapshot,
  ErrorCode,
  FileStatus,
  Head,
  LineCount,
  LineStats,
  NotCounted,
  Operation,
  RecentCommit,
  Rename,
  SnapshotOptions,
  TaskBrief,
  UntrackedFilesMode,
  Upstream,
} from '@omni-sniffer/types';
