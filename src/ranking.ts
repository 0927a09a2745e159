// The order `auto` tries the backends in: the ranking the last benchmark measured (`pnpm bench`
// writes bench/results/ranking.json; `build:lib` ships a copy beside this file).
import fs from 'node:fs';
import type { BackendName } from './types.js';

export const BACKEND_NAMES: readonly BackendName[] = ['napi', 'neon', 'ts'];

export interface Ranking {
  ranking: BackendName[];
  source: string;
  measured: string | null;
}

/** Natives first: they are the fast ones, and `ts` is the one that always works. */
const DEFAULT: Ranking = { ranking: [...BACKEND_NAMES], source: 'default', measured: null };

let cached: Ranking | undefined;

export function ranking(): Ranking {
  return (cached ??= read());
}

function read(): Ranking {
  let file: { ranking?: unknown; source?: unknown; measured?: unknown };
  try {
    file = JSON.parse(fs.readFileSync(new URL('./ranking.json', import.meta.url), 'utf8'));
  } catch {
    return DEFAULT;
  }
  if (!Array.isArray(file.ranking)) return DEFAULT;
  const measured = file.ranking.filter((n): n is BackendName => BACKEND_NAMES.includes(n));
  // A backend the benchmark could not measure (not built there) is still worth trying, last.
  const order = [...new Set([...measured, ...BACKEND_NAMES])];
  return {
    ranking: order,
    source: typeof file.source === 'string' ? file.source : 'ranking.json',
    measured: typeof file.measured === 'string' ? file.measured : null,
  };
}
