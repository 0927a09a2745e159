import type { Sniffer } from '@omni-sniffer/types';
import { isUnsupported, later, Refusals, type Candidate } from './fallback.js';
import { chooseBackend, splitOptions } from './select.js';
import type { BackendName, ContextScan, EnvironmentSnapshot, GitScan, SnapshotOptions } from './types.js';

interface Current {
  name: BackendName;
  kept: Sniffer;
}

/**
 * A kept sniffer on the chosen backend: it checks its arguments now, opens the repository on the
 * first snapshot, and reuses what it can between calls (the native backends keep the repository
 * and a status cache warm). Under `auto`, when that backend cannot read the repository
 * (UNSUPPORTED_REPOSITORY), the sniffer moves on to the next one of the ranking for good.
 *
 * On `napi` and `neon` it also follows its worktree and git directory with Linux inotify from its
 * first snapshot on (unless `watch: false`), so an unchanged tree is answered from its last
 * snapshot; the answer always equals git's at the moment the call starts. Also exported as
 * `Sniffer`, the backends' name for it.
 *
 * @example
 * ```ts
 * import { OmniSniffer } from 'omni-sniffer';
 *
 * const sniffer = new OmniSniffer('.', { untrackedFiles: 'all' });
 * const first = await sniffer.snapshot();  // opens the repository (and starts the watch)
 * const again = sniffer.snapshotSync();    // cheap when nothing changed
 * console.log(sniffer.backend, first.gitModified, again.gitModified);
 * sniffer.close();                         // or let it be garbage-collected
 * ```
 */
export class OmniSniffer {
  readonly #path: string;
  readonly #options: unknown;
  readonly #next: Iterator<Candidate, void>;
  readonly #refusals = new Refusals();
  #current: Current;

  /**
   * Chooses the backend and checks the arguments; touches no repository.
   *
   * @param path - A folder inside a git worktree.
   * @param options - The contract's options, and the backend to use.
   * @throws {@link SnifferError} `CONFIG` for a wrong argument, option or backend name;
   * `BACKEND_UNAVAILABLE` when the backend asked for cannot load (or under `auto`, none can).
   */
  constructor(path: string, options?: SnapshotOptions) {
    const { backend, rest } = splitOptions(options);
    const chosen = chooseBackend(backend);
    this.#path = path;
    this.#options = rest;
    this.#next = later(chosen);
    this.#current = this.#open(chosen);
  }

  /** The backend this sniffer runs on: the one chosen when it was made, or the one `auto` moved on to. */
  get backend(): BackendName {
    return this.#current.name;
  }

  /**
   * A snapshot taken off the JavaScript thread (a git child process for `ts`). Concurrent calls are
   * allowed; each answers as if it were alone.
   *
   * @throws {@link SnifferError} (as a rejection) `NOT_A_REPOSITORY`, `BARE_REPOSITORY`,
   * `UNSAFE_REPOSITORY`, `GIT` or `FILE_SYSTEM` (also when the worktree was deleted or moved since
   * the sniffer found it); `UNSUPPORTED_REPOSITORY` from a native backend asked for by name, or when
   * no later backend answers.
   */
  async snapshot(): Promise<EnvironmentSnapshot> {
    for (;;) {
      const current = this.#current;
      try {
        const snap = await current.kept.snapshot();
        this.#refusals.answered(this.#path, current.name);
        return snap;
      } catch (e) {
        this.#moveOn(current, e);
      }
    }
  }

  /**
   * A snapshot taken on the calling thread.
   *
   * @throws {@link SnifferError} with the codes {@link OmniSniffer.snapshot} rejects with, thrown.
   */
  snapshotSync(): EnvironmentSnapshot {
    for (;;) {
      const current = this.#current;
      try {
        const snap = current.kept.snapshotSync();
        this.#refusals.answered(this.#path, current.name);
        return snap;
      } catch (e) {
        this.#moveOn(current, e);
      }
    }
  }

  /**
   * The git half of a snapshot, as the Rust core's `scan_git`. The backends expose whole snapshots
   * only, so this takes one and drops the scratchpad half: it costs as much as `snapshotSync()`.
   *
   * @throws {@link SnifferError} as {@link OmniSniffer.snapshotSync} does.
   */
  scanGit(): GitScan {
    const { activeContextLines: _lines, context: _context, root: _root, timestamp: _timestamp, ...git } = this.snapshotSync();
    return git;
  }

  /**
   * The scratchpad half of a snapshot, as the Rust core's `scan_context`. Like `scanGit()`, it takes
   * a whole snapshot (git included) and keeps its half.
   *
   * @throws {@link SnifferError} as {@link OmniSniffer.snapshotSync} does: a repository error fails
   * it, though a scratchpad problem never does.
   */
  scanContext(): ContextScan {
    const { activeContextLines, context } = this.snapshotSync();
    return { activeContextLines, context };
  }

  /**
   * Releases what the sniffer holds (a native backend's inotify watch and caches) now rather than
   * when it is garbage-collected. The sniffer still works: a later call opens it again.
   */
  close(): void {
    this.#current.kept.close();
  }

  #open({ name, module }: Candidate): Current {
    return { name, kept: new module.Sniffer(this.#path, this.#options) };
  }

  /** After `current` failed with `e`: on to the next backend when it refused the repository, else `e`. */
  #moveOn(current: Current, e: unknown): void {
    if (!isUnsupported(e)) throw e;
    // A concurrent call moved on already: the caller tries again on that backend.
    if (current !== this.#current) return;
    this.#refusals.add(current.name, e);
    const next = this.#next.next();
    if (next.done) throw this.#refusals.first;
    current.kept.close();
    this.#current = this.#open(next.value);
  }
}
