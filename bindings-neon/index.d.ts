// The package's types, written by hand: the snapshot contract of SPEC.md (../shared/SPEC.md) as
// the Rust core hands it to JavaScript, and the functions of index.js.

export type UntrackedFilesMode = 'normal' | 'all' | 'no';

export interface SnapshotOptions {
  /** As git's `--untracked-files`; default `normal`. */
  untrackedFiles?: UntrackedFilesMode;
  /** The agent's scratchpad, relative to the worktree's top level or absolute. */
  scratchpad?: string;
}

export interface FileStatus {
  path: string;
  /** Porcelain v2's X (`?` for untracked). */
  index: string;
  /** Porcelain v2's Y (`?` for untracked). */
  worktree: string;
  /** Porcelain v2's 4-character `sub` field; `null` for untracked. */
  submodule: string | null;
}

export interface Head {
  oid: string | null;
  detached: boolean;
  unborn: boolean;
}

export interface Upstream {
  name: string;
  ahead: number;
  behind: number;
  gone: boolean;
}

export type Operation = 'merge' | 'am' | 'rebase' | 'cherry-pick' | 'revert' | 'bisect';

export interface ContextInfo {
  path: string;
  status: 'ok' | 'missing' | 'unreadable';
}

export interface EnvironmentSnapshot {
  gitBranch: string;
  gitStaged: number;
  gitModified: number;
  gitUntracked: number;
  gitConflicted: number;
  dirtyFiles: string[];
  files: FileStatus[];
  head: Head;
  upstream: Upstream | null;
  stashCount: number;
  operation: Operation | null;
  activeContextLines: number;
  context: ContextInfo;
  root: string;
  timestamp: number;
}

export type ErrorCode =
  | 'NOT_A_REPOSITORY'
  | 'BARE_REPOSITORY'
  | 'UNSAFE_REPOSITORY'
  | 'GIT'
  | 'FILE_SYSTEM'
  | 'CONFIG'
  | 'BACKEND_UNAVAILABLE';

/** What every backend throws (or rejects with): an `Error` whose `code` is SPEC.md's. */
export interface SnifferError extends Error {
  code: ErrorCode;
}

/** One snapshot of the worktree at or above `path`; the work runs off the JavaScript thread. */
export declare function snapshot(path: string, options?: SnapshotOptions): Promise<EnvironmentSnapshot>;

export declare function snapshotSync(path: string, options?: SnapshotOptions): EnvironmentSnapshot;

/** SPEC.md's prompt block, the same text as the Rust core's `to_prompt_string()`. */
export declare function toPromptString(snapshot: EnvironmentSnapshot): string;

/** A kept sniffer: the repository is opened by the first snapshot, and its warm state is reused. */
export declare class Sniffer {
  constructor(path: string, options?: SnapshotOptions);
  snapshot(): Promise<EnvironmentSnapshot>;
  snapshotSync(): EnvironmentSnapshot;
}

/** For the tests only: panics inside a snapshot job, which must throw (or reject with) code GIT. */
export declare function __panicForTests(inBackground: boolean): Promise<never>;
