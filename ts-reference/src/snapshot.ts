// The reference snapshot: the contract's oracle command through the git CLI, the operation and the
// scratchpad from the file system. Each step has an async and a sync form over the same parsers.
import fs from 'node:fs';
import path from 'node:path';
import { SnifferError, gitFailure, gitOpenError, unreadablePath, worktreeGone } from './errors.js';
import { filterDriversOff } from './drivers-off.js';
import { startFeed, type FeedListener } from './feed.js';
import { GitCommandError, RENAME_LIMITS, REV_PARSE_ARGS, runGit, runGitSync, runSteps, runStepsSync, statusArgs, type ConfigSetting, type GitSteps } from './git-command.js';
import { operationInProgress } from './operation.js';
import { DEFAULT_SCRATCHPAD, resolveArguments, type ResolvedOptions } from './options.js';
import { parsePorcelainV2, type GitFields } from './porcelain.js';
import { countLines, countLinesSync, type ScratchpadCount } from './scratchpad.js';
import type { EnvironmentSnapshot, RecentCommit, SnapshotOptions } from '@omni-sniffer/types';
import { LOG_CONFIG, logArgs, parseLog } from './log.js';
import { lineStatsSteps } from './line-stats.js';

interface Location {
  root: string;
  gitDir: string;
}

