// Everything timed on a fixture: the three backends, cold and warm, sync and async, and the tools
// a user would pick instead; then a kept sniffer of each backend and `git status` after one change
// of the worktree before each call. Each contender's answer is checked before it is timed.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { Repository } from '@napi-rs/simple-git';
import git from 'isomorphic-git';
import { simpleGit } from 'simple-git';
import { oracleGitArgs, oracleGitEnv, oracleStatusArgs } from '../../fixtures/oracle.mjs';
import type { BackendModule, BackendName, EnvironmentSnapshot } from '@omni-sniffer/types';
import type { BenchFixture } from './fixtures.js';

const execFileAsync = promisify(execFile);

export interface Contender {
  name: string;
  /** `omni` rows are ours; `alternative` rows are what a user would use instead. */
  kind: 'omni' | 'alternative';
  backend?: BackendName;
  warm?: boolean;
  async?: boolean;
  /** Writes the repository's index: timed apart, and the index is put back after it. */
  writesIndex?: boolean;
  /**
   * Each timed call follows, untimed, an edit of one tracked file that was unchanged: timed apart,
   * and the file is put back after it. Its answer must list that file as modified.
   */
  oneChange?: boolean;
  /**
   * Asks for everything an agent's prompt may want besides the default snapshot (line counts,
   * recent commits and renames: {@link ALL_OPTIONS}); the table sets it beside the same call without them.
   */
  allOptions?: boolean;
  /** Too slow to time on every fixture; the table says where it was left out. */
  onlyOn?: readonly string[];
  /** Returns the call to time, after whatever a real user would do once (open, construct). */
  prepare(dir: string): Promise<() => unknown>;
  /** What is wrong with an answer on this fixture, or null when it agrees with git. */
  check(result: unknown, f: BenchFixture): string | null;
}

/** Our backends must give git's exact list of changed paths. */
function sameDirtyFiles(result: unknown, f: BenchFixture): string | null {
  const got = (result as { dirtyFiles: string[] }).dirtyFiles;
  return JSON.stringify(got) === JSON.stringify(f.expected.dirtyFiles) ? null : `dirtyFiles ${JSON.stringify(got)}, git says ${JSON.stringify(f.expected.dirtyFiles)}`;
}

/** Other tools report in their own shapes: their count of changed paths must match git's. */
function sameCount(count: (result: unknown, f: BenchFixture) => number): Contender['check'] {
  return (result, f) => {
    const n = count(result, f);
    return n === f.expected.dirtyFiles.length ? null : `${n} changed paths, git says ${f.expected.dirtyFiles.length}`;
  };
}

/** `c` timed after one change before each call; `modified` lists the paths its answer calls modified in the worktree. */
function afterOneChange(c: Contender, modified: (result: unknown) => string[]): Contender {
  return {
    ...c,
    name: `${c.name}, one change`,
    oneChange: true,
    check: (result, f) => c.check(result, f) ?? (modified(result).includes(f.changed!) ? null : `${f.changed} is not listed as modified`),
  };
}

/** `file` as git's default untracked mode lists it: inside a folder that git lists whole (`dir/`), that folder. */
function asGitLists(file: string, f: BenchFixture): string {
  return f.expected.dirtyFiles.find((listed) => listed.endsWith('/') && file.startsWith(listed)) ?? file;
}

function modifiedInSnapshot(result: unknown): string[] {
  return (result as EnvironmentSnapshot).files.filter((e) => e.worktree === 'M').map((e) => e.path);
}

/** The paths of porcelain v2's ordinary records (`1 XY sub mH mI mW hH hI path`) whose Y is M. */
function modifiedInPorcelain(result: unknown): string[] {
  const records = (result as { stdout: string }).stdout.split('\0');
  return records.filter((rec) => /^1 .M /.test(rec)).map((rec) => rec.split(' ').slice(8).join(' '));
}

/** Every opt-in part of the snapshot, as an agent asking for a full prompt would. */
export const ALL_OPTIONS = { lineStats: true, recentCommits: 10, renames: true } as const;

/** With {@link ALL_OPTIONS}, the changed file's lines must be counted, renames asked for and the commits listed. */
function withAllOptions(c: Contender, prepare: Contender['prepare']): Contender {
  return {
    ...c,
    name: `${c.name}, all options`,
    allOptions: true,
    prepare,
    check: (result, f) => {
      const wrong = c.check(result, f);
      if (wrong) return wrong;
      const snap = result as EnvironmentSnapshot;
      if (snap.files.some((e) => e.lineStats === undefined)) return 'an entry of files has no lineStats';
      if (snap.files.some((e) => e.rename === undefined)) return 'an entry of files has no rename';
      if (f.changed && snap.files.find((e) => e.path === f.changed)?.lineStats?.unstaged?.added == null) return `${f.changed} has no unstaged line count`;
      return snap.recentCommits && snap.recentCommits.length > 0 ? null : 'no recentCommits';
    },
  };
}

