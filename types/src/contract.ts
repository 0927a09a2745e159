// The snapshot contract (docs/contract.md), as TypeScript types. Every backend returns these shapes.

/**
 * Which untracked files a snapshot lists, as git's `--untracked-files`: `normal` lists a wholly
 * untracked folder once, as `dir/`; `all` lists every untracked file one by one; `no` lists none
 * (`gitUntracked` is then 0).
 */
export type UntrackedFilesMode = 'normal' | 'all' | 'no';

/**
 * The options every backend takes (`snapshot`, `snapshotSync`, `new Sniffer`).
 *
 * `undefined` and `null` mean the default, for the options object and for each option. A wrong
 * value throws (or, from a promise-returning call, rejects with) a `CONFIG` error naming it, before
 * any disk access; each option is read once, in the order `untrackedFiles`, `scratchpad`, `watch`,
 * `recentCommits`, `lineStats`, `lineStatsMaxBytes`, `renames`, and an option whose getter throws is a
 * `CONFIG` error too.
 */
export interface SnapshotOptions {
  /**
   * Which untracked files to list, as git's `--untracked-files`.
   *
   * @defaultValue `'normal'`
   */
  untrackedFiles?: UntrackedFilesMode;
  /**
   * The agent's scratchpad, relative to the worktree's top level or absolute; a non-empty string.
   * A path named here is read wherever it leads, if it is a regular file; the default path only
   * when it resolves (symlinks followed) to a regular file inside the worktree.
   *
   * @defaultValue `'.memory/active_context/SCRATCHPAD.md'`
   */
  scratchpad?: string;
  /**
   * Kept sniffers of the native backends follow the worktree with inotify and answer unchanged or
   * lightly changed trees from what changed; one-shot calls never watch. The ts backend accepts it
   * and always scans. The answer is the same either way: the watch only decides how much is read
   * again. Pass `false` for a worktree changed in ways inotify cannot see (another machine on a
   * network or FUSE file system, writes through a shared `mmap`).
   *
   * @defaultValue `true` for a kept sniffer (one-shot calls ignore it)
   */
  watch?: boolean;
  /**
   * How many commits of `git log --first-parent` from HEAD the snapshot lists in `recentCommits`
   * (a whole number from 0 to 1000). Without it the snapshot has no `recentCommits` field.
   *
   * @defaultValue none
   */
  recentCommits?: number;
  /**
   * Whether each entry of `files` gets {@link FileStatus.lineStats}: the lines its staged and its
   * unstaged change add and delete, as `git diff --cached --numstat` and `git diff --numstat`
   * count them.
   *
   * @defaultValue `false`
   */
  lineStats?: boolean;
  /**
   * With `lineStats`, the largest version of a file, in bytes, that is read for its line counts
   * (a whole number from 0 to 2147483648); a side with a larger version is `too-large`, unread.
   *
   * @defaultValue `1048576` (1 MiB)
   */
  lineStatsMaxBytes?: number;
  /**
   * Whether renames are paired as `git status --renames` pairs them (type `2` records): each entry
   * of `files` then gets {@link FileStatus.rename}. The repository's own rename settings are
   * ignored (git's default limit of 1000, a similarity of 50%).
   *
   * @defaultValue `false` (the records of `--no-renames`)
   */
  renames?: boolean;
}

/**
 * Why a side of {@link LineStats} has no counts: `binary` (git's `-`: by the `diff` attribute, a
 * driver's `diff.<driver>.binary`, or a NUL byte in the first 8,000 bytes), `too-large` (a version
 * is over `lineStatsMaxBytes` and was not read), `submodule` (a gitlink changes a commit, not lines).
 */
export type NotCounted = 'binary' | 'too-large' | 'submodule';

/** One side's line counts: both numbers and `notCounted: null`, or neither and why. */
export interface LineCount {
  /** Lines added: git's first numstat column; `null` when not counted. */
  added: number | null;
  /** Lines deleted: git's second numstat column; `null` when not counted. */
  deleted: number | null;
  /** `null` when counted. */
  notCounted: NotCounted | null;
}

/**
 * The line counts of one entry of `files`, with the `lineStats` option. An untracked file counts
 * every line as added (`unstaged`); a collapsed untracked folder and a conflicted path have both
 * sides `null`.
 */
