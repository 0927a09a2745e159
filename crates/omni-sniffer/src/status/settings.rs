//! The configuration that changes how git compares the worktree, read fresh each
//! snapshot from a git2 config snapshot (repository, global, XDG and system files).

use std::path::PathBuf;

use git2::Repository;
use omni_types::OmniResult;

use crate::errors;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AutoCrlf {
    False,
    True,
    Input,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settings {
    /// `core.filemode`: whether the owner-execute bit counts.
    pub filemode: bool,
    /// `core.symlinks`: false means a symlink is checked out as a plain file.
    pub symlinks: bool,
    /// `core.trustctime`.
    pub trust_ctime: bool,
    /// `core.checkStat` is not `minimal`: ctime, uid, gid and inode count.
    pub check_stat: bool,
    pub autocrlf: AutoCrlf,
    /// Sparse checkout is on and files outside its patterns are not expected: git then
    /// treats a skip-worktree file that is present on disk as an ordinary one.
    pub sparse_present_files_count: bool,
    /// `core.excludesFile`, or git's XDG default.
    pub excludes_file: Option<PathBuf>,
    /// `core.attributesFile`, or git's XDG default.
    pub attributes_file: Option<PathBuf>,
}

impl Settings {
    pub(crate) fn read(repo: &Repository) -> OmniResult<Self> {
        let config = repo
            .config()
            .and_then(|mut c| c.snapshot())
            .map_err(|e| errors::git("cannot read the git configuration", e))?;
        let flag = |name: &str, default: bool| config.get_bool(name).unwrap_or(default);
        let autocrlf = match config.get_str("core.autocrlf") {
            Ok(value) if value.eq_ignore_ascii_case("input") => AutoCrlf::Input,
            Ok(_) if flag("core.autocrlf", false) => AutoCrlf::True,
            _ => AutoCrlf::False,
        };
        let check_stat =
            !matches!(config.get_str("core.checkStat"), Ok(v) if v.eq_ignore_ascii_case("minimal"));
        let excludes_file = config
            .get_path("core.excludesFile")
            .ok()
            .or_else(|| xdg_default("ignore"));
        let attributes_file = config
            .get_path("core.attributesFile")
            .ok()
            .or_else(|| xdg_default("attributes"));
        Ok(Settings {
            filemode: flag("core.filemode", true),
            symlinks: flag("core.symlinks", true),
            trust_ctime: flag("core.trustctime", true),
            check_stat,
            sparse_present_files_count: flag("core.sparseCheckout", false)
                && !flag("sparse.expectFilesOutsideOfPatterns", false),
            autocrlf,
            excludes_file,
            attributes_file,
        })
    }
}

/// git's default `core.excludesFile` or `core.attributesFile`: `$XDG_CONFIG_HOME/git/<name>` or
/// `~/.config/git/<name>`.
fn xdg_default(name: &str) -> Option<PathBuf> {
    match std::env::var_os("XDG_CONFIG_HOME") {
        Some(xdg) if !xdg.is_empty() => Some(PathBuf::from(xdg).join("git").join(name)),
        _ => {
            std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config/git").join(name))
        }
    }
}
