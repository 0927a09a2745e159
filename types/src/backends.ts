// The three interchangeable implementations of the contract, and what each one's package exports.
import type { EnvironmentSnapshot } from './contract.js';
import type { SnifferError } from './sniffer-error.js';

/**
 * Each backend's package, by the backend's name. The order is the library's default ranking (used
 * when no benchmark has measured one): the natives first, as the fast ones, and `ts` last, as the
 * one that always loads.
 */
export const BACKENDS = {
  /** The Rust core as a Node addon through napi-rs. */
  napi: '@omni-sniffer/napi',
  /** The same Rust core through neon. */
  neon: '@omni-sniffer/neon',
  /** The reference: the contract's oracle command run through the git CLI, in TypeScript; it always loads. */
  ts: '@omni-sniffer/ts-reference',
} as const;

/** A backend's name: `napi`, `neon` or `ts`. */
export type BackendName = keyof typeof BACKENDS;

/** The backends' names, in BACKENDS' order. */
export const BACKEND_NAMES: readonly BackendName[] = Object.freeze(Object.keys(BACKENDS) as BackendName[]);

/** A backend's kept sniffer: it opens the repository once and reuses what it can between calls. */
export interface Sniffer {
  /** A snapshot taken off the JavaScript thread; a failure is a rejection with a {@link SnifferError}. */
  snapshot(): Promise<EnvironmentSnapshot>;
  /** A snapshot taken on the calling thread; a failure throws a {@link SnifferError}. */
  snapshotSync(): EnvironmentSnapshot;
  /**
   * Starts a change feed (the primitive under the library's `watch()` and `changes()`): `listener` is called with the snapshot of now, then with each later one
   * that differs from the last it was given (the timestamp aside), or with the error a snapshot
   * failed with (each new error once), after events have settled for `debounceMs`. The feed keeps
   * the process alive, as `fs.watch` does, until the returned function ends it; the listener is
   * not called after that. `close()` does not end it (the library's `close()` does).
   */
  startFeed(listener: (answer: EnvironmentSnapshot | SnifferError) => void, debounceMs: number): () => void;
  /** Releases what the sniffer holds (its watch and caches); a later call opens it again. */
  close(): void;
}

/**
 * What every backend package exports, as code that loads one by name sees it. The arguments are
 * `unknown` because each backend checks its own at run time (a wrong one throws `CONFIG`, naming
 * it), so they can be handed on unchecked.
 */
export interface BackendModule {
  /** One snapshot of the worktree at or above `path`, off the JavaScript thread; a wrong argument rejects. */
  snapshot(path: unknown, options?: unknown): Promise<EnvironmentSnapshot>;
  /** One snapshot of the worktree at or above `path`, on the calling thread. */
  snapshotSync(path: unknown, options?: unknown): EnvironmentSnapshot;
  /**
   * The kept sniffer's class: its constructor checks the arguments (a wrong one throws `CONFIG`)
   * without touching the disk; the first snapshot opens the repository.
   */
  Sniffer: new (path: unknown, options?: unknown) => Sniffer;
  /**
   * The contract's prompt block for a snapshot: the same text from every backend. `options` is
   * `{ maxChars }` or nothing; a wrong one throws `CONFIG`.
   */
  toPromptString(snapshot: EnvironmentSnapshot, options?: unknown): string;
}
