"""Wrong arguments and options: each a ConfigError in the contract's words (Python's names), raised
before any disk access; the exception classes and their codes; a panic in the core."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest

import omni_sniffer
from conftest import case

CLEAN = case("clean")["open"]


@pytest.mark.parametrize(
    "path, message",
    [
        (None, 'Invalid argument "path": expected a non-empty str or os.PathLike (a folder inside a git worktree), got None.'),
        (3, 'Invalid argument "path": expected a non-empty str or os.PathLike (a folder inside a git worktree), got 3.'),
        ("", "Invalid argument \"path\": expected a non-empty str or os.PathLike (a folder inside a git worktree), got ''."),
        ("a\0b", "Invalid argument \"path\": a path cannot contain a NUL byte, got 'a\\x00b'."),
    ],
)
def test_a_wrong_path_is_a_config_error(path: Any, message: str) -> None:
    for call in (lambda: omni_sniffer.snapshot(path), lambda: omni_sniffer.OmniSniffer(path)):
        with pytest.raises(omni_sniffer.ConfigError) as raised:
            call()
        assert str(raised.value) == message
        assert raised.value.code == "CONFIG"


@pytest.mark.parametrize(
    "options, message",
    [
        ({"untracked_files": "some"}, 'Invalid option "untracked_files": \'some\'. Use "normal", "all" or "no".'),
        ({"untracked_files": 1}, 'Invalid option "untracked_files": 1. Use "normal", "all" or "no".'),
        ({"scratchpad": ""}, "Invalid option \"scratchpad\": expected a non-empty path (relative to the worktree or absolute), got ''."),
        ({"scratchpad": 5}, 'Invalid option "scratchpad": expected a non-empty path (relative to the worktree or absolute), got 5.'),
        ({"recent_commits": -1}, 'Invalid option "recent_commits": expected a whole number from 0 to 1000, got -1.'),
        ({"recent_commits": True}, 'Invalid option "recent_commits": expected a whole number from 0 to 1000, got True.'),
        ({"recent_commits": 1001}, 'Invalid option "recent_commits": expected a whole number from 0 to 1000, got 1001.'),
        ({"line_stats": 1}, 'Invalid option "line_stats": expected True or False, got 1.'),
        ({"renames": "yes"}, "Invalid option \"renames\": expected True or False, got 'yes'."),
        ({"line_stats_max_bytes": -1}, 'Invalid option "line_stats_max_bytes": expected a whole number of bytes from 0 to 2147483648, got -1.'),
        ({"line_stats_max_bytes": 2**31 + 1}, 'Invalid option "line_stats_max_bytes": expected a whole number of bytes from 0 to 2147483648, got 2147483649.'),
        (
            {"untrackedFiles": "all"},
            "Unknown option 'untrackedFiles': the options are untracked_files, scratchpad, recent_commits, line_stats, line_stats_max_bytes, renames.",
        ),
    ],
)
def test_a_wrong_option_is_a_config_error(options: Any, message: str) -> None:
    with pytest.raises(omni_sniffer.ConfigError) as raised:
        omni_sniffer.snapshot(CLEAN, **options)
    assert str(raised.value) == message


def test_watch_is_a_kept_sniffers_option_and_a_boolean() -> None:
    with pytest.raises(omni_sniffer.ConfigError) as raised:
        omni_sniffer.OmniSniffer(CLEAN, watch=1)
    assert str(raised.value) == 'Invalid option "watch": expected True or False, got 1.'
    with pytest.raises(omni_sniffer.ConfigError):
        omni_sniffer.snapshot(CLEAN, watch=False)
    with omni_sniffer.OmniSniffer(CLEAN, watch=False) as kept:
        assert kept.get_snapshot().dirty_files == []


def test_none_means_the_default_and_a_pathlike_is_a_path() -> None:
    plain = omni_sniffer.snapshot(CLEAN).to_dict()
    given = omni_sniffer.snapshot(pathlib.Path(CLEAN), untracked_files=None, scratchpad=None).to_dict()
    assert {**given, "timestamp": 0} == {**plain, "timestamp": 0}


def test_every_class_is_a_sniffer_error_with_its_code() -> None:
    classes = {
        omni_sniffer.NotARepositoryError: "NOT_A_REPOSITORY",
        omni_sniffer.BareRepositoryError: "BARE_REPOSITORY",
        omni_sniffer.UnsafeRepositoryError: "UNSAFE_REPOSITORY",
        omni_sniffer.UnsupportedRepositoryError: "UNSUPPORTED_REPOSITORY",
        omni_sniffer.GitError: "GIT",
        omni_sniffer.FileSystemError: "FILE_SYSTEM",
        omni_sniffer.ConfigError: "CONFIG",
    }
    for cls, code in classes.items():
        assert issubclass(cls, omni_sniffer.SnifferError)
        assert issubclass(cls, Exception)
        assert cls.code == code


def test_a_panic_in_the_core_is_a_git_error_and_the_interpreter_lives_on() -> None:
    from omni_sniffer import _native

    with pytest.raises(omni_sniffer.GitError) as raised:
        _native.panic_for_tests()
    assert "a deliberate panic" in str(raised.value)
    assert omni_sniffer.snapshot(CLEAN).git_branch == "main"


def test_the_snapshot_is_typed() -> None:
    snap = omni_sniffer.snapshot(case("worktree-changes")["open"])
    assert isinstance(snap, omni_sniffer.Snapshot)
    assert isinstance(snap.head, omni_sniffer.Head) and snap.head.oid and len(snap.head.oid) == 40
    assert all(isinstance(f, omni_sniffer.FileStatus) for f in snap.files)
    assert [f.path for f in snap.files] == snap.dirty_files
    assert isinstance(snap.context, omni_sniffer.ContextInfo) and snap.context.status == "missing"
    assert snap.to_dict()["files"][0] == snap.files[0].to_dict()
    assert "git_branch='main'" in repr(snap) or 'git_branch="main"' in repr(snap)
    with omni_sniffer.OmniSniffer(case("worktree-changes")["open"]) as kept:
        git = kept.scan_git()
        assert (git.git_branch, git.git_modified, git.dirty_files) == (snap.git_branch, snap.git_modified, snap.dirty_files)
        assert kept.scan_context().active_context_lines == snap.active_context_lines
        assert kept.root == snap.root
