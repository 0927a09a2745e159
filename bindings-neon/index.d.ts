// The package's types, written by hand: the functions of index.js. The snapshot contract's types
// are the ones every backend shares.
import type { EnvironmentSnapshot, SnapshotOptions, SnifferError } from '@omni-sniffer/types';

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

/** One snapshot of the worktree at or above `path`; the work runs off the JavaScript thread. */
export declare function snapshot(path: string, options?: SnapshotOptions): Promise<EnvironmentSnapshot>;

export declare function snapshotSync(path: string, options?: SnapshotOptions): EnvironmentSnapshot;

/** The contract's prompt block, the same text as the Rust core's `to_prompt_string()` (with `maxChars`, `to_prompt_string_within()`). */
export declare function toPromptString(snapshot: EnvironmentSnapshot, options?: { maxChars?: number }): string;

/** A kept sniffer: the repository is opened by the first snapshot, and its warm state is reused. */
export declare class Sniffer {
  constructor(path: string, options?: SnapshotOptions);
  snapshot(): Promise<EnvironmentSnapshot>;
  snapshotSync(): EnvironmentSnapshot;
  /** The contract's change feed (`Sniffer.startFeed` of `@omni-sniffer/types`); the function ends it. */
  startFeed(listener: (answer: EnvironmentSnapshot | SnifferError) => void, debounceMs: number): () => void;
  /** Releases the watch and caches now rather than when garbage-collected; a later call reopens. */
  close(): void;
}

/** For the tests only: panics inside a snapshot job, which must throw (or reject with) code GIT. */
export declare function __panicForTests(inBackground: boolean): Promise<never>;
