#!/usr/bin/env node
// omni-sniff: the snapshot of a worktree on the command line, as the prompt block or as JSON.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { backendInfo, OmniSniffer, snapshot, SnifferError, toPromptString, type BackendChoice, type SnapshotOptions } from './index.js';
import { benchTable, benchWorktree } from './worktree-bench.js';

const HELP = `Usage: omni-sniff [path] [--json | --prompt] [--watch] [--backend NAME] [--untracked-files MODE] [--scratchpad PATH]
                  [--recent-commits N] [--line-stats [--line-stats-max-bytes N]] [--renames] [--max-chars N]
       omni-sniff --backends [--backend NAME]
       omni-sniff bench [path] [--json] [--untracked-files MODE] [--time MS]
       omni-sniff --version

Prints a read-only snapshot of the git worktree at or above path (default: the current folder).

omni-sniff bench times that worktree as the project's own benchmark times its fixtures: every
backend that loads, cold and warm, sync and async, and after one change, beside git status spawned
with the same command, each answer checked against git's first; it prints medians and speed-ups
(progress on stderr). The one change rewrites one small tracked file with its own bytes before each
call and puts its times back: nothing else in the repository is written.

  --prompt                 print the live-environment prompt block (the default)
  --json                   print the whole snapshot as JSON (with --watch: one line per snapshot)
  --watch                  print the snapshot now and again at every change, until SIGINT or SIGTERM
                           (prompt blocks are separated by a blank line)
  --backend NAME           auto (default), napi, neon or ts; wins over OMNI_SNIFFER_BACKEND
  --untracked-files MODE   normal (default), all or no, as git's --untracked-files
  --scratchpad PATH        the agent's scratchpad, relative to the worktree's top level or absolute
                           (default .memory/active_context/SCRATCHPAD.md)
  --recent-commits N       list the first N commits of git log --first-parent from HEAD (0 to 1000)
  --line-stats             count each file's lines added and deleted (staged, unstaged), as git diff
                           --numstat; with --max-chars they follow each file, their total the Git line
  --line-stats-max-bytes N a file version larger than N bytes is not read, its side not counted
                           (default 1048576)
  --renames                pair renames as git status --renames does (limit 1000, 50%); with
                           --max-chars a renamed file reads "XY from -> path"
  --max-chars N            keep the prompt block within N characters, every file listed while it fits
  --backends               print, as JSON, the backend in use, the ranking and every backend tried
  --time MS                bench: milliseconds to time each contender for (default 1000)
  -v, --version            print the version
  -h, --help               print this help

Exit status: 0 on success; 1 on any error (a bad flag included), printed on stderr as "CODE: message"
with CODE one of NOT_A_REPOSITORY, BARE_REPOSITORY, UNSAFE_REPOSITORY, UNSUPPORTED_REPOSITORY, GIT,
FILE_SYSTEM, CONFIG, BACKEND_UNAVAILABLE.
`;

const OPTIONS = {
  json: { type: 'boolean' },
  prompt: { type: 'boolean' },
  backend: { type: 'string' },
  'untracked-files': { type: 'string' },
  scratchpad: { type: 'string' },
  'recent-commits': { type: 'string' },
  'max-chars': { type: 'string' },
  'line-stats': { type: 'boolean' },
  'line-stats-max-bytes': { type: 'string' },
  renames: { type: 'boolean' },
  backends: { type: 'boolean' },
  watch: { type: 'boolean' },
  time: { type: 'string' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    const message = (e as Error).message.replace(/\.?$/, '.');
    throw new SnifferError('CONFIG', `${message} Run omni-sniff --help for the usage.`);
  }
}

