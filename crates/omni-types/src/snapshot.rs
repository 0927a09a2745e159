use serde::{Deserialize, Serialize};

/// The read-only state of a git worktree plus the scratchpad size (the contract's table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentSnapshot {
    pub git_branch: String,
    pub git_staged: u32,
    pub git_modified: u32,
    pub git_untracked: u32,
    pub git_conflicted: u32,
    pub dirty_files: Vec<String>,
    pub files: Vec<FileStatus>,
    pub head: Head,
    pub upstream: Option<Upstream>,
    pub stash_count: u32,
    pub operation: Option<String>,
    pub active_context_lines: u64,
    pub context: ContextInfo,
    pub root: String,
    pub timestamp: f64,
    /// The first commits of `git log --first-parent` from HEAD, newest first; only when the
    /// `recent_commits` option asked for them (empty on an unborn branch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recent_commits: Option<Vec<RecentCommit>>,
}

/// One commit of `recent_commits`, as `git log --format=%H %s %an %at` gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecentCommit {
    /// The commit's hex id.
    pub oid: String,
    /// The subject: the first paragraph of the message, its lines joined with spaces (`%s`).
    pub summary: String,
    /// The author's name as the commit records it (no mailmap).
    pub author_name: String,
    /// The author's time, in Unix seconds.
    pub author_time: i64,
}

/// One record of `git status --porcelain=v2`: `index` is X, `worktree` is Y.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStatus {
    pub path: String,
    pub index: char,
    pub worktree: char,
    /// The 4-character `sub` field (`N...` for a plain file); `None` for untracked paths.
    pub submodule: Option<String>,
    /// The lines added and deleted on each side; only when the `line_stats` option asks.
    #[serde(default, rename = "lineStats", skip_serializing_if = "Option::is_none")]
    pub line_stats: Option<LineStats>,
    /// Only with the `renames` option: `Some(None)` (JSON `null`) for an entry that is not a
    /// rename, `Some(Some(..))` for a type `2` record; `None` (absent) without the option.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub rename: Option<Option<Rename>>,
}

/// Where a type `2` record's path was renamed from, and git's similarity score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rename {
    /// The original path (porcelain v2's `origPath`).
    pub from: String,
    /// The similarity, 0 to 100 (the number after `R`); 100 for an exact rename.
    pub score: u8,
}

/// A field that is there, even as `null`, is `Some`: absent and `null` mean different things.
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// The line counts of one entry of `files`, as `git diff --cached --numstat` (`staged`) and
/// `git diff --numstat` (`unstaged`) give them; a side is `None` when it has no change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineStats {
    pub staged: Option<LineCount>,
    pub unstaged: Option<LineCount>,
}

/// One side's counts: both numbers, or neither and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LineCount {
    pub added: Option<u64>,
    pub deleted: Option<u64>,
    pub not_counted: Option<NotCounted>,
}

impl LineCount {
    pub fn counted(added: u64, deleted: u64) -> Self {
        LineCount {
            added: Some(added),
            deleted: Some(deleted),
            not_counted: None,
        }
    }

    pub fn not_counted(why: NotCounted) -> Self {
        LineCount {
            added: None,
            deleted: None,
            not_counted: Some(why),
        }
    }
}

/// Why a side has no counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotCounted {
    /// git's `-\t-`: a version is binary by its attributes or its first 8,000 bytes.
    Binary,
    /// A version is over the `line_stats_max_bytes` limit, and was not read.
    TooLarge,
    /// A gitlink: its change is a commit, not lines.
    Submodule,
}

impl NotCounted {
    pub fn as_str(self) -> &'static str {
        match self {
            NotCounted::Binary => "binary",
            NotCounted::TooLarge => "too-large",
            NotCounted::Submodule => "submodule",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    /// The 40-hex commit id; `None` when the branch is unborn.
    pub oid: Option<String>,
    pub detached: bool,
    pub unborn: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upstream {
    /// As git prints it in `# branch.upstream`, e.g. `origin/main`.
    pub name: String,
    pub ahead: u32,
    pub behind: u32,
    /// Configured, but the upstream ref does not exist.
    pub gone: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextInfo {
    /// Relative to the snapshot's root.
    pub path: String,
    pub status: ContextStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContextStatus {
    Ok,
    Missing,
    Unreadable,
}