function omniContenders(name: BackendName, b: BackendModule): Contender[] {
  const row = (warm: boolean, isAsync: boolean, prepare: Contender['prepare']): Contender => ({
    name: `${name} ${warm ? 'warm' : 'cold'} ${isAsync ? 'async' : 'sync'}`,
    kind: 'omni',
    backend: name,
    warm,
    async: isAsync,
    prepare,
    check: sameDirtyFiles,
  });
  const warmSync = row(true, false, async (dir) => {
    const s = new b.Sniffer(dir);
    return () => s.snapshotSync();
  });
  const warmAsync = row(true, true, async (dir) => {
    const s = new b.Sniffer(dir);
    return () => s.snapshot();
  });
  // What a kept sniffer is worth where it cannot watch (not Linux, no inotify left, watch: false):
  // its caches alone. The reference has no watch to turn off.
  const unwatched: Contender[] =
    name === 'ts'
      ? []
      : [
          {
            ...row(true, false, async (dir) => {
              const s = new b.Sniffer(dir, { watch: false });
              return () => s.snapshotSync();
            }),
            name: `${name} warm sync, no watch`,
          },
        ];
  return [
    row(false, false, async (dir) => () => b.snapshotSync(dir)),
    row(false, true, async (dir) => () => b.snapshot(dir)),
    warmSync,
    warmAsync,
    ...unwatched,
    afterOneChange(warmSync, modifiedInSnapshot),
    afterOneChange(warmAsync, modifiedInSnapshot),
    afterOneChange(
      withAllOptions(warmSync, async (dir) => {
        const s = new b.Sniffer(dir, ALL_OPTIONS);
        return () => s.snapshotSync();
      }),
      modifiedInSnapshot,
    ),
    afterOneChange(
      withAllOptions(warmAsync, async (dir) => {
        const s = new b.Sniffer(dir, ALL_OPTIONS);
        return () => s.snapshot();
      }),
      modifiedInSnapshot,
    ),
  ];
}

const gitStatus: Contender = {
  name: 'git status (spawned)',
  kind: 'alternative',
  // The contract's oracle command, run exactly as the oracle runs it (its arguments and environment
  // are worked out once, untimed, as a tool would before calling git in a loop).
  prepare: async (dir) => {
    const args = oracleGitArgs(dir, oracleStatusArgs());
    const env = oracleGitEnv();
    return () => execFileAsync('git', args, { cwd: dir, env, maxBuffer: 1 << 30 });
  },
  // A rename (type 2, only with --renames) is one record too; its original path follows it.
  check: sameCount((r) => (r as { stdout: string }).stdout.split('\0').filter((rec) => /^[12u?] /.test(rec)).length),
};

/**
 * What a tool without omni-sniffer spawns for the same prompt as {@link ALL_OPTIONS}: the status, both
 * numstats and the log, at once. The numstats through the plumbing, as the reference asks: porcelain
 * `git diff` writes a refreshed index.
 */
const gitWithAllOptions: Contender = {
  name: 'git status + diff-index + diff-files + log (spawned)',
  kind: 'alternative',
  allOptions: true,
  prepare: async (dir) => {
    const env = oracleGitEnv();
    const numstat = ['--numstat', '-z', '-M', '--no-ext-diff', '--no-textconv'];
    const commands = [
      oracleGitArgs(dir, oracleStatusArgs('normal', ALL_OPTIONS.renames)),
      oracleGitArgs(dir, ['diff-index', '--cached', ...numstat, 'HEAD']),
      oracleGitArgs(dir, ['diff-files', ...numstat]),
      ['--no-pager', 'log', '--first-parent', `--max-count=${ALL_OPTIONS.recentCommits}`, '--format=%H%x00%s%x00%an%x00%at', '-z'],
    ];
    return async () => {
      const [status] = await Promise.all(commands.map((args) => execFileAsync('git', args, { cwd: dir, env, maxBuffer: 1 << 30 })));
      return status;
    };
  },
  check: gitStatus.check,
};

const alternatives: Contender[] = [
  gitStatus,
  afterOneChange(gitStatus, modifiedInPorcelain),
  afterOneChange(gitWithAllOptions, modifiedInPorcelain),
  {
    name: 'simple-git status()',
    kind: 'alternative',
    writesIndex: true,
    prepare: async (dir) => {
      const sg = simpleGit(dir);
      return () => sg.status();
    },
    // It asks git for every untracked file (`-u`), where git's default lists a new folder once.
    check: sameCount((r, f) => new Set((r as { files: { path: string }[] }).files.map((e) => asGitLists(e.path, f))).size),
  },
  {
    name: '@napi-rs/simple-git statuses()',
    kind: 'alternative',
    prepare: async (dir) => {
      const repo = new Repository(dir);
      return () => repo.statuses();
    },
    check: sameCount((r) => (r as unknown[]).length),
  },
  {
    name: 'isomorphic-git statusMatrix',
    kind: 'alternative',
    // It saves refreshed stat data back into the index.
    writesIndex: true,
    // Reads and hashes every file in JavaScript: seconds on medium, minutes on large.
    onlyOn: ['small'],
    prepare: async (dir) => () => git.statusMatrix({ fs, dir }),
    check: sameCount((r) => (r as [string, number, number, number][]).filter(([, h, w, s]) => !(h === 1 && w === 1 && s === 1)).length),
  },
];

export function contendersFor(backends: Map<BackendName, BackendModule>): Contender[] {
  return [...[...backends].flatMap(([name, b]) => omniContenders(name, b)), ...alternatives];
}

export function applies(c: Contender, f: BenchFixture): boolean {
  return !c.onlyOn || c.onlyOn.includes(f.name);
}
