import type { ErrorCode } from '@omni-sniffer/ts-reference';

const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'NOT_A_REPOSITORY',
  'BARE_REPOSITORY',
  'UNSAFE_REPOSITORY',
  'GIT',
  'FILE_SYSTEM',
  'CONFIG',
  'BACKEND_UNAVAILABLE',
]);

/**
 * The error every call of this package throws (or rejects with): `code` is SPEC.md's stable code.
 *
 * The backends throw their own errors (the reference its own class, the native ones plain `Error`s
 * with a `code`), and wrapping each one would put a layer on every call. So `instanceof` is
 * decided by the shape instead: any `Error` whose `code` is one of SPEC.md's codes is a
 * SnifferError, whichever backend threw it.
 */
export class SnifferError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SnifferError';
    this.code = code;
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && CODES.has((value as { code?: unknown }).code as string);
  }
}
