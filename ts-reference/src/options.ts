import { SnifferError } from './errors.js';
import { checkWatch, describeValue as describe, readOption, type UntrackedFilesMode } from '@omni-sniffer/types';

export const DEFAULT_SCRATCHPAD = '.memory/active_context/SCRATCHPAD.md';
const MODES: readonly UntrackedFilesMode[] = ['normal', 'all', 'no'];

export interface ResolvedOptions {
  untrackedFiles: UntrackedFilesMode;
  /** The scratchpad path the caller named; `null` when none: the default, held inside the worktree. */
  scratchpad: string | null;
  /** Checked as every backend checks it, then unused: this backend always scans. */
  watch: boolean | undefined;
  /** How many commits to list; `null`: no `recentCommits` field. */
  recentCommits: number | null;
  /** With the line counts, the largest version they read, in bytes; `null`: no `lineStats`. */
  lineStatsMaxBytes: number | null;
  /** Whether status pairs renames (`--renames`); each entry of `files` then has `rename`. */
  renames: boolean;
}

/** A version larger than this is not read for its line counts, by default (as in the Rust core). */
const DEFAULT_LINE_STATS_MAX_BYTES = 1024 * 1024;
const MAX_LINE_STATS_MAX_BYTES = 2 ** 31;

/** The most commits `recentCommits` may ask for, as in the Rust core. */
const MAX_RECENT_COMMITS = 1000;

/**
 * Checks the JavaScript arguments every backend receives: a wrong one throws `CONFIG` with the
 * message of the contract's "Wrong arguments" table, word for word the Rust bindings' message.
 */
export function resolveArguments(path: unknown, options: unknown): { path: string; options: ResolvedOptions } {
  if (typeof path !== 'string' || path === '') {
    throw new SnifferError(
      'CONFIG',
      `Invalid argument "path": expected a non-empty string (a folder inside a git worktree), got ${describe(path)}.`,
    );
  }
  if (path.includes('\0')) {
    // No file name can hold one: the system call would refuse it, later and less clearly.
    throw new SnifferError('CONFIG', `Invalid argument "path": a path cannot contain a NUL byte, got ${describe(path)}.`);
  }
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
    throw new SnifferError(
      'CONFIG',
      `Invalid argument "options": expected an object such as { untrackedFiles: "normal" }, got ${describe(options)}.`,
    );
  }
  const o = (options ?? {}) as object;
  // All are read before any is checked, in the order every backend reads them.
  const untrackedFiles = (readOption(o, 'untrackedFiles') ?? 'normal') as UntrackedFilesMode;
  const scratchpad = readOption(o, 'scratchpad') ?? null;
  const rawWatch = readOption(o, 'watch');
  const recentCommits = readOption(o, 'recentCommits') ?? null;
  const lineStats = readOption(o, 'lineStats') ?? false;
  const maxBytes = readOption(o, 'lineStatsMaxBytes') ?? DEFAULT_LINE_STATS_MAX_BYTES;
  const renames = readOption(o, 'renames') ?? false;
  if (!MODES.includes(untrackedFiles)) {
    throw new SnifferError(
      'CONFIG',
      `Invalid option "untrackedFiles": ${describe(untrackedFiles)}. Use "normal", "all" or "no".`,
    );
  }
  if (scratchpad !== null && (typeof scratchpad !== 'string' || scratchpad === '')) {
    throw new SnifferError(
      'CONFIG',
      `Invalid option "scratchpad": expected a non-empty path (relative to the worktree or absolute), got ${describe(scratchpad)}.`,
    );
  }
  const watch = checkWatch(rawWatch);
  if (recentCommits !== null && !(typeof recentCommits === 'number' && Number.isInteger(recentCommits) && recentCommits >= 0 && recentCommits <= MAX_RECENT_COMMITS)) {
    throw new SnifferError(
      'CONFIG',
      `Invalid option "recentCommits": expected a whole number from 0 to ${MAX_RECENT_COMMITS}, got ${describe(recentCommits)}.`,
    );
  }
  if (typeof lineStats !== 'boolean') {
    throw new SnifferError('CONFIG', `Invalid option "lineStats": expected true or false, got ${describe(lineStats)}.`);
  }
  if (!(typeof maxBytes === 'number' && Number.isInteger(maxBytes) && maxBytes >= 0 && maxBytes <= MAX_LINE_STATS_MAX_BYTES)) {
    throw new SnifferError(
      'CONFIG',
      `Invalid option "lineStatsMaxBytes": expected a whole number of bytes from 0 to ${MAX_LINE_STATS_MAX_BYTES}, got ${describe(maxBytes)}.`,
    );
  }
  if (typeof renames !== 'boolean') {
    throw new SnifferError('CONFIG', `Invalid option "renames": expected true or false, got ${describe(renames)}.`);
  }
  return {
    path,
    options: {
      untrackedFiles,
      scratchpad,
      watch,
      recentCommits: recentCommits as number | null,
      lineStatsMaxBytes: lineStats ? maxBytes : null,
      renames,
    },
  };
}
