//! The checks on the JavaScript arguments of the Node bindings. Both bindings use them, so a
//! wrong argument gets the same `CONFIG` error, word for word, as in the TypeScript reference
//! (`ts-reference/src/options.ts`); the contract's "Wrong arguments" table is the rule. A binding
//! only says what kind of value it was handed.

use omni_sniffer::{
    OmniError, OmniResult, SnapshotOptions, UntrackedFiles, MAX_LINE_STATS_MAX_BYTES,
    MAX_RECENT_COMMITS,
};

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

    /// The value as the contract's messages show it.
    fn describe(&self) -> String {
        match self {
            JsArgument::Undefined => "undefined".into(),
            JsArgument::Null => "null".into(),
            JsArgument::String(s) => json_string(s),
            JsArgument::Number(n) => format!("number {}", js_number(*n)),
            JsArgument::Boolean(b) => format!("boolean {b}"),
            JsArgument::Array => "an array".into(),
            JsArgument::Object => "an object".into(),
            JsArgument::Other(kind) => format!("a {kind}"),
        }
    }
}

/// What reading an option threw, as a binding caught it.
#[derive(Debug, Clone, PartialEq)]
pub enum Thrown {
    /// An `Error` whose `message` is a string.
    Error(String),
    /// Anything else that was thrown.
    Value(JsArgument),
}

/// The `path` argument: a non-empty string that a file name can be (no NUL byte).
pub fn path_argument(path: JsArgument) -> OmniResult<String> {
    match path {
        JsArgument::String(s) if s.contains('\0') => Err(OmniError::config(format!(
            "Invalid argument \"path\": a path cannot contain a NUL byte, got {}.",
            json_string(&s)
        ))),
        JsArgument::String(s) if !s.is_empty() => Ok(s),
        other => Err(OmniError::config(format!(
            "Invalid argument \"path\": expected a non-empty string (a folder inside a git worktree), got {}.",
            other.describe()
        ))),
    }
}

/// The error for an option whose getter (or Proxy trap) threw when the binding read it.
pub fn unreadable_option(name: &str, thrown: Thrown) -> OmniError {
    let shown = match thrown {
        Thrown::Error(message) => format!("an error {}", json_string(&message)),
        Thrown::Value(value) => value.describe(),
    };
    OmniError::config(format!(
        "Invalid option \"{name}\": reading it threw {shown}. Pass the options as plain values."
    ))
}

/// The error for an `options` argument that is neither an object nor `undefined`/`null`.
pub fn options_argument_error(options: &JsArgument) -> OmniError {
    OmniError::config(format!(
        "Invalid argument \"options\": expected an object such as {{ untrackedFiles: \"normal\" }}, got {}.",
        options.describe()
    ))
}

/// The snapshot options a binding reads from the `options` object, in the order it reads them
/// (the contract's "Wrong arguments" order), each read once.
pub const OPTION_NAMES: [&str; 7] = [
    "untrackedFiles",
    "scratchpad",
    "watch",
    "recentCommits",
    "lineStats",
    "lineStatsMaxBytes",
    "renames",
];

/// The fields of the `options` object, as [`OPTION_NAMES`] lists them, each absent, or checked.
pub fn snapshot_options(values: [JsArgument; 7]) -> OmniResult<SnapshotOptions> {
    let [untracked_files, scratchpad, watch, recent_commits, line_stats, max_bytes, renames] =
        values;
    let mode = match &untracked_files {
        absent if absent.is_absent() => Some(UntrackedFiles::default()),
        JsArgument::String(mode) => mode.parse().ok(),
        _ => None,
    };
    let Some(mode) = mode else {
        return Err(OmniError::config(format!(
            "Invalid option \"untrackedFiles\": {}. Use \"normal\", \"all\" or \"no\".",
            untracked_files.describe()
        )));
    };
    let scratchpad = match scratchpad {
        absent if absent.is_absent() => None,
        JsArgument::String(path) if !path.is_empty() => Some(path),
        other => {
            return Err(OmniError::config(format!(
                "Invalid option \"scratchpad\": expected a non-empty path (relative to the worktree or absolute), got {}.",
                other.describe()
            )))
        }
    };
    let watch = match watch {
        absent if absent.is_absent() => None,
        JsArgument::Boolean(watch) => Some(watch),
        other => {
            return Err(OmniError::config(format!(
                "Invalid option \"watch\": expected true or false, got {}.",
                other.describe()
            )))
        }
    };
    let recent_commits = match recent_commits {
        absent if absent.is_absent() => None,
        JsArgument::Number(n) if (0.0..=f64::from(MAX_RECENT_COMMITS)).contains(&n) && n.fract() == 0.0 => {
            Some(n as u32)
        }
        other => {
            return Err(OmniError::config(format!(
                "Invalid option \"recentCommits\": expected a whole number from 0 to {MAX_RECENT_COMMITS}, got {}.",
                other.describe()
            )))
        }
    };
    let line_stats = switch("lineStats", line_stats)?;
    let limit = MAX_LINE_STATS_MAX_BYTES as f64;
    let line_stats_max_bytes = match max_bytes {
        absent if absent.is_absent() => None,
        JsArgument::Number(n) if (0.0..=limit).contains(&n) && n.fract() == 0.0 => Some(n as u64),
        other => {
            return Err(OmniError::config(format!(
                "Invalid option \"lineStatsMaxBytes\": expected a whole number of bytes from 0 to {MAX_LINE_STATS_MAX_BYTES}, got {}.",
                other.describe()
            )))
        }
    };
    Ok(SnapshotOptions {
        untracked_files: mode,
        scratchpad,
        watch,
        recent_commits,
        line_stats,
        line_stats_max_bytes,
        renames: switch("renames", renames)?,
    })
}

