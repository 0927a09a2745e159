// The benchmark fixtures: the same materialised repositories the tests use, and the means to
// put one back after a contender that writes to it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFixtures, type ManifestCase } from '../../fixtures/build.mjs';

export const SCALE_FIXTURES = ['small', 'medium', 'medium-stale', 'large'] as const;
export type ScaleFixture = (typeof SCALE_FIXTURES)[number];

export interface BenchFixture {
  name: ScaleFixture;
  dir: string;
  /** What git says about it: the count every contender's answer is checked against. */
  expected: { dirtyFiles: string[]; gitStaged: number; gitModified: number; gitUntracked: number };
}

export function loadFixtures(names: readonly ScaleFixture[]): BenchFixture[] {
  const { manifest } = buildFixtures({
    includeLarge: names.includes('large'),
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
