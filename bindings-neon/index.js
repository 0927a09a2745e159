// The package's entry, written by hand. neon's addon (index.node, made by `pnpm build`) exports
// plain functions; the kept sniffer is a small class around the native handle it returns.
import { createRequire } from 'node:module';

const native = createRequire(import.meta.url)('./index.node');

export const { snapshot, snapshotSync, toPromptString, __panicForTests } = native;

/**
 * The subscriptions not yet stopped. Held here because the native handle ends its feed when it is
 * garbage-collected: a caller who drops the stop function still gets its events, as from fs.watch.
 */
const running = new Set();

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
    // A delivery sent just before the stop still reaches the JavaScript thread: dropped here.
    let live = true;
    const subscription = native.snifferWatch(this.#kept, (answer) => {
      if (live) listener(answer);
    }, debounceMs);
    running.add(subscription);
    return () => {
      live = false;
      running.delete(subscription);
      native.snifferUnwatch(subscription);
    };
  }

  /** Releases the watch and caches now rather than when garbage-collected; a later call reopens. */
  close() {
    native.snifferClose(this.#kept);
  }
}
