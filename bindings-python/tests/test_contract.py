"""The contract suite in Python: every fixture case of the shared manifest against its expected
file and, live, against git; sync, async and kept; the prompt block; nothing written."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any, Dict

import pytest

import omni_sniffer
from conftest import CASES, MANIFEST, comparable, expected, markers_left, options_of, oracle_snapshots, snake_keys

CLASS_OF_CODE = {
    "NOT_A_REPOSITORY": omni_sniffer.NotARepositoryError,
    "BARE_REPOSITORY": omni_sniffer.BareRepositoryError,
    "UNSAFE_REPOSITORY": omni_sniffer.UnsafeRepositoryError,
    "UNSUPPORTED_REPOSITORY": omni_sniffer.UnsupportedRepositoryError,
    "GIT": omni_sniffer.GitError,
    "FILE_SYSTEM": omni_sniffer.FileSystemError,
    "CONFIG": omni_sniffer.ConfigError,
}

AVAILABLE = [c for c in CASES if not c.get("unavailable")]
ANSWERS = [c for c in AVAILABLE if not c.get("error")]
FAILING = [c for c in AVAILABLE if c.get("error")]


def index_stamp(open_path: str) -> tuple[int, int, int]:
    for candidate in [Path(open_path)] + list(Path(open_path).parents):
        dot_git = candidate / ".git"
        if dot_git.is_dir():
            st = (dot_git / "index").stat() if (dot_git / "index").exists() else os.stat(dot_git)
            return (st.st_ino, st.st_size, st.st_mtime_ns)
    return (0, 0, 0)


@pytest.mark.parametrize("c", ANSWERS, ids=lambda c: c["name"])
def test_a_case_matches_its_expected_snapshot_one_shot_kept_and_async(c: Dict[str, Any]) -> None:
    want = snake_keys(expected(c)["snapshot"])
    options = options_of(c)
    before = index_stamp(c["open"])
    assert comparable(omni_sniffer.snapshot(c["open"], **options).to_dict()) == want
    with omni_sniffer.OmniSniffer(c["open"], **options) as kept:
        assert comparable(kept.get_snapshot().to_dict()) == want
        assert comparable(kept.get_snapshot().to_dict()) == want
    assert comparable(asyncio.run(omni_sniffer.snapshot_async(c["open"], **options)).to_dict()) == want
    assert index_stamp(c["open"]) == before
    assert markers_left(c) == []


@pytest.mark.parametrize("c", ANSWERS, ids=lambda c: c["name"])
def test_a_case_renders_the_expected_prompt_block(c: Dict[str, Any]) -> None:
    assert omni_sniffer.snapshot(c["open"], **options_of(c)).to_prompt_string() == expected(c)["prompt"]


def test_every_case_agrees_with_git_asked_live() -> None:
    cases = [c for c in ANSWERS if not c.get("large")]
    live = oracle_snapshots(cases)
    for c in cases:
        got = comparable(omni_sniffer.snapshot(c["open"], **options_of(c)).to_dict())
        assert got == comparable(snake_keys(live[c["name"]])), c["name"]


def test_a_repository_libgit2_cannot_read_is_unsupported() -> None:
    """The `sha256` fixture (SHA-256 object ids): git reads it, the native core cannot."""
    sha256 = str(Path(MANIFEST["cacheDir"]) / "sha256" / "work")
    for call in (lambda: omni_sniffer.snapshot(sha256), lambda: omni_sniffer.OmniSniffer(sha256).get_snapshot()):
        with pytest.raises(omni_sniffer.UnsupportedRepositoryError) as raised:
            call()
        assert raised.value.code == "UNSUPPORTED_REPOSITORY"
        assert sha256 in str(raised.value)


@pytest.mark.parametrize("c", FAILING, ids=lambda c: c["name"])
def test_an_error_case_raises_its_codes_exception_naming_the_path(c: Dict[str, Any]) -> None:
    cls = CLASS_OF_CODE[c["error"]]
    options = options_of(c)
    with pytest.raises(cls) as one_shot:
        omni_sniffer.snapshot(c["open"], **options)
    with pytest.raises(cls) as kept:
        omni_sniffer.OmniSniffer(c["open"], **options).get_snapshot()
    with pytest.raises(cls) as in_async:
        asyncio.run(omni_sniffer.snapshot_async(c["open"], **options))
    for raised in (one_shot, kept, in_async):
        assert isinstance(raised.value, omni_sniffer.SnifferError)
        assert raised.value.code == c["error"]
        assert c["open"] in str(raised.value)


def test_the_manifest_is_the_shared_one() -> None:
    assert Path(MANIFEST["cacheDir"]).is_dir()
    assert len(ANSWERS) > 40 and len(FAILING) > 5
