// The order `auto` tries the backends in: the ranking the last benchmark measured (`pnpm bench`
// writes bench/results/ranking.json; `build:lib` ships a copy beside this file).
import fs from 'node:fs';
import { BACKEND_NAMES, type BackendName } from '@omni-sniffer/types';

export interface Ranking {
  ranking: BackendName[];
  source: string;
  measured: string | null;
}

/** Without a measured ranking, the backends' own order: the natives first, `ts` last. */
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
