//! HEAD and the branch's upstream, through git2.

use git2::{ErrorCode, Oid, Repository};
use omni_types::{Head, OmniResult, Upstream};

use crate::errors;

pub(crate) struct HeadState {
    /// The short branch name, `HEAD` when detached.
    pub branch: String,
    /// The full name of the branch HEAD points at; `None` when detached.
    pub branch_ref: Option<String>,
    pub commit: Option<Oid>,
    pub head: Head,
}

pub(crate) fn read_head(repo: &Repository, shown: &str) -> OmniResult<HeadState> {
    let head = repo
        .find_reference("HEAD")
        .map_err(|e| errors::git(format_args!("cannot read HEAD of {shown}"), e))?;
    if let Some(target) = head.symbolic_target_bytes() {
        let full = String::from_utf8_lossy(target).into_owned();
        if !git2::Reference::is_valid_name(&full) {
            // git resolves no such HEAD (`ref: refs/heads/../../config`): its status says
            // `(unknown)` and compares the index with nothing, as on an unborn branch.
            return Ok(HeadState {
                branch: "(unknown)".to_string(),
                branch_ref: None,
                commit: None,
                head: Head {
                    oid: None,
                    detached: false,
                    unborn: true,
                },
            });
        }
        let branch = full
            .strip_prefix("refs/heads/")
            .unwrap_or(&full)
            .to_string();
        let commit = match repo.refname_to_id(&full) {
            Ok(oid) => Some(oid),
            Err(e) if e.code() == ErrorCode::NotFound => None,
            Err(e) => {
                return Err(errors::git(
                    format_args!("cannot resolve {full} in {shown}"),
                    e,
                ))
            }
        };
        let head = Head {
            oid: commit.map(|o| o.to_string()),
            detached: false,
            unborn: commit.is_none(),
        };
        return Ok(HeadState {
            branch,
            branch_ref: Some(full),
            commit,
            head,
        });
    }
    let commit = head.target();
    Ok(HeadState {
        branch: "HEAD".to_string(),
        branch_ref: None,
        commit,
        head: Head {
            oid: commit.map(|o| o.to_string()),
            detached: true,
            unborn: false,
        },
    })
}

/// git's `# branch.upstream` and `# branch.ab` for the branch HEAD is on.
pub(crate) fn upstream(
    repo: &Repository,
    head: &HeadState,
    shown: &str,
) -> OmniResult<Option<Upstream>> {
    let Some(branch_ref) = &head.branch_ref else {
        return Ok(None);
    };
    // Not configured, or its remote or refspec does not map it: git prints no upstream either.
    let Ok(name) = repo.branch_upstream_name(branch_ref) else {
        return Ok(None);
    };
    let full = String::from_utf8_lossy(&name).into_owned();
    let short = shorten(&full).to_string();
    let upstream_oid = match repo.refname_to_id(&full) {
        Ok(oid) => oid,
        Err(_) => {
            return Ok(Some(Upstream {
                name: short,
                ahead: 0,
                behind: 0,
                gone: true,
            }))
        }
    };
    let (ahead, behind) = match head.commit {
        Some(local) => repo.graph_ahead_behind(local, upstream_oid).map_err(|e| {
            errors::git(
                format_args!("cannot compare {branch_ref} with {full} in {shown}"),
                e,
            )
        })?,
        None => (0, 0),
    };
    Ok(Some(Upstream {
        name: short,
        ahead: ahead as u32,
        behind: behind as u32,
        gone: false,
    }))
}

/// The name git's `shorten_unambiguous_ref` gives a branch or remote-tracking ref.
fn shorten(full: &str) -> &str {
    ["refs/heads/", "refs/remotes/", "refs/tags/", "refs/"]
        .iter()
        .find_map(|prefix| full.strip_prefix(prefix))
        .unwrap_or(full)
}
