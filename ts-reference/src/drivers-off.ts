// Filter drivers are the programs that git status runs when it reads a stat-dirty file's content, in
// the repository and, through the `git status` it runs in each submodule, in every submodule below
// it, each under its own config. This finds every driver that any of those configs defines and
// returns the command-line config that switches all of them off; git hands command-line config
// down to the submodules' git. It is found afresh on every call: a driver configured after a kept
// sniffer's first call is switched off too. Files under a driver then compare raw, as in the Rust core.
import fs from 'node:fs';
import path from 'node:path';
import { SnifferError } from './errors.js';
import type { ConfigSetting, GitCall, GitSteps } from './git-command.js';

/**
 * Every `filter.*` key in the config git reads there: every scope, includes and config.worktree.
 * The command-line `core.fsmonitor` that every command carries rides along, so that the output is
 * never empty and git never exits with 1 (no match).
 */
const DRIVER_KEYS_ARGS = ['config', '-z', '--name-only', '--get-regexp', '^(filter\\..*|core\\.fsmonitor)$'];

/** The index, for its gitlinks (mode 160000). */
const INDEX_ARGS = ['ls-files', '-z', '--stage'];

const PREFIX = 'filter.';

/** The drivers' names: the subsection of `filter.<name>.<variable>`, which may hold dots, '=', spaces, or nothing. */
function driverNames(keys: string): string[] {
  return keys
    .split('\0')
    .filter((k) => k.startsWith(PREFIX) && k.lastIndexOf('.') >= PREFIX.length)
    .map((k) => k.slice(PREFIX.length, k.lastIndexOf('.')));
}

/** The submodules git status looks into: a gitlink whose folder holds a `.git`, whatever .gitmodules says. */
function populatedSubmodules(repo: string, index: string): string[] {
  const gitlinks = index
    .split('\0')
    .filter((e) => e.startsWith('160000 '))
    .map((e) => path.join(repo, e.slice(e.indexOf('\t') + 1)));
  for (const dir of gitlinks) if (dir.includes('\uFFFD') && !fs.existsSync(dir)) throw cannotEnter(dir);
  return [...new Set(gitlinks)].filter((dir) => fs.existsSync(path.join(dir, '.git')));
}

/**
 * A gitlink whose path is not UTF-8 (decoded with U+FFFD, so that no such folder is found): Node
 * passes every path to the system as UTF-8, so git cannot be run in it to list its drivers, while
 * git status would run them. Refused, populated or not, rather than guessed.
 */
function cannotEnter(dir: string): SnifferError {
  return new SnifferError(
    'GIT',
    `The reference backend cannot look inside the submodule at "${dir}": its path is not valid UTF-8, so the programs ` +
      'its config names cannot be switched off before git runs them. Use a native backend (napi or neon).',
  );
}

/** The command-line config that switches off every filter driver of `root` and of the submodules below it, at any depth. */
export function* filterDriversOff(root: string): GitSteps<ConfigSetting[]> {
  const names = new Set<string>();
  for (let repos = [root]; repos.length > 0; ) {
    const calls: GitCall[] = repos.flatMap((cwd) => [
      { cwd, args: DRIVER_KEYS_ARGS },
      { cwd, args: INDEX_ARGS },
    ]);
    const out = yield calls;
    repos = repos.flatMap((repo, i) => {
      for (const name of driverNames(out[2 * i]!)) names.add(name);
      return populatedSubmodules(repo, out[2 * i + 1]!);
    });
  }
  return [...names].flatMap((d): ConfigSetting[] => [
    [`filter.${d}.clean`, ''],
    [`filter.${d}.smudge`, ''],
    [`filter.${d}.process`, ''],
    // An emptied driver that is required would fail the status.
    [`filter.${d}.required`, 'false'],
  ]);
}
