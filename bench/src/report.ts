// Turns one run's timings into the published forms: the console/markdown table, latest.json and
// the backend ranking the library's `auto` choice reads; chart.ts draws the chart README shows.
import type { CriterionRow } from './criterion.js';
import type { Machine } from './machine.js';
import type { Timing } from './measure.js';

export const TS_REFERENCE = 'ts cold async';
export const GIT_SPAWNED = 'git status (spawned)';
export const GIT_SPAWNED_ONE_CHANGE = `${GIT_SPAWNED}, one change`;

export interface FixtureResult {
  fixture: string;
  /** `vsPlain`: an all-options row's median over the same call's without the options (above 1: dearer). */
  timings: (Timing & { vsTs?: number; vsGit?: number; vsPlain?: number })[];
}

export interface RunResult {
  date: string;
  quick: boolean;
  machine: Machine;
  fixtures: FixtureResult[];
  criterion: (CriterionRow & { vsGit?: number })[];
  criterionError?: string;
  missingBackends: Record<string, string>;
}

/** Speed-up of `row` over `reference` (above 1: faster), from medians measured in the same run. */
function ratio(reference: Timing | undefined, row: Timing): number | undefined {
  return reference?.medianMs && row.medianMs ? reference.medianMs / row.medianMs : undefined;
}

/** `row`'s median over `base`'s (above 1: `row` is dearer). */
function ratioOver(base: Timing | undefined, row: Timing): number | undefined {
  return base?.medianMs && row.medianMs ? row.medianMs / base.medianMs : undefined;
}

/** One-change rows are compared with `git status` after the same change only: no reference row changes the file. */
export function withRatios(fixture: string, timings: Timing[]): FixtureResult {
  const find = (name: string) => timings.find((t) => t.name === name);
  const [ts, gitRow, gitAfterChange] = [TS_REFERENCE, GIT_SPAWNED, GIT_SPAWNED_ONE_CHANGE].map(find);
  const plain = (t: Timing) => (t.allOptions && t.kind === 'omni' ? ratioOver(find(t.name.replace(', all options', '')), t) : undefined);
  return {
    fixture,
    timings: timings.map((t) =>
      t.oneChange ? { ...t, vsGit: ratio(gitAfterChange, t), vsPlain: plain(t) } : { ...t, vsTs: ratio(ts, t), vsGit: ratio(gitRow, t) },
    ),
  };
}

export function criterionWithRatios(rows: CriterionRow[]): RunResult['criterion'] {
  return rows.map((r) => {
    const gitRow = rows.find((x) => x.fixture === r.fixture && x.name.startsWith('git status'));
    return { ...r, vsGit: gitRow ? gitRow.medianMs / r.medianMs : undefined };
  });
}

export const ms = (v?: number) => (v === undefined ? '' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const x = (v?: number) => (v === undefined ? '' : `${v >= 10 ? v.toFixed(0) : v.toFixed(1)}×`);

/** A table row: a timed contender's figures and `ratios`, or why it was not timed. */
function tableRow(t: Timing, ratios: (number | undefined)[]): string {
  if (t.status !== 'timed') return `| ${t.name} | ${t.status}: ${(t.detail ?? '').replace(/\|/g, '/').slice(0, 120)} |${' |'.repeat(2 + ratios.length)}`;
  return `| ${t.name} | ${ms(t.medianMs)} | ${ms(t.madMs)} | ${t.samples} | ${ratios.map(x).join(' | ')} |`;
}

export function markdown(run: RunResult): string {
  const m = run.machine;
  const out = [
    '# omni-sniffer benchmarks',
    '',
    `Measured ${run.date}${run.quick ? ' (quick run: few samples)' : ''} on ${m.cpu}, ${m.cores} cores, ${m.os}; Node ${m.node}, ${m.rustc}, ${m.git}.`,
    '',
    'Median time per call; `vs ts` and `vs git` are speed-ups over the reference backend (`ts cold async`) and over',
    '`git status` spawned from Node, measured side by side in the same run. Cold: a new sniffer per call; warm: one sniffer asked again.',
    '',
    'One change: before each call, outside the timed region, one tracked file that git calls unchanged is rewritten',
    '(two contents of different lengths in turn) and its mtime moved on, as an agent edits between turns; every answer',
    `must list it as modified. \`vs git\` there is over \`${GIT_SPAWNED_ONE_CHANGE}\`.`,
    '',
    'All options: the kept sniffer asks for line counts (`lineStats`), ten recent commits and renames as well; `cost` is its',
    'median over the same call without them (1.0×: free). Beside it, what a tool spawns for the same prompt without us.',
    '',
  ];
  for (const f of run.fixtures) {
    const afterChange = f.timings.filter((t) => t.oneChange);
    out.push(`## ${f.fixture}`, '', '| contender | median ms | MAD ms | samples | vs ts | vs git |', '|---|---:|---:|---:|---:|---:|');
    for (const t of f.timings.filter((t) => !t.oneChange)) out.push(tableRow(t, [t.vsTs, t.vsGit]));
    out.push('');
    if (afterChange.length === 0) continue;
    out.push(`One change before each call (${f.fixture}):`, '', '| contender | median ms | MAD ms | samples | vs git | cost |', '|---|---:|---:|---:|---:|---:|');
    for (const t of afterChange) out.push(tableRow(t, [t.vsGit, t.vsPlain]));
    out.push('');
  }
  out.push('## Rust core (criterion)', '');
  if (run.criterionError) out.push(`Not measured: ${run.criterionError}`, '');
  else {
    out.push('| fixture | function | median ms | ± ms | samples | vs git |', '|---|---|---:|---:|---:|---:|');
    for (const r of run.criterion) out.push(`| ${r.fixture} | ${r.name} | ${ms(r.medianMs)} | ${ms(r.ciMs)} | ${r.samples} | ${x(r.vsGit)} |`);
    out.push('');
  }
  for (const [name, why] of Object.entries(run.missingBackends)) out.push(`Backend \`${name}\` did not load: ${why}`, '');
  return out.join('\n');
}

/**
 * The order in which the library's `auto` choice tries the backends: fastest first, by the
 * geometric mean of each backend's cold async median over every fixture it was timed on.
 */
export function ranking(run: RunResult): { ranking: string[]; basis: string; source: string; measured: string } {
  const scores = new Map<string, number[]>();
  for (const f of run.fixtures) {
    for (const t of f.timings) {
      if (t.kind === 'omni' && !t.warm && t.async && t.medianMs) scores.set(t.backend!, [...(scores.get(t.backend!) ?? []), t.medianMs]);
    }
  }
  const geo = (v: number[]) => Math.exp(v.reduce((a, b) => a + Math.log(b), 0) / v.length);
  const order = [...scores].sort((a, b) => geo(a[1]) - geo(b[1])).map(([name]) => name);
  return {
    ranking: order,
    basis: 'geometric mean of the cold async median over the fixtures ' + run.fixtures.map((f) => f.fixture).join(', '),
    source: `pnpm bench${run.quick ? ' --quick' : ''} on ${run.machine.cpu} (${run.machine.cores} cores)`,
    measured: run.date,
  };
}
