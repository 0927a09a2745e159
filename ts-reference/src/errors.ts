// git's failures as SnifferErrors. The class is the one every backend shares (@omni-sniffer/types),
// re-exported for this package's own files.
import { SnifferError } from '@omni-sniffer/types';

export { SnifferError };

/** Turns git's own refusal to open a repository into the contract's code and a message that says what to do. */
export function gitOpenError(path: string, stderr: string): SnifferError {
  const detail = stderr.trim().replace(/^fatal: /, '');
  if (/not a git repository/i.test(stderr)) {
    return new SnifferError(
      'NOT_A_REPOSITORY',
      `No git repository at or above "${path}". Point omni-sniffer at a folder inside a git worktree, or create one there with \`git init\`.`,
    );
  }
  if (/dubious ownership|unsafe repository/i.test(stderr)) {
    return new SnifferError(
      'UNSAFE_REPOSITORY',
      `Git refuses the repository at "${path}" because another user owns it (safe.directory). If you trust it, run \`git config --global --add safe.directory <its top level>\`.`,
    );
  }
  if (/must be run in a work tree/i.test(stderr)) {
    return new SnifferError(
      'BARE_REPOSITORY',
      `"${path}" is a bare repository: it has no worktree to snapshot. Point omni-sniffer at a worktree of it instead (\`git worktree add\` makes one).`,
    );
  }
  return gitFailure(path, detail);
}

export function gitFailure(path: string, detail: string): SnifferError {
  return new SnifferError(
    'GIT',
    `Git could not read the repository at "${path}": ${detail}. Check the repository with \`git status\` and \`git fsck\`.`,
  );
}