/// An option that is `true` or `false`, off when absent.
fn switch(name: &str, value: JsArgument) -> OmniResult<bool> {
    match value {
        absent if absent.is_absent() => Ok(false),
        JsArgument::Boolean(on) => Ok(on),
        other => Err(OmniError::config(format!(
            "Invalid option \"{name}\": expected true or false, got {}.",
            other.describe()
        ))),
    }
}

/// The error for a prompt-block `options` argument that is neither an object nor absent.
pub fn prompt_options_argument_error(options: &JsArgument) -> OmniError {
    OmniError::config(format!(
        "Invalid argument \"options\": expected an object such as {{ maxChars: 2000 }}, got {}.",
        options.describe()
    ))
}

/// The prompt block's `maxChars` option: absent (no budget) or a whole number above 0.
pub fn max_chars_option(max_chars: JsArgument) -> OmniResult<Option<usize>> {
    match max_chars {
        absent if absent.is_absent() => Ok(None),
        // Number.isSafeInteger, as the reference checks it.
        JsArgument::Number(n) if n >= 1.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0 => {
            Ok(Some(n as usize))
        }
        other => Err(OmniError::config(format!(
            "Invalid option \"maxChars\": expected a whole number of characters above 0, got {}.",
            other.describe()
        ))),
    }
}

/// A snapshot's prompt block, within `max_chars` when there is a budget; `CONFIG` for a budget
/// below the smallest block the snapshot has.
pub fn prompt_block(
    snapshot: &omni_sniffer::EnvironmentSnapshot,
    max_chars: Option<usize>,
) -> OmniResult<String> {
    let Some(max_chars) = max_chars else {
        return Ok(snapshot.to_prompt_string());
    };
    snapshot.to_prompt_string_within(max_chars).map_err(|smallest| {
        OmniError::config(format!(
            "Invalid option \"maxChars\": {max_chars} is too small for this snapshot, whose branch and counts alone take {smallest} characters."
        ))
    })
}

/// `JSON.stringify` of a string, as the reference shows one.
fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

