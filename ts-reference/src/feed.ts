// The reference's change feed, by the contract's rule and the Rust core's (crates/omni-sniffer/
// src/feed.rs): an event only says that something may have changed; a snapshot says whether the
// state did, and only a state that differs from the last one delivered is delivered. Node's own
// fs.watch (recursive, inotify on Linux) brings the events here; what it cannot see, or a watch
// that fails, is covered by a snapshot every RECHECK_MS.
import fs from 'node:fs';
import type { EnvironmentSnapshot } from '@omni-sniffer/types';
import { SnifferError } from './errors.js';

/** How long the feed trusts its watch alone before it takes a snapshot anyway, as in the core. */
const RECHECK_MS = 1000;

/** The longest a burst of events may hold a look back, so that a tree that never settles is still reported. */
const MAX_SETTLE_MS = 1000;

/** What a feed is handed: the snapshot, or the error a snapshot failed with. */
export type FeedListener = (answer: EnvironmentSnapshot | SnifferError) => void;

/** What a feed needs of its sniffer: snapshots, and the folders to watch once it knows them. */
export interface FeedSource {
  snapshot(): Promise<EnvironmentSnapshot>;
  /** The worktree's top level and git directory, once a snapshot has found them. */
  watchedFolders(): string[];
}

/** Starts a feed; the function it returns ends it, and nothing is delivered after that. */
export function startFeed(source: FeedSource, listener: FeedListener, debounceMs: number): () => void {
  let live = true;
  let last: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let looking = false;
  let eventsWhileLooking = false;
  let firstEventAt: number | undefined;
  let recheckMs = RECHECK_MS;
  const watchers = new Map<string, fs.FSWatcher>();

  const schedule = (ms: number): void => {
    clearTimeout(timer);
    timer = setTimeout(look, ms);
  };

  const onEvent = (): void => {
    if (!live) return;
    if (looking) {
      eventsWhileLooking = true;
      return;
    }
    const now = performance.now();
    firstEventAt ??= now;
    // Each event holds the look back by the debounce, but never past MAX_SETTLE_MS after the first.
    schedule(Math.max(0, Math.min(debounceMs, firstEventAt + Math.max(MAX_SETTLE_MS, debounceMs) - now)));
  };

  const watch = (folders: string[]): void => {
    for (const folder of folders) {
      if (watchers.has(folder)) continue;
      try {
        const watcher = fs.watch(folder, { recursive: true, persistent: true }, onEvent);
        // Out of watches, a folder gone: the feed goes on, on its rechecks alone.
        watcher.on('error', () => watcher.close());
        watchers.set(folder, watcher);
      } catch {
        // As above: the rechecks still see every change, later.
      }
    }
  };

  async function look(): Promise<void> {
    looking = true;
    eventsWhileLooking = false;
    firstEventAt = undefined;
    const started = performance.now();
    let answer: EnvironmentSnapshot | SnifferError;
    let seen: string;
    try {
      const snap = await source.snapshot();
      answer = snap;
      seen = JSON.stringify({ ...snap, timestamp: 0 });
    } catch (e) {
      answer = e instanceof SnifferError ? e : new SnifferError('GIT', String(e));
      seen = `${answer.code} ${answer.message}`;
    }
    looking = false;
    if (!live) return;
    recheckMs = Math.max(RECHECK_MS, 10 * (performance.now() - started));
    watch(source.watchedFolders());
    if (seen !== last) {
      last = seen;
      listener(answer);
    }
    if (live) schedule(eventsWhileLooking ? debounceMs : recheckMs);
  }

  schedule(0);
  return () => {
    live = false;
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}
