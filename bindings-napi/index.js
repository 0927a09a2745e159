// The package's entry, written by hand. The loader that napi generates into generated/ (made by
// `pnpm build`) finds this platform's .node file; this file picks the public surface from it.
import { nativeFeed } from '@omni-sniffer/types';
import { Sniffer as NativeSniffer } from './generated/index.js';

export { snapshot, snapshotSync, toPromptString, __panicForTests } from './generated/index.js';

/** The native kept sniffer, its change feed ended by a function as the contract's backends end theirs. */
export class Sniffer extends NativeSniffer {
  startFeed(listener, debounceMs) {
    return nativeFeed(listener, (deliver) => this.nativeFeed(deliver, debounceMs), (subscription) => subscription.stop());
  }
}
