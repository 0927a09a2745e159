import path from 'node:path';
import { budgetTooSmall, checkMaxChars, readOption, SnifferError, describeValue, type EnvironmentSnapshot, type FileStatus, type LineStats } from '@omni-sniffer/types';

/** How many dirty paths the status line names before it elides the rest. */
const NAMED_DIRTY_FILES = 3;

/** The options of {@link toPromptString}. */
export interface PromptOptions {
  /**
   * A budget in characters (Unicode code points, newlines included): the block then lists every
   * file under `- Files:` and drops detail, in the contract's order, until it fits. Without it, the
   * block is the contract's short form.
   */
  maxChars?: number;
}

/**
 * The contract's prompt block; the Rust core's `to_prompt_string()` (and, with `maxChars`,
 * `to_prompt_string_within()`) returns the same text. `Status` names the first three `dirtyFiles`
 * (`, ...` when there are more); the Upstream, Untracked/Conflicted and In progress lines appear
 * only when they apply. No trailing newline.
 *
 * With `maxChars`, the block is followed by `- Recent commits:` (when the snapshot has them, one
 * `  <7 digits> <summary>` line each) and `- Files:` (one `  XY path` line per file, `  XY from -> path`
 * for a rename, with
 * ` +<added> -<deleted>` and ` (<notCounted>)` after it when the snapshot has line counts), control
 * characters shown as `\xNN`, and with line counts a `- Lines: +<added> -<deleted>` total after the
 * Git line; when that is longer than `maxChars`, the first of these that fits is returned: fewer
 * files and a `  ... and <m> more` line; no file list; fewer commits; no commits; no Lines total; no
 * names in the Status; no Upstream or In progress line; the title and the Git line alone. A line is
 * never cut.
 *
 * @param s - A snapshot from any backend.
 * @param options - `maxChars`, the budget.
 * @returns The prompt block, lines joined with `\n`.
 * @throws {@link SnifferError} `CONFIG` for a `maxChars` that is not a whole number above 0, or
 * that is smaller than the title and Git line of this snapshot.
 *
 * @example
 * ```ts
 * import { snapshotSync, toPromptString } from '@omni-sniffer/ts-reference';
 *
 * console.log(toPromptString(snapshotSync('.')));
 * // [LIVE ENVIRONMENT STATE]
 * // - Git: Branch: main | Modified: 1 | Staged: 0 | Status: 1 file (README.md)
 * // - Active Context: 0 lines in SCRATCHPAD.md
 * console.log(toPromptString(snapshotSync('.'), { maxChars: 400 })); // and each file, within 400 characters
 * ```
 */
export function toPromptString(s: EnvironmentSnapshot, options?: PromptOptions): string {
  const maxChars = budget(options);
  const full = blockLines(s, true, true);
  if (maxChars === undefined) return full.join('\n');
  const total = linesTotal(s);
  const totaled = total === undefined ? full : [...full.slice(0, 2), total, ...full.slice(2)];
  const commits = (s.recentCommits ?? []).map((c) => `  ${c.oid.slice(0, 7)} ${oneLine(c.summary)}`);
  const files = s.files.map((f) => `  ${f.index}${f.worktree} ${f.rename ? `${oneLine(f.rename.from)} -> ` : ''}${oneLine(f.path)}${counts(f)}`);
  const withCommits = listed(totaled, COMMITS, commits, commits.length);
  const text =
    fitList(withCommits, FILES, files, maxChars) ??
    (length(withCommits) <= maxChars ? withCommits.join('\n') : undefined) ??
    fitList(totaled, COMMITS, commits, maxChars);
  if (text !== undefined) return text;
  let smallest = 0;
  for (const lines of [totaled, full, blockLines(s, false, true), blockLines(s, false, false), blockLines(s, false, false).slice(0, 2)]) {
    smallest = length(lines);
    if (smallest <= maxChars) return lines.join('\n');
  }
  throw budgetTooSmall(maxChars, smallest);
}

/** The lines added and deleted over the counted sides of one entry. */
function sums(stats: LineStats): [number, number] {
  let added = 0;
  let deleted = 0;
  for (const side of [stats.staged, stats.unstaged]) {
    added += side?.added ?? 0;
    deleted += side?.deleted ?? 0;
  }
  return [added, deleted];
}