export interface LineStats {
  /** HEAD to the index, as `git diff --cached --numstat`; `null` when `index` is `.`. */
  staged: LineCount | null;
  /** The index to the worktree, as `git diff --numstat`; `null` when `worktree` is `.`. */
  unstaged: LineCount | null;
}

/** One commit of {@link EnvironmentSnapshot.recentCommits}, as `git log --format=%H %s %an %at` gives it. */
export interface RecentCommit {
  /** The commit's hex id (40 digits; 64 in a SHA-256 repository). */
  oid: string;
  /** The subject, as git's `%s`: the first paragraph of the message, its lines joined with spaces. */
  summary: string;
  /** The author's name as the commit records it (no mailmap). */
  authorName: string;
  /** The author's time, in Unix seconds. */
  authorTime: number;
}

/** Where a renamed entry of `files` came from, with the `renames` option. */
export interface Rename {
  /** The original path (porcelain v2's `origPath`), as {@link FileStatus.path} gives paths. */
  from: string;
  /** How similar the two versions are, in percent (0 to 100; 100 for an exact rename), as git's `R<score>`. */
  score: number;
}

/**
 * One record of `git status --porcelain=v2 --no-renames` (or `--renames`, with the `renames`
 * option): a changed, renamed, unmerged or untracked path.
 */
export interface FileStatus {
  /**
   * Relative to the snapshot's `root`, `/`-separated, never quoted; bytes that are not valid
   * UTF-8 are decoded with U+FFFD. A collapsed untracked folder (`normal` mode) ends with `/`.
   */
  path: string;
  /**
   * Porcelain v2's X (`?` for untracked): the index side. One of `.MTAD` for a changed path
   * (`.` unchanged), or the first letter of an unmerged pair (`DD`, `AU`, `UD`, `UA`, `DU`, `AA`, `UU`).
   */
  index: string;
  /**
   * Porcelain v2's Y (`?` for untracked): the worktree side, against the index. One of `.MTAD`
   * for a changed path, or the second letter of an unmerged pair.
   */
  worktree: string;
  /**
   * Porcelain v2's 4-character `sub` field; `null` for untracked. `N...` for a path that is not
   * a submodule; `S<c><m><u>` for a submodule, with `C` (commit changed), `M` (tracked changes),
   * `U` (untracked changes) or `.` in each place.
   */
  submodule: string | null;
  /** With the `lineStats` option only: the lines this entry adds and deletes on each side. */
  lineStats?: LineStats;
  /**
   * With the `renames` option only: where a renamed path (a type `2` record, X or Y `R`) came from;
   * `null` for every other entry. `path` is the new name; the original path has no entry of its
   * own unless the other side still changes it.
   */
  rename?: Rename | null;
}

/** Where HEAD points. */
export interface Head {
  /**
   * The commit's hex object id: 40 digits, or 64 in a SHA-256 repository. `null` when HEAD is
   * unborn (no commit yet), and when `gitBranch` is `"(unknown)"`.
   */
  oid: string | null;
  /** `true` when HEAD points at a commit rather than at a branch (`gitBranch` is then `"HEAD"`). */
  detached: boolean;
  /**
   * `true` when HEAD's branch has no commit yet (`oid` is `null`), and when `gitBranch` is
   * `"(unknown)"`: git then compares the index with nothing, so every entry is staged as added.
   */
  unborn: boolean;
}

/** The branch's configured upstream, as `git status --branch` reports it. */
export interface Upstream {
  /** As git prints it in `# branch.upstream`, e.g. `origin/main`. */
  name: string;
  /** Commits on the branch that the upstream lacks (a count); 0 when `gone`. */
  ahead: number;
  /** Commits on the upstream that the branch lacks (a count); 0 when `gone`. */
  behind: number;
  /** `true` when the upstream is configured but its ref does not exist (`ahead` and `behind` are then 0). */
  gone: boolean;
}

/**
 * The operation in progress, read from the git directory as git's own long status does; when
 * several apply, the first of `merge`, `am`, `rebase`, `cherry-pick`, `revert`, `bisect`.
 */
