// The reference snapshot: the contract's oracle command through the git CLI, the operation and the
// scratchpad from the file system. Each step has an async and a sync form over the same parsers.
import fs from 'node:fs';
import path from 'node:path';
import { SnifferError, gitFailure, gitOpenError } from './errors.js';
import { FILTER_DRIVERS_ARGS, GitCommandError, REV_PARSE_ARGS, filterDriversOff, runGit, runGitSync, statusArgs } from './git-command.js';
import { operationInProgress } from './operation.js';
import { resolveArguments, type ResolvedOptions } from './options.js';
import { parsePorcelainV2 } from './porcelain.js';
import { countLines, countLinesSync, type ScratchpadCount } from './scratchpad.js';
import type { EnvironmentSnapshot, SnapshotOptions } from '@omni-sniffer/types';

interface Location {
  root: string;
  gitDir: string;
  /** `-c` settings that switch the repository's filter drivers off, put in front of `status`. */
  filtersOff: string[];
}

/** One stat, done synchronously in both forms: it costs microseconds and keeps one code path. */
function assertDirectory(p: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new SnifferError('FILE_SYSTEM', `The path "${p}" does not exist. Pass an existing folder inside a git worktree.`);
    }
    throw new SnifferError('FILE_SYSTEM', `The path "${p}" cannot be read (${code ?? String(e)}). Check its permissions.`);
  }
  if (!stat.isDirectory()) {
    throw new SnifferError('FILE_SYSTEM', `The path "${p}" is not a folder. Pass the worktree's folder (or one inside it), not a file.`);
  }
}

function parseLocation(out: string): Omit<Location, 'filtersOff'> {
  const [root = '', gitDir = ''] = out.split('\n');
  return { root: fs.realpathSync(root), gitDir };
}


function rethrow(p: string, e: unknown, opening: boolean): never {
  if (e instanceof GitCommandError) throw opening ? gitOpenError(p, e.message) : gitFailure(p, e.message.trim());
  throw e;
}

function scratchpadPath(root: string, scratchpad: string): { abs: string; rel: string } {
  const abs = path.resolve(root, scratchpad);
  return { abs, rel: path.relative(root, abs).split(path.sep).join('/') };
}

function assemble(loc: Location, status: string, rel: string, pad: ScratchpadCount): EnvironmentSnapshot {
  return {
    ...parsePorcelainV2(status),
    operation: operationInProgress(loc.gitDir),
    activeContextLines: pad.lines,
    context: { path: rel, status: pad.status },
    root: loc.root,
    timestamp: Date.now() / 1000,
  };
}

/**
 * A kept sniffer: the repository's location is found once and reused; everything that can change
 * between two calls (the status, the operation, the scratchpad) is read again on each call.
 */
export class Sniffer {
  readonly #path: string;
  readonly #options: ResolvedOptions;
  #location: Location | undefined;

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
      const found = parseLocation(await runGit(p, REV_PARSE_ARGS));
      const drivers = await runGit(found.root, FILTER_DRIVERS_ARGS);
      this.#location = { ...found, filtersOff: filterDriversOff(drivers) };
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
      const found = parseLocation(runGitSync(p, REV_PARSE_ARGS));
      const drivers = runGitSync(found.root, FILTER_DRIVERS_ARGS);
      this.#location = { ...found, filtersOff: filterDriversOff(drivers) };
    } catch (e) {
      rethrow(p, e, true);
    }
    return this.#location;
  }

  async snapshot(): Promise<EnvironmentSnapshot> {
    const loc = await this.#locate();
    const pad = scratchpadPath(loc.root, this.#options.scratchpad);
    const [status, count] = await Promise.all([
      runGit(loc.root, [...loc.filtersOff, ...statusArgs(this.#options.untrackedFiles)]).catch((e) => rethrow(loc.root, e, false)),
      countLines(pad.abs),
    ]);
    return assemble(loc, status, pad.rel, count);
  }

  snapshotSync(): EnvironmentSnapshot {
    const loc = this.#locateSync();
    const pad = scratchpadPath(loc.root, this.#options.scratchpad);
    let status: string;
    try {
      status = runGitSync(loc.root, [...loc.filtersOff, ...statusArgs(this.#options.untrackedFiles)]);
    } catch (e) {
      rethrow(loc.root, e, false);
    }
    return assemble(loc, status, pad.rel, countLinesSync(pad.abs));
  }
}

export function snapshot(p: string, options?: SnapshotOptions): Promise<EnvironmentSnapshot> {
  try {
    return new Sniffer(p, options).snapshot();
  } catch (e) {
    return Promise.reject(e);
  }
}

export function snapshotSync(p: string, options?: SnapshotOptions): EnvironmentSnapshot {
  return new Sniffer(p, options).snapshotSync();
}
