//! The checks on the JavaScript arguments of the Node bindings, shared by both so that a wrong
//! argument gets the same `CONFIG` error, naming it, as in the TypeScript reference
//! (`ts-reference/src/options.ts`). A binding only says what kind of value it was handed.

use crate::{OmniError, OmniResult, SnapshotOptions, UntrackedFiles};

/// One JavaScript argument or option, as a binding found it.
#[derive(Debug, Clone, PartialEq)]
pub enum JsArgument {
    Undefined,
    Null,
    String(String),
    Number(f64),
    Boolean(bool),
    Array,
    /// A plain object (not an array, not a function).
    Object,
    /// Any other value, by its `typeof`: `function`, `symbol`, `bigint`.
    Other(&'static str),
}

impl JsArgument {
    /// `undefined` and `null` both mean "use the default", as `??` does in the reference.
    pub fn is_absent(&self) -> bool {
        matches!(self, JsArgument::Undefined | JsArgument::Null)
    }

    fn describe(&self) -> String {
        match self {
            JsArgument::Undefined => "undefined".into(),
            JsArgument::Null => "null".into(),
            JsArgument::String(s) => format!("{s:?}"),
            JsArgument::Number(n) => format!("number {n}"),
            JsArgument::Boolean(b) => format!("boolean {b}"),
            JsArgument::Array => "an array".into(),
            JsArgument::Object => "an object".into(),
            JsArgument::Other(kind) => format!("a {kind}"),
        }
    }
}

/// The `path` argument: a non-empty string.
pub fn path_argument(path: JsArgument) -> OmniResult<String> {
    match path {
        JsArgument::String(s) if !s.is_empty() => Ok(s),
        other => Err(OmniError::config(format!(
            "invalid argument path: expected a non-empty string (a folder inside a git worktree), got {}",
            other.describe()
        ))),
    }
}

/// The error for an `options` argument that is neither an object nor `undefined`/`null`.
pub fn options_argument_error(options: &JsArgument) -> OmniError {
    OmniError::config(format!(
        "invalid argument options: expected an object such as {{ untrackedFiles: \"normal\" }}, got {}",
        options.describe()
    ))
}

/// The two fields of the `options` object, each absent, or checked.
pub fn snapshot_options(
    untracked_files: JsArgument,
    scratchpad: JsArgument,
) -> OmniResult<SnapshotOptions> {
    let untracked_files = match untracked_files {
        absent if absent.is_absent() => UntrackedFiles::default(),
        JsArgument::String(mode) => mode.parse()?,
        other => {
            return Err(OmniError::config(format!(
                "invalid untrackedFiles option {}: use \"normal\", \"all\" or \"no\"",
                other.describe()
            )))
        }
    };
    let scratchpad = match scratchpad {
        absent if absent.is_absent() => None,
        JsArgument::String(path) if !path.is_empty() => Some(path),
        other => {
            return Err(OmniError::config(format!(
                "invalid scratchpad option {}: expected a non-empty path, relative to the worktree or absolute",
                other.describe()
            )))
        }
    };
    Ok(SnapshotOptions {
        untracked_files,
        scratchpad,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_arguments_are_config_errors_naming_the_argument() {
        let cases = [
            (
                path_argument(JsArgument::Number(42.0)).unwrap_err(),
                "path",
                "number 42",
            ),
            (
                path_argument(JsArgument::String(String::new())).unwrap_err(),
                "path",
                "\"\"",
            ),
            (
                options_argument_error(&JsArgument::String("normal".into())),
                "options",
                "\"normal\"",
            ),
            (
                snapshot_options(JsArgument::String("some".into()), JsArgument::Undefined)
                    .unwrap_err(),
                "untrackedFiles",
                "\"some\"",
            ),
            (
                snapshot_options(JsArgument::Number(3.0), JsArgument::Null).unwrap_err(),
                "untrackedFiles",
                "number 3",
            ),
            (
                snapshot_options(JsArgument::Undefined, JsArgument::Number(7.0)).unwrap_err(),
                "scratchpad",
                "number 7",
            ),
        ];
        for (error, named, got) in cases {
            assert_eq!(error.code(), "CONFIG");
            assert!(error.to_string().contains(named), "{error}");
            assert!(error.to_string().contains(got), "{error}");
        }
    }

    #[test]
    fn absent_options_take_the_defaults() {
        assert_eq!(
            snapshot_options(JsArgument::Null, JsArgument::Undefined).unwrap(),
            SnapshotOptions::default()
        );
        let options = snapshot_options(
            JsArgument::String("all".into()),
            JsArgument::String("n.md".into()),
        )
        .unwrap();
        assert_eq!(options.untracked_files, UntrackedFiles::All);
        assert_eq!(options.scratchpad(), "n.md");
    }
}
