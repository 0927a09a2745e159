// The change feed's public forms, on top of a backend's `watch(listener, debounceMs)`: the options
// checked in the contract's words, an AbortSignal that ends a feed, and `changes()` as an async
// iterator that keeps only the newest snapshot a slow reader has not taken yet.
import { SnifferError, describeValue, readOption, type EnvironmentSnapshot } from '@omni-sniffer/types';

/** The contract's default: long enough to see a `git checkout` or a formatter's run as one change. */
export const DEFAULT_DEBOUNCE_MS = 50;

/** The longest debounce taken: a minute without a look is no longer a live state. */
const MAX_DEBOUNCE_MS = 60_000;

/**
 * What ends a feed: an `AbortSignal` (from an `AbortController`), or anything shaped like one.
 * Declared here so that the package's types need neither the DOM's nor Node's.
 */
export interface AbortSignalLike {
  /** Whether it has already been aborted. */
  readonly aborted: boolean;
  /** Adds the listener called once when it aborts. */
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  /** Removes that listener. */
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** The options of {@link OmniSniffer.changes}. */
export interface ChangesOptions {
  /** Ends the feed when it aborts: the iterator then finishes. */
  signal?: AbortSignalLike;
  /**
   * How long, in milliseconds, events must stop before the feed looks (0 to 60,000).
   *
   * @defaultValue 50
   */
  debounceMs?: number;
}

/** The options of {@link OmniSniffer.watch}. */
export interface WatchOptions extends ChangesOptions {
  /**
   * Called with the error a snapshot failed with (each new error once; the feed goes on, and the
   * next good snapshot is delivered). Without it, the error becomes a process warning
   * (`process.emitWarning`), never an exception.
   */
  onError?: (error: SnifferError) => void;
}

/** Checked feed arguments. */
export interface FeedArguments {
  debounceMs: number;
  signal: AbortSignalLike | undefined;
  onError: ((error: SnifferError) => void) | undefined;
}

/** The arguments of `watch(onChange, options)` or `changes(options)`, or CONFIG for the first wrong one. */
export function feedArguments(options: unknown, withOnError: boolean): FeedArguments {
  if (options === undefined || options === null) return { debounceMs: DEFAULT_DEBOUNCE_MS, signal: undefined, onError: undefined };
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new SnifferError(
      'CONFIG',
      `Invalid argument "options": expected an object such as { debounceMs: 50 }, got ${describeValue(options)}.`,
    );
  }
  const signal = readOption(options, 'signal');
  const debounceMs = readOption(options, 'debounceMs');
  const onError = withOnError ? readOption(options, 'onError') : undefined;
  if (signal !== undefined && signal !== null && !isSignal(signal)) {
    throw new SnifferError('CONFIG', `Invalid option "signal": expected an AbortSignal, got ${describeValue(signal)}.`);
  }
  const debounce = debounceMs ?? DEFAULT_DEBOUNCE_MS;
  if (typeof debounce !== 'number' || !Number.isInteger(debounce) || debounce < 0 || debounce > MAX_DEBOUNCE_MS) {
    throw new SnifferError(
      'CONFIG',
      `Invalid option "debounceMs": expected a whole number of milliseconds from 0 to ${MAX_DEBOUNCE_MS}, got ${describeValue(debounceMs)}.`,
    );
  }
  if (onError !== undefined && onError !== null && typeof onError !== 'function') {
    throw new SnifferError('CONFIG', `Invalid option "onError": expected a function, got ${describeValue(onError)}.`);
  }
  return {
    debounceMs: debounce,
    signal: (signal ?? undefined) as AbortSignalLike | undefined,
    onError: (onError ?? undefined) as ((error: SnifferError) => void) | undefined,
  };
}

/** `onChange` must be a function. */
export function checkListener(onChange: unknown): asserts onChange is (snapshot: EnvironmentSnapshot) => void {
  if (typeof onChange !== 'function') {
    throw new SnifferError('CONFIG', `Invalid argument "onChange": expected a function, got ${describeValue(onChange)}.`);
  }
}

function isSignal(value: unknown): value is AbortSignalLike {
  const v = value as Partial<AbortSignalLike>;
  return typeof value === 'object' && typeof v.aborted === 'boolean' && typeof v.addEventListener === 'function';
}

/**
 * An async iterator over a feed: `next()` gives the newest snapshot not yet taken (a slow reader
 * skips the ones in between, never the latest), rejects with the feed's error (which ends it), and
 * is done once the feed ends (`return()`, the signal, the sniffer's `close()`).
 */
export function iterate(subscribe: (handlers: IteratorHandlers) => () => void): AsyncIterableIterator<EnvironmentSnapshot> {
  let pending: EnvironmentSnapshot | undefined;
  let failure: SnifferError | undefined;
  let done = false;
  let waiting: { resolve: (r: IteratorResult<EnvironmentSnapshot>) => void; reject: (e: unknown) => void } | undefined;

  const settle = (): void => {
    if (!waiting) return;
    const { resolve, reject } = waiting;
    if (pending) {
      waiting = undefined;
      const value = pending;
      pending = undefined;
      resolve({ value, done: false });
    } else if (failure) {
      waiting = undefined;
      reject(failure);
    } else if (done) {
      waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  };

  let stop: (() => void) | undefined;
  stop = subscribe({
    change: (snapshot) => {
      pending = snapshot;
      settle();
    },
    error: (error) => {
      failure = error;
      finish();
    },
    end: () => finish(),
  });
  if (done) stop();

  function finish(): void {
    if (!done) {
      done = true;
      // Ended while subscribing (an aborted signal): `stop` is not set yet, and the feed never started.
      stop?.();
    }
    settle();
  }

  return {
    next(): Promise<IteratorResult<EnvironmentSnapshot>> {
      if (waiting) return Promise.reject(new SnifferError('CONFIG', 'changes(): next() was called again before its last call settled. Await each next() first.'));
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        settle();
      });
    },
    return(): Promise<IteratorResult<EnvironmentSnapshot>> {
      pending = undefined;
      failure = undefined;
      finish();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** The callbacks an iterator's feed is started with. */
export interface IteratorHandlers {
  change: (snapshot: EnvironmentSnapshot) => void;
  error: (error: SnifferError) => void;
  end: () => void;
}
