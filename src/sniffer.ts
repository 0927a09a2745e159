/// <reference lib="esnext.disposable" preserve="true" />
// Kept in the .d.ts ("preserve"): a user compiling for ES2022 then gets the type of Symbol.dispose too.
import { SnifferError, type Sniffer } from '@omni-sniffer/types';
import { checkListener, feedArguments, iterate, type ChangesOptions, type FeedArguments, type WatchOptions } from './changes.js';
import { isUnsupported, later, Refusals, type Candidate } from './fallback.js';
import { chooseBackend, splitOptions } from './select.js';
import type { BackendName, ContextScan, EnvironmentSnapshot, GitScan, SnapshotOptions } from './types.js';

interface Current {
  name: BackendName;
  kept: Sniffer;
}

/** A subscription of this sniffer: restarted on the next backend when `auto` moves on. */
interface Feed {
  onChange: (snapshot: EnvironmentSnapshot) => void;
  onError: (error: SnifferError) => void;
  debounceMs: number;
  /** Ends the backend's feed. */
  stopBackend: () => void;
  /** Ends the subscription: the backend's feed, the signal's listener, the iterator. */
  end: () => void;
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
  readonly #feeds = new Set<Feed>();
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
   * Calls `onChange` with a snapshot now, then with each later one that differs from the last it
   * was given (the timestamp aside), once changes have settled for `debounceMs`: an edit, a
   * `git add`, a commit, a branch switch, a stash each give one call; a `touch` that changes
   * nothing gives none; a burst of changes gives a few, the last equal to git's answer then. The
   * native backends look when the kept sniffer's inotify watch has events; `ts` when Node's
   * `fs.watch` has; every backend also looks once a second for what no watch can see. Like
   * `fs.watch`, a subscription keeps the process alive until it ends.
   *
   * @param onChange - Called with each new snapshot.
   * @param options - `signal` ends the subscription when it aborts; `debounceMs` (default 50);
   * `onError` hears each new error a snapshot fails with (else it is a process warning).
   * @returns A function that ends the subscription; `close()` ends every one. `onChange` is not
   * called after either.
   * @throws {@link SnifferError} `CONFIG` for a wrong argument or option.
   *
   * @example
   * ```ts
   * const sniffer = new OmniSniffer('.');
   * const stop = sniffer.watch((snap) => console.log(toPromptString(snap)));
   * // ... later
   * stop();
   * ```
   */
  watch(onChange: (snapshot: EnvironmentSnapshot) => void, options?: WatchOptions): () => void {
    checkListener(onChange);
    const args = feedArguments(options, true);
    const onError = args.onError ?? ((error: SnifferError) => process.emitWarning(error.message, { type: 'OmniSnifferWarning', code: error.code }));
    return this.#subscribe(onChange, onError, args, () => {});
  }

  /**
   * The same feed as {@link OmniSniffer.watch}, as an async iterator: `for await (const snap of
   * sniffer.changes())` yields the snapshot now, then each change. A reader slower than the
   * changes gets the newest snapshot it has not seen, never a backlog. The loop ends when it
   * breaks, when `signal` aborts, or at `close()`; a snapshot's error ends it by rejecting.
   *
   * @param options - `signal` and `debounceMs`, as for {@link OmniSniffer.watch}.
   * @throws {@link SnifferError} `CONFIG` for a wrong option.
   */
  changes(options?: ChangesOptions): AsyncIterableIterator<EnvironmentSnapshot> {
    const args = feedArguments(options, false);
    return iterate((handlers) => this.#subscribe(handlers.change, handlers.error, args, handlers.end));
  }

  /**
   * Releases what the sniffer holds (a native backend's inotify watch and caches) now rather than
   * when it is garbage-collected, and ends every subscription of {@link OmniSniffer.watch} and
   * {@link OmniSniffer.changes}. The sniffer still works: a later call opens it again.
   */
  close(): void {
    for (const feed of [...this.#feeds]) feed.end();
    this.#current.kept.close();
  }

  /**
   * The backends' form of the feed, so that this class stands in for a backend's `Sniffer`:
   * `listener` hears each snapshot and each error, and the function it returns ends the feed.
   * {@link OmniSniffer.watch} is the same with checked options and a signal.
   *
   * @param listener - Called with each new snapshot, or the error a snapshot failed with.
   * @param debounceMs - How long changes must settle before the feed looks.
   * @returns A function that ends the feed.
   * @throws {@link SnifferError} `CONFIG` for a wrong argument.
   */
  startFeed(listener: (answer: EnvironmentSnapshot | SnifferError) => void, debounceMs: number): () => void {
    checkListener(listener);
    const args = feedArguments({ debounceMs }, false);
    return this.#subscribe(listener, listener, args, () => {});
  }

  /** `close()`, for `using sniffer = new OmniSniffer(...)`. */
  [Symbol.dispose](): void {
    this.close();
  }

  /** `close()`, for `await using sniffer = new OmniSniffer(...)`. */
  [Symbol.asyncDispose](): Promise<void> {
    this.close();
    return Promise.resolve();
  }

  #subscribe(
    onChange: (snapshot: EnvironmentSnapshot) => void,
    onError: (error: SnifferError) => void,
    { debounceMs, signal }: FeedArguments,
    ended: () => void,
  ): () => void {
    if (signal?.aborted) {
      ended();
      return () => {};
    }
    const abort = (): void => feed.end();
    const feed: Feed = {
      onChange,
      onError,
      debounceMs,
      stopBackend: () => {},
      end: () => {
        if (!this.#feeds.delete(feed)) return;
        signal?.removeEventListener('abort', abort);
        feed.stopBackend();
        ended();
      },
    };
    this.#feeds.add(feed);
    signal?.addEventListener('abort', abort, { once: true });
    this.#startFeed(feed);
    return feed.end;
  }

  /** Starts `feed` on the current backend; an UNSUPPORTED_REPOSITORY from it moves `auto` on, and the feed with it. */
  #startFeed(feed: Feed): void {
    const current = this.#current;
    feed.stopBackend = current.kept.startFeed((answer) => {
      if (!(answer instanceof Error)) {
        if (current === this.#current) feed.onChange(answer);
        return;
      }
      if (current === this.#current) {
        try {
          this.#moveOn(current, answer);
        } catch (e) {
          // Not a refusal (or nothing left to move on to): the subscriber hears it.
          if (current === this.#current) {
            feed.onError(e instanceof SnifferError ? e : new SnifferError('GIT', String(e)));
            return;
          }
        }
      }
      feed.stopBackend();
      if (this.#feeds.has(feed)) this.#startFeed(feed);
    }, feed.debounceMs);
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
