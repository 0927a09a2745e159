// Runs the Rust core's criterion benches (crates/omni-sniffer/benches) and reads their medians.
// Each criterion group is a fixture; its functions are the core cold and warm and `git status`
// spawned from Rust, measured side by side in the same run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface CriterionRow {
  fixture: string;
  name: string;
  medianMs: number;
  /** Half-width of criterion's confidence interval on the median, in ms. */
  ciMs: number;
  samples: number;
}

export function runCriterion(workspace: string, quick: boolean): { rows: CriterionRow[]; error?: string } {
  const started = Date.now();
  const timing = quick
    ? ['--warm-up-time', '0.5', '--measurement-time', '1', '--sample-size', '10']
    : ['--warm-up-time', '1', '--measurement-time', '3', '--sample-size', '15'];
  const r = spawnSync('cargo', ['bench', '-p', 'omni-sniffer', '--bench', 'snapshot', '--', ...timing], {
    cwd: workspace,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) return { rows: [], error: `cargo bench exited with ${r.status ?? r.signal}` };
  const root = path.join(workspace, 'target', 'criterion');
  const rows: CriterionRow[] = [];
  for (const group of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    for (const fn of fs.readdirSync(path.join(root, group))) {
      const estimates = path.join(root, group, fn, 'new', 'estimates.json');
      if (!fs.existsSync(estimates) || fs.statSync(estimates).mtimeMs < started) continue;
      const { median } = JSON.parse(fs.readFileSync(estimates, 'utf8'));
      const sample = JSON.parse(fs.readFileSync(path.join(root, group, fn, 'new', 'sample.json'), 'utf8'));
      const benchmark = JSON.parse(fs.readFileSync(path.join(root, group, fn, 'new', 'benchmark.json'), 'utf8'));
      rows.push({
        fixture: benchmark.group_id,
        name: benchmark.function_id ?? fn,
        medianMs: median.point_estimate / 1e6,
        ciMs: (median.confidence_interval.upper_bound - median.confidence_interval.lower_bound) / 2e6,
        samples: sample.iters.length,
      });
    }
  }
  return { rows };
}
