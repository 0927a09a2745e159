// git's failures as SnifferErrors. The class is the one every backend shares (@omni-sniffer/types),
// re-exported for this package's own files.
import { SnifferError } from '@omni-sniffer/types';

export { SnifferError };

/** git's words (setup.c, read_gitfile_error_die) for a .git file that stopped its search for a repository. */
const BROKEN_GITFILE =
  /not a git repository: |invalid gitfile format|no path in gitfile|too large to be a \.git file|error opening '[^']*\.git'|error reading \S*\.git$/im;

/** Turns git's own refusal to open a repository into the contract's code and a message that says what to do. */
export function gitOpenError(path: string, stderr: string): SnifferError {
  const detail = stderr.trim().replace(/^fatal: /, '');
  if (/not a git repository/i.test(stderr) || BROKEN_GITFILE.test(stderr)) {
    // A .git file that names nothing stops git's search: git's own words name that file.
    const gitfile = BROKEN_GITFILE.test(stderr) ? ` (git: ${detail})` : '';
    return new SnifferError(
      'NOT_A_REPOSITORY',
      `No git repository at or above "${path}"${gitfile}. Point omni-sniffer at a folder inside a git worktree, or create one there with \`git init\`.`,
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

/** The caller's path cannot be used: it does not exist, or may not be entered. */
export function unreadablePath(path: string, e: unknown): SnifferError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new SnifferError('FILE_SYSTEM', `The path "${path}" does not exist. Pass an existing folder inside a git worktree.`);
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new SnifferError('FILE_SYSTEM', `The path "${path}" cannot be opened: permission denied. Check that you may open that folder.`);
  }
  return new SnifferError('FILE_SYSTEM', `The path "${path}" cannot be read (${code ?? String(e)}).`);
}

/** A kept sniffer's worktree has been deleted or moved since the sniffer found it. */
export function worktreeGone(root: string, path: string): SnifferError {
  return new SnifferError(
    'FILE_SYSTEM',
    `The worktree "${root}" of "${path}" no longer exists: it was deleted or moved after this sniffer found it. Make a new sniffer.`,
  );
}
