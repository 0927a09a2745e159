use std::error::Error as StdError;

use thiserror::Error;

pub type OmniResult<T> = Result<T, OmniError>;

/// What caused an error, kept for `Error::source()`: a git2 error, an I/O error, ...
pub type Cause = Box<dyn StdError + Send + Sync + 'static>;

/// Which git failure happened; each maps to one stable code of the contract's error table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GitErrorKind {
    NotARepository,
    BareRepository,
    UnsafeRepository,
    /// A repository git reads but libgit2 cannot (SHA-256 object ids, a repository extension
    /// libgit2 does not know): another backend, one that runs git, can answer.
    UnsupportedRepository,
    /// Anything else that goes wrong while reading the repository (corrupt index, ...).
    Other,
}

/// Every failure of the core. `Display` is the message a user sees: it names the path and says
/// what to do. The underlying failure, when there is one, is the error's `source()`.
#[derive(Debug, Error)]
pub enum OmniError {
    #[error("{message}")]
    Git {
        kind: GitErrorKind,
        message: String,
        #[source]
        cause: Option<Cause>,
    },
    #[error("{message}")]
    FileSystem {
        message: String,
        #[source]
        cause: Option<Cause>,
    },
    #[error("{message}")]
    Config { message: String },
}

impl OmniError {
    pub fn git(kind: GitErrorKind, message: impl Into<String>) -> Self {
        OmniError::Git {
            kind,
            message: message.into(),
            cause: None,
        }
    }

    pub fn file_system(message: impl Into<String>) -> Self {
        OmniError::FileSystem {
            message: message.into(),
            cause: None,
        }
    }

    pub fn config(message: impl Into<String>) -> Self {
        OmniError::Config {
            message: message.into(),
        }
    }

    /// A bug of omni-sniffer's own (a panic, a broken invariant), reported as an error of code
    /// `GIT` rather than a wrong answer or an abort.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        OmniError::git(
            GitErrorKind::Other,
            format!("omni-sniffer failed with an internal error ({detail}); this is a bug: please report it, with the output of `git status` in that repository"),
        )
    }

    /// The same error, with `cause` as its `source()`. A `Config` error keeps none: it is about
    /// the caller's argument, not a failure underneath.
    pub fn caused_by(mut self, cause: impl Into<Cause>) -> Self {
        match &mut self {
            OmniError::Git { cause: slot, .. } | OmniError::FileSystem { cause: slot, .. } => {
                *slot = Some(cause.into());
            }
            OmniError::Config { .. } => {}
        }
        self
    }

    /// The stable code of the contract's error table (`BACKEND_UNAVAILABLE` exists only in
    /// JavaScript).
    pub fn code(&self) -> &'static str {
        match self {
            OmniError::Git { kind, .. } => match kind {
                GitErrorKind::NotARepository => "NOT_A_REPOSITORY",
                GitErrorKind::BareRepository => "BARE_REPOSITORY",
                GitErrorKind::UnsafeRepository => "UNSAFE_REPOSITORY",
                GitErrorKind::UnsupportedRepository => "UNSUPPORTED_REPOSITORY",
                GitErrorKind::Other => "GIT",
            },
            OmniError::FileSystem { .. } => "FILE_SYSTEM",
            OmniError::Config { .. } => "CONFIG",
        }
    }

    /// The message followed by every cause in its `source()` chain, for a reader that sees only
    /// one string (a JavaScript `Error`, a log line).
    pub fn message_with_causes(&self) -> String {
        let mut text = self.to_string();
        let mut cause = self.source();
        while let Some(current) = cause {
            text.push_str(&format!(" (cause: {current})"));
            cause = current.source();
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_the_contract_table() {
        let cases = [
            (
                OmniError::git(GitErrorKind::NotARepository, "m"),
                "NOT_A_REPOSITORY",
            ),
            (
                OmniError::git(GitErrorKind::BareRepository, "m"),
                "BARE_REPOSITORY",
            ),
            (
                OmniError::git(GitErrorKind::UnsafeRepository, "m"),
                "UNSAFE_REPOSITORY",
            ),
            (
                OmniError::git(GitErrorKind::UnsupportedRepository, "m"),
                "UNSUPPORTED_REPOSITORY",
            ),
            (OmniError::git(GitErrorKind::Other, "m"), "GIT"),
            (OmniError::file_system("m"), "FILE_SYSTEM"),
            (OmniError::config("m"), "CONFIG"),
        ];
        for (error, code) in cases {
            assert_eq!(error.code(), code);
            assert_eq!(error.to_string(), "m");
        }
    }

    #[test]
    fn the_cause_is_the_source_and_joins_the_full_message() {
        let io = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied");
        let error = OmniError::file_system("cannot read /x: check its permissions").caused_by(io);
        assert_eq!(error.to_string(), "cannot read /x: check its permissions");
        assert_eq!(
            error.source().map(ToString::to_string).as_deref(),
            Some("denied")
        );
        assert_eq!(
            error.message_with_causes(),
            "cannot read /x: check its permissions (cause: denied)"
        );
        assert!(OmniError::config("c")
            .caused_by(std::fmt::Error)
            .source()
            .is_none());
    }
}
