import type { Sniffer } from '@omni-sniffer/types';
import { chooseBackend, splitOptions } from './select.js';
import type { BackendName, ContextScan, EnvironmentSnapshot, GitScan, SnapshotOptions } from './types.js';

/**
 * A kept sniffer on the chosen backend: it checks its arguments now, opens the repository on the
 * first snapshot, and reuses what it can between calls (the native backends keep the repository
 * and a status cache warm).
 */
export class OmniSniffer {
  /** The backend this sniffer runs on, chosen once, when it is made. */
  readonly backend: BackendName;
  readonly #kept: Sniffer;

  constructor(path: string, options?: SnapshotOptions) {
    const { backend, rest } = splitOptions(options);
    const chosen = chooseBackend(backend);
    this.backend = chosen.name;
    this.#kept = new chosen.module.Sniffer(path, rest);
  }

  /** A snapshot taken off the JavaScript thread (a git child process for `ts`). */
  snapshot(): Promise<EnvironmentSnapshot> {
    return this.#kept.snapshot();
  }

  snapshotSync(): EnvironmentSnapshot {
    return this.#kept.snapshotSync();
  }

  /**
   * The git half of a snapshot, as the Rust core's `scan_git`. The backends expose whole snapshots
   * only, so this takes one and drops the scratchpad half: it costs as much as `snapshotSync()`.
   */
  scanGit(): GitScan {
    const { activeContextLines: _lines, context: _context, root: _root, timestamp: _timestamp, ...git } = this.#kept.snapshotSync();
    return git;
  }

  /**
   * The scratchpad half of a snapshot, as the Rust core's `scan_context`. Like `scanGit()`, it takes
   * a whole snapshot (git included) and keeps its half.
   */
  scanContext(): ContextScan {
    const { activeContextLines, context } = this.#kept.snapshotSync();
    return { activeContextLines, context };
  }
}
