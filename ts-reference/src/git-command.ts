// Runs git the way the contract's Safety section requires, asynchronously and synchronously, with the
// same arguments and environment.
import { execFile, spawnSync } from 'node:child_process';
import type { UntrackedFilesMode } from '@omni-sniffer/types';

/**
 * In front of every command: no pager, even on a terminal, and no optional lock (status would
 * otherwise refresh and write the index, and a written index runs the post-index-change hook).
 */
const SAFETY_ARGS = ['--no-pager', '--no-optional-locks'];

/** A configuration setting given to git on its command line: `[key, value]`. */
export type ConfigSetting = readonly [key: string, value: string];

/**
 * On every command: no fsmonitor program, and hooks looked for in a folder that cannot hold any.
 * Command-line config outranks every file (includes and config.worktree too), and git hands it down
 * to the git it runs in each submodule.
 */
const SAFETY_CONFIG: readonly ConfigSetting[] = [
  ['core.fsmonitor', 'false'],
  ['core.hooksPath', '/dev/null'],
];

export const REV_PARSE_ARGS = ['rev-parse', '--show-toplevel', '--absolute-git-dir'];

/**
 * With the `renames` option: git's default limit whatever the repository sets (status reads
 * `status.renameLimit`, then `diff.renameLimit`; the line counts' diffs the second).
 */
export const RENAME_LIMITS: readonly ConfigSetting[] = [
  ['status.renameLimit', '1000'],
  ['diff.renameLimit', '1000'],
];

/** The contract's oracle command, without the safety prefix; `--renames` in place of `--no-renames` with the option. */
export function statusArgs(untrackedFiles: UntrackedFilesMode, renames: boolean): string[] {
  return [
    'status',
    '--porcelain=v2',
    '-z',
    '--branch',
    '--show-stash',
    renames ? '--renames' : '--no-renames',
    '--ignore-submodules=none',
    `--untracked-files=${untrackedFiles}`,
  ];
}

/**
 * The few variables git needs to find itself and the user's global config. Everything else is
 * left behind: GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE and the other repository-local variables
 * must never redirect a snapshot, and EDITOR, PAGER and friends name programs. An allowlist is
 * simpler to audit than a list of what to drop.
 */
const INHERITED = ['PATH', 'HOME', 'XDG_CONFIG_HOME', 'TMPDIR', 'SYSTEMROOT', 'USERPROFILE', 'HOMEDRIVE', 'HOMEPATH'];

/**
 * The command-line config travels in GIT_CONFIG_COUNT, GIT_CONFIG_KEY_<n> and GIT_CONFIG_VALUE_<n>,
 * never in `-c key=value`: git takes each key whole, where `-c` splits at the first '=' and would
 * read `filter.x=y.clean=` as the key `filter.x` (a driver's name may hold '=').
 */
function gitEnv(config: readonly ConfigSetting[]): Record<string, string> {
  const env: Record<string, string> = { LC_ALL: 'C' };
  for (const k of INHERITED) if (process.env[k] !== undefined) env[k] = process.env[k];
  const settings = [...SAFETY_CONFIG, ...config];
  env.GIT_CONFIG_COUNT = String(settings.length);
  settings.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

export class GitCommandError extends Error {
  constructor(
    readonly stderr: string,
    readonly exitCode: number | null = null,
  ) {
    super(stderr || `git exited with status ${exitCode}`);
  }
}

/**
 * The async form spawns git itself and answers on 'close', when every byte of its output has been
 * read. simple-git answered 50 ms after git's exit, read or not: under load a status came back cut
 * short (steveukx/git-js #608), and a cut status is a wrong snapshot.
 */
export function runGit(cwd: string, args: string[], config: readonly ConfigSetting[] = [], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...SAFETY_ARGS, ...args],
      { cwd, env: gitEnv(config), encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = typeof error.code === 'number' ? error.code : null;
        reject(new GitCommandError(code === null ? error.message : stderr, code));
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

export function runGitSync(cwd: string, args: string[], config: readonly ConfigSetting[] = [], input?: string): string {
  const r = spawnSync('git', [...SAFETY_ARGS, ...args], {
    cwd,
    input,
    env: gitEnv(config),
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    windowsHide: true,
  });
  if (r.error) throw new GitCommandError(r.error.message);
  if (r.status !== 0) throw new GitCommandError(r.stderr, r.status);
  return r.stdout;
}

/** One git command of a batch. */
export interface GitCall {
  cwd: string;
  args: string[];
  config?: readonly ConfigSetting[];
  /** What git reads on its standard input (`--stdin`, `--batch-check`). */
  input?: string;
}

/**
 * Work that asks git for output a batch of commands at a time, written once for both forms:
 * `runStepsSync` runs a batch one command after the other, `runSteps` all at once.
 */
export type GitSteps<T> = Generator<GitCall[], T, string[]>;

/** A failed command is thrown into the steps, which may catch it (and ask again) or let it out. */
export function runStepsSync<T>(steps: GitSteps<T>): T {
  for (let step = steps.next([]); ; ) {
    if (step.done) return step.value;
    let outputs: string[];
    try {
      outputs = step.value.map((c) => runGitSync(c.cwd, c.args, c.config, c.input));
    } catch (e) {
      step = steps.throw(e);
      continue;
    }
    step = steps.next(outputs);
  }
}

export async function runSteps<T>(steps: GitSteps<T>): Promise<T> {
  for (let step = steps.next([]); ; ) {
    if (step.done) return step.value;
    let outputs: string[];
    try {
      outputs = await Promise.all(step.value.map((c) => runGit(c.cwd, c.args, c.config, c.input)));
    } catch (e) {
      step = steps.throw(e);
      continue;
    }
    step = steps.next(outputs);
  }
}
