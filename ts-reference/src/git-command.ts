// Runs git the way the contract's Safety section requires, once asynchronously through simple-git and
// once synchronously (simple-git has no synchronous call), with the same arguments and environment.
import { spawnSync } from 'node:child_process';
import { simpleGit } from 'simple-git';
import type { UntrackedFilesMode } from '@omni-sniffer/types';

/**
 * In front of every command: take no optional lock (status would otherwise refresh and write the
 * index) and never start the fsmonitor program that a cloned repository's config may name.
 */
const SAFETY_ARGS = ['--no-optional-locks', '-c', 'core.fsmonitor=false'];

export const REV_PARSE_ARGS = ['rev-parse', '--show-toplevel', '--absolute-git-dir'];

/**
 * Lists the filter drivers the repository's config defines. `core.repositoryformatversion`, which
 * every repository has, rides along so the output is never empty: simple-git waits 50 ms after a
 * command that printed nothing, and exit status 1 (no match) needs no special case.
 */
export const FILTER_DRIVERS_ARGS = ['config', '-z', '--name-only', '--get-regexp', '^(filter\\..*|core\\.repositoryformatversion)$'];

/**
 * `-c` settings that switch off every filter driver listed by FILTER_DRIVERS_ARGS: a driver is a
 * program named by the repository's config, and git runs it when it hashes a stat-dirty file.
 * Without it git compares the file's raw content, as the Rust core (which runs no driver) does.
 */
export function filterDriversOff(configNames: string): string[] {
  const drivers = new Set(
    configNames
      .split('\0')
      .filter((n) => n.startsWith('filter.') && n.lastIndexOf('.') > 'filter.'.length)
      .map((n) => n.slice('filter.'.length, n.lastIndexOf('.'))),
  );
  return [...drivers].flatMap((d) =>
    ['clean=', 'smudge=', 'process=', 'required=false'].flatMap((setting) => ['-c', `filter.${d}.${setting}`]),
  );
}

/** The contract's oracle command, without the safety prefix. */
export function statusArgs(untrackedFiles: UntrackedFilesMode): string[] {
  return [
    'status',
    '--porcelain=v2',
    '-z',
    '--branch',
    '--show-stash',
    '--no-renames',
    '--ignore-submodules=none',
    `--untracked-files=${untrackedFiles}`,
  ];
}

/**
 * The few variables git needs to find itself and the user's global config. Everything else is
 * left behind: GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE and the other repository-local variables
 * must never redirect a snapshot, and EDITOR, PAGER and friends name programs (simple-git refuses
 * to pass those on at all). An allowlist is simpler to audit than a list of what to drop.
 */
const INHERITED = ['PATH', 'HOME', 'XDG_CONFIG_HOME', 'TMPDIR', 'SYSTEMROOT', 'USERPROFILE', 'HOMEDRIVE', 'HOMEPATH'];

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { LC_ALL: 'C' };
  for (const k of INHERITED) if (process.env[k] !== undefined) env[k] = process.env[k];
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

export async function runGit(cwd: string, args: string[]): Promise<string> {
  const git = simpleGit({
    baseDir: cwd,
    trimmed: false,
    // simple-git refuses inline `core.fsmonitor` and `filter.*` settings, because they can name a
    // program to run. Ours switch those programs off, so these two are allowed, on purpose.
    unsafe: { allowUnsafeFsMonitor: true, allowUnsafeFilter: true },
  }).env(gitEnv());
  try {
    return await git.raw([...SAFETY_ARGS, ...args]);
  } catch (e) {
    throw new GitCommandError(e instanceof Error ? e.message : String(e));
  }
}

export function runGitSync(cwd: string, args: string[]): string {
  const r = spawnSync('git', [...SAFETY_ARGS, ...args], {
    cwd,
    env: gitEnv(),
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    windowsHide: true,
  });
  if (r.error) throw new GitCommandError(r.error.message);
  if (r.status !== 0) throw new GitCommandError(r.stderr, r.status);
  return r.stdout;
}
