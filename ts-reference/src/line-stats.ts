// `lineStats` from git itself: `git diff --cached` and `git diff`, each with `--raw` (the blob ids,
// for the size limit) and `--numstat` (the counts), then the sizes of those blobs; an untracked file
// is counted here, under its `diff` attribute as git check-attr gives it.
import fs from 'node:fs';
import path from 'node:path';
import type { FileStatus, LineCount, LineStats } from '@omni-sniffer/types';
import { GitCommandError, type ConfigSetting, type GitSteps } from './git-command.js';

/** git's `FIRST_FEW_BYTES`: a NUL byte this early makes content binary. */
const BINARY_PROBE = 8000;
const ZERO_OID = /^0+$/;

/**
 * The plumbing diffs (porcelain `git diff` writes a refreshed index): `diff-index --cached` from
 * `base` to the index, `diff-files` from the index to the worktree. No diff program, no textconv,
 * git's Myers whatever `diff.algorithm` says; renames paired (`-M`, git's 50%) only when the status
 * paired them. Intent-to-add entries are not in the index to the first, as to status.
 */
function diffArgs(base: string | null, renames: boolean): string[] {
  return [
    ...(base === null ? ['diff-files'] : ['diff-index', '--cached', '--ita-invisible-in-index']),
    '--raw',
    '--numstat',
    '-z',
    '--no-abbrev',
    renames ? '-M' : '--no-renames',
    '--no-ext-diff',
    '--no-textconv',
    '--diff-algorithm=myers',
    '--ignore-submodules=none',
    ...(base === null ? [] : [base]),
    '--',
  ];
}

/** One side of a path in a diff: its two blob ids (the zero id for none, or the worktree) and git's counts. */
interface DiffRow {
  oldOid: string;
  newOid: string;
  /** `null` for git's `-`. */
  counts: [number, number] | null;
}

/**
 * The rows by path; a rename's row by its new path, its old blob the original's. With -z a rename
 * gives both paths as fields of their own: after a `--raw` status `R<score>`, and after a
 * `--numstat` line whose path is empty.
 */
function parseDiff(output: string): Map<string, DiffRow> {
  const rows = new Map<string, DiffRow>();
  const tokens = output.split('\0');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === '') continue;
    if (token.startsWith(':')) {
      const [, , oldOid, newOid, status = ''] = token.slice(1).split(' ');
      if (status.startsWith('R')) i++;
      const p = tokens[++i];
      if (oldOid === undefined || newOid === undefined || p === undefined) throw new GitCommandError(`git diff printed ${JSON.stringify(token)} where --raw was expected`);
      rows.set(p, { oldOid, newOid, counts: null });
      continue;
    }
    const match = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/.exec(token);
    if (match?.[3] === '') i += 2;
    const row = match && rows.get(match[3] || tokens[i]!);
    if (!match || !row) throw new GitCommandError(`git diff printed ${JSON.stringify(token)} where --numstat was expected`);
    row.counts = match[1] === '-' ? null : [Number(match[1]), Number(match[2])];
  }
  return rows;
}

function parseSizes(output: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const line of output.split('\n')) {
    const [oid, size] = line.split(' ');
    // `<oid> missing` for a worktree version git hashed but never stored.
    if (oid && size !== undefined && /^\d+$/.test(size)) sizes.set(oid, Number(size));
  }
  return sizes;
}

/** `git check-attr -z diff` output: the `diff` attribute's value by path. */
function parseAttributes(output: string): Map<string, string> {
  const values = new Map<string, string>();
  const fields = output.split('\0');
  for (let i = 0; i + 2 < fields.length; i += 3) values.set(fields[i]!, fields[i + 2]!);
  return values;
}

/** `git config -z --list` output: which drivers say `diff.<driver>.binary`, and what. */
function parseDriverBinary(output: string): Map<string, boolean> {
  const drivers = new Map<string, boolean>();
  for (const entry of output.split('\0')) {
    const [key = '', value = 'true'] = entry.split('\n');
    const match = /^diff\.(.*)\.binary$/s.exec(key);
    if (match) drivers.set(match[1]!, ['true', 'yes', 'on', '1'].includes(value.toLowerCase()));
  }
  return drivers;
}

const counted = (added: number, deleted: number): LineCount => ({ added, deleted, notCounted: null });
const notCounted = (why: LineCount['notCounted']): LineCount => ({ added: null, deleted: null, notCounted: why });

/**
 * The file at `p` as git prints it (bytes that are not UTF-8 read as U+FFFD) as a path Node can
 * open: each component is found among its folder's raw names. One that is gone, or whose decoded
 * name two raw names share, is left as decoded, and so reads as missing.
 */
function onDisk(root: string, p: string): string | Buffer {
  const decoded = path.join(root, p);
  if (!p.includes('\uFFFD')) return decoded;
  let at = Buffer.from(root);
  for (const part of p.split('/')) {
    let names: Buffer[];
    try {
      names = fs.readdirSync(at, { encoding: 'buffer' });
    } catch {
      return decoded;
    }
    const found = names.filter((n) => n.toString('utf8') === part);
    if (found.length !== 1) return decoded;
    at = Buffer.concat([at, Buffer.from('/'), found[0]!]);
  }
  return at;
}

function lstatSize(file: string | Buffer): number {
  try {
    return fs.lstatSync(file).size;
  } catch {
    return 0;
  }
}

