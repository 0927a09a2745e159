// `pnpm bench:gate`: a short run whose ratios (measured side by side in that run) must stay above
// the floors of bench/baseline.json. Absolute times are printed, never gated: CI machines are noisy.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBackends } from './backends.js';
import { contendersFor } from './contenders.js';
import { loadFixtures, type ScaleFixture } from './fixtures.js';
import { measureFixture, stepsFor, type Timing } from './measure.js';
import { Progress } from './progress.js';

interface Floor {
  fixture: ScaleFixture;
  /** The contender whose speed-up is gated... */
  contender: string;
  /** ...over this one, as reference median / contender median. */
  over: string;
  floor: number;
}

const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const baseline = JSON.parse(fs.readFileSync(path.join(benchDir, 'baseline.json'), 'utf8')) as { tolerance: number; ratios: Floor[] };
const fixtureNames = [...new Set(baseline.ratios.map((r) => r.fixture))];
const wanted = new Set(baseline.ratios.flatMap((r) => [r.contender, r.over]));

const { loaded, failed } = await loadBackends();
const contenders = contendersFor(loaded).filter((c) => wanted.has(c.name));
const fixtures = loadFixtures(fixtureNames);
const progress = new Progress(stepsFor(fixtures, contenders));
process.stderr.write(`bench: ${progress.total} timings to take: ${contenders.length} contenders on ${fixtures.length} fixtures, less those left out of one\n`);
const timings = new Map<ScaleFixture, Timing[]>();
for (const f of fixtures) {
  timings.set(f.name, await measureFixture(f, contenders, { time: 400, iterations: 5, warmupTime: 100 }, progress));
}

const rows = baseline.ratios.map((r) => {
  const find = (name: string) => timings.get(r.fixture)!.find((t) => t.name === name);
  const a = find(r.contender);
  const b = find(r.over);
  const measured = a?.medianMs && b?.medianMs ? b.medianMs / a.medianMs : undefined;
  const limit = r.floor * (1 - baseline.tolerance);
  const ok = measured !== undefined && measured >= limit;
  const why = measured === undefined ? `not measured (${a?.detail ?? b?.detail ?? 'contender missing'})` : '';
  return { ...r, a: a?.medianMs, b: b?.medianMs, measured, limit, ok, why };
});

const f2 = (v?: number) => (v === undefined ? '-' : v.toFixed(2));
console.log(`tolerance ${baseline.tolerance * 100}% below each floor\n`);
console.log(['fixture', 'ratio', 'contender ms', 'reference ms', 'measured', 'floor', 'limit', 'result'].join(' | '));
for (const r of rows) {
  console.log(
    [r.fixture, `${r.contender} over ${r.over}`, f2(r.a), f2(r.b), `${f2(r.measured)}×`, `${f2(r.floor)}×`, `${f2(r.limit)}×`, r.ok ? 'ok' : `FAIL ${r.why}`].join(' | '),
  );
}
for (const [name, why] of failed) console.log(`backend ${name} did not load: ${why}`);
const failures = rows.filter((r) => !r.ok);
if (failures.length > 0) console.log(`\n${failures.length} of ${rows.length} ratios below their limit: performance regressed (or a contender is missing).`);
console.log(`gate: ${rows.length - failures.length} passed, ${failures.length} failed`);
if (failures.length > 0 || rows.length === 0) process.exit(1);
