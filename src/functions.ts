// The one-shot calls: each picks its backend (the `backend` option, else OMNI_SNIFFER_BACKEND,
// else auto) and hands the rest of the options to it; under `auto`, a backend that cannot read the
// repository hands the call on to the next (fallback.ts).
import { answer, answerSync } from './fallback.js';
import { chooseBackend, splitOptions } from './select.js';
import type { BackendChoice, EnvironmentSnapshot, SnapshotOptions } from './types.js';

/** One snapshot of the worktree at or above `path`, taken off the JavaScript thread. */
export function snapshot(path: string, options?: SnapshotOptions): Promise<EnvironmentSnapshot> {
  try {
    const { backend, rest } = splitOptions(options);
    return answer(chooseBackend(backend), path, (module) => module.snapshot(path, rest));
  } catch (e) {
    // Even a bad option or an unavailable backend is a rejection, never a synchronous throw.
    return Promise.reject(e);
  }
}

export function snapshotSync(path: string, options?: SnapshotOptions): EnvironmentSnapshot {
  const { backend, rest } = splitOptions(options);
  return answerSync(chooseBackend(backend), path, (module) => module.snapshotSync(path, rest));
}

/** The contract's prompt block; every backend renders the same text. */
export function toPromptString(snapshot: EnvironmentSnapshot, options?: { backend?: BackendChoice }): string {
  return chooseBackend(options?.backend).module.toPromptString(snapshot);
}
