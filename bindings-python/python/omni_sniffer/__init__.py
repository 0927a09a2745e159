"""omni-sniffer for Python: a fast, read-only snapshot of a git working tree for AI-agent prompts.

The Rust core of omni-sniffer (the same one its Node packages use), held to the same contract:
branch, what is staged, modified, untracked or conflicted, upstream, the operation in progress,
and the size of the agent's scratchpad, rendered as a short prompt block. The repository is never
written, no program it names is run, and the GIL is let go while the core works.

    >>> from omni_sniffer import OmniSniffer, snapshot
    >>> print(snapshot(".").to_prompt_string())          # one-shot
    >>> sniffer = OmniSniffer(".")                       # kept: reuses what did not change
    >>> sniffer.get_snapshot().git_modified
"""

from __future__ import annotations

import asyncio
import functools
import os
from typing import Literal, Optional, Union

from ._native import (
    BareRepositoryError,
    ConfigError,
    ContextInfo,
    ContextScan,
    FileStatus,
    FileSystemError,
    GitError,
    GitScan,
    Head,
    NotARepositoryError,
    OmniSniffer,
    RecentCommit,
    Snapshot,
    SnifferError,
    UnsafeRepositoryError,
    UnsupportedRepositoryError,
    Upstream,
    snapshot,
)

__all__ = [
    "BareRepositoryError",
    "ConfigError",
    "ContextInfo",
    "ContextScan",
    "FileStatus",
    "FileSystemError",
    "GitError",
    "GitScan",
    "Head",
    "NotARepositoryError",
    "OmniSniffer",
    "RecentCommit",
    "Snapshot",
    "SnifferError",
    "UnsafeRepositoryError",
    "UnsupportedRepositoryError",
    "Upstream",
    "snapshot",
    "snapshot_async",
]


async def snapshot_async(
    path: Union[str, "os.PathLike[str]"],
    *,
    untracked_files: Optional[Literal["normal", "all", "no"]] = None,
    scratchpad: Optional[Union[str, "os.PathLike[str]"]] = None,
    recent_commits: Optional[int] = None,
    line_stats: Optional[bool] = None,
    line_stats_max_bytes: Optional[int] = None,
    renames: Optional[bool] = None,
) -> Snapshot:
    """`snapshot()` on a worker thread, so the event loop keeps running while the core works."""
    call = functools.partial(
        snapshot,
        path,
        untracked_files=untracked_files,
        scratchpad=scratchpad,
        recent_commits=recent_commits,
        line_stats=line_stats,
        line_stats_max_bytes=line_stats_max_bytes,
        renames=renames,
    )
    return await asyncio.get_running_loop().run_in_executor(None, call)
