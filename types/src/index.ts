// @omni-sniffer/types: the contract every omni-sniffer backend and the library share, written once.
// It loads nothing but itself, so the native backends need no other backend for their types.
/**
 * The contract that every omni-sniffer backend and the library share (docs/contract.md): the
 * snapshot's types and options, the error codes and {@link SnifferError}, the argument checks in
 * the contract's words, and the backends with the module interface each exports.
 *
 * @module \@omni-sniffer/types
 */
export type * from './contract.js';
export { ERROR_CODES, type ErrorCode } from './error-codes.js';
export { SnifferError } from './sniffer-error.js';
export { budgetTooSmall, checkMaxChars, checkWatch, describeValue, readOption } from './arguments.js';
export { nativeFeed } from './native-feed.js';
export { BACKENDS, BACKEND_NAMES, type BackendModule, type BackendName, type Sniffer } from './backends.js';
