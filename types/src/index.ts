// @omni-sniffer/types: the contract every omni-sniffer backend and the library share, written once.
// It loads nothing but itself, so the native backends need no other backend for their types.
export type * from './contract.js';
export { ERROR_CODES, type ErrorCode } from './error-codes.js';
export { SnifferError } from './sniffer-error.js';
export { checkWatch, describeValue, readOption } from './arguments.js';
export { BACKENDS, BACKEND_NAMES, type BackendModule, type BackendName, type Sniffer } from './backends.js';