async function main(argv: string[]): Promise<string> {
  const { values, positionals } = parse(argv);
  if (values.help) return HELP;
  if (values.version) return `${version()}\n`;
  if (positionals[0] === 'bench') return bench(positionals.slice(1), values);
  if (values.time !== undefined) throw new SnifferError('CONFIG', '--time goes with bench. Run omni-sniff --help for the usage.');
  const backend = values.backend as BackendChoice | undefined;
  if (values.backends) return JSON.stringify(backendInfo({ backend }), null, 2) + '\n';
  if (values.json && values.prompt) throw new SnifferError('CONFIG', 'Give --json or --prompt, not both.');
  if (positionals.length > 1) {
    throw new SnifferError('CONFIG', `Give one path, not ${positionals.length} (${positionals.join(' ')}).`);
  }
  const maxChars = count(values, 'max-chars');
  if (maxChars !== undefined && values.json) throw new SnifferError('CONFIG', '--max-chars shapes the prompt block: it does not go with --json.');
  const options: SnapshotOptions = {
    backend,
    untrackedFiles: values['untracked-files'] as SnapshotOptions['untrackedFiles'],
    scratchpad: values.scratchpad,
    recentCommits: count(values, 'recent-commits'),
    lineStats: values['line-stats'],
    lineStatsMaxBytes: count(values, 'line-stats-max-bytes'),
    renames: values.renames,
  };
  const render = { backend, maxChars };
  if (values.watch) return watch(positionals[0] ?? '.', options, values.json === true, render);
  const snap = await snapshot(positionals[0] ?? '.', options);
  return values.json ? JSON.stringify(snap, null, 2) + '\n' : toPromptString(snap, render) + '\n';
}

/**
 * A flag that takes a count, as a number for the options, which check its range themselves: a
 * value that is not written as a whole number is refused here, so "1e3" or "" never reach them.
 */
function count(values: ReturnType<typeof parse>['values'], flag: 'recent-commits' | 'max-chars' | 'line-stats-max-bytes'): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new SnifferError('CONFIG', `--${flag} takes a whole number, not ${JSON.stringify(raw)}.`);
  return Number(raw);
}

/** Prints each snapshot of the feed as it comes; a signal ends it cleanly, a snapshot's error as an error. */
async function watch(path: string, options: SnapshotOptions, json: boolean, render: { backend?: BackendChoice; maxChars?: number }): Promise<string> {
  const sniffer = new OmniSniffer(path, options);
  const interrupted = new AbortController();
  const stop = (): void => interrupted.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    for await (const snap of sniffer.changes({ signal: interrupted.signal })) {
      process.stdout.write(json ? `${JSON.stringify(snap)}\n` : `${toPromptString(snap, render)}\n\n`);
    }
    return '';
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    sniffer.close();
  }
}

function version(): string {
  return (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

async function bench(paths: string[], values: ReturnType<typeof parse>['values']): Promise<string> {
  if (paths.length > 1) throw new SnifferError('CONFIG', `Give bench one path, not ${paths.length} (${paths.join(' ')}).`);
  for (const flag of ['prompt', 'backend', 'scratchpad', 'backends', 'recent-commits', 'max-chars', 'line-stats', 'line-stats-max-bytes', 'renames'] as const) {
    if (values[flag] !== undefined) throw new SnifferError('CONFIG', `bench times every backend: --${flag} does not go with it.`);
  }
  const budgetMs = values.time === undefined ? undefined : Number(values.time);
  if (budgetMs !== undefined && !(Number.isInteger(budgetMs) && budgetMs > 0)) {
    throw new SnifferError('CONFIG', `--time takes a whole number of milliseconds above 0, not ${JSON.stringify(values.time)}.`);
  }
  const report = await benchWorktree(paths[0] ?? '.', {
    untrackedFiles: values['untracked-files'] as SnapshotOptions['untrackedFiles'],
    budgetMs,
    progress: (line) => process.stderr.write(`omni-sniff bench: ${line}\n`),
  });
  return values.json ? `${JSON.stringify(report, null, 2)}\n` : benchTable(report);
}

main(process.argv.slice(2)).then(
  (out) => process.stdout.write(out),
  (e: unknown) => {
    const code = e instanceof SnifferError ? e.code : 'INTERNAL';
    process.stderr.write(`${code}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
