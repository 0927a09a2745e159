// Parses the contract's oracle output (`git status --porcelain=v2 -z --branch --show-stash`) into the
// git fields of a snapshot.
import type { EnvironmentSnapshot, FileStatus, Upstream } from '@omni-sniffer/types';

export type GitFields = Pick<
  EnvironmentSnapshot,
  'gitBranch' | 'gitStaged' | 'gitModified' | 'gitUntracked' | 'gitConflicted' | 'dirtyFiles' | 'files' | 'head' | 'upstream' | 'stashCount'
>;

/** The text after the first `n` space-separated fields: paths may hold spaces, fields never do. */
function afterFields(record: string, n: number): string {
  let at = 0;
  for (let i = 0; i < n; i++) at = record.indexOf(' ', at) + 1;
  return record.slice(at);
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** The contract orders paths by the bytes of their UTF-8 form, which is not JavaScript's UTF-16 order. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(utf8(a), utf8(b));
}

export function parsePorcelainV2(output: string): GitFields {
  let branch = '';
  let oid: string | null = null;
  let upstreamName: string | null = null;
  let ab: [number, number] | null = null;
  let stashCount = 0;
  let staged = 0;
  let modified = 0;
  let untracked = 0;
  let conflicted = 0;
  const files: FileStatus[] = [];

  for (const record of output.split('\0')) {
    if (record === '') continue;
    const kind = record[0];
    if (kind === '#') {
      const [key = '', ...rest] = record.slice(2).split(' ');
      const value = rest.join(' ');
      if (key === 'branch.oid') oid = value === '(initial)' ? null : value;
      else if (key === 'branch.head') branch = value === '(detached)' ? 'HEAD' : value;
      else if (key === 'branch.upstream') upstreamName = value;
      else if (key === 'branch.ab') {
        const [a = '+0', b = '-0'] = rest;
        ab = [Number(a.slice(1)), Number(b.slice(1))];
      } else if (key === 'stash') stashCount = Number(value);
    } else if (kind === '1' || kind === 'u') {
      const [x = '.', y = '.'] = record.slice(2, 4);
      if (kind === 'u') conflicted++;
      else {
        if (x !== '.') staged++;
        if (y !== '.') modified++;
      }
      files.push({ path: afterFields(record, kind === '1' ? 8 : 10), index: x, worktree: y, submodule: record.slice(5, 9) });
    } else if (kind === '?') {
      untracked++;
      files.push({ path: record.slice(2), index: '?', worktree: '?', submodule: null });
    }
    // `2` (renames) cannot appear with --no-renames, and `!` (ignored) is not asked for.
  }

  files.sort((a, b) => compareUtf8(a.path, b.path));
  const detached = branch === 'HEAD';
  let upstream: Upstream | null = null;
  if (upstreamName !== null && !detached) {
    upstream = ab ? { name: upstreamName, ahead: ab[0], behind: ab[1], gone: false } : { name: upstreamName, ahead: 0, behind: 0, gone: true };
  }
  return {
    gitBranch: branch,
    gitStaged: staged,
    gitModified: modified,
    gitUntracked: untracked,
    gitConflicted: conflicted,
    dirtyFiles: files.map((f) => f.path),
    files,
    head: { oid, detached, unborn: oid === null },
    upstream,
    stashCount,
  };
}
