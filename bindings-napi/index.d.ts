// The package's types, written by hand: the functions' signatures are napi's (generated from the
// Rust code); the snapshot contract's types are the ones every backend shares. The core's values
// cross into JavaScript through serde, not napi's derive, so napi cannot generate those.
import type { EnvironmentSnapshot, SnifferError } from '@omni-sniffer/types';
import { Sniffer as NativeSniffer } from './generated/index.js';

export { snapshot, snapshotSync, toPromptString, __panicForTests } from './generated/index.js';

/** A kept sniffer: the repository is opened by the first snapshot, and its warm state is reused. */
export declare class Sniffer extends NativeSniffer {
  /** The contract's change feed (`Sniffer.startFeed` of `@omni-sniffer/types`); the function ends it. */
  startFeed(listener: (answer: EnvironmentSnapshot | SnifferError) => void, debounceMs: number): () => void;
}
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
