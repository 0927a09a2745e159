// Which backend a call uses: the `backend` option, else the environment variable, else `auto`
// (the first backend in the benchmark's ranking that loads and passes its smoke call).
import { BACKEND_NAMES, SnifferError, readOption, type BackendModule } from '@omni-sniffer/types';
import { loadBackend } from './backends.js';
import { lastFallback } from './fallback.js';
import { ranking } from './ranking.js';
import { remedy } from './remedy.js';
import type { BackendAttempt, BackendChoice, BackendInfo, BackendName } from './types.js';

const ENV_VARIABLE = 'OMNI_SNIFFER_BACKEND';

export interface Chosen {
  name: BackendName;
  module: BackendModule;
  requested: BackendChoice;
  tried: BackendAttempt[];
}

const CHOICES: readonly string[] = ['auto', ...BACKEND_NAMES];
/** `"auto", "napi", "neon" or "ts"`, for the messages. */
const CHOICES_SHOWN = `${CHOICES.slice(0, -1).map((c) => JSON.stringify(c)).join(', ')} or ${JSON.stringify(CHOICES.at(-1))}`;

interface AutoChoice {
  chosen?: { name: BackendName; module: BackendModule };
  tried: BackendAttempt[];
}

let auto: AutoChoice | undefined;

/** Throws CONFIG for a name that is no backend, BACKEND_UNAVAILABLE for one that cannot load. */
export function chooseBackend(option: unknown): Chosen {
  const { choice, askedBy } = requested(option);
  if (choice === 'auto') {
    auto ??= firstWorking();
    if (!auto.chosen) {
      const why = auto.tried.map((t) => `${t.name}: ${t.error}`).join('; ');
      throw new SnifferError('BACKEND_UNAVAILABLE', `No backend can load (${why}). Reinstall omni-sniffer.`);
    }
    return { ...auto.chosen, requested: choice, tried: auto.tried };
  }
  const loaded = loadBackend(choice);
  if (!loaded.module) {
    // Asked for by name: say why, and do not fall back to another backend behind the caller's back.
    throw new SnifferError(
      'BACKEND_UNAVAILABLE',
      `The ${choice} backend, asked for by ${askedBy}, cannot load: ${loaded.error}. ` +
        `${remedy(choice)} Or ask for another backend (${CHOICES_SHOWN}).`,
    );
  }
  return { name: choice, module: loaded.module, requested: choice, tried: [{ name: choice, ok: true }] };
}

/**
 * Which backend calls with this `backend` option (or none) use, and why: the ranking `auto` follows,
 * every backend tried, and under `auto` the latest call a later backend answered. Loads the
 * backend(s) it needs to say so, as the first call would.
 *
 * @param options - `backend`: the choice to describe; else `OMNI_SNIFFER_BACKEND`, else `auto`.
 * @returns A copy: changing it changes nothing later calls report.
 * @throws {@link SnifferError} `CONFIG` for a backend name that is no backend (in the option or in
 * `OMNI_SNIFFER_BACKEND`); `BACKEND_UNAVAILABLE` when the backend named cannot load (or under
 * `auto`, none can).
 *
 * @example
 * ```ts
 * import { backendInfo } from 'omni-sniffer';
 *
 * const info = backendInfo();
 * console.log(info.active, info.ranking); // e.g. 'napi' [ 'napi', 'neon', 'ts' ]
 * for (const t of info.tried) if (!t.ok) console.warn(`${t.name}: ${t.error}`);
 * ```
 */
export function backendInfo(options?: { backend?: BackendChoice }): BackendInfo {
  const chosen = chooseBackend(options?.backend);
  // A copy: the caller may change it without changing what later calls report.
  const fallback = chosen.requested === 'auto' ? lastFallback() : null;
  return structuredClone({ active: chosen.name, requested: chosen.requested, ...ranking(), tried: chosen.tried, fallback });
}

/** The option wins over the environment variable; an empty variable counts as unset. */
function requested(option: unknown): { choice: BackendChoice; askedBy?: string } {
  if (option !== undefined) return { choice: valid(option, 'option "backend"'), askedBy: 'the option "backend"' };
  const env = process.env[ENV_VARIABLE];
  if (env) return { choice: valid(env, `environment variable ${ENV_VARIABLE}`), askedBy: ENV_VARIABLE };
  return { choice: 'auto' };
}

function valid(value: unknown, what: string): BackendChoice {
  if (typeof value === 'string' && CHOICES.includes(value)) return value as BackendChoice;
  throw new SnifferError('CONFIG', `Invalid ${what}: ${JSON.stringify(value) ?? String(value)}. Use ${CHOICES_SHOWN}.`);
}

function firstWorking(): AutoChoice {
  const tried: BackendAttempt[] = [];
  for (const name of ranking().ranking) {
    const { module, error } = loadBackend(name);
    if (module) {
      tried.push({ name, ok: true });
      if (name === 'ts') warnNoNativeBackend(tried);
      return { chosen: { name, module }, tried };
    }
    tried.push({ name, ok: false, error });
  }
  return { tried };
}

/**
 * Said once per process, when `auto` settles on `ts`: every snapshot then spawns git, several
 * times slower, and a user who installed the package for its speed should hear why (as Next.js
 * warns when its SWC binary is missing) rather than find out from a profile.
 */
function warnNoNativeBackend(tried: BackendAttempt[]): void {
  const reasons = tried.filter((t) => !t.ok).map((t) => `${t.name}: ${t.error}. ${remedy(t.name)}`);
  process.emitWarning(
    `No native backend loads here, so omni-sniffer answers through git (the ts backend), several times slower. ` +
      `${reasons.join(' ')} Set ${ENV_VARIABLE}=ts to choose ts and not see this warning.`,
    { type: 'OmniSnifferWarning', code: 'OMNI_SNIFFER_NO_NATIVE_BACKEND' },
  );
}

/**
 * Reads the facade's own option; the backend gets the options object as it came, and ignores
 * `backend`. Copying the rest would run every getter here, where a throwing one would escape as a
 * plain Error: the backend reads each option itself and reports that as CONFIG, naming it.
 * Anything that is not an options object goes through untouched, for the backend to reject.
 */
export function splitOptions(options: unknown): { backend: unknown; rest: unknown } {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return { backend: undefined, rest: options };
  return { backend: readOption(options, 'backend'), rest: options };
}
