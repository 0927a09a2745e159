// Loading a backend: lazily (importing this package loads nothing), once (the result, success or
// failure, is kept for the life of the process), and never fatally (a native module that fails
// to load is recorded with its cause, and the others stay usable).
import { createRequire } from 'node:module';
import { BACKENDS, type BackendModule, type BackendName, type EnvironmentSnapshot } from '@omni-sniffer/types';

/** A backend that works, or why it does not. */
export type Loaded = { module: BackendModule; error?: undefined } | { module?: undefined; error: string };

// `require`, not `import()`: the sync calls (snapshotSync, new OmniSniffer) must be able to load a
// backend on first use. The backend packages are ES modules; Node loads them through require(esm),
// unflagged and silent since 20.19 (hence `engines`).
const load = createRequire(import.meta.url);
const loaded = new Map<BackendName, Loaded>();

export function loadBackend(name: BackendName): Loaded {
  let result = loaded.get(name);
  if (!result) {
    result = tryLoad(name);
    loaded.set(name, result);
  }
  return result;
}

function tryLoad(name: BackendName): Loaded {
  try {
    const module = load(BACKENDS[name]) as BackendModule;
    smokeTest(module);
    return { module };
  } catch (e) {
    return { error: describe(e) };
  }
}

const METHODS = ['snapshot', 'snapshotSync', 'Sniffer', 'toPromptString'] as const;

/** The smallest valid snapshot: what the smoke call renders. */
const SMOKE_SNAPSHOT: EnvironmentSnapshot = {
  gitBranch: 'main',
  gitStaged: 0,
  gitModified: 0,
  gitUntracked: 0,
  gitConflicted: 0,
  dirtyFiles: [],
  files: [],
  head: { oid: null, detached: false, unborn: true },
  upstream: null,
  stashCount: 0,
  operation: null,
  activeContextLines: 0,
  context: { path: 'SCRATCHPAD.md', status: 'missing' },
  root: '/',
  timestamp: 0,
};

/**
 * A module can load and still be broken (an ABI mismatch, a half-built addon, a missing export).
 * The smoke call is `toPromptString` because it goes through the native code (an object in,
 * a string out) in microseconds, touching no disk and spawning nothing; a real snapshot would need
 * a repository and cost milliseconds at every process start.
 */
function smokeTest(module: BackendModule): void {
  for (const method of METHODS) {
    if (typeof module[method] !== 'function') throw new Error(`the package has no ${method}()`);
  }
  const text: unknown = module.toPromptString(SMOKE_SNAPSHOT);
  if (typeof text !== 'string' || !text.startsWith('[LIVE ENVIRONMENT STATE]')) {
    throw new Error(`its smoke call toPromptString() returned ${JSON.stringify(text)}, not a prompt block`);
  }
}

/**
 * The error's first sentence and its root cause: napi's loader throws "Cannot find native binding"
 * and chains each place it looked through `cause`, the first one (this package's own .node file,
 * with dlopen's reason) deepest.
 */
function describe(e: unknown): string {
  let root = e;
  while (root instanceof Error && root.cause instanceof Error) root = root.cause;
  const top = firstLine(e);
  return root === e ? top : `${top.split('. ')[0]}: ${firstLine(root)}`;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.trim();
}
