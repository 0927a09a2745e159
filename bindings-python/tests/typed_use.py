"""Checked by `mypy --strict` against the installed package (its stubs and py.typed), not run."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Optional

import omni_sniffer
from omni_sniffer import OmniSniffer, Snapshot, SnifferError, snapshot, snapshot_async


def summary(snap: Snapshot) -> str:
    upstream: Optional[omni_sniffer.Upstream] = snap.upstream
    ahead = upstream.ahead if upstream is not None else 0
    files = [f"{f.index}{f.worktree} {f.path}" for f in snap.files]
    oid: Optional[str] = snap.head.oid
    return f"{snap.git_branch} {snap.git_modified} {ahead} {len(files)} {oid} {snap.context.status}"


def main() -> int:
    try:
        print(summary(snapshot(Path("."), untracked_files="all")))
    except omni_sniffer.NotARepositoryError as error:
        code: str = error.code
        print(code)
        return 1
    except SnifferError as error:
        print(error.code, error)
        return 1
    with OmniSniffer(".", watch=False) as kept:
        lines: int = kept.scan_context().active_context_lines
        staged: int = kept.scan_git().git_staged
        print(kept.get_snapshot().to_prompt_string(), lines, staged, kept.root)
    print(asyncio.run(snapshot_async(".")).to_dict()["git_branch"])
    return 0
