// `omni-sniff bench [path]`: the worktree a user cares about timed the way `pnpm bench` times the
// fixtures. Each backend that loads, cold (a one-shot call) and warm (a kept sniffer asked again),
// sync and async, and a kept sniffer after one change, beside `git status` spawned with the
// contract's oracle command; every answer checked against git's first. Nothing in the repository
// changes but one tracked file's times: the one change rewrites that file with its own bytes, in
// place (an editor saving an unchanged file), and its access and modification times are put back.
import fs from 'node:fs';
import path from 'node:path';
import { oracleStatus, trackedFiles } from '@omni-sniffer/ts-reference';
import { BACKEND_NAMES, type BackendModule, type BackendName, type EnvironmentSnapshot, type Sniffer, type UntrackedFilesMode } from '@omni-sniffer/types';
import { loadBackend } from './backends.js';
import { remedy } from './remedy.js';

export interface BenchRow {
  /** `napi cold sync`, `git status (spawned)`, ... */
  name: string;
  backend: BackendName | 'git';
  /** What was timed or, for a row that was not, why. */
  status: 'timed' | 'disagrees' | 'unavailable';
  detail?: string;
  medianMs?: number;
  /** Median absolute deviation of the calls from the median. */
  madMs?: number;
  samples?: number;
  /** `git status (spawned)`'s median over this row's (the one-change rows: over git's after the same change). */
  vsGit?: number;
}

export interface BenchReport {
  root: string;
  trackedFiles: number;
  untrackedFiles: UntrackedFilesMode;
  /** The tracked file the one-change rows rewrite, or null when none could be (then they are left out). */
  changedFile: string | null;
  /** Milliseconds each row was timed for (at least 5 calls). */
  budgetMs: number;
  rows: BenchRow[];
}

export interface BenchOptions {
  untrackedFiles?: UntrackedFilesMode;
  budgetMs?: number;
  /** Called with one line per row as it starts. */
  progress?: (line: string) => void;
}

type Call = () => unknown;

interface Contender {
  name: string;
  backend: BackendName | 'git';
  oneChange?: boolean;
  /** Made once, untimed, as a user would before calling in a loop; the call is what is timed. */
  prepare(): Promise<Call>;
  /** What is wrong with an answer, or null when it agrees with git. */
  check(answer: unknown): string | null;
  close?(): void;
}

const GIT = 'git status (spawned)';
const MIN_SAMPLES = 5;
const MAX_SAMPLES = 10_000;

export async function benchWorktree(dir: string, options: BenchOptions = {}): Promise<BenchReport> {
  const mode = options.untrackedFiles ?? 'normal';
  const budgetMs = options.budgetMs ?? 1000;
  // git's answer, through the reference backend: the oracle command, parsed.
  const ts = loadBackend('ts').module!;
  const truth = await ts.snapshot(dir, { untrackedFiles: mode });
  const root = truth.root;
  const tracked = await trackedFiles(root);
  const changed = changeableFile(root, tracked, truth);
  const agrees = (answer: unknown) => sameAnswer(answer as EnvironmentSnapshot, truth);
  const runGit = await oracleStatus(root, mode);
  const gitRows: Contender[] = [
    { name: GIT, backend: 'git', prepare: async () => runGit, check: (out) => sameCount(out as string, truth) },
    ...(changed ? [{ name: `${GIT}, one change`, backend: 'git' as const, oneChange: true, prepare: async () => runGit, check: (out: unknown) => sameCount(out as string, truth) }] : []),
  ];
  const rows: BenchRow[] = [];
  const contenders: Contender[] = [];
  for (const name of BACKEND_NAMES) {
    const loaded = loadBackend(name);
    if (!loaded.module) {
      rows.push({ name, backend: name, status: 'unavailable', detail: `${loaded.error}. ${remedy(name)}` });
      continue;
    }
    contenders.push(...backendContenders(name, loaded.module, root, mode, agrees, changed !== null));
  }
  contenders.push(...gitRows);
  const started = Date.now();
  const timed: BenchRow[] = [];
  for (const [i, c] of contenders.entries()) {
    options.progress?.(`[${i + 1}/${contenders.length}] ${c.name} (${elapsed(started)})`);
    timed.push(await timeOne(c, budgetMs, c.oneChange ? () => rewrite(root, changed!) : undefined));
    c.close?.();
    // The rows after it see the file as it was, not stat-dirty.
    if (c.oneChange) restoreTimes(root, changed!);
  }
  const git = timed.find((r) => r.name === GIT)?.medianMs;
  const gitAfterChange = timed.find((r) => r.name === `${GIT}, one change`)?.medianMs;
  for (const row of timed) {
    const reference = row.name.endsWith('one change') ? gitAfterChange : git;
    if (row.medianMs && reference) row.vsGit = reference / row.medianMs;
  }
  return { root, trackedFiles: tracked.length, untrackedFiles: mode, changedFile: changed?.path ?? null, budgetMs, rows: [...timed, ...rows] };
}

