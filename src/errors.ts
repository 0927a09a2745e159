import type { ErrorCode } from '@omni-sniffer/ts-reference';
import { SnifferError as ReferenceSnifferError } from '@omni-sniffer/ts-reference/errors';

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
 * It is the reference backend's class (imported from its `errors` entry, which loads nothing else).
 *
 * The backends throw their own errors (the reference this class, the native ones plain `Error`s
 * with a `code`), and wrapping each one would put a layer on every call. So `instanceof` is
 * decided by the shape instead: any `Error` whose `code` is one of SPEC.md's codes is a
 * SnifferError, whichever backend threw it.
 */
export class SnifferError extends ReferenceSnifferError {
  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && CODES.has((value as { code?: unknown }).code as string);
  }
}