/** An untracked file's content: a symlink's target, else its bytes; nothing when it went. */
function readUntracked(file: string | Buffer): Buffer {
  try {
    return fs.lstatSync(file).isSymbolicLink() ? Buffer.from(fs.readlinkSync(file)) : fs.readFileSync(file);
  } catch {
    return Buffer.alloc(0);
  }
}

/**
 * The line counts of every entry of `files`, in order; `config` is the status's (every filter
 * driver off), `head` the commit the status compared with.
 */
export function* lineStatsSteps(
  root: string,
  files: readonly FileStatus[],
  head: string | null,
  maxBytes: number,
  config: readonly ConfigSetting[],
  renames: boolean,
): GitSteps<LineStats[]> {
  // Not read past the limit by git either: a larger blob is binary to its diff.
  const diffConfig: ConfigSetting[] = [...config, ['core.bigFileThreshold', String(Math.max(maxBytes, 1))]];
  const untracked = files.filter((f) => f.index === '?' && !f.path.endsWith('/')).map((f) => f.path);
  // An unborn branch compares the index with the empty tree, in the repository's own hash.
  const base = head ?? (yield [{ cwd: root, args: ['hash-object', '-t', 'tree', '--stdin'], config, input: '' }])[0]!.trim();
  const [cached, worktree, attributes = '', drivers = ''] = yield [
    { cwd: root, args: diffArgs(base, renames), config: diffConfig },
    { cwd: root, args: diffArgs(null, renames), config: diffConfig },
    ...(untracked.length === 0
      ? []
      : [
          { cwd: root, args: ['check-attr', '-z', '--stdin', 'diff'], config, input: untracked.map((p) => `${p}\0`).join('') },
          // The whole list, filtered here: --get-regexp exits 1 when nothing matches.
          { cwd: root, args: ['config', '-z', '--list'], config },
        ]),
  ];
  const staged = parseDiff(cached!);
  const unstaged = parseDiff(worktree!);
  const oids = new Set<string>();
  for (const row of [...staged.values(), ...unstaged.values()]) {
    for (const oid of [row.oldOid, row.newOid]) if (!ZERO_OID.test(oid)) oids.add(oid);
  }
  const [sizes = ''] =
    oids.size === 0 ? [] : yield [{ cwd: root, args: ['cat-file', '--batch-check=%(objectname) %(objectsize)'], config, input: [...oids].map((o) => `${o}\n`).join('') }];
  const blobSize = parseSizes(sizes);
  // A worktree version git hashed (an intent-to-add rename destination) need not be stored: its size is on disk.
  const sizeOf = (oid: string, p: string, worktreeSide: boolean): number =>
    (ZERO_OID.test(oid) ? undefined : blobSize.get(oid)) ?? (worktreeSide ? lstatSize(onDisk(root, p)) : 0);
  const side = (rows: Map<string, DiffRow>, p: string, worktreeSide: boolean, deleted: boolean): LineCount => {
    const row = rows.get(p);
    if (!row) throw new GitCommandError(`git ${worktreeSide ? 'diff-files' : 'diff-index --cached'} printed no line for ${JSON.stringify(p)}, which git status lists`);
    const newSize = deleted ? 0 : sizeOf(row.newOid, p, worktreeSide);
    if (sizeOf(row.oldOid, p, false) > maxBytes || newSize > maxBytes) return notCounted('too-large');
    return row.counts ? counted(...row.counts) : notCounted('binary');
  };
  const attribute = parseAttributes(attributes);
  const driverBinary = parseDriverBinary(drivers);
  const untrackedSide = (p: string): LineCount => {
    const file = onDisk(root, p);
    if (lstatSize(file) > maxBytes) return notCounted('too-large');
    const data = readUntracked(file);
    const value = attribute.get(p) ?? 'unspecified';
    const forced = value === 'set' ? false : value === 'unset' ? true : value === 'unspecified' ? undefined : driverBinary.get(value);
    if (forced ?? data.subarray(0, BINARY_PROBE).includes(0)) return notCounted('binary');
    let newlines = 0;
    for (const byte of data) if (byte === 0x0a) newlines++;
    return counted(newlines + (data.length > 0 && data[data.length - 1] !== 0x0a ? 1 : 0), 0);
  };
  return files.map((f): LineStats => {
    if (f.index === '?') return { staged: null, unstaged: f.path.endsWith('/') ? null : untrackedSide(f.path) };
    if (f.submodule === null || isUnmerged(f)) return { staged: null, unstaged: null };
    if (f.submodule.startsWith('S')) {
      return { staged: f.index === '.' ? null : notCounted('submodule'), unstaged: f.worktree === '.' ? null : notCounted('submodule') };
    }
    return {
      staged: f.index === '.' ? null : side(staged, f.path, false, f.index === 'D'),
      unstaged: f.worktree === '.' ? null : side(unstaged, f.path, true, f.worktree === 'D'),
    };
  });
}

/** A `u` record: its letters are an unmerged pair (`UU`, `AA`, `DD`, ...), which `1` records never are. */
function isUnmerged(f: FileStatus): boolean {
  return f.index === 'U' || f.worktree === 'U' || (f.index === 'A' && f.worktree === 'A') || (f.index === 'D' && f.worktree === 'D');
}
