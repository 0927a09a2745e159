// The snapshot contract (docs/contract.md), as TypeScript types. Every backend returns these shapes.

export type UntrackedFilesMode = 'normal' | 'all' | 'no';

export interface SnapshotOptions {
  /** As git's `--untracked-files`; default `normal`. */
  untrackedFiles?: UntrackedFilesMode;
  /** The agent's scratchpad, relative to the worktree's top level or absolute. */
  scratchpad?: string;
  /** Kept sniffers of the native backends follow the worktree with inotify and answer unchanged or lightly changed trees from what changed (default true); one-shot calls never watch. The ts backend accepts it and always scans. */
  watch?: boolean;
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

export interface TaskBrief {
  task: string;
  missionBrief: string;
  constraints: string[];
  relevantFiles: string[];
}
