// The package's entry, written by hand. neon's addon (index.node, made by `pnpm build`) exports
// plain functions; the kept sniffer is a small class around the native handle it returns.
import { createRequire } from 'node:module';
import { nativeFeed } from '@omni-sniffer/types';

const native = createRequire(import.meta.url)('./index.node');

export const { snapshot, snapshotSync, toPromptString, __panicForTests } = native;

export class Sniffer {
  /** The native kept sniffer (a JsBox): it reuses the core's warm state between calls. */
  #kept;

  constructor(path, options) {
    this.#kept = native.snifferNew(path, options);
  }

  snapshot() {
    return native.snifferSnapshot(this.#kept);
  }

  snapshotSync() {
    return native.snifferSnapshotSync(this.#kept);
  }

  startFeed(listener, debounceMs) {
    return nativeFeed(
      listener,
      (deliver) => native.snifferWatch(this.#kept, deliver, debounceMs),
      (subscription) => native.snifferUnwatch(subscription),
    );
  }

  /** Releases the watch and caches now rather than when garbage-collected; a later call reopens. */
  close() {
    native.snifferClose(this.#kept);
  }
}
