// Parses the contract's oracle output (`git status --porcelain=v2 -z --branch --show-stash`) into the
// git fields of a snapshot.
import type { EnvironmentSnapshot, FileStatus, Upstream } from '@omni-sniffer/types';
import { GitCommandError } from './git-command.js';

export type GitFields = Pick<
  EnvironmentSnapshot,
  'gitBranch' | 'gitStaged' | 'gitModified' | 'gitUntracked' | 'gitConflicted' | 'dirtyFiles' | 'files' | 'head' | 'upstream' | 'stashCount'
>;

/** Object names as porcelain v2 prints them: SHA-1 or SHA-256. */
const OID = '(?:[0-9a-f]{40}|[0-9a-f]{64})';
const MODE = '[0-7]{6}';
const SUB = '(N\\.\\.\\.|S[C.][M.][U.])';

/**
 * The record types for tracked paths, field by field; the path is everything after the last field
 * (it may hold spaces). `2` (a rename, its original path in the next NUL-ended field) only with
 * --renames; one of its letters is `R`.
 */
const ORDINARY = new RegExp(`^1 ([.MTAD])([.MTAD]) ${SUB} (?:${MODE} ){3}(?:${OID} ){2}([\\s\\S]+)$`);
const RENAMED = new RegExp(`^2 ([.MTADR])([.MTADR]) ${SUB} (?:${MODE} ){3}(?:${OID} ){2}R(100|[1-9]?[0-9]) ([\\s\\S]+)$`);
const UNMERGED = new RegExp(`^u (DD|AU|UD|UA|DU|AA|UU) ${SUB} (?:${MODE} ){4}(?:${OID} ){3}([\\s\\S]+)$`);

/** The values of the headers this parser reads; porcelain v2 asks parsers to skip any other header. */
const HEADERS = new Map<string, RegExp>([
  ['branch.oid', new RegExp(`^(?:${OID}|\\(initial\\))$`)],
  // A ref name holds no ASCII space (git refuses one); any other character may be in it.
  ['branch.head', /^[^ ]+$/],
  ['branch.upstream', /^[^ ]+$/],
  ['branch.ab', /^\+(\d{1,15}) -(\d{1,15})$/],
  ['stash', /^\d{1,15}$/],
]);

/**
 * Output that is not what git prints for the oracle command (a git that is not git, a truncated
 * pipe): an error, never a snapshot made of whatever the text happened to hold.
 */
function notPorcelain(what: string, record: string): GitCommandError {
  const shown = record.length > 80 ? `${record.slice(0, 80)}...` : record;
  return new GitCommandError(`git status printed ${what} where porcelain v2 was expected (${JSON.stringify(shown)})`);
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** The contract orders paths by the bytes of their UTF-8 form, which is not JavaScript's UTF-16 order. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(utf8(a), utf8(b));
}

/**
 * @param renames - Whether the status was asked `--renames`: type `2` records are then expected,
 * and every entry of `files` gets `rename` (`null` unless it is one).
 */
export function parsePorcelainV2(output: string, renames = false): GitFields {
  let staged = 0;
  let modified = 0;
  let untracked = 0;
  let conflicted = 0;
  const files: FileStatus[] = [];
  const notRenamed = renames ? { rename: null } : {};

  const headers = new Map<string, RegExpExecArray>();
  // -z ends every record with NUL: what follows the last one is a record cut short.
  const records = output.split('\0');
  const cut = records.pop();
  if (cut !== '') throw notPorcelain('a record cut short', cut ?? '');
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    let m: RegExpExecArray | null;
    if (record.startsWith('#')) {
      const [, key = '', value = ''] = /^# ([^ ]+) ?([\s\S]*)$/.exec(record) ?? [];
      const rule = HEADERS.get(key);
      if (!rule) continue;
      const parsed = rule.exec(value);
      if (!parsed) throw notPorcelain(`a malformed ${key} header`, record);
      headers.set(key, parsed);
    } else if ((m = ORDINARY.exec(record))) {
      const [, x = '', y = '', submodule = '', path = ''] = m;
      if (x === '.' && y === '.') throw notPorcelain('an unchanged path', record);
      if (x !== '.') staged++;
      if (y !== '.') modified++;
      files.push({ path, index: x, worktree: y, submodule, ...notRenamed });
    } else if (renames && (m = RENAMED.exec(record))) {
      const [, x = '', y = '', submodule = '', score = '', path = ''] = m;
      const from = records[++i];
      if (x !== 'R' && y !== 'R') throw notPorcelain('a rename record that renames nothing', record);
      if (!from) throw notPorcelain('a rename record without its original path', record);
      if (x !== '.') staged++;
      if (y !== '.') modified++;
      files.push({ path, index: x, worktree: y, submodule, rename: { from, score: Number(score) } });
    } else if ((m = UNMERGED.exec(record))) {
      const [, xy = '', submodule = '', path = ''] = m;
      conflicted++;
      files.push({ path, index: xy[0]!, worktree: xy[1]!, submodule, ...notRenamed });
    } else if (record.startsWith('? ') && record.length > 2) {
      untracked++;
      files.push({ path: record.slice(2), index: '?', worktree: '?', submodule: null, ...notRenamed });
    } else {
      throw notPorcelain('a record it was not asked for', record);
    }
  }
  // --branch always prints these two.
  const oidHeader = headers.get('branch.oid')?.[0];
  const branch = headers.get('branch.head')?.[0];
  if (oidHeader === undefined || branch === undefined) throw notPorcelain('no branch.oid or branch.head header', output);
  const oid = oidHeader === '(initial)' ? null : oidHeader;
  const upstreamName = headers.get('branch.upstream')?.[0] ?? null;
  const ab = headers.get('branch.ab');
  const stashCount = Number(headers.get('stash')?.[0] ?? 0);

  files.sort((a, b) => compareUtf8(a.path, b.path));
  const detached = branch === '(detached)';
  let upstream: Upstream | null = null;
  if (upstreamName !== null && !detached) {
    upstream = ab ? { name: upstreamName, ahead: Number(ab[1]), behind: Number(ab[2]), gone: false } : { name: upstreamName, ahead: 0, behind: 0, gone: true };
  }
  return {
    gitBranch: detached ? 'HEAD' : branch,
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
