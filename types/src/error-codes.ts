// The contract's stable error codes, as a list that exists at run time: SnifferError recognises
// the native backends' plain errors by it.

/**
 * The contract's stable error codes, in the contract's order, as a read-only list that exists at
 * run time ({@link SnifferError} recognises an error by it). {@link ErrorCode} says when each is thrown.
 */
export const ERROR_CODES = [
  'NOT_A_REPOSITORY',
  'BARE_REPOSITORY',
  'UNSAFE_REPOSITORY',
  // A repository git reads but the backend cannot (SHA-256 object ids in the native backends).
  'UNSUPPORTED_REPOSITORY',
  'GIT',
  'FILE_SYSTEM',
  'CONFIG',
  'BACKEND_UNAVAILABLE',
] as const;

/**
 * The `code` of every error an omni-sniffer call throws or rejects with (see {@link SnifferError}):
 *
 * - `NOT_A_REPOSITORY`: no git worktree at or above the path (a `.git` file that names no
 *   repository stops the search, and so does another file system).
 * - `BARE_REPOSITORY`: the path is a bare repository, or inside a git directory, with no worktree.
 * - `UNSAFE_REPOSITORY`: git's ownership check (`safe.directory`) refuses the repository.
 * - `UNSUPPORTED_REPOSITORY`: git reads the repository but this backend cannot (SHA-256 object
 *   ids, a repository extension libgit2 does not know). Native backends only, never `ts`; under
 *   `auto` the library answers through the next backend instead.
 * - `GIT`: any other failure reading the repository (a corrupt or unreadable index, a corrupt
 *   object the snapshot needs, output that is not porcelain v2, a Rust panic in a native backend).
 * - `FILE_SYSTEM`: the path does not exist, is not a folder or cannot be entered; a kept
 *   sniffer's worktree that was deleted or moved.
 * - `CONFIG`: an invalid argument or option value, or an option whose getter throws; checked
 *   before any disk access.
 * - `BACKEND_UNAVAILABLE`: the library only: a backend asked for by name (the `backend` option or
 *   `OMNI_SNIFFER_BACKEND`) cannot load, or under `auto` none can.
 */
export type ErrorCode = (typeof ERROR_CODES)[number];
