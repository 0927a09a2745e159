// `auto` answers through the next backend of its ranking when the one it chose cannot read a
// repository that git reads (UNSUPPORTED_REPOSITORY: SHA-256 object ids in the native backends),
// and backendInfo() says so. A backend asked for by name is never replaced: its refusal is the answer.
import type { BackendModule } from '@omni-sniffer/types';
import { loadBackend } from './backends.js';
import { ranking } from './ranking.js';
import type { Chosen } from './select.js';
import type { BackendAttempt, BackendFallback, BackendName } from './types.js';

export interface Candidate {
  name: BackendName;
  module: BackendModule;
}

/** For `auto`, each backend after the chosen one in the ranking that loads, loaded only when reached. */
export function* later(chosen: Chosen): Generator<Candidate, void, undefined> {
  if (chosen.requested !== 'auto') return;
  const order = ranking().ranking;
  for (const name of order.slice(order.indexOf(chosen.name) + 1)) {
    const { module } = loadBackend(name);
    if (module) yield { name, module };
  }
}

function* candidates(chosen: Chosen): Generator<Candidate, void, undefined> {
  yield { name: chosen.name, module: chosen.module };
  yield* later(chosen);
}

/** Whether a backend's failure lets the call go on to the next candidate: "git reads it, I cannot". */
export function isUnsupported(e: unknown): boolean {
  return e instanceof Error && (e as { code?: unknown }).code === 'UNSUPPORTED_REPOSITORY';
}

let last: BackendFallback | null = null;

/** The latest call of this process that a later backend answered, or null. */
export function lastFallback(): BackendFallback | null {
  return last;
}

/** The refusals one call met on its way down the candidates. */
export class Refusals {
  readonly #list: BackendAttempt[] = [];
  #first: unknown;

  /** Takes a candidate's failure; rethrows it unless it is a refusal to read the repository. */
  add(name: BackendName, e: unknown): void {
    if (!isUnsupported(e)) throw e;
    this.#first ??= e;
    this.#list.push({ name, ok: false, error: (e as Error).message });
  }

  /** The candidate `name` answered the call on `path`: a fallback, when another refused first. */
  answered(path: unknown, name: BackendName): void {
    if (this.#list.length) last = { path: String(path), refused: [...this.#list], answeredBy: name };
  }

  /** What the call throws when no candidate answered: the first refusal. */
  get first(): unknown {
    return this.#first;
  }
}

/** `call` on each candidate in turn until one answers. */
export function answerSync<T>(chosen: Chosen, path: unknown, call: (module: BackendModule) => T): T {
  const refusals = new Refusals();
  for (const { name, module } of candidates(chosen)) {
    try {
      const result = call(module);
      refusals.answered(path, name);
      return result;
    } catch (e) {
      refusals.add(name, e);
    }
  }
  throw refusals.first;
}

/** `answerSync` for a call that returns a promise: a refusal may come as a rejection. */
export async function answer<T>(chosen: Chosen, path: unknown, call: (module: BackendModule) => Promise<T>): Promise<T> {
  const refusals = new Refusals();
  for (const { name, module } of candidates(chosen)) {
    try {
      const result = await call(module);
      refusals.answered(path, name);
      return result;
    } catch (e) {
      refusals.add(name, e);
    }
  }
  throw refusals.first;
}
