import { ERROR_CODES, type ErrorCode } from './error-codes.js';

const CODES: ReadonlySet<unknown> = new Set(ERROR_CODES);

/**
 * The error every omni-sniffer call throws (or rejects with): `code` is the contract's stable code, and
 * the message names the path and says what to do.
 *
 * The native backends throw plain `Error`s with a `code` (they are made in Rust), and wrapping each
 * one would put a layer on every call. So `instanceof` is decided by the shape instead: any `Error`
 * whose `code` is one of the contract's codes is a SnifferError, whichever backend threw it.
 *
 * @example
 * ```ts
 * import { snapshotSync, SnifferError } from 'omni-sniffer';
 *
 * try {
 *   snapshotSync('/tmp');
 * } catch (e) {
 *   if (e instanceof SnifferError && e.code === 'NOT_A_REPOSITORY') console.error(e.message);
 *   else throw e;
 * }
 * ```
 */
export class SnifferError extends Error {
  /** The contract's stable code: what went wrong, for code to act on (the message is for people). */
  readonly code: ErrorCode;

  /**
   * An error with one of the contract's codes.
   *
   * @param code - The contract's code.
   * @param message - What went wrong, naming the path as given, and what to do about it.
   * @param options - `cause`: the underlying error, as `Error`'s own option.
   */
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SnifferError';
    this.code = code;
  }

  /**
   * Makes `value instanceof SnifferError` true for any `Error` whose `code` is one of
   * {@link ERROR_CODES}, whichever backend (or copy of this class) made it.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && CODES.has((value as { code?: unknown }).code);
  }
}
