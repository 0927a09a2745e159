// Everything timed on a fixture: the three backends, cold and warm, sync and async, and the tools
// a user would pick instead. Each contender's answer is checked before it is timed.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { Repository } from '@napi-rs/simple-git';
import git from 'isomorphic-git';
import { simpleGit } from 'simple-git';
import { oracleGitArgs, oracleGitEnv, oracleStatusArgs } from '../../fixtures/oracle.mjs';
import type { BackendModule, BackendName } from '@omni-sniffer/types';
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
function sameCount(count: (result: unknown) => number): Contender['check'] {
  return (result, f) => {
    const n = count(result);
    return n === f.expected.dirtyFiles.length ? null : `${n} changed paths, git says ${f.expected.dirtyFiles.length}`;
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
  return [
    row(false, false, async (dir) => () => b.snapshotSync(dir)),
    row(false, true, async (dir) => () => b.snapshot(dir)),
    row(true, false, async (dir) => {
      const s = new b.Sniffer(dir);
      return () => s.snapshotSync();
    }),
    row(true, true, async (dir) => {
      const s = new b.Sniffer(dir);
      return () => s.snapshot();
    }),
  ];
}

const alternatives: Contender[] = [
  {
    name: 'git status (spawned)',
    kind: 'alternative',
    // The contract's oracle command, run exactly as the oracle runs it (its arguments and environment
    // are worked out once, untimed, as a tool would before calling git in a loop).
    prepare: async (dir) => {
      const args = oracleGitArgs(dir, oracleStatusArgs());
      const env = oracleGitEnv();
      return () => execFileAsync('git', args, { cwd: dir, env, maxBuffer: 1 << 30 });
    },
    check: sameCount((r) => (r as { stdout: string }).stdout.split('\0').filter((rec) => /^[1u?] /.test(rec)).length),
  },
  {
    name: 'simple-git status()',
    kind: 'alternative',
    writesIndex: true,
    prepare: async (dir) => {
      const sg = simpleGit(dir);
      return () => sg.status();
    },
    check: sameCount((r) => (r as { files: unknown[] }).files.length),
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
