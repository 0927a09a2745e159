use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::OmniError;

/// The scratchpad read when the options name none, relative to the worktree root.
pub const DEFAULT_SCRATCHPAD: &str = ".memory/active_context/SCRATCHPAD.md";

/// git's `--untracked-files` mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UntrackedFiles {
    /// Untracked directories are collapsed to `dir/`, as git does by default.
    #[default]
    Normal,
    /// Every untracked file is listed on its own.
    All,
    /// Untracked files are not looked for.
    No,
}

impl UntrackedFiles {
    pub fn as_str(self) -> &'static str {
        match self {
            UntrackedFiles::Normal => "normal",
            UntrackedFiles::All => "all",
            UntrackedFiles::No => "no",
        }
    }
}

impl fmt::Display for UntrackedFiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for UntrackedFiles {
    type Err = OmniError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "normal" => Ok(UntrackedFiles::Normal),
            "all" => Ok(UntrackedFiles::All),
            "no" => Ok(UntrackedFiles::No),
            other => Err(OmniError::config(format!(
                "invalid untrackedFiles option {other:?}: use \"normal\", \"all\" or \"no\""
            ))),
        }
    }
}

/// What a snapshot looks at; every field has the contract's default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SnapshotOptions {
    pub untracked_files: UntrackedFiles,
    /// Relative to the worktree root, or absolute; `None` means [`DEFAULT_SCRATCHPAD`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scratchpad: Option<String>,
    /// Whether a kept sniffer follows the worktree with inotify; `None` means on. One-shot
    /// snapshots never watch, whatever this says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watch: Option<bool>,
    /// How many commits of `git log --first-parent` from HEAD the snapshot lists (at most
    /// [`MAX_RECENT_COMMITS`]); `None`: the snapshot has no `recent_commits` at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recent_commits: Option<u32>,
    /// Whether each entry of `files` gets its line counts.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub line_stats: bool,
    /// The largest version, in bytes, a line count reads; `None` means [`DEFAULT_LINE_STATS_MAX_BYTES`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line_stats_max_bytes: Option<u64>,
    /// Whether status detects renames (`git status --renames`), giving type `2` records.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub renames: bool,
}

/// A version larger than this is not read for its line counts, unless the options say otherwise.
pub const DEFAULT_LINE_STATS_MAX_BYTES: u64 = 1 << 20;

/// The largest `line_stats_max_bytes`: 2 GiB, past which a file is not prompt material.
pub const MAX_LINE_STATS_MAX_BYTES: u64 = 1 << 31;

/// The most commits `recent_commits` may ask for: a prompt's worth, not a history export.
pub const MAX_RECENT_COMMITS: u32 = 1000;

impl SnapshotOptions {
    /// The scratchpad path as given, or the default one.
    pub fn scratchpad(&self) -> &str {
        self.scratchpad.as_deref().unwrap_or(DEFAULT_SCRATCHPAD)
    }

    /// The size limit of a line count, as given or the default.
    pub fn line_stats_max_bytes(&self) -> u64 {
        self.line_stats_max_bytes
            .unwrap_or(DEFAULT_LINE_STATS_MAX_BYTES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_mode_and_names_a_bad_one() {
        assert_eq!(
            "normal".parse::<UntrackedFiles>().unwrap(),
            UntrackedFiles::Normal
        );
        assert_eq!(
            "all".parse::<UntrackedFiles>().unwrap(),
            UntrackedFiles::All
        );
        assert_eq!("no".parse::<UntrackedFiles>().unwrap(), UntrackedFiles::No);
        let error = "sometimes".parse::<UntrackedFiles>().unwrap_err();
        assert_eq!(error.code(), "CONFIG");
        assert!(error.to_string().contains("\"sometimes\""));
    }

    #[test]
    fn options_default_and_use_javascript_names() {
        let options: SnapshotOptions = serde_json::from_str("{}").unwrap();
        assert_eq!(options, SnapshotOptions::default());
        assert_eq!(options.scratchpad(), DEFAULT_SCRATCHPAD);
        let options: SnapshotOptions =
            serde_json::from_str(r#"{"untrackedFiles":"all","scratchpad":"notes.md"}"#).unwrap();
        assert_eq!(options.untracked_files, UntrackedFiles::All);
        assert_eq!(options.scratchpad(), "notes.md");
        assert_eq!(options.watch, None);
        let options: SnapshotOptions = serde_json::from_str(r#"{"watch":false}"#).unwrap();
        assert_eq!(options.watch, Some(false));
        assert_eq!(
            serde_json::to_string(&options).unwrap(),
            r#"{"untrackedFiles":"normal","watch":false}"#
        );
        assert_eq!(
            serde_json::to_string(&SnapshotOptions::default()).unwrap(),
            r#"{"untrackedFiles":"normal"}"#
        );
    }
}
