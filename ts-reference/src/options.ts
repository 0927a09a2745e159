import { SnifferError } from './errors.js';
import type { SnapshotOptions, UntrackedFilesMode } from '@omni-sniffer/types';

export const DEFAULT_SCRATCHPAD = '.memory/active_context/SCRATCHPAD.md';
const MODES: readonly UntrackedFilesMode[] = ['normal', 'all', 'no'];

export interface ResolvedOptions {
  untrackedFiles: UntrackedFilesMode;
  scratchpad: string;
}

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
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
    throw new SnifferError(
      'CONFIG',
      `Invalid argument "options": expected an object such as { untrackedFiles: "normal" }, got ${describe(options)}.`,
    );
  }
  const o = (options ?? {}) as SnapshotOptions;
  const untrackedFiles = o.untrackedFiles ?? 'normal';
  if (!MODES.includes(untrackedFiles)) {
    throw new SnifferError(
      'CONFIG',
      `Invalid option "untrackedFiles": ${describe(untrackedFiles)}. Use "normal", "all" or "no".`,
    );
  }
  const scratchpad = o.scratchpad ?? DEFAULT_SCRATCHPAD;
  if (typeof scratchpad !== 'string' || scratchpad === '') {
    throw new SnifferError(
      'CONFIG',
      `Invalid option "scratchpad": expected a non-empty path (relative to the worktree or absolute), got ${describe(scratchpad)}.`,
    );
  }
  return { path, options: { untrackedFiles, scratchpad } };
}

/** The value as the contract's messages show it: never its contents beyond a string or a number. */
function describe(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'undefined':
      return 'undefined';
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? 'an array' : 'an object';
    default:
      return `a ${typeof value}`;
  }
}
