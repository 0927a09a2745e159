// Times every contender on one fixture in one tinybench run, after checking its answer.
import { Bench, type Task } from 'tinybench';
import { applies, type Contender } from './contenders.js';
import { indexStamp, oneChange, sameIndex, saveIndex, withChange, type BenchFixture } from './fixtures.js';
import type { Progress } from './progress.js';

export interface Timing {
  name: string;
  kind: Contender['kind'];
  backend?: string;
  warm?: boolean;
  async?: boolean;
  oneChange?: boolean;
  /** Contender['allOptions']. */
  allOptions?: boolean;
  /**
   * Contender['writesIndex']: its calls after the first found the index it refreshed. Absent in
   * results written before the flag was recorded.
   */
  writesIndex?: boolean;
  /** `timed`, or why not: `disagrees` (its answer is not git's), `left out`, `failed`. */
  status: 'timed' | 'disagrees' | 'left out' | 'failed';
  detail?: string;
  medianMs?: number;
  meanMs?: number;
  madMs?: number;
  p75Ms?: number;
  p99Ms?: number;
  samples?: number;
}

export interface Budget {
  /** Milliseconds each contender is timed for (at least `iterations` calls). */
  time: number;
  iterations: number;
  warmupTime: number;
}

function isPromiseLike(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** How many steps `measureFixture` reports for these fixtures: every contender on each fixture it applies to. */
export function stepsFor(fixtures: BenchFixture[], contenders: Contender[]): number {
  return fixtures.reduce((n, f) => n + contenders.filter((c) => applies(c, f)).length, 0);
}

/**
 * Reports the task's step when tinybench starts timing it, or when it fails before (in its warmup,
 * where no start comes), never twice.
 */
function reportWhenTimed(task: Task, report: (note?: string) => void): void {
  let reported = false;
  const once = (note?: string) => {
    if (!reported) report(note);
    reported = true;
  };
  task.addEventListener('start', () => once());
  task.addEventListener('error', () => once('failed'));
}

/**
 * Checks each contender's answer, then times those that agree, in one tinybench run. `beforeEach`,
 * when given, runs before the checked call and before every call tinybench makes, outside the
 * timed region.
 */
async function timeGroup(f: BenchFixture, contenders: Contender[], budget: Budget, progress: Progress, beforeEach?: () => void): Promise<Timing[]> {
  const bench = new Bench({ time: budget.time, iterations: budget.iterations, warmupTime: budget.warmupTime, warmupIterations: 2 });
  const timings = new Map<string, Timing>();
  for (const c of contenders) {
    const base: Timing = {
      name: c.name,
      kind: c.kind,
      backend: c.backend,
      warm: c.warm,
      async: c.async,
      oneChange: c.oneChange,
      allOptions: c.allOptions,
      writesIndex: c.writesIndex === true,
      status: 'timed',
    };
    if (!applies(c, f)) {
      timings.set(c.name, { ...base, status: 'left out', detail: `only timed on ${c.onlyOn!.join(', ')}` });
      continue;
    }
    try {
      const call = await c.prepare(f.dir);
      beforeEach?.();
      const first = call();
      const problem = c.check(await first, f);
      timings.set(c.name, problem ? { ...base, status: 'disagrees', detail: problem } : base);
      if (problem) {
        progress.step(f.name, c.name, 'disagrees with git, not timed');
        continue;
      }
      // Said outright: left to guess, tinybench calls the function once more, unawaited, to see
      // whether it returns a promise, and that stray call overlaps whatever is timed next.
      bench.add(c.name, call, { async: isPromiseLike(first), beforeEach });
      reportWhenTimed(bench.getTask(c.name)!, (note) => progress.step(f.name, c.name, note));
    } catch (e) {
      timings.set(c.name, { ...base, status: 'failed', detail: e instanceof Error ? e.message : String(e) });
      progress.step(f.name, c.name, 'failed, not timed');
    }
  }
  await bench.run();
  for (const task of bench.tasks) {
    const t = timings.get(task.name)!;
    const r = task.result;
    if (r.state !== 'completed') {
      timings.set(task.name, { ...t, status: 'failed', detail: r.state === 'errored' ? String(r.error) : r.state });
      continue;
    }
    const l = r.latency;
    timings.set(task.name, { ...t, medianMs: l.p50, meanMs: l.mean, madMs: l.mad, p75Ms: l.p75, p99Ms: l.p99, samples: l.samplesCount });
  }
  return [...timings.values()];
}

/**
 * Times each one-change contender apart, the same file changed before each of its calls and put
 * back (bytes and times) after it, so that the next one starts from the fixture as built.
 */
async function timeAfterOneChange(f: BenchFixture, contenders: Contender[], budget: Budget, progress: Progress): Promise<Timing[]> {
  if (contenders.length === 0) return [];
  const change = oneChange(f);
  const changed = withChange(f, change.path);
  const timings: Timing[] = [];
  for (const c of contenders) {
    try {
      timings.push(...(await timeGroup(changed, [c], budget, progress, change.apply)));
    } finally {
      change.restore();
    }
  }
  return timings;
}

/**
 * Times every contender on one fixture. Those that write the index (simple-git's status() takes
 * no --no-optional-locks) run after the others, one at a time, and the index is put back after
 * each, so every contender sees the fixture as it was built. The one-change contenders run last:
 * putting their file back cannot put back its ctime, which git's stat check compares.
 */
export async function measureFixture(f: BenchFixture, contenders: Contender[], budget: Budget, progress: Progress): Promise<Timing[]> {
  const pristine = indexStamp(f);
  const timings = await timeGroup(f, contenders.filter((c) => !c.writesIndex && !c.oneChange), budget, progress);
  if (!sameIndex(indexStamp(f), pristine)) throw new Error(`a contender not marked writesIndex wrote ${f.name}'s index: the run is void`);
  for (const writer of contenders.filter((c) => c.writesIndex)) {
    const restore = saveIndex(f);
    try {
      timings.push(...(await timeGroup(f, [writer], budget, progress)));
    } finally {
      restore();
    }
    if (!sameIndex(indexStamp(f), pristine)) throw new Error(`${f.name}'s index could not be restored after ${writer.name}`);
  }
  timings.push(...(await timeAfterOneChange(f, contenders.filter((c) => c.oneChange), budget, progress)));
  if (!sameIndex(indexStamp(f), pristine)) throw new Error(`a one-change contender wrote ${f.name}'s index: the run is void`);
  const order = new Map(contenders.map((c, i) => [c.name, i]));
  return timings.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
}