/** A stat and an access check, done synchronously in both forms: microseconds, and one code path. */
function assertDirectory(p: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
    // git must enter the folder to look for .git there; it could not even start in it.
    fs.accessSync(p, fs.constants.X_OK);
  } catch (e) {
    throw unreadablePath(p, e);
  }
  if (!stat.isDirectory()) {
    throw new SnifferError('FILE_SYSTEM', `The path "${p}" is not a folder. Pass the worktree's folder (or one inside it), not a file.`);
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function parseLocation(out: string): Location {
  const [root = '', gitDir = ''] = out.split('\n');
  return { root: fs.realpathSync(root), gitDir };
}


function rethrow(p: string, e: unknown, opening: boolean): never {
  if (e instanceof GitCommandError) throw opening ? gitOpenError(p, e.message) : gitFailure(p, e.message.trim());
  throw e;
}

/** A status that failed in a worktree found earlier: the worktree may be gone, and git could not even start there. */
function statusFailed(p: string, loc: Location, e: unknown): never {
  if (!isDirectory(loc.root)) throw worktreeGone(loc.root, p);
  rethrow(p, e, false);
}

/** Where the scratchpad is, and for the default path the worktree root it may not lead out of. */
function scratchpadPath(root: string, scratchpad: string | null): { abs: string; rel: string; within: string | undefined } {
  const abs = path.resolve(root, scratchpad ?? DEFAULT_SCRATCHPAD);
  return { abs, rel: path.relative(root, abs).split(path.sep).join('/'), within: scratchpad === null ? root : undefined };
}

function assemble(loc: Location, git: GitFields & { recentCommits?: RecentCommit[] }, rel: string, pad: ScratchpadCount): EnvironmentSnapshot {
  const { recentCommits, ...status } = git;
  return {
    ...status,
    operation: operationInProgress(loc.gitDir),
    activeContextLines: pad.lines,
    context: { path: rel, status: pad.status },
    root: loc.root,
    timestamp: Date.now() / 1000,
    ...(recentCommits && { recentCommits }),
  };
}

/** The contract's oracle command, under config that switches off every filter driver it could run. */
function* statusSteps(root: string, options: ResolvedOptions): GitSteps<GitFields & { recentCommits?: RecentCommit[] }> {
  const drivers = yield* filterDriversOff(root);
  const config = options.renames ? [...drivers, ...RENAME_LIMITS] : drivers;
  const [status] = yield [{ cwd: root, args: statusArgs(options.untrackedFiles, options.renames), config }];
  // Parsed here, so that output git did not write as porcelain fails like git itself: GIT, naming the path.
  let fields = parsePorcelainV2(status!, options.renames);
  if (options.lineStatsMaxBytes !== null) fields = yield* withLineStats(root, fields, options, config);
  if (options.recentCommits === null) return fields;
  const oid = fields.head.oid;
  if (oid === null || options.recentCommits === 0) return { ...fields, recentCommits: [] };
  // From the commit the status compared with, so that both halves describe the same HEAD.
  const [log] = yield [{ cwd: root, args: logArgs(oid, options.recentCommits), config: [...config, ...LOG_CONFIG] }];
  return { ...fields, recentCommits: parseLog(log!) };
}

/** How often the status and the line counts are asked again when git diff fails on a file that went meanwhile. */
const LINE_STATS_ATTEMPTS = 3;

/**
 * The status's files with their line counts. git diff dies on a path that went between its own
 * look and its read (`fatal: stat`): the worktree changed under the status too, so both are asked
 * again, a few times, before the failure is the snapshot's.
 */
function* withLineStats(root: string, fields: GitFields, options: ResolvedOptions, config: readonly ConfigSetting[]): GitSteps<GitFields> {
  for (let attempt = 1; ; attempt++) {
    try {
      const stats = yield* lineStatsSteps(root, fields.files, fields.head.oid, options.lineStatsMaxBytes!, config, options.renames);
      return { ...fields, files: fields.files.map((f, i) => ({ ...f, lineStats: stats[i]! })) };
    } catch (e) {
      if (attempt === LINE_STATS_ATTEMPTS || !(e instanceof GitCommandError)) throw e;
    }
    const [status] = yield [{ cwd: root, args: statusArgs(options.untrackedFiles, options.renames), config }];
    fields = parsePorcelainV2(status!, options.renames);
  }
}

/**
 * A kept sniffer: the repository's location is found once and reused; everything that can change
 * between two calls (the status, the operation, the scratchpad) is read again on each call.
 * It accepts the `watch` option and always scans.
 *
 * @example
 * ```ts
 * import { Sniffer } from '@omni-sniffer/ts-reference';
 *
 * const sniffer = new Sniffer('.', { scratchpad: 'NOTES.md' });
 * const snap = await sniffer.snapshot();
 * console.log(snap.activeContextLines, snap.context.status);
 * ```
 */
export class Sniffer {
  readonly #path: string;
  readonly #options: ResolvedOptions;
  #location: Location | undefined;

  /**
   * Checks the arguments; touches no repository.
   *
   * @param p - A folder inside a git worktree.
   * @param options - The contract's options.
   * @throws {@link SnifferError} `CONFIG` for a wrong argument or option, or one whose getter throws.
   */
  constructor(p: string, options?: SnapshotOptions) {
    const args = resolveArguments(p, options);
    this.#path = args.path;
    this.#options = args.options;
  }

  async #locate(): Promise<Location> {
    if (this.#location) return this.#location;
    const p = this.#path;
    assertDirectory(p);
    try {
      this.#location = parseLocation(await runGit(p, REV_PARSE_ARGS));
    } catch (e) {
      rethrow(p, e, true);
    }
    return this.#location;
  }

  #locateSync(): Location {
    if (this.#location) return this.#location;
    const p = this.#path;
    assertDirectory(p);
    try {
      this.#location = parseLocation(runGitSync(p, REV_PARSE_ARGS));
    } catch (e) {
      rethrow(p, e, true);
    }
    return this.#location;
  }

  /**
   * A snapshot, git run as child processes off the JavaScript thread.
   *
   * @throws {@link SnifferError} (as a rejection) `FILE_SYSTEM` when the path does not exist, is not
   * a folder or cannot be entered, or the worktree was deleted or moved since; `NOT_A_REPOSITORY`,
   * `BARE_REPOSITORY` or `UNSAFE_REPOSITORY` from git's own refusal; `GIT` for any other git failure
   * or output that is not porcelain v2.
   */
  async snapshot(): Promise<EnvironmentSnapshot> {
    const loc = await this.#locate();
    const pad = scratchpadPath(loc.root, this.#options.scratchpad);
    const [git, count] = await Promise.all([
      runSteps(statusSteps(loc.root, this.#options)).catch((e) => statusFailed(this.#path, loc, e)),
      countLines(pad.abs, pad.within),
    ]);
    return assemble(loc, git, pad.rel, count);
  }

  /**
   * A snapshot taken on the calling thread, which waits for each git command.
   *
   * @throws {@link SnifferError} with the codes {@link Sniffer.snapshot} rejects with, thrown.
   */
  snapshotSync(): EnvironmentSnapshot {
    const loc = this.#locateSync();
    const pad = scratchpadPath(loc.root, this.#options.scratchpad);
    let git: GitFields & { recentCommits?: RecentCommit[] };
    try {
      git = runStepsSync(statusSteps(loc.root, this.#options));
    } catch (e) {
      statusFailed(this.#path, loc, e);
    }
    return assemble(loc, git, pad.rel, countLinesSync(pad.abs, pad.within));
  }

  /**
   * Calls `listener` with a snapshot now and with each later one that differs from the last it was
   * given (the timestamp aside), or with the error a snapshot failed with, once events have settled
   * for `debounceMs`. Node's recursive `fs.watch` on the worktree (and the git directory, when it
   * lies outside) says when to look; a snapshot every second covers what it cannot see.
   *
   * @param listener - Called with each new snapshot, or a {@link SnifferError}.
   * @param debounceMs - How long events must stop before the feed looks.
   * @returns A function that ends the feed: the listener is not called after it.
   */
  startFeed(listener: FeedListener, debounceMs: number): () => void {
    return startFeed(
      {
        snapshot: () => this.snapshot(),
        watchedFolders: () => {
          const loc = this.#location;
          if (!loc) return [];
          return loc.gitDir.startsWith(`${loc.root}/`) ? [loc.root] : [loc.root, loc.gitDir];
        },
      },
      listener,
      debounceMs,
    );
  }

  /** The reference holds no watch: this forgets where the repository is, found again next call. */
  close(): void {
    this.#location = undefined;
  }
}

/**
 * One snapshot of the worktree at or above `p`: a new {@link Sniffer}'s `snapshot()`. Every failure
 * is a rejection, a wrong argument included.
 *
 * @param p - A folder inside a git worktree.
 * @param options - The contract's options.
 * @throws {@link SnifferError} (as a rejection) `CONFIG`, or what {@link Sniffer.snapshot} rejects with.
 *
 * @example
 * ```ts
 * import { snapshot } from '@omni-sniffer/ts-reference';
 *
 * const snap = await snapshot('.');
 * console.log(snap.gitBranch, snap.stashCount);
 * ```
 */
export function snapshot(p: string, options?: SnapshotOptions): Promise<EnvironmentSnapshot> {
  try {
    return new Sniffer(p, options).snapshot();
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * One snapshot of the worktree at or above `p`, on the calling thread: a new {@link Sniffer}'s
 * `snapshotSync()`.
 *
 * @param p - A folder inside a git worktree.
 * @param options - The contract's options.
 * @throws {@link SnifferError} `CONFIG`, or what {@link Sniffer.snapshotSync} throws.
 *
 * @example
 * ```ts
 * import { snapshotSync } from '@omni-sniffer/ts-reference';
 *
 * const { head, upstream } = snapshotSync('.');
 * console.log(head.detached ? head.oid : upstream?.name);
 * ```
 */
export function snapshotSync(p: string, options?: SnapshotOptions): EnvironmentSnapshot {
  return new Sniffer(p, options).snapshotSync();
}