export type Operation = 'merge' | 'am' | 'rebase' | 'cherry-pick' | 'revert' | 'bisect';

/** The scratchpad that `activeContextLines` counts. A scratchpad problem never fails a snapshot: it is a `status`. */
export interface ContextInfo {
  /**
   * The scratchpad's path relative to the snapshot's `root`, `/`-separated (`../` segments for a
   * scratchpad outside the worktree).
   */
  path: string;
  /**
   * `ok`: read. `missing`: nothing there (a path through a missing folder, a symlink to nothing).
   * `unreadable`: a directory, a FIFO, a device, a socket, a file that cannot be read, or the
   * default path leading out of the worktree; anything but a regular file is never read.
   */
  status: 'ok' | 'missing' | 'unreadable';
}

/**
 * A read-only snapshot of a git worktree and the agent's scratchpad: what every backend returns.
 * The git fields are what `git status --porcelain=v2` says about the same worktree (the contract's
 * oracle); Rust names the same fields in snake_case.
 */
export interface EnvironmentSnapshot {
  /**
   * The short branch name; `"HEAD"` when HEAD is detached; the branch HEAD points at when it is
   * unborn (before the first commit); `"(unknown)"`, as git says, when HEAD is a symbolic ref to
   * no valid ref name.
   */
  gitBranch: string;
  /** Changed paths whose index differs from HEAD: records of type `1` whose X is not `.` (a count). */
  gitStaged: number;
  /**
   * Changed paths whose worktree differs from the index: records of type `1` whose Y is not `.`
   * (a count). A path can count in both `gitStaged` and `gitModified`.
   */
  gitModified: number;
  /**
   * Untracked entries (a count): records of type `?`. In `normal` mode an untracked folder counts
   * once, as `dir/`; with `untrackedFiles: 'no'` it is 0. An untracked folder that cannot be read is
   * left out, as git leaves it out.
   */
  gitUntracked: number;
  /** Unmerged paths (a count): records of type `u`; these count in neither staged nor modified. */
  gitConflicted: number;
  /**
   * The path of every changed, unmerged and untracked record, sorted by the bytes of its UTF-8
   * form (not JavaScript's UTF-16 order); paths as in {@link FileStatus.path}.
   */
  dirtyFiles: string[];
  /** One entry per record, in `dirtyFiles`' order, with its status codes. */
  files: FileStatus[];
  /** Where HEAD points. */
  head: Head;
  /** The branch's upstream; `null` when none is configured or HEAD is detached. */
  upstream: Upstream | null;
  /**
   * Entries in the stash (a count; 0 when none), as `git status --show-stash` counts them: the
   * `refs/stash` reflog lines git reads as entries, in the common git dir (a linked worktree shares
   * it). A line git skips as corrupt does not count; a reflog that is not a regular file counts 0.
   */
  stashCount: number;
  /** The operation in progress; `null` when none. */
  operation: Operation | null;
  /**
   * Lines in the scratchpad (a count): its `\n` bytes, plus one when it is non-empty and its last
   * byte is not `\n`. 0 when `context.status` is not `ok`. Counted by streaming, so a huge file is
   * never held in memory.
   */
  activeContextLines: number;
  /** The scratchpad counted, and whether it could be read. */
  context: ContextInfo;
  /** The absolute, symlink-resolved path of the worktree's top level. */
  root: string;
  /**
   * When the snapshot was taken, in Unix seconds as a float (seconds since 1970-01-01 UTC, with a
   * fractional part; not milliseconds). The one field the parity suite ignores.
   */
  timestamp: number;
  /**
   * The first commits of `git log --first-parent` from HEAD, newest first, when the `recentCommits`
   * option asked for them (absent otherwise); empty on an unborn branch.
   */
  recentCommits?: RecentCommit[];
}

/**
 * What an agent is asked to do, handed to it beside the environment snapshot. No call of this
 * package takes or returns one; it is the shape of the Rust `omni_types::TaskBrief`, shared here.
 */
export interface TaskBrief {
  /** The task. */
  task: string;
  /** The mission brief that goes with the task. */
  missionBrief: string;
  /** The constraints the agent works under. */
  constraints: string[];
  /** The files relevant to the task. */
  relevantFiles: string[];
}
