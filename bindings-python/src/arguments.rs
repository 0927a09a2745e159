//! Python arguments checked before any disk access, in the contract's words (docs/contract.md,
//! "Wrong arguments") with Python's names: `untracked_files`, and the value as `repr()` shows it.
//! Each is a `ConfigError`, never a bare `TypeError`.

use std::path::PathBuf;

use omni_sniffer::{
    OmniError, OmniResult, SnapshotOptions, UntrackedFiles, MAX_LINE_STATS_MAX_BYTES,
    MAX_RECENT_COMMITS,
};
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The options a call takes, in the order they are read.
const ONE_SHOT: &[&str] = &[
    "untracked_files",
    "scratchpad",
    "recent_commits",
    "line_stats",
    "line_stats_max_bytes",
    "renames",
];
const KEPT: &[&str] = &[
    "untracked_files",
    "scratchpad",
    "watch",
    "recent_commits",
    "line_stats",
    "line_stats_max_bytes",
    "renames",
];

fn shown(value: &Bound<'_, PyAny>) -> String {
    value.repr().map_or_else(
        |_| "an object that cannot be shown".to_string(),
        |r| r.to_string(),
    )
}

/// `path`: a `str` or an `os.PathLike`, not empty, without a NUL byte.
pub(crate) fn path(value: &Bound<'_, PyAny>) -> OmniResult<PathBuf> {
    let wrong = || {
        OmniError::config(format!(
            "Invalid argument \"path\": expected a non-empty str or os.PathLike (a folder inside a git worktree), got {}.",
            shown(value)
        ))
    };
    let path: PathBuf = value.extract().map_err(|_| wrong())?;
    if path.as_os_str().is_empty() {
        return Err(wrong());
    }
    if path.as_os_str().as_encoded_bytes().contains(&0) {
        return Err(OmniError::config(format!(
            "Invalid argument \"path\": a path cannot contain a NUL byte, got {}.",
            shown(value)
        )));
    }
    Ok(path)
}

/// The keyword options of a one-shot call (`kept`: of a kept sniffer, which also takes `watch`).
pub(crate) fn options(
    given: Option<&Bound<'_, PyDict>>,
    kept: bool,
) -> OmniResult<SnapshotOptions> {
    let known = if kept { KEPT } else { ONE_SHOT };
    let mut options = SnapshotOptions::default();
    let Some(given) = given else {
        return Ok(options);
    };
    for (key, _) in given.iter() {
        let name = key.extract::<String>().unwrap_or_default();
        if !known.contains(&name.as_str()) {
            return Err(OmniError::config(format!(
                "Unknown option {}: the options are {}.",
                shown(&key),
                known.join(", ")
            )));
        }
    }
    let get = |name: &str| given.get_item(name).ok().flatten().filter(|v| !v.is_none());
    if let Some(value) = get("untracked_files") {
        options.untracked_files = value
            .extract::<String>()
            .ok()
            .and_then(|mode| mode.parse::<UntrackedFiles>().ok())
            .ok_or_else(|| {
                OmniError::config(format!(
                    "Invalid option \"untracked_files\": {}. Use \"normal\", \"all\" or \"no\".",
                    shown(&value)
                ))
            })?;
    }
    if let Some(value) = get("scratchpad") {
        let wrong = || {
            OmniError::config(format!(
                "Invalid option \"scratchpad\": expected a non-empty path (relative to the worktree or absolute), got {}.",
                shown(&value)
            ))
        };
        let path: PathBuf = value.extract().map_err(|_| wrong())?;
        let text = path
            .to_str()
            .filter(|t| !t.is_empty() && !t.contains('\0'))
            .ok_or_else(wrong)?;
        options.scratchpad = Some(text.to_string());
    }
    if let Some(value) = get("watch") {
        // `True` or `False` only: 0, 1 and "yes" are not booleans.
        if !value.is_instance_of::<pyo3::types::PyBool>() {
            return Err(OmniError::config(format!(
                "Invalid option \"watch\": expected True or False, got {}.",
                shown(&value)
            )));
        }
        options.watch = Some(value.extract::<bool>().unwrap_or(true));
    }
    if let Some(value) = get("recent_commits") {
        // An int, not a bool (which Python counts as one).
        let count = (!value.is_instance_of::<pyo3::types::PyBool>())
            .then(|| value.extract::<u32>().ok())
            .flatten()
            .filter(|&n| n <= MAX_RECENT_COMMITS);
        let Some(count) = count else {
            return Err(OmniError::config(format!(
                "Invalid option \"recent_commits\": expected a whole number from 0 to {MAX_RECENT_COMMITS}, got {}.",
                shown(&value)
            )));
        };
        options.recent_commits = Some(count);
    }
    if let Some(value) = get("line_stats") {
        options.line_stats = switch("line_stats", &value)?;
    }
    if let Some(value) = get("line_stats_max_bytes") {
        let limit = (!value.is_instance_of::<pyo3::types::PyBool>())
            .then(|| value.extract::<u64>().ok())
            .flatten()
            .filter(|&n| n <= MAX_LINE_STATS_MAX_BYTES);
        let Some(limit) = limit else {
            return Err(OmniError::config(format!(
                "Invalid option \"line_stats_max_bytes\": expected a whole number of bytes from 0 to {MAX_LINE_STATS_MAX_BYTES}, got {}.",
                shown(&value)
            )));
        };
        options.line_stats_max_bytes = Some(limit);
    }
    if let Some(value) = get("renames") {
        options.renames = switch("renames", &value)?;
    }
    Ok(options)
}

/// An option that is `True` or `False`.
fn switch(name: &str, value: &Bound<'_, PyAny>) -> OmniResult<bool> {
    if !value.is_instance_of::<pyo3::types::PyBool>() {
        return Err(OmniError::config(format!(
            "Invalid option \"{name}\": expected True or False, got {}.",
            shown(value)
        )));
    }
    Ok(value.extract::<bool>().unwrap_or(false))
}
