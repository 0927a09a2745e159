// `recentCommits` from git itself: `git log --first-parent` from the commit the status compared
// with, one record of four NUL-separated fields per commit (git's `%s` cannot hold a NUL).
import type { RecentCommit } from '@omni-sniffer/types';
import { GitCommandError } from './git-command.js';
import type { ConfigSetting } from './git-command.js';

/**
 * Replacement refs (`refs/replace/`) would make git log list other commits than the objects say,
 * which the Rust core (libgit2) reads as they are: off here, as in the oracle.
 */
export const LOG_CONFIG: readonly ConfigSetting[] = [['core.useReplaceRefs', 'false']];

export function logArgs(oid: string, count: number): string[] {
  // --no-show-signature: log.showSignature would run gpg, a program the repository's config names.
  return ['log', '--first-parent', `--max-count=${count}`, '--no-mailmap', '--no-show-signature', '--format=%H%x00%s%x00%an%x00%at', '-z', oid, '--'];
}

export function parseLog(output: string): RecentCommit[] {
  const fields = output.split('\0');
  if (fields.at(-1) === '') fields.pop();
  if (fields.length % 4 !== 0) throw new GitCommandError(`git log printed ${fields.length} fields, not four per commit`);
  const commits: RecentCommit[] = [];
  for (let i = 0; i < fields.length; i += 4) {
    const [oid, summary, authorName, time] = fields.slice(i, i + 4) as [string, string, string, string];
    commits.push({ oid, summary, authorName, authorTime: Number(time) });
  }
  return commits;
}
