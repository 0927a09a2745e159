import { SnifferError } from './errors.js';
import type { SnapshotOptions, UntrackedFilesMode } from './types.js';

export const DEFAULT_SCRATCHPAD = '.memory/active_context/SCRATCHPAD.md';
const MODES: readonly UntrackedFilesMode[] = ['normal', 'all', 'no'];

export interface ResolvedOptions {
  untrackedFiles: UntrackedFilesMode;
  scratchpad: string;
}

/** Checks the JavaScript arguments every backend receives; wrong ones throw `CONFIG` naming the argument. */
export function resolveArguments(path: unknown, options: unknown): { path: string; options: ResolvedOptions } {
  if (typeof path !== 'string' || path === '') {
    throw new SnifferError('CONFIG', `Invalid argument "path": expected a non-empty string, got ${describe(path)}.`);
  }
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
    throw new SnifferError('CONFIG', `Invalid argument "options": expected an object, got ${describe(options)}.`);
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
    throw new SnifferError('CONFIG', `Invalid option "scratchpad": expected a non-empty path string, got ${describe(scratchpad)}.`);
  }
  return { path, options: { untrackedFiles, scratchpad } };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
