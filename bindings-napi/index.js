// The package's entry, written by hand. The loader that napi generates into generated/ (made by
// `pnpm build`) finds this platform's .node file; this file picks the public surface from it.
import { Sniffer as NativeSniffer } from './generated/index.js';

export { snapshot, snapshotSync, toPromptString, __panicForTests } from './generated/index.js';

/** The native kept sniffer, its change feed ended by a function as the contract's backends end theirs. */
/**
 * The subscriptions not yet stopped. Held here because the native handle ends its feed when it is
 * garbage-collected: a caller who drops the stop function still gets its events, as from fs.watch.
 */
const running = new Set();

export class Sniffer extends NativeSniffer {
  startFeed(listener, debounceMs) {
    // A delivery the feed queued just before the stop still reaches the JavaScript thread: dropped here.
    let live = true;
    const subscription = this.nativeFeed((answer) => {
      if (live) listener(answer);
    }, debounceMs);
    running.add(subscription);
    return () => {
      live = false;
      running.delete(subscription);
      subscription.stop();
    };
  }
}
