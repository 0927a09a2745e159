// What both native bindings do around their change feed, in one place: the contract's
// `startFeed` returns a function, and no delivery reaches the listener after it was called.
import type { EnvironmentSnapshot } from './contract.js';
import type { SnifferError } from './sniffer-error.js';

/**
 * The feeds not yet stopped. Held here because a native handle ends its feed when it is
 * garbage-collected: a caller who drops the stop function still gets its events, as from fs.watch.
 */
const running = new Set<unknown>();

/**
 * A native binding's feed in the contract's form (`Sniffer.startFeed`): `start` begins it with a
 * listener of its own and returns the native handle, `stop` ends that handle. A delivery the native
 * side queued just before the stop still reaches the JavaScript thread; it is dropped here.
 *
 * @param listener - The caller's listener.
 * @param start - Starts the native feed with the given listener; returns its handle.
 * @param stop - Ends the native feed of a handle.
 * @returns The function that ends the feed; calling it again does nothing.
 */
export function nativeFeed<Handle>(
  listener: (answer: EnvironmentSnapshot | SnifferError) => void,
  start: (deliver: (answer: EnvironmentSnapshot | SnifferError) => void) => Handle,
  stop: (handle: Handle) => void,
): () => void {
  let live = true;
  const handle = start((answer) => {
    if (live) listener(answer);
  });
  running.add(handle);
  return () => {
    if (!live) return;
    live = false;
    running.delete(handle);
    stop(handle);
  };
}
