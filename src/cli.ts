#!/usr/bin/env node
// omni-sniff: the snapshot of a worktree on the command line, as the prompt block or as JSON.
import { parseArgs } from 'node:util';
import { backendInfo, snapshot, SnifferError, toPromptString, type BackendChoice, type SnapshotOptions } from './index.js';

const HELP = `Usage: omni-sniff [path] [--json | --prompt] [--backend NAME] [--untracked-files MODE] [--scratchpad PATH]
       omni-sniff --backends [--backend NAME]

Prints a read-only snapshot of the git worktree at or above path (default: the current folder).

  --prompt                 print the live-environment prompt block (the default)
  --json                   print the whole snapshot as JSON
  --backend NAME           auto (default), napi, neon or ts; wins over OMNI_SNIFFER_BACKEND
  --untracked-files MODE   normal (default), all or no, as git's --untracked-files
  --scratchpad PATH        the agent's scratchpad, relative to the worktree's top level or absolute
                           (default .memory/active_context/SCRATCHPAD.md)
  --backends               print, as JSON, the backend in use, the ranking and every backend tried
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
  backends: { type: 'boolean' },
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
  const backend = values.backend as BackendChoice | undefined;
  if (values.backends) return JSON.stringify(backendInfo({ backend }), null, 2) + '\n';
  if (values.json && values.prompt) throw new SnifferError('CONFIG', 'Give --json or --prompt, not both.');
  if (positionals.length > 1) {
    throw new SnifferError('CONFIG', `Give one path, not ${positionals.length} (${positionals.join(' ')}).`);
  }
  const options: SnapshotOptions = {
    backend,
    untrackedFiles: values['untracked-files'] as SnapshotOptions['untrackedFiles'],
    scratchpad: values.scratchpad,
  };
  const snap = await snapshot(positionals[0] ?? '.', options);
  return values.json ? JSON.stringify(snap, null, 2) + '\n' : toPromptString(snap, { backend }) + '\n';
}

main(process.argv.slice(2)).then(
  (out) => process.stdout.write(out),
  (e: unknown) => {
    const code = e instanceof SnifferError ? e.code : 'INTERNAL';
    process.stderr.write(`${code}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
