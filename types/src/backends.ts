// The three interchangeable implementations of the contract, and what each one's package exports.
import type { EnvironmentSnapshot } from './contract.js';

/**
 * Each backend's package, by the backend's name. The order is the library's default ranking (used
 * when no benchmark has measured one): the natives first, as the fast ones, and `ts` last, as the
 * one that always loads.
 */
export const BACKENDS = {
  napi: '@omni-sniffer/napi',
  neon: '@omni-sniffer/neon',
  ts: '@omni-sniffer/ts-reference',
} as const;

export type BackendName = keyof typeof BACKENDS;

/** The backends' names, in BACKENDS' order. */
export const BACKEND_NAMES: readonly BackendName[] = Object.freeze(Object.keys(BACKENDS) as BackendName[]);

/** A backend's kept sniffer: it opens the repository once and reuses what it can between calls. */
export interface Sniffer {
  snapshot(): Promise<EnvironmentSnapshot>;
  snapshotSync(): EnvironmentSnapshot;
  /** Releases what the sniffer holds (its watch and caches); a later call opens it again. */
  close(): void;
}

/**
 * What every backend package exports, as code that loads one by name sees it. The arguments are
 * `unknown` because each backend checks its own at run time (a wrong one throws `CONFIG`, naming
 * it), so they can be handed on unchecked.
 */
export interface BackendModule {
  snapshot(path: unknown, options?: unknown): Promise<EnvironmentSnapshot>;
  snapshotSync(path: unknown, options?: unknown): EnvironmentSnapshot;
  Sniffer: new (path: unknown, options?: unknown) => Sniffer;
  toPromptString(snapshot: EnvironmentSnapshot): string;
}
