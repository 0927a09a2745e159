// The operation in progress, read from the worktree's git directory in the order git's long
// status prints it (wt-status.c: wt_status_get_state, then wt_longstatus_print_state).
import fs from 'node:fs';
import path from 'node:path';
import type { Operation } from '@omni-sniffer/types';

/** The last command of a multi-commit cherry-pick or revert, which outlives CHERRY_PICK_HEAD. */
function sequencerCommand(gitDir: string): string | null {
  try {
    const todo = fs.readFileSync(path.join(gitDir, 'sequencer', 'todo'), 'utf8');
    const first = todo.split('\n').find((l) => l.trim() !== '' && !l.startsWith('#'));
    return first?.trim().split(/\s+/)[0] ?? null;
  } catch {
    return null;
  }
}

export function operationInProgress(gitDir: string): Operation | null {
  const exists = (p: string) => fs.existsSync(path.join(gitDir, p));
  if (exists('MERGE_HEAD')) return 'merge';
  if (exists('rebase-apply')) return exists('rebase-apply/applying') ? 'am' : 'rebase';
  if (exists('rebase-merge')) return 'rebase';
  const sequencer = sequencerCommand(gitDir);
  if (exists('CHERRY_PICK_HEAD') || sequencer === 'pick' || sequencer === 'p') return 'cherry-pick';
  if (exists('REVERT_HEAD') || sequencer === 'revert') return 'revert';
  if (exists('BISECT_LOG')) return 'bisect';
  return null;
}
