"""The original design's table, measured: omni_sniffer (the Rust core through PyO3) cold and warm
beside what a Python agent would run instead, on the shared fixtures, each answer checked against
git's before it is timed, medians and ratios measured side by side in one run.

    python bench.py [--quick] [--out DIR]     (bindings-python/scripts/bench.sh runs it in a venv)

Writes DIR/PYTHON.md and DIR/python.json (default: ../bench/results).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import git  # GitPython
import pygit2

import omni_sniffer

REPO = Path(__file__).resolve().parents[1]
FIXTURES = ["small", "small-real", "medium", "large"]
# The contract's oracle command (the fixtures timed here name no filter driver to switch off).
GIT_STATUS = [
    "git", "--no-pager", "--no-optional-locks", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
    "status", "--porcelain=v2", "-z", "--branch", "--show-stash", "--no-renames", "--ignore-submodules=none",
]
SCRATCHPAD = ".memory/active_context/SCRATCHPAD.md"


def manifest() -> Dict[str, Any]:
    out = subprocess.run(["node", str(REPO / "fixtures" / "build.mjs")], check=True, stdout=subprocess.PIPE, text=True).stdout
    data: Dict[str, Any] = json.loads(Path(out.strip().splitlines()[-1]).read_text())
    return data


def records(porcelain: str) -> List[str]:
    return [r for r in porcelain.split("\0") if r[:2] in ("1 ", "2 ", "u ", "? ")]


def git_status(root: str, untracked: str = "normal") -> str:
    return subprocess.run(GIT_STATUS + [f"--untracked-files={untracked}"], cwd=root, check=True, stdout=subprocess.PIPE, text=True).stdout


def subprocess_snapshot(root: str) -> Tuple[str, int]:
    """What the original Python agent did for its snapshot: git status in a subprocess, then the
    scratchpad's lines counted in Python."""
    status = git_status(root)
    try:
        with open(os.path.join(root, SCRATCHPAD), "rb") as f:
            lines = f.read().count(b"\n")
    except OSError:
        lines = 0
    return status, lines


class Contender:
    def __init__(self, name: str, prepare: Callable[[str], Callable[[], Any]], check: Callable[[Any, Dict[str, Any]], Optional[str]], note: str = "") -> None:
        self.name, self.prepare, self.check, self.note = name, prepare, check, note


def contenders() -> List[Contender]:
    def same_files(snap: Any, truth: Dict[str, Any]) -> Optional[str]:
        return None if snap.dirty_files == truth["dirty_files"] else f"dirty_files differ from git's ({len(snap.dirty_files)} against {len(truth['dirty_files'])})"

    def same_count(n: int, want: int) -> Optional[str]:
        return None if n == want else f"{n} changed paths, git says {want}"

    def kept(root: str) -> Callable[[], Any]:
        sniffer = omni_sniffer.OmniSniffer(root)
        return sniffer.get_snapshot

    def gitpython(root: str) -> Callable[[], Any]:
        repo = git.Repo(root)
        return lambda: (repo.is_dirty(untracked_files=True), repo.untracked_files)

    def libgit2(root: str) -> Callable[[], Any]:
        repo = pygit2.Repository(root)
        return repo.status

    return [
        Contender("omni_sniffer cold (snapshot)", lambda root: lambda: omni_sniffer.snapshot(root), same_files),
        Contender("omni_sniffer warm (kept OmniSniffer)", kept, same_files),
        Contender("subprocess git status", lambda root: lambda: git_status(root), lambda out, t: same_count(len(records(out)), len(t["dirty_files"]))),
        Contender("subprocess snapshot (git status + scratchpad)", lambda root: lambda: subprocess_snapshot(root), lambda out, t: same_count(len(records(out[0])), len(t["dirty_files"]))),
        Contender(
            "GitPython is_dirty() + untracked_files",
            gitpython,
            lambda out, t: None if (out[0] == bool(t["dirty_files"]) and len(out[1]) == t["untracked_all"]) else f"dirty {out[0]}, {len(out[1])} untracked files, git says {t['untracked_all']}",
            "two git subprocesses per call; untracked files listed one by one",
        ),
        Contender(
            "pygit2 Repository.status()",
            libgit2,
            lambda out, t: same_count(len(out), t["changed_all"]),
            "libgit2; untracked files listed one by one",
        ),
    ]


