// `pnpm bench`: every contender on the scale fixtures, the Rust core under criterion, then the
// table, results/latest.json, results/BENCHMARKS.md, results/chart.svg and results/ranking.json;
// then the Python table (bindings-python/bench.py: results/PYTHON.md and python.json).
//
//   node dist/main.js [--quick] [--no-criterion] [--no-python] [--fixtures small-real,medium-copied]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBackends } from './backends.js';
import { contendersFor } from './contenders.js';
import { runCriterion } from './criterion.js';
import { loadFixtures, SCALE_FIXTURES, type ScaleFixture } from './fixtures.js';
import { describeMachine } from './machine.js';
import { measureFixture, stepsFor, type Budget } from './measure.js';
import { Progress } from './progress.js';
import { svgChart } from './chart.js';
import { criterionWithRatios, markdown, ranking, withRatios, type RunResult } from './report.js';

const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const resultsDir = path.join(benchDir, 'results');
const args = process.argv.slice(2);
const quick = args.includes('--quick');

const budget: Budget = quick ? { time: 200, iterations: 3, warmupTime: 50 } : { time: 1500, iterations: 5, warmupTime: 250 };

/** The fixtures `--fixtures a,b` names (to time a few without the rest), else every scale fixture. */
function fixturesAsked(): readonly ScaleFixture[] {
  const at = args.indexOf('--fixtures');
  if (at < 0) return SCALE_FIXTURES;
  const names = (args[at + 1] ?? '').split(',');
  const unknown = names.filter((n) => !(SCALE_FIXTURES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    process.stderr.write(`bench: --fixtures takes a comma-separated list of ${SCALE_FIXTURES.join(', ')}; not a fixture: ${unknown.join(', ')}\n`);
    process.exit(2);
  }
  return names as ScaleFixture[];
}

const fixtures = loadFixtures(fixturesAsked());
const { loaded, failed } = await loadBackends();
const contenders = contendersFor(loaded);
const run: RunResult = {
  date: new Date().toISOString(),
  quick,
  machine: describeMachine(),
  fixtures: [],
  criterion: [],
  missingBackends: Object.fromEntries(failed),
};

const progress = new Progress(stepsFor(fixtures, contenders));
process.stderr.write(`bench: ${progress.total} timings to take: ${contenders.length} contenders on ${fixtures.length} fixtures, less those left out of one\n`);
for (const f of fixtures) run.fixtures.push(withRatios(f.name, await measureFixture(f, contenders, budget, progress)));

if (!args.includes('--no-criterion')) {
  process.stderr.write('bench: the Rust core under criterion\n');
  const c = runCriterion(path.dirname(benchDir), quick);
  run.criterion = criterionWithRatios(c.rows);
  run.criterionError = c.error;
}

const table = markdown(run);
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(run, null, 2)}\n`);
fs.writeFileSync(path.join(resultsDir, 'BENCHMARKS.md'), table);
fs.writeFileSync(path.join(resultsDir, 'chart.svg'), svgChart(run));
fs.writeFileSync(path.join(resultsDir, 'ranking.json'), `${JSON.stringify(ranking(run), null, 2)}\n`);
process.stdout.write(`${table}\nWrote ${path.relative(process.cwd(), resultsDir)}/{latest.json,BENCHMARKS.md,chart.svg,ranking.json}\n`);
if (failed.size > 0 || run.fixtures.some((f) => f.timings.some((t) => t.status === 'disagrees' || t.status === 'failed'))) {
  process.stderr.write('bench: some contenders did not load, failed or disagree with git: see the table\n');
}

// A partial run (--fixtures) stays a Node one: the Python table times its own fixture list.
if (!args.includes('--no-python') && !args.includes('--fixtures')) {
  process.stderr.write('bench: the Python binding beside subprocess git status, GitPython and pygit2\n');
  const script = path.join(path.dirname(benchDir), 'bindings-python', 'scripts', 'bench.sh');
  const python = spawnSync('bash', [script, ...(quick ? ['--quick'] : []), '--out', resultsDir], { stdio: 'inherit' });
  if (python.status !== 0) process.exitCode = 1;
}
