// The one-shot calls: each picks its backend (the `backend` option, else OMNI_SNIFFER_BACKEND,
// else auto) and hands the rest of the options to it; under `auto`, a backend that cannot read the
// repository hands the call on to the next (fallback.ts).
import { readOption } from '@omni-sniffer/types';
import { answer, answerSync } from './fallback.js';
import { chooseBackend, splitOptions } from './select.js';
import type { BackendChoice, EnvironmentSnapshot, SnapshotOptions } from './types.js';

/**
 * One snapshot of the worktree at or above `path`, taken off the JavaScript thread.
 *
 * The backend is `options.backend`, else `OMNI_SNIFFER_BACKEND`, else `auto`; the other options go
 * to it. Under `auto`, a backend that cannot read the repository (`UNSUPPORTED_REPOSITORY`) hands
 * the call to the next of the ranking, and {@link backendInfo} records it as `fallback`. A one-shot
 * call never watches; keep an {@link OmniSniffer} to reuse warm state between calls.
 *
 * @param path - A folder inside a git worktree (a subfolder finds the worktree above it, as git does).
 * @param options - The contract's options, and the backend to use.
 * @returns The snapshot. Every failure is a rejection, a wrong argument included: it never throws synchronously.
 * @throws {@link SnifferError} (as a rejection) `CONFIG` for a wrong argument, option or backend
 * name; `BACKEND_UNAVAILABLE` when the backend asked for by name cannot load (or under `auto`, none
 * can); `NOT_A_REPOSITORY`, `BARE_REPOSITORY`, `UNSAFE_REPOSITORY`, `GIT` or `FILE_SYSTEM` from the
 * repository; `UNSUPPORTED_REPOSITORY` from a native backend asked for by name, or when no later
 * backend answers.
 *
 * @example
 * ```ts
 * import { snapshot } from 'omni-sniffer';
 *
 * const snap = await snapshot('.', { untrackedFiles: 'no' });
 * console.log(snap.gitBranch, snap.dirtyFiles);
 * ```
 */
export function snapshot(path: string, options?: SnapshotOptions): Promise<EnvironmentSnapshot> {
  try {
    const { backend, rest } = splitOptions(options);
    return answer(chooseBackend(backend), path, (module) => module.snapshot(path, rest));
  } catch (e) {
    // Even a bad option or an unavailable backend is a rejection, never a synchronous throw.
    return Promise.reject(e);
  }
}

/**
 * One snapshot of the worktree at or above `path`, taken on the calling thread: {@link snapshot}
 * without the promise.
 *
 * @param path - A folder inside a git worktree.
 * @param options - The contract's options, and the backend to use.
 * @returns The snapshot.
 * @throws {@link SnifferError} with the codes {@link snapshot} rejects with, thrown.
 *
 * @example
 * ```ts
 * import { snapshotSync, SnifferError } from 'omni-sniffer';
 *
 * try {
 *   const snap = snapshotSync('.', { backend: 'ts' });
 *   console.log(snap.head.oid, snap.upstream?.ahead);
 * } catch (e) {
 *   if (e instanceof SnifferError) console.error(e.code, e.message);
 * }
 * ```
 */
export function snapshotSync(path: string, options?: SnapshotOptions): EnvironmentSnapshot {
  const { backend, rest } = splitOptions(options);
  return answerSync(chooseBackend(backend), path, (module) => module.snapshotSync(path, rest));
}

/**
 * The contract's prompt block for a snapshot; every backend renders the same text:
 *
 * ```text
 * [LIVE ENVIRONMENT STATE]
 * - Git: Branch: <gitBranch> | Modified: <gitModified> | Staged: <gitStaged> | Status: <status>
 * - Active Context: <activeContextLines> lines in <basename of context.path>
 * ```
 *
 * `<status>` is `Clean`, or `<n> files (<first three>)` with `, ...` when there are more. After the
 * Git line come, only when they apply: `- Upstream: <name> (ahead <a>, behind <b>)` (or `(gone)`),
 * `- Untracked: <n> | Conflicted: <n>` (either non-zero), `- In progress: <operation>`. No newline
 * at the end.
 *
 * With `maxChars`, the block also lists every file (`- Files:`, then `  XY path` per file) and,
 * over the budget, drops detail until it fits, never cutting a line: files from the end (with a
 * `  ... and <m> more` line), then the whole list, then the names in the Status, then the Upstream
 * and In progress lines, down to the title and the Git line (branch and counts), which always stay.
 *
 * @param snapshot - A snapshot from any backend.
 * @param options - `backend`: which backend renders it, chosen as for `snapshot()`; `maxChars`: the
 * budget, in characters (Unicode code points, newlines included).
 * @returns The prompt block, lines joined with `\n`.
 * @throws {@link SnifferError} `CONFIG` for a backend name that is no backend, a `maxChars` that is
 * not a whole number above 0 or is below the title and Git line of this snapshot;
 * `BACKEND_UNAVAILABLE` when that backend cannot load.
 *
 * @example
 * ```ts
 * import { snapshot, toPromptString } from 'omni-sniffer';
 *
 * console.log(toPromptString(await snapshot('.')));
 * // [LIVE ENVIRONMENT STATE]
 * // - Git: Branch: main | Modified: 0 | Staged: 0 | Status: Clean
 * // - Active Context: 0 lines in SCRATCHPAD.md
 * ```
 */
export function toPromptString(snapshot: EnvironmentSnapshot, options?: { backend?: BackendChoice; maxChars?: number }): string {
  const module = chooseBackend(options?.backend).module;
  if (options === undefined || options === null) return module.toPromptString(snapshot);
  // Anything but an object is the backend's to refuse, in the contract's words.
  return module.toPromptString(snapshot, typeof options === 'object' ? { maxChars: readOption(options, 'maxChars') } : options);
}
