// The contract's "Wrong arguments" rules that both the reference backend and the library apply:
// how a value is shown in a message, and reading an option whose getter (or Proxy trap) throws.
import { SnifferError } from './sniffer-error.js';

/**
 * The value as the contract's messages show it (`<value>` in its "Wrong arguments" table): a string
 * as JSON, `null`, `undefined`, `number <n>`, `boolean <b>`, `an array`, `an object`, or
 * `a function` / `a symbol` / `a bigint`; never an object's contents.
 *
 * @example
 * ```ts
 * describeValue('some'); // '"some"'
 * describeValue(1);      // 'number 1'
 * describeValue([]);     // 'an array'
 * ```
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'undefined':
      return 'undefined';
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? 'an array' : 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** What a getter threw: an Error by its message, anything else as a value. */
function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) {
    try {
      const message: unknown = thrown.message;
      if (typeof message === 'string') return `an error ${JSON.stringify(message)}`;
    } catch {
      // A message that cannot be read either: the error is shown as the object it is.
    }
  }
  return describeValue(thrown);
}

/**
 * The `watch` option as read: `undefined` and `null` mean the default (`undefined`), a boolean is
 * itself, anything else is CONFIG with the contract's message, word for word the Rust bindings'.
 *
 * @param watch - The option's value as read from the options object.
 * @returns The boolean, or `undefined` for the default.
 * @throws {@link SnifferError} `CONFIG` (`Invalid option "watch": expected true or false, got <value>.`)
 * for anything but a boolean, `undefined` or `null`.
 */
export function checkWatch(watch: unknown): boolean | undefined {
  if (watch === undefined || watch === null) return undefined;
  if (typeof watch !== 'boolean') {
    throw new SnifferError('CONFIG', `Invalid option "watch": expected true or false, got ${describeValue(watch)}.`);
  }
  return watch;
}

/**
 * `options[name]`, or CONFIG naming the option when reading it throws.
 *
 * @param options - The caller's options object (it may be a Proxy or have getters).
 * @param name - The option to read.
 * @returns The value as read, unchecked.
 * @throws {@link SnifferError} `CONFIG` (`Invalid option "<name>": reading it threw <thrown>. Pass the
 * options as plain values.`) when the getter or Proxy trap throws.
 */
export function readOption(options: object, name: string): unknown {
  try {
    return (options as Record<string, unknown>)[name];
  } catch (e) {
    throw new SnifferError('CONFIG', `Invalid option "${name}": reading it threw ${describeThrown(e)}. Pass the options as plain values.`);
  }
}

/**
 * The prompt block's `maxChars` option as read: `undefined` and `null` mean no budget, a whole
 * number above 0 is itself, anything else is CONFIG with the contract's message.
 *
 * @param maxChars - The option's value as read from the options object.
 * @returns The budget, or `undefined` for none.
 * @throws {@link SnifferError} `CONFIG` (`Invalid option "maxChars": expected a whole number of
 * characters above 0, got <value>.`).
 */
export function checkMaxChars(maxChars: unknown): number | undefined {
  if (maxChars === undefined || maxChars === null) return undefined;
  if (typeof maxChars !== 'number' || !Number.isSafeInteger(maxChars) || maxChars < 1) {
    throw new SnifferError('CONFIG', `Invalid option "maxChars": expected a whole number of characters above 0, got ${describeValue(maxChars)}.`);
  }
  return maxChars;
}

/**
 * The error for a budget below the smallest block a snapshot has (its title, branch and counts).
 *
 * @param maxChars - The budget asked for.
 * @param smallest - The length of the smallest block, in characters.
 * @returns `CONFIG` with the contract's message.
 */
export function budgetTooSmall(maxChars: number, smallest: number): SnifferError {
  return new SnifferError(
    'CONFIG',
    `Invalid option "maxChars": ${maxChars} is too small for this snapshot, whose branch and counts alone take ${smallest} characters.`,
  );
}
