// The snapshot contract's types, shared by every backend: this package's own files import them from here.
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
