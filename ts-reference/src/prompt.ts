import path from 'node:path';
import type { EnvironmentSnapshot } from '@omni-sniffer/types';

/**
 * The contract's prompt block; the Rust core's `to_prompt_string()` returns the same text.
 * `Status` names the first three `dirtyFiles` (`, ...` when there are more); the Upstream,
 * Untracked/Conflicted and In progress lines appear only when they apply. No trailing newline.
 *
 * @param s - A snapshot from any backend.
 * @returns The prompt block, lines joined with `\n`.
 *
 * @example
 * ```ts
 * import { snapshotSync, toPromptString } from '@omni-sniffer/ts-reference';
 *
 * console.log(toPromptString(snapshotSync('.')));
 * // [LIVE ENVIRONMENT STATE]
 * // - Git: Branch: main | Modified: 1 | Staged: 0 | Status: 1 file (README.md)
 * // - Active Context: 0 lines in SCRATCHPAD.md
 * ```
 */
export function toPromptString(s: EnvironmentSnapshot): string {
  const shown = s.dirtyFiles.slice(0, 3).join(', ') + (s.dirtyFiles.length > 3 ? ', ...' : '');
  const status = s.dirtyFiles.length === 0 ? 'Clean' : `${counted(s.dirtyFiles.length, 'file')} (${shown})`;
  const lines = [
    '[LIVE ENVIRONMENT STATE]',
    `- Git: Branch: ${s.gitBranch} | Modified: ${s.gitModified} | Staged: ${s.gitStaged} | Status: ${status}`,
  ];
  // The contract: the optional lines come right after the Git line, before the Active Context line.
  if (s.upstream) {
    const where = s.upstream.gone ? '(gone)' : `(ahead ${s.upstream.ahead}, behind ${s.upstream.behind})`;
    lines.push(`- Upstream: ${s.upstream.name} ${where}`);
  }
  if (s.gitUntracked > 0 || s.gitConflicted > 0) lines.push(`- Untracked: ${s.gitUntracked} | Conflicted: ${s.gitConflicted}`);
  if (s.operation) lines.push(`- In progress: ${s.operation}`);
  lines.push(`- Active Context: ${counted(s.activeContextLines, 'line')} in ${path.posix.basename(s.context.path)}`);
  return lines.join('\n');
}

/** "1 file", "3 files", "0 lines": the contract's counts, singular for one. */
function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
