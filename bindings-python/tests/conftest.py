"""The shared fixtures, as every test runner here gets them: materialised by the project's one
fixture builder (fixtures/build.mjs, run by node), read through its manifest, and compared with the
same expected files (fixtures/expected/*.json) and, live, with git (fixtures/oracle.mjs)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest

REPO = Path(__file__).resolve().parents[2]


def _build_manifest() -> Dict[str, Any]:
    out = subprocess.run(
        ["node", str(REPO / "fixtures" / "build.mjs")],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    manifest: Dict[str, Any] = json.loads(Path(out.strip().splitlines()[-1]).read_text())
    return manifest


MANIFEST = _build_manifest()
# Every snapshot reads the global git config: the fixtures' isolated HOME keeps the machine's out.
os.environ["HOME"] = MANIFEST["home"]
os.environ.pop("XDG_CONFIG_HOME", None)
CASES: List[Dict[str, Any]] = MANIFEST["cases"]


def case(name: str) -> Dict[str, Any]:
    return next(c for c in CASES if c["name"] == name)


def snake_case(name: str) -> str:
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def snake_keys(value: Any) -> Any:
    """The expected files' camelCase keys as the Python snapshot names them."""
    if isinstance(value, dict):
        return {snake_case(k): snake_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [snake_keys(v) for v in value]
    return value


def options_of(c: Dict[str, Any]) -> Dict[str, Any]:
    """A case's options (JavaScript names in the manifest) as Python keyword arguments."""
    return {snake_case(k): v for k, v in (c.get("options") or {}).items()}


def comparable(snapshot: Dict[str, Any]) -> Dict[str, Any]:
    """A snapshot as the expected files hold it: no timestamp, `root` relative to the fixture cache."""
    out = {k: v for k, v in snapshot.items() if k != "timestamp"}
    out["root"] = os.path.relpath(out["root"], MANIFEST["cacheDir"]).replace(os.sep, "/")
    return out


def expected(c: Dict[str, Any]) -> Dict[str, Any]:
    data: Dict[str, Any] = json.loads(Path(c["expected"]).read_text())
    return data


def oracle_snapshots(cases: List[Dict[str, Any]]) -> Dict[str, Any]:
    """git's own answer on each case, asked live through the oracle (one node process for all)."""
    script = (
        "const { oracleSnapshot } = await import(process.argv[1]);"
        "const cases = JSON.parse(process.argv[2]);"
        "const out = {};"
        "for (const c of cases) out[c.name] = oracleSnapshot(c.open, c.options);"
        "process.stdout.write(JSON.stringify(out));"
    )
    asked = [{"name": c["name"], "open": c["open"], "options": c.get("options") or {}} for c in cases]
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script, (REPO / "fixtures" / "oracle.mjs").as_uri(), json.dumps(asked)],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    answers: Dict[str, Any] = json.loads(out)
    return answers


def copy_scenario(scenario: str, into: Path) -> Path:
    """An exact private copy of a fixture's scenario folder (cp -a keeps modes, times, links, FIFOs),
    its absolute paths pointed at the copy, as the contract suite makes one."""
    source = Path(MANIFEST["cacheDir"]) / scenario
    target = into / scenario
    target.mkdir(parents=True)
    subprocess.run(["cp", "-a", f"{source}/.", str(target)], check=True)
    for path in target.rglob("*"):
        if path.is_file() and not path.is_symlink() and path.name in (".git", "gitdir", "config"):
            text = path.read_text(errors="surrogateescape")
            if f"{source}/" in text:
                path.write_text(text.replace(f"{source}/", f"{target}/"), errors="surrogateescape")
    return target


@pytest.fixture
def scratch() -> Iterator[Path]:
    """A temporary folder, removed when the test ends."""
    folder = Path(tempfile.mkdtemp(prefix="omni-sniffer-py-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def opened_in(copy: Path, c: Dict[str, Any]) -> str:
    """Where case `c` opens, inside a copy of its scenario."""
    relative = os.path.relpath(c["open"], Path(MANIFEST["cacheDir"]) / c["scenario"])
    return str(copy / relative)


def markers_left(c: Dict[str, Any], root: Optional[Path] = None) -> List[str]:
    """Files named PWNED* that a hostile fixture's programs leave when something runs them."""
    folder = root if root is not None else Path(MANIFEST["cacheDir"]) / c["scenario"]
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("PWNED"))