/// `String(n)` in JavaScript: `42`, `1.5`, `NaN`, `Infinity`, `1e+21`, `1e-7`.
fn js_number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if n == 0.0 {
        // -0 prints as 0 in JavaScript.
        return "0".into();
    }
    let magnitude = n.abs();
    if (1e-6..1e21).contains(&magnitude) {
        // Rust's shortest round-trip form is JavaScript's in this range.
        return n.to_string();
    }
    let exponential = format!("{n:e}");
    match exponential.split_once('e') {
        Some((digits, exponent)) if !exponent.starts_with('-') => format!("{digits}e+{exponent}"),
        _ => exponential,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The options with `values` given by name, the rest undefined.
    fn given(values: &[(&str, JsArgument)]) -> OmniResult<SnapshotOptions> {
        snapshot_options(OPTION_NAMES.map(|name| {
            values
                .iter()
                .find(|(given, _)| *given == name)
                .map_or(JsArgument::Undefined, |(_, value)| value.clone())
        }))
    }

    #[test]
    fn wrong_arguments_are_config_errors_in_the_contracts_words() {
        let cases = [
            (
                path_argument(JsArgument::Number(42.0)).unwrap_err(),
                "Invalid argument \"path\": expected a non-empty string (a folder inside a git worktree), got number 42.",
            ),
            (
                path_argument(JsArgument::String(String::new())).unwrap_err(),
                "Invalid argument \"path\": expected a non-empty string (a folder inside a git worktree), got \"\".",
            ),
            (
                options_argument_error(&JsArgument::String("normal".into())),
                "Invalid argument \"options\": expected an object such as { untrackedFiles: \"normal\" }, got \"normal\".",
            ),
            (
                given(&[("untrackedFiles", JsArgument::String("some".into()))])
                .unwrap_err(),
                "Invalid option \"untrackedFiles\": \"some\". Use \"normal\", \"all\" or \"no\".",
            ),
            (
                given(&[("untrackedFiles", JsArgument::Other("symbol")), ("scratchpad", JsArgument::Null)])
                    .unwrap_err(),
                "Invalid option \"untrackedFiles\": a symbol. Use \"normal\", \"all\" or \"no\".",
            ),
            (
                given(&[("scratchpad", JsArgument::Array)])
                    .unwrap_err(),
                "Invalid option \"scratchpad\": expected a non-empty path (relative to the worktree or absolute), got an array.",
            ),
            (
                given(&[("watch", JsArgument::String("yes".into()))])
                .unwrap_err(),
                "Invalid option \"watch\": expected true or false, got \"yes\".",
            ),
            (
                given(&[("scratchpad", JsArgument::Null), ("watch", JsArgument::Number(1.0))])
                    .unwrap_err(),
                "Invalid option \"watch\": expected true or false, got number 1.",
            ),
            (
                given(&[("watch", JsArgument::Object)])
                    .unwrap_err(),
                "Invalid option \"watch\": expected true or false, got an object.",
            ),
            (
                given(&[("recentCommits", JsArgument::Number(1001.0))])
                .unwrap_err(),
                "Invalid option \"recentCommits\": expected a whole number from 0 to 1000, got number 1001.",
            ),
            (
                given(&[("recentCommits", JsArgument::Number(2.5))])
                .unwrap_err(),
                "Invalid option \"recentCommits\": expected a whole number from 0 to 1000, got number 2.5.",
            ),
            (
                given(&[("lineStats", JsArgument::String("yes".into()))]).unwrap_err(),
                "Invalid option \"lineStats\": expected true or false, got \"yes\".",
            ),
            (
                given(&[("lineStatsMaxBytes", JsArgument::Number(-1.0))]).unwrap_err(),
                "Invalid option \"lineStatsMaxBytes\": expected a whole number of bytes from 0 to 2147483648, got number -1.",
            ),
            (
                given(&[("renames", JsArgument::Number(1.0))]).unwrap_err(),
                "Invalid option \"renames\": expected true or false, got number 1.",
            ),
            (
                unreadable_option("watch", Thrown::Error("boom".into())),
                "Invalid option \"watch\": reading it threw an error \"boom\". Pass the options as plain values.",
            ),
            (
                path_argument(JsArgument::String("a\0b".into())).unwrap_err(),
                "Invalid argument \"path\": a path cannot contain a NUL byte, got \"a\\u0000b\".",
            ),
            (
                unreadable_option("untrackedFiles", Thrown::Error("boom".into())),
                "Invalid option \"untrackedFiles\": reading it threw an error \"boom\". Pass the options as plain values.",
            ),
            (
                unreadable_option("scratchpad", Thrown::Value(JsArgument::Number(7.0))),
                "Invalid option \"scratchpad\": reading it threw number 7. Pass the options as plain values.",
            ),
        ];
        for (error, message) in cases {
            assert_eq!(error.code(), "CONFIG");
            assert_eq!(error.to_string(), message);
        }
    }

    #[test]
    fn numbers_and_strings_print_as_javascript_prints_them() {
        let cases = [
            (42.0, "42"),
            (-1.5, "-1.5"),
            (-0.0, "0"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-Infinity"),
            (1e21, "1e+21"),
            (1.5e-7, "1.5e-7"),
            (0.1 + 0.2, "0.30000000000000004"),
        ];
        for (n, shown) in cases {
            assert_eq!(js_number(n), shown);
        }
        assert_eq!(json_string("a\"b\n\u{1b}"), r#""a\"b\n\u001b""#);
    }

    #[test]
    fn absent_options_take_the_defaults() {
        assert_eq!(
            given(&[("untrackedFiles", JsArgument::Null)]).unwrap(),
            SnapshotOptions::default()
        );
        assert_eq!(
            given(&[("watch", JsArgument::Null)]).unwrap(),
            SnapshotOptions::default()
        );
        let options = given(&[
            ("untrackedFiles", JsArgument::String("all".into())),
            ("scratchpad", JsArgument::String("n.md".into())),
            ("watch", JsArgument::Boolean(false)),
        ])
        .unwrap();
        assert_eq!(options.untracked_files, UntrackedFiles::All);
        assert_eq!(options.scratchpad(), "n.md");
        assert_eq!(options.watch, Some(false));
        let options = given(&[("watch", JsArgument::Boolean(true))]).unwrap();
        assert_eq!(options.watch, Some(true));
    }
}
