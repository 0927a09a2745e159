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
  Operation,
  TaskBrief,
  UntrackedFilesMode,
  Upstream,
} from '@omni-sniffer/types';

/** `auto`: the fastest backend that works on this machine, in the order the benchmark measured. */
export type BackendChoice = 'auto' | BackendName;

export interface SnapshotOptions extends ContractOptions {
  /** Overrides the environment variable `OMNI_SNIFFER_BACKEND`; default `auto`. */
  backend?: BackendChoice;
}

/** The git half of a snapshot (the Rust core's `scan_git`). */
export type GitScan = Omit<EnvironmentSnapshot, 'activeContextLines' | 'context' | 'root' | 'timestamp'>;

/** The scratchpad half of a snapshot (the Rust core's `scan_context`). */
export type ContextScan = Pick<EnvironmentSnapshot, 'activeContextLines' | 'context'>;

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** Why it did not load or failed its smoke call. */
  error?: string;
}

export interface BackendInfo {
  /** The backend that calls with the same `backend` option (or none) use. */
  active: BackendName;
  /** What was asked for: the option, else `OMNI_SNIFFER_BACKEND`, else `auto`. */
  requested: BackendChoice;
  /** The order `auto` tries the backends in, fastest first. */
  ranking: BackendName[];
  /** Where the ranking came from: the benchmark run that measured it, or `default`. */
  source: string;
  /** When that benchmark ran (ISO 8601); `null` for the default ranking. */
  measured: string | null;
  /** Every backend tried for this choice, in order, each with why it failed. */
  tried: BackendAttempt[];
  /**
   * Under `auto`, the latest call of this process that a later backend answered because the
   * chosen one cannot read that repository (UNSUPPORTED_REPOSITORY); `null` when none has.
   */
  fallback: BackendFallback | null;
}

export interface BackendFallback {
  /** The path the call was given. */
  path: string;
  /** Each backend that could not read that repository, with its UNSUPPORTED_REPOSITORY message. */
  refused: BackendAttempt[];
  /** The backend that answered. */
  answeredBy: BackendName;
}