function backendContenders(
  name: BackendName,
  b: BackendModule,
  root: string,
  mode: UntrackedFilesMode,
  check: (answer: unknown) => string | null,
  withChange: boolean,
): Contender[] {
  const options = { untrackedFiles: mode };
  const kept = (isAsync: boolean, oneChange = false): Contender => {
    let sniffer: Sniffer | undefined;
    return {
      name: `${name} warm ${isAsync ? 'async' : 'sync'}${oneChange ? ', one change' : ''}`,
      backend: name,
      oneChange,
      prepare: async () => {
        const s = (sniffer = new b.Sniffer(root, options));
        return isAsync ? () => s.snapshot() : () => s.snapshotSync();
      },
      check,
      close: () => sniffer?.close(),
    };
  };
  return [
    { name: `${name} cold sync`, backend: name, prepare: async () => () => b.snapshotSync(root, options), check },
    { name: `${name} cold async`, backend: name, prepare: async () => () => b.snapshot(root, options), check },
    kept(false),
    kept(true),
    ...(withChange ? [kept(false, true), kept(true, true)] : []),
  ];
}

/** Checks the first answer, then calls for `budgetMs` (5 to 10,000 calls), `before` each call untimed. */
async function timeOne(c: Contender, budgetMs: number, before?: () => void): Promise<BenchRow> {
  const base = { name: c.name, backend: c.backend };
  try {
    const call = await c.prepare();
    before?.();
    const problem = c.check(await call());
    if (problem) return { ...base, status: 'disagrees', detail: problem };
    await call(); // warm-up
    const times: number[] = [];
    const until = performance.now() + budgetMs;
    while ((times.length < MIN_SAMPLES || performance.now() < until) && times.length < MAX_SAMPLES) {
      before?.();
      const t = performance.now();
      await call();
      times.push(performance.now() - t);
    }
    const median = medianOf(times);
    return { ...base, status: 'timed', medianMs: median, madMs: medianOf(times.map((t) => Math.abs(t - median))), samples: times.length };
  } catch (e) {
    return { ...base, status: 'disagrees', detail: e instanceof Error ? e.message : String(e) };
  }
}

function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function sameAnswer(got: EnvironmentSnapshot, truth: EnvironmentSnapshot): string | null {
  const fields = ['gitBranch', 'gitStaged', 'gitModified', 'gitUntracked', 'gitConflicted', 'dirtyFiles', 'files', 'head', 'upstream', 'stashCount', 'operation'] as const;
  const differ = fields.filter((f) => JSON.stringify(got[f]) !== JSON.stringify(truth[f]));
  return differ.length ? `its ${differ.join(', ')} differ from git's` : null;
}

/** git's own output must hold as many changed paths as git's answer through the reference. */
function sameCount(porcelain: string, truth: EnvironmentSnapshot): string | null {
  const n = porcelain.split('\0').filter((rec) => /^[12u?] /.test(rec)).length;
  return n === truth.dirtyFiles.length ? null : `${n} changed paths, against ${truth.dirtyFiles.length}`;
}

interface Changed {
  path: string;
  atime: Date;
  mtime: Date;
}

/**
 * A tracked regular file that git calls unchanged, small enough to rewrite in no time, that this
 * process may write: the one change. `null` when there is none (then the one-change rows go).
 */
function changeableFile(root: string, tracked: string[], truth: EnvironmentSnapshot): Changed | null {
  const dirty = new Set(truth.dirtyFiles);
  const dirtyFolders = truth.dirtyFiles.filter((d) => d.endsWith('/'));
  for (const file of tracked) {
    if (dirty.has(file) || dirtyFolders.some((d) => file.startsWith(d))) continue;
    const full = path.join(root, file);
    try {
      const st = fs.lstatSync(full);
      if (!st.isFile() || st.size === 0 || st.size > 64 * 1024) continue;
      fs.accessSync(full, fs.constants.R_OK | fs.constants.W_OK);
      return { path: file, atime: st.atime, mtime: st.mtime };
    } catch {
      continue;
    }
  }
  return null;
}

/** Writes the file's own bytes over it, in place: at every moment it holds what it held. */
function rewrite(root: string, changed: Changed): void {
  const full = path.join(root, changed.path);
  const bytes = fs.readFileSync(full);
  const fd = fs.openSync(full, fs.constants.O_WRONLY);
  try {
    fs.writeSync(fd, bytes, 0, bytes.length, 0);
  } finally {
    fs.closeSync(fd);
  }
}

function restoreTimes(root: string, changed: Changed): void {
  fs.utimesSync(path.join(root, changed.path), changed.atime, changed.mtime);
}

function elapsed(since: number): string {
  const s = Math.round((Date.now() - since) / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/** The report as a short table: one row per contender, fastest first within each kind. */
export function benchTable(report: BenchReport): string {
  const fmt = (ms?: number) => (ms === undefined ? '' : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
  const ratio = (r?: number) => (r === undefined ? '' : `${r >= 100 ? Math.round(r).toLocaleString('en-US') : r.toFixed(1)}×`);
  const lines = [
    `omni-sniff bench: ${report.root} (${report.trackedFiles.toLocaleString('en-US')} tracked ${report.trackedFiles === 1 ? 'file' : 'files'}, untracked files: ${report.untrackedFiles})`,
    report.changedFile
      ? `one change: ${report.changedFile} rewritten with its own bytes before each call (its times put back after)`
      : 'one change: left out (no small tracked file that git calls unchanged could be rewritten)',
    '',
    '| contender | median ms | ± ms (MAD) | calls | vs git status |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const r of report.rows) {
    if (r.status === 'timed') lines.push(`| ${r.name} | ${fmt(r.medianMs)} | ${fmt(r.madMs)} | ${r.samples} | ${ratio(r.vsGit)} |`);
    else lines.push(`| ${r.name} | ${r.status}: ${r.detail} | | | |`);
  }
  return `${lines.join('\n')}\n`;
}