/** `- Lines: +<added> -<deleted>` over every counted side, when the entries have line counts. */
function linesTotal(s: EnvironmentSnapshot): string | undefined {
  const stats = s.files.flatMap((f) => (f.lineStats ? [f.lineStats] : []));
  if (stats.length === 0) return undefined;
  const [added, deleted] = stats.map(sums).reduce(([a, d], [sa, sd]) => [a + sa, d + sd], [0, 0]);
  return `- Lines: +${added} -${deleted}`;
}

/** After a file's path: ` +<added> -<deleted>` over its counted sides, then ` (<why>)` for its first side not counted. */
function counts(f: FileStatus): string {
  if (!f.lineStats) return '';
  const sides = [f.lineStats.staged, f.lineStats.unstaged].flatMap((side) => (side ? [side] : []));
  const [added, deleted] = sums(f.lineStats);
  const numbers = sides.some((side) => side.notCounted === null) ? ` +${added} -${deleted}` : '';
  const why = sides.find((side) => side.notCounted !== null)?.notCounted;
  return `${numbers}${why ? ` (${why})` : ''}`;
}

const COMMITS = '- Recent commits:';
const FILES = '- Files:';

function budget(options: unknown): number | undefined {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new SnifferError('CONFIG', `Invalid argument "options": expected an object such as { maxChars: 2000 }, got ${describeValue(options)}.`);
  }
  return checkMaxChars(readOption(options, 'maxChars'));
}

/** The block's lines: with or without the names in the Status, with or without the Upstream and In progress lines. */
function blockLines(s: EnvironmentSnapshot, names: boolean, allLines: boolean): string[] {
  const lines = ['[LIVE ENVIRONMENT STATE]', `- Git: Branch: ${s.gitBranch} | Modified: ${s.gitModified} | Staged: ${s.gitStaged} | Status: ${status(s, names)}`];
  // The contract: the optional lines come right after the Git line, before the Active Context line.
  if (s.upstream && allLines) {
    const where = s.upstream.gone ? '(gone)' : `(ahead ${s.upstream.ahead}, behind ${s.upstream.behind})`;
    lines.push(`- Upstream: ${s.upstream.name} ${where}`);
  }
  if (s.gitUntracked > 0 || s.gitConflicted > 0) lines.push(`- Untracked: ${s.gitUntracked} | Conflicted: ${s.gitConflicted}`);
  if (s.operation && allLines) lines.push(`- In progress: ${s.operation}`);
  lines.push(`- Active Context: ${counted(s.activeContextLines, 'line')} in ${path.posix.basename(s.context.path)}`);
  return lines;
}

function status(s: EnvironmentSnapshot, names: boolean): string {
  if (s.dirtyFiles.length === 0) return 'Clean';
  const count = counted(s.dirtyFiles.length, 'file');
  if (!names) return count;
  const more = s.dirtyFiles.length > NAMED_DIRTY_FILES ? ', ...' : '';
  return `${count} (${s.dirtyFiles.slice(0, NAMED_DIRTY_FILES).join(', ')}${more})`;
}

/** `block`, then `header` and the first `shown` entries (and a "... and <m> more" line); `block` alone without entries. */
function listed(block: string[], header: string, entries: string[], shown: number): string[] {
  if (entries.length === 0) return block;
  const lines = [...block, header, ...entries.slice(0, shown)];
  if (shown < entries.length) lines.push(moreLine(entries.length - shown));
  return lines;
}

/** {@link listed} with as many entries as fit in `maxChars`; undefined when not even one does, or there are none. */
function fitList(block: string[], header: string, entries: string[], maxChars: number): string | undefined {
  // Each line after the first costs its length and the newline before it.
  let used = length(block) + 1 + header.length;
  let shown = 0;
  entries.forEach((entry, k) => {
    used += 1 + chars(entry);
    const left = entries.length - k - 1;
    const tail = left === 0 ? 0 : 1 + moreLine(left).length;
    // Not the first that fails: a shorter "... and <m> more" may let a later count fit.
    if (used + tail <= maxChars) shown = k + 1;
  });
  return shown === 0 ? undefined : listed(block, header, entries, shown).join('\n');
}

/** A path on one line: each control character as `\xNN`, so that a name holding a newline cannot break the list. */
function oneLine(p: string): string {
  // eslint-disable-next-line no-control-regex
  return p.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function moreLine(more: number): string {
  return `  ... and ${more} more`;
}

/** Characters as the contract counts them: code points, as Rust's `chars()`. */
function chars(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function length(lines: string[]): number {
  return lines.reduce((sum, line) => sum + chars(line), 0) + Math.max(0, lines.length - 1);
}

/** "1 file", "3 files", "0 lines": the contract's counts, singular for one. */
function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
