// The contract's oracle command for one worktree, made ready to run again and again, and the list
// of its tracked files: what `omni-sniff bench` needs to time git beside the backends and to
// check each backend's answer against git's. Both run git as every snapshot does (Safety).
import type { UntrackedFilesMode } from '@omni-sniffer/types';
import { filterDriversOff } from './drivers-off.js';
import { runGit, runSteps, statusArgs } from './git-command.js';

/**
 * `git status --porcelain=v2` as the contract's oracle runs it in `root` (the worktree's top
 * level), its filter drivers switched off. The drivers are listed once, here, as a tool would
 * before calling git in a loop; each call of the returned function spawns git once.
 *
 * @param root - The worktree's top level (a snapshot's `root`).
 * @param untrackedFiles - As the snapshot option of that name.
 * @returns A function that runs the command and resolves with git's output, whole.
 */
export async function oracleStatus(root: string, untrackedFiles: UntrackedFilesMode = 'normal'): Promise<() => Promise<string>> {
  const config = await runSteps(filterDriversOff(root));
  const args = statusArgs(untrackedFiles, false);
  return () => runGit(root, args, config);
}

/**
 * The paths of the index's entries (`git ls-files -z`), relative to `root`, `/`-separated.
 *
 * @param root - The worktree's top level.
 */
export async function trackedFiles(root: string): Promise<string[]> {
  return (await runGit(root, ['ls-files', '-z'])).split('\0').filter(Boolean);
}
