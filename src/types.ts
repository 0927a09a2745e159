// The package's public types. The snapshot's shape is the contract's (docs/contract.md), shared by every
// backend; the facade adds only the choice of backend.
import type { BackendName, EnvironmentSnapshot, SnapshotOptions as ContractOptions } from '@omni-sniffer/types';

export type {
  BackendName,
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
  TaskBrief,
  UntrackedFilesMode,
  Upstream,
} from '@omni-sniffer/types';

/** `auto`: the fastest backend that works on this machine, in the order the benchmark measured. */
export type BackendChoice = 'auto' | BackendName;

/** The contract's options, and the library's own `backend`. */
export interface SnapshotOptions extends ContractOptions {
  /**
   * The backend to use; overrides the environment variable `OMNI_SNIFFER_BACKEND` (an empty one
   * counts as unset). A backend named here or there that cannot load throws `BACKEND_UNAVAILABLE`:
   * it never falls back to another; a name that is no backend throws `CONFIG`.
   *
   * @defaultValue `'auto'` (when `OMNI_SNIFFER_BACKEND` is unset)
   */
  backend?: BackendChoice;
}

/** The git half of a snapshot (the Rust core's `scan_git`). */
export type GitScan = Omit<EnvironmentSnapshot, 'activeContextLines' | 'context' | 'root' | 'timestamp'>;

/** The scratchpad half of a snapshot (the Rust core's `scan_context`). */
export type ContextScan = Pick<EnvironmentSnapshot, 'activeContextLines' | 'context'>;

/** One backend tried: loaded and working, or why not. */
export interface BackendAttempt {
  /** The backend. */
  name: BackendName;
  /** `true` when it loaded and passed its smoke call (in `BackendFallback.refused`, always `false`). */
  ok: boolean;
  /**
   * Why it did not load or failed its smoke call; in `BackendFallback.refused`, its
   * `UNSUPPORTED_REPOSITORY` message. Absent when `ok`.
   */
  error?: string;
}

/** What {@link backendInfo} reports: the backend in use for a choice, and why. */
export interface BackendInfo {
  /** The backend that calls with the same `backend` option (or none) use. */
  active: BackendName;
  /** What was asked for: the option, else `OMNI_SNIFFER_BACKEND`, else `auto`. */
  requested: BackendChoice;
  /** The order `auto` tries the backends in, fastest first. */
  ranking: BackendName[];
  /** Where the ranking came from: the benchmark run that measured it, or `default` (no measured ranking shipped). */
  source: string;
  /** When that benchmark ran (ISO 8601); `null` for the default ranking. */
  measured: string | null;
  /**
   * Every backend tried for this choice, in order, each with why it failed: under `auto`, those
   * the ranking put before the first that works, then that one; for a backend named, just it.
   */
  tried: BackendAttempt[];
  /**
   * Under `auto`, the latest call of this process that a later backend answered because the
   * chosen one cannot read that repository (UNSUPPORTED_REPOSITORY); `null` when none has.
   */
  fallback: BackendFallback | null;
}

/** A call that `auto` answered through a later backend, because the chosen one cannot read that repository. */
export interface BackendFallback {
  /** The path the call was given. */
  path: string;
  /** Each backend that could not read that repository, with its UNSUPPORTED_REPOSITORY message. */
  refused: BackendAttempt[];
  /** The backend that answered. */
  answeredBy: BackendName;
}
