// The contract's stable error codes, as a list that exists at run time: SnifferError recognises
// the native backends' plain errors by it.

export const ERROR_CODES = [
  'NOT_A_REPOSITORY',
  'BARE_REPOSITORY',
  'UNSAFE_REPOSITORY',
  // A repository git reads but the backend cannot (SHA-256 object ids in the native backends).
  'UNSUPPORTED_REPOSITORY',
  'GIT',
  'FILE_SYSTEM',
  'CONFIG',
  'BACKEND_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
