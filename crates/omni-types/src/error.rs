use thiserror::Error;

pub type OmniResult<T> = Result<T, OmniError>;

/// Which git failure happened; each maps to one stable code of SPEC.md's error table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GitErrorKind {
    NotARepository,
    BareRepository,
    UnsafeRepository,
    /// Anything else that goes wrong while reading the repository (corrupt index, ...).
    Other,
}

/// Every failure of the core. `Display` is the message a user sees: it names the path
/// and says what to do, so the bindings pass it through unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum OmniError {
    #[error("{message}")]
    Git { kind: GitErrorKind, message: String },
    #[error("{message}")]
    FileSystem { message: String },
    #[error("{message}")]
    Config { message: String },
}

impl OmniError {
    pub fn git(kind: GitErrorKind, message: impl Into<String>) -> Self {
        OmniError::Git {
            kind,
            message: message.into(),
        }
    }

    pub fn file_system(message: impl Into<String>) -> Self {
        OmniError::FileSystem {
            message: message.into(),
        }
    }

    pub fn config(message: impl Into<String>) -> Self {
        OmniError::Config {
            message: message.into(),
        }
    }

    /// The stable code of SPEC.md's error table (`BACKEND_UNAVAILABLE` exists only in JavaScript).
    pub fn code(&self) -> &'static str {
        match self {
            OmniError::Git {
                kind: GitErrorKind::NotARepository,
                ..
            } => "NOT_A_REPOSITORY",
            OmniError::Git {
                kind: GitErrorKind::BareRepository,
                ..
            } => "BARE_REPOSITORY",
            OmniError::Git {
                kind: GitErrorKind::UnsafeRepository,
                ..
            } => "UNSAFE_REPOSITORY",
            OmniError::Git {
                kind: GitErrorKind::Other,
                ..
            } => "GIT",
            OmniError::FileSystem { .. } => "FILE_SYSTEM",
            OmniError::Config { .. } => "CONFIG",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_the_spec_table() {
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
            (OmniError::git(GitErrorKind::Other, "m"), "GIT"),
            (OmniError::file_system("m"), "FILE_SYSTEM"),
            (OmniError::config("m"), "CONFIG"),
        ];
        for (error, code) in cases {
            assert_eq!(error.code(), code);
            assert_eq!(error.to_string(), "m");
        }
    }
}
