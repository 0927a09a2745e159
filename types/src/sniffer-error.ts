import { ERROR_CODES, type ErrorCode } from './error-codes.js';

const CODES: ReadonlySet<unknown> = new Set(ERROR_CODES);

/**
 * The error every omni-sniffer call throws (or rejects with): `code` is the contract's stable code, and
 * the message names the path and says what to do.
 *
 * The native backends throw plain `Error`s with a `code` (they are made in Rust), and wrapping each
 * one would put a layer on every call. So `instanceof` is decided by the shape instead: any `Error`
 * whose `code` is one of the contract's codes is a SnifferError, whichever backend threw it.
 */
export class SnifferError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SnifferError';
    this.code = code;
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && CODES.has((value as { code?: unknown }).code);
  }
}
