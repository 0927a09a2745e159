//! git's `convert_to_git` for the filters a snapshot may apply without running any
//! program (convert.c): end-of-line conversion and `ident`. Filter drivers and
//! `working-tree-encoding` are never run: such files compare as their raw bytes.

use std::borrow::Cow;

/// git's `crlf_action` after attributes and `core.autocrlf` are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CrlfAction {
    /// No conversion (`-text`, `binary`, or no attribute with `core.autocrlf=false`).
    Binary,
    /// `text`, or an `eol` attribute: every CRLF becomes LF.
    Text,
    /// `text=auto` or `core.autocrlf`: like `Text`, unless the content looks binary or
    /// the index version already holds CRLF.
    Auto,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Conversion {
    pub crlf: CrlfAction,
    pub ident: bool,
}

impl Conversion {
    /// Content goes in as it is.
    pub(crate) const NONE: Conversion = Conversion {
        crlf: CrlfAction::Binary,
        ident: false,
    };
}

/// The blob git would store for worktree content `data`. `index_has_crlf` is asked only
/// when the answer matters (it reads the index blob).
pub(crate) fn to_git<'a>(
    data: &'a [u8],
    conversion: Conversion,
    index_has_crlf: impl FnOnce() -> bool,
) -> Cow<'a, [u8]> {
    let mut out = Cow::Borrowed(data);
    if let Some(converted) = crlf_to_git(data, conversion.crlf, index_has_crlf) {
        out = Cow::Owned(converted);
    }
    if conversion.ident {
        if let Some(converted) = ident_to_git(&out) {
            out = Cow::Owned(converted);
        }
    }
    out
}

#[derive(Default)]
struct TextStat {
    nul: usize,
    lonecr: usize,
    crlf: usize,
    printable: usize,
    nonprintable: usize,
}

fn gather_stats(buf: &[u8]) -> TextStat {
    let mut stats = TextStat::default();
    let mut i = 0;
    while i < buf.len() {
        let c = buf[i];
        if c == b'\r' {
            if buf.get(i + 1) == Some(&b'\n') {
                stats.crlf += 1;
                i += 1;
            } else {
                stats.lonecr += 1;
            }
        } else if c == b'\n' {
        } else if c == 127 {
            stats.nonprintable += 1;
        } else if c < 32 {
            match c {
                b'\x08' | b'\t' | b'\x1b' | b'\x0c' => stats.printable += 1,
                0 => {
                    stats.nul += 1;
                    stats.nonprintable += 1;
                }
                _ => stats.nonprintable += 1,
            }
        } else {
            stats.printable += 1;
        }
        i += 1;
    }
    // A trailing ^Z (DOS end of file) does not make a file binary.
    if buf.last() == Some(&0x1a) {
        stats.nonprintable = stats.nonprintable.saturating_sub(1);
    }
    stats
}

fn is_binary(stats: &TextStat) -> bool {
    stats.lonecr > 0 || stats.nul > 0 || (stats.printable >> 7) < stats.nonprintable
}

/// git's `has_crlf_in_index` test on the index blob's content.
pub(crate) fn blob_has_crlf(blob: &[u8]) -> bool {
    if !blob.contains(&b'\r') {
        return false;
    }
    let stats = gather_stats(blob);
    !is_binary(&stats) && stats.crlf > 0
}

fn crlf_to_git(
    data: &[u8],
    action: CrlfAction,
    index_has_crlf: impl FnOnce() -> bool,
) -> Option<Vec<u8>> {
    if action == CrlfAction::Binary || data.is_empty() {
        return None;
    }
    let stats = gather_stats(data);
    if stats.crlf == 0 {
        return None;
    }
    if action == CrlfAction::Auto {
        // The "safer autocrlf": binary-looking files and files committed with CRLF stay as they are.
        if is_binary(&stats) || index_has_crlf() {
            return None;
        }
        // Lone CRs made the file binary above, so every CR here precedes an LF.
        return Some(data.iter().copied().filter(|&c| c != b'\r').collect());
    }
    let mut out = Vec::with_capacity(data.len());
    for (i, &c) in data.iter().enumerate() {
        if !(c == b'\r' && data.get(i + 1) == Some(&b'\n')) {
            out.push(c);
        }
    }
    Some(out)
}

/// git's `ident_to_git`: `$Id: anything$` collapses to `$Id$`.
fn ident_to_git(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    let mut rest = data;
    let mut changed = false;
    while let Some(dollar) = rest.iter().position(|&c| c == b'$') {
        out.extend_from_slice(&rest[..=dollar]);
        rest = &rest[dollar + 1..];
        if rest.len() > 3 && rest.starts_with(b"Id:") {
            let Some(end) = rest[3..].iter().position(|&c| c == b'$') else {
                break;
            };
            if rest[3..3 + end].contains(&b'\n') {
                continue;
            }
            out.extend_from_slice(b"Id$");
            rest = &rest[3 + end + 1..];
            changed = true;
        }
    }
    out.extend_from_slice(rest);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: Conversion = Conversion {
        crlf: CrlfAction::Binary,
        ident: false,
    };
    const TEXT: Conversion = Conversion {
        crlf: CrlfAction::Text,
        ident: false,
    };
    const AUTO: Conversion = Conversion {
        crlf: CrlfAction::Auto,
        ident: false,
    };

    #[test]
    fn text_strips_cr_before_lf_only() {
        assert_eq!(&*to_git(b"a\r\nb\rc\r\n", TEXT, || false), b"a\nb\rc\n");
    }

    #[test]
    fn auto_leaves_binary_and_committed_crlf_alone() {
        assert_eq!(&*to_git(b"a\r\nb\r\n", AUTO, || false), b"a\nb\n");
        assert_eq!(&*to_git(b"a\r\nb\r\n", AUTO, || true), b"a\r\nb\r\n");
        assert_eq!(&*to_git(b"a\r\n\0", AUTO, || false), b"a\r\n\0");
        assert_eq!(&*to_git(b"a\rb\r\n", AUTO, || false), b"a\rb\r\n");
    }

    #[test]
    fn binary_and_plain_text_are_untouched() {
        assert_eq!(&*to_git(b"a\r\n", NONE, || false), b"a\r\n");
        assert!(matches!(
            to_git(b"a\nb\n", TEXT, || false),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn ident_collapses_keywords() {
        let ident = Conversion {
            crlf: CrlfAction::Binary,
            ident: true,
        };
        assert_eq!(
            &*to_git(b"x $Id: 1234 $ y $Id$ $Id: a\nb$", ident, || false),
            b"x $Id$ y $Id$ $Id: a\nb$"
        );
    }

    #[test]
    fn index_crlf_detection() {
        assert!(blob_has_crlf(b"a\r\nb\n"));
        assert!(!blob_has_crlf(b"a\nb\n"));
        assert!(!blob_has_crlf(b"a\r\n\0"));
    }
}