def time_calls(call: Callable[[], Any], budget: float) -> List[float]:
    call()  # warm-up
    times: List[float] = []
    until = time.perf_counter() + budget
    while len(times) < 5 or (time.perf_counter() < until and len(times) < 10_000):
        t = time.perf_counter()
        call()
        times.append((time.perf_counter() - t) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", default=str(REPO / "bench" / "results"))
    args = parser.parse_args()
    budget = 0.3 if args.quick else 2.0
    m = manifest()
    os.environ["HOME"] = m["home"]
    os.environ.pop("XDG_CONFIG_HOME", None)
    results: List[Dict[str, Any]] = []
    all_contenders = contenders()
    total = len(FIXTURES) * len(all_contenders)
    started = time.time()
    step = 0
    for name in FIXTURES:
        root = next(c for c in m["cases"] if c["name"] == name)["open"]
        normal = records(git_status(root))
        everything = records(git_status(root, "all"))
        truth = {
            "dirty_files": json.loads((REPO / "fixtures" / "expected" / f"{name}.json").read_text())["snapshot"]["dirtyFiles"],
            "untracked_all": sum(1 for r in everything if r.startswith("? ")),
            "changed_all": len(everything),
        }
        assert len(normal) == len(truth["dirty_files"]), f"{name}: the expected file and git disagree"
        rows: List[Dict[str, Any]] = []
        for c in all_contenders:
            step += 1
            print(f"python bench: [{step}/{total}] {name}: {c.name} ({time.time() - started:.0f}s)", file=sys.stderr)
            row: Dict[str, Any] = {"contender": c.name, "note": c.note}
            try:
                call = c.prepare(root)
                problem = c.check(call(), truth)
                if problem:
                    row.update(status="disagrees", detail=problem)
                else:
                    times = time_calls(call, budget)
                    median = statistics.median(times)
                    row.update(status="timed", median_ms=median, mad_ms=statistics.median(abs(t - median) for t in times), samples=len(times))
            except Exception as error:  # a contender that fails is reported, not fatal
                row.update(status="failed", detail=f"{type(error).__name__}: {error}")
            rows.append(row)
        by = {r["contender"]: r for r in rows}
        for r in rows:
            for reference, key in (("subprocess git status", "vs_git_status"), ("subprocess snapshot (git status + scratchpad)", "vs_subprocess_snapshot")):
                if r.get("median_ms") and by[reference].get("median_ms"):
                    r[key] = by[reference]["median_ms"] / r["median_ms"]
        results.append({"fixture": name, "rows": rows})
    run = {
        "date": datetime.now(timezone.utc).isoformat(),
        "quick": args.quick,
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": {"omni_sniffer": "0.1.0", "GitPython": git.__version__, "pygit2": pygit2.__version__, "libgit2": pygit2.LIBGIT2_VERSION},
        "fixtures": results,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "python.json").write_text(json.dumps(run, indent=2) + "\n")
    (out / "PYTHON.md").write_text(markdown(run))
    print(markdown(run))
    return 0


def markdown(run: Dict[str, Any]) -> str:
    fmt = lambda v: "" if v is None else (f"{v:.1f}" if v >= 10 else f"{v:.2f}")
    ratio = lambda v: "" if v is None else (f"{v:,.0f}×" if v >= 100 else f"{v:.1f}×")
    lines = [
        "# omni-sniffer from Python",
        "",
        f"Measured {run['date']} on {run['machine']}; Python {run['python']}, GitPython {run['versions']['GitPython']}, "
        f"pygit2 {run['versions']['pygit2']} (libgit2 {run['versions']['libgit2']}).",
        "",
        "Median time per call, in one run; `vs git status` is the median of `subprocess git status` (the contract's oracle",
        "command) over the contender's, `vs subprocess snapshot` the same over a snapshot made as the original design's Python",
        "agent made it (git status in a subprocess, then the scratchpad's lines counted). Cold: a one-shot `snapshot()`; warm: a",
        "kept `OmniSniffer` asked again with nothing changed. Each answer was checked against git's before it was timed.",
        "",
    ]
    for f in run["fixtures"]:
        lines += [f"## {f['fixture']}", "", "| contender | median ms | MAD ms | calls | vs git status | vs subprocess snapshot |", "|---|---:|---:|---:|---:|---:|"]
        for r in f["rows"]:
            if r["status"] != "timed":
                lines.append(f"| {r['contender']} | {r['status']}: {r.get('detail', '')} | | | | |")
                continue
            lines.append(f"| {r['contender']} | {fmt(r['median_ms'])} | {fmt(r['mad_ms'])} | {r['samples']} | {ratio(r.get('vs_git_status'))} | {ratio(r.get('vs_subprocess_snapshot'))} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
