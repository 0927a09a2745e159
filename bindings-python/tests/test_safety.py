"""The contract's safety rules through Python: not one byte written (every path of a private copy
of each fixture keeps its bytes, mode, size and times), no program the repository names runs, and
nothing in a repository makes a call hang."""

from __future__ import annotations

import asyncio
import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Tuple

import pytest

import omni_sniffer
from conftest import CASES, copy_scenario, markers_left, opened_in, options_of

SMALL = [c for c in CASES if not c.get("unavailable") and not c.get("error") and not c.get("scale") and "sha256" not in c["scenario"]]


def fingerprint(root: Path) -> Dict[str, Tuple[Any, ...]]:
    """Every path below `root`: type, mode, size, mtime and ctime to the nanosecond, and the bytes'
    hash for a regular file. Nothing but a regular file is opened."""
    out: Dict[str, Tuple[Any, ...]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            st = path.lstat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest() if stat.S_ISREG(st.st_mode) else ""
            out[str(path.relative_to(root))] = (stat.S_IFMT(st.st_mode), st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, digest)
    return out


@pytest.mark.parametrize("c", SMALL, ids=lambda c: c["name"])
def test_a_snapshot_writes_nothing(c: Dict[str, Any], scratch: Path) -> None:
    copy = copy_scenario(c["scenario"], scratch)
    where = opened_in(copy, c)
    before = fingerprint(copy)
    options = options_of(c)
    omni_sniffer.snapshot(where, **options)
    asyncio.run(omni_sniffer.snapshot_async(where, **options))
    with omni_sniffer.OmniSniffer(where, **options) as kept:
        kept.get_snapshot()
        kept.get_snapshot()
    assert fingerprint(copy) == before


@pytest.mark.parametrize("c", [c for c in SMALL if c["scenario"].startswith("hostile")], ids=lambda c: c["name"])
def test_no_program_the_repository_names_runs(c: Dict[str, Any]) -> None:
    options = options_of(c)
    omni_sniffer.snapshot(c["open"], **options)
    with omni_sniffer.OmniSniffer(c["open"], **options) as kept:
        kept.get_snapshot()
        kept.get_snapshot()
    assert markers_left(c) == []


@pytest.mark.parametrize("c", [c for c in SMALL if c["scenario"].startswith("scratchpad-")], ids=lambda c: c["name"])
def test_no_scratchpad_makes_a_call_hang(c: Dict[str, Any]) -> None:
    """A FIFO, /dev/zero or a symlink out of the worktree as the scratchpad: each call answers at
    once, in a child process that is killed if it does not."""
    script = (
        "import asyncio, json, sys, omni_sniffer\n"
        "path, options = sys.argv[1], json.loads(sys.argv[2])\n"
        "a = omni_sniffer.snapshot(path, **options)\n"
        "b = asyncio.run(omni_sniffer.snapshot_async(path, **options))\n"
        "c = omni_sniffer.OmniSniffer(path, **options).get_snapshot()\n"
        "print(json.dumps([s.context.status for s in (a, b, c)]))\n"
    )
    import json

    done = subprocess.run(
        [sys.executable, "-c", script, c["open"], json.dumps(options_of(c))],
        stdout=subprocess.PIPE,
        text=True,
        timeout=30,
        check=True,
    )
    statuses = json.loads(done.stdout)
    assert len(set(statuses)) == 1 and statuses[0] in ("ok", "missing", "unreadable")
