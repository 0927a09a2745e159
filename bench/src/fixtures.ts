// The benchmark fixtures: the same materialised repositories the tests use, the means to put one
// back after a contender that writes to it, and the one change made before each call of a
// one-change contender.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFixtures, type ManifestCase } from '../../fixtures/build.mjs';
import { oracleGitEnv } from '../../fixtures/oracle.mjs';

export const SCALE_FIXTURES = ['small-real', 'small', 'medium', 'medium-stale', 'medium-copied', 'large'] as const;
export type ScaleFixture = (typeof SCALE_FIXTURES)[number];

export interface BenchFixture {
  name: ScaleFixture;
  dir: string;
  /** What git says about it: the count every contender's answer is checked against. */
  expected: { dirtyFiles: string[]; gitStaged: number; gitModified: number; gitUntracked: number };
  /** For one-change contenders: the tracked file changed before each call, which an answer must list as modified. */
  changed?: string;
}

export function loadFixtures(names: readonly ScaleFixture[]): BenchFixture[] {
  const { manifest } = buildFixtures({
    includeLarge: names.includes('large'),
    only: [...names],
    log: (m) => process.stderr.write(`fixtures: ${m}\n`),
  });
  // Every contender reads the global git config: keep the machine's out, as the tests do. rustup
  // and cargo find their toolchain through HOME, so pin theirs first.
  const realHome = os.homedir();
  process.env.RUSTUP_HOME ??= path.join(realHome, '.rustup');
  process.env.CARGO_HOME ??= path.join(realHome, '.cargo');
  process.env.HOME = manifest.home;
  delete process.env.XDG_CONFIG_HOME;
  return names.map((name) => {
    const c = manifest.cases.find((x: ManifestCase) => x.name === name);
    if (!c) throw new Error(`fixture ${name} is missing from the manifest`);
    const { snapshot } = JSON.parse(fs.readFileSync(c.expected, 'utf8'));
    return { name, dir: c.open, expected: snapshot };
  });
}

/**
 * Saves a fixture's index (bytes and mtime) so it can be put back after a contender that writes
 * it: git's racy-entry rule compares file mtimes with the index's own, so the mtime matters too.
 * Cheaper than a private copy of 100,000 files.
 */
export function saveIndex(f: BenchFixture): () => void {
  const file = path.join(f.dir, '.git', 'index');
  const bytes = fs.readFileSync(file);
  const { atimeMs, mtimeMs } = fs.statSync(file);
  return () => {
    fs.writeFileSync(`${file}.restore`, bytes);
    fs.utimesSync(`${file}.restore`, atimeMs / 1000, mtimeMs / 1000);
    fs.renameSync(`${file}.restore`, file);
  };
}

export interface IndexStamp {
  mtimeMs: number;
  sha1: string;
}

export function indexStamp(f: BenchFixture): IndexStamp {
  const file = path.join(f.dir, '.git', 'index');
  return { mtimeMs: fs.statSync(file).mtimeMs, sha1: createHash('sha1').update(fs.readFileSync(file)).digest('hex') };
}

/**
 * Whether the index is as the fixture built it: the same bytes, and the same mtime give or take
 * the little a restore can lose (utimes takes float seconds, so microseconds at best). Every file
 * of a fixture is hours older than its index, so that difference cannot change an answer.
 */
export function sameIndex(a: IndexStamp, b: IndexStamp): boolean {
  return a.sha1 === b.sha1 && Math.abs(a.mtimeMs - b.mtimeMs) < 2;
}

/**
 * One tracked file that git calls unchanged, edited before each timed call of a one-change
 * contender (an agent's edit between two turns) and put back afterwards.
 */
export interface OneChange {
  /** Relative to the worktree. */
  path: string;
  /** Writes the next of its two changed contents and moves its mtime on. */
  apply(): void;
  /** Puts its bytes and times back as the fixture built them. */
  restore(): void;
}

/**
 * The first regular file of the index outside any dot folder or dotfile (a `.gitattributes` edit
 * would change how every file compares) that git lists as unchanged.
 */
function unchangedTrackedFile(f: BenchFixture): string {
  const dirty = new Set(f.expected.dirtyFiles);
  const entries = execFileSync('git', ['--no-optional-locks', 'ls-files', '-z', '--stage'], { cwd: f.dir, env: oracleGitEnv(), encoding: 'utf8', maxBuffer: 1 << 30 });
  for (const entry of entries.split('\0')) {
    const file = entry.slice(entry.indexOf('\t') + 1);
    if (entry.startsWith('100644 ') && !dirty.has(file) && !file.split('/').some((part) => part.startsWith('.'))) return file;
  }
  throw new Error(`${f.name} has no unchanged tracked file to change`);
}

export function oneChange(f: BenchFixture): OneChange {
  const rel = unchangedTrackedFile(f);
  const file = path.join(f.dir, rel);
  const original = fs.readFileSync(file);
  const { atimeMs, mtimeMs } = fs.statSync(file);
  // Two lengths: every call sees a size other than the last call's, and neither is the original's.
  const contents = ['one change\n', 'one change, longer\n'].map((tail) => Buffer.concat([original, Buffer.from(tail)]));
  let calls = 0;
  return {
    path: rel,
    apply() {
      fs.writeFileSync(file, contents[calls % 2]!);
      // A millisecond further each time: the file system's clock moves in ticks of a few ms, so two
      // quick writes could otherwise leave the same mtime.
      const now = Date.now() / 1000 + calls / 1000;
      fs.utimesSync(file, now, now);
      calls += 1;
    },
    restore() {
      fs.writeFileSync(file, original);
      fs.utimesSync(file, atimeMs / 1000, mtimeMs / 1000);
    },
  };
}

/** What git says of `f` once `file`, unchanged before, is modified in the worktree. */
export function withChange(f: BenchFixture, file: string): BenchFixture {
  const dirtyFiles = [...f.expected.dirtyFiles, file].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return { ...f, changed: file, expected: { ...f.expected, dirtyFiles, gitModified: f.expected.gitModified + 1 } };
}
