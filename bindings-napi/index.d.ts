// The package's types, written by hand: the functions' signatures are napi's (generated from the
// Rust code); the snapshot contract's types are the ones every backend shares. The core's values
// cross into JavaScript through serde, not napi's derive, so napi cannot generate those.
export { snapshot, snapshotSync, Sniffer, toPromptString, __panicForTests } from './generated/index.js';
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
