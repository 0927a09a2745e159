//! git's wildmatch (wildmatch.c), the glob dialect of `.gitignore`, ported byte for byte
//! so patterns like `**/`, `[!a-z]` and `[[:digit:]]` match exactly as git's do.

#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Match,
    NoMatch,
    AbortAll,
    AbortToStarStar,
}

/// Whether `text` matches `pattern`; with `pathname`, `*` and `?` do not match `/`.
pub(crate) fn wildmatch(pattern: &[u8], text: &[u8], pathname: bool) -> bool {
    dowild(pattern, 0, text, 0, pathname) == Outcome::Match
}

fn at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

fn is_glob_special(c: u8) -> bool {
    matches!(c, b'*' | b'?' | b'[' | b'\\')
}

fn dowild(pattern: &[u8], mut p: usize, text: &[u8], mut t: usize, pathname: bool) -> Outcome {
    while p < pattern.len() {
        let mut p_ch = pattern[p];
        let t_ch = at(text, t);
        if t_ch == 0 && p_ch != b'*' {
            return Outcome::AbortAll;
        }
        match p_ch {
            b'\\' => {
                // A literal match with the next pattern byte (none left: no match).
                p += 1;
                p_ch = at(pattern, p);
                if t_ch != p_ch {
                    return Outcome::NoMatch;
                }
            }
            b'?' => {
                if pathname && t_ch == b'/' {
                    return Outcome::NoMatch;
                }
            }
            b'*' => {
                let match_slash;
                p += 1;
                if at(pattern, p) == b'*' {
                    let before = p.checked_sub(2);
                    while at(pattern, p) == b'*' {
                        p += 1;
                    }
                    let after = at(pattern, p);
                    let at_start = before.is_none_or(|b| pattern[b] == b'/');
                    if at_start
                        && (after == 0
                            || after == b'/'
                            || (after == b'\\' && at(pattern, p + 1) == b'/'))
                    {
                        // `**/` may match no directory at all: try the rest right here.
                        if after == b'/'
                            && dowild(pattern, p + 1, text, t, pathname) == Outcome::Match
                        {
                            return Outcome::Match;
                        }
                        match_slash = true;
                    } else {
                        match_slash = !pathname;
                    }
                } else {
                    match_slash = !pathname;
                }
                if p >= pattern.len() {
                    // A trailing `**` matches everything, a trailing `*` only within one level.
                    if !match_slash && text[t..].contains(&b'/') {
                        return Outcome::NoMatch;
                    }
                    return Outcome::Match;
                } else if !match_slash && pattern[p] == b'/' {
                    // One `*` then `/`: it matches up to the next slash of the text.
                    match text[t..].iter().position(|&c| c == b'/') {
                        None => return Outcome::NoMatch,
                        Some(offset) => {
                            t += offset;
                            // The slash itself is matched by the loop's next round.
                            p += 1;
                            t += 1;
                            continue;
                        }
                    }
                }
                let mut t_ch = at(text, t);
                loop {
                    if t_ch == 0 {
                        break;
                    }
                    // Skip ahead to the literal that follows the star.
                    if !is_glob_special(at(pattern, p)) {
                        let wanted = at(pattern, p);
                        loop {
                            t_ch = at(text, t);
                            if t_ch == 0 || (!match_slash && t_ch == b'/') || t_ch == wanted {
                                break;
                            }
                            t += 1;
                        }
                        if t_ch != wanted {
                            return Outcome::NoMatch;
                        }
                    }
                    let matched = dowild(pattern, p, text, t, pathname);
                    if matched != Outcome::NoMatch {
                        if !match_slash || matched != Outcome::AbortToStarStar {
                            return matched;
                        }
                    } else if !match_slash && t_ch == b'/' {
                        return Outcome::AbortToStarStar;
                    }
                    t += 1;
                    t_ch = at(text, t);
                }
                return Outcome::AbortAll;
            }
            b'[' => {
                p += 1;
                p_ch = at(pattern, p);
                if p_ch == b'^' {
                    p_ch = b'!';
                }
                let negated = p_ch == b'!';
                if negated {
                    p += 1;
                    p_ch = at(pattern, p);
                }
                let mut prev_ch = 0u8;
                let mut matched = false;
                loop {
                    if p_ch == 0 {
                        return Outcome::AbortAll;
                    }
                    if p_ch == b'\\' {
                        p += 1;
                        p_ch = at(pattern, p);
                        if p_ch == 0 {
                            return Outcome::AbortAll;
                        }
                        if t_ch == p_ch {
                            matched = true;
                        }
                    } else if p_ch == b'-'
                        && prev_ch != 0
                        && at(pattern, p + 1) != 0
                        && at(pattern, p + 1) != b']'
                    {
                        p += 1;
                        p_ch = pattern[p];
                        if p_ch == b'\\' {
                            p += 1;
                            p_ch = at(pattern, p);
                            if p_ch == 0 {
                                return Outcome::AbortAll;
                            }
                        }
                        if t_ch <= p_ch && t_ch >= prev_ch {
                            matched = true;
                        }
                        p_ch = 0; // so that prev_ch becomes 0
                    } else if p_ch == b'[' && at(pattern, p + 1) == b':' {
                        p += 2;
                        let start = p;
                        while at(pattern, p) != 0 && at(pattern, p) != b']' {
                            p += 1;
                        }
                        if at(pattern, p) == 0 {
                            return Outcome::AbortAll;
                        }
                        if p == start || pattern[p - 1] != b':' {
                            // No `:]`: the `[` was an ordinary member of the set.
                            p = start - 2;
                            p_ch = b'[';
                            if t_ch == p_ch {
                                matched = true;
                            }
                        } else {
                            match class_matches(&pattern[start..p - 1], t_ch) {
                                Some(true) => matched = true,
                                Some(false) => {}
                                None => return Outcome::AbortAll,
                            }
                            p_ch = 0;
                        }
                    } else if t_ch == p_ch {
                        matched = true;
                    }
                    prev_ch = p_ch;
                    p += 1;
                    p_ch = at(pattern, p);
                    if p_ch == b']' {
                        break;
                    }
                }
                if matched == negated || (pathname && t_ch == b'/') {
                    return Outcome::NoMatch;
                }
            }
            _ => {
                if t_ch != p_ch {
                    return Outcome::NoMatch;
                }
            }
        }
        p += 1;
        t += 1;
    }
    if t < text.len() {
        Outcome::NoMatch
    } else {
        Outcome::Match
    }
}

/// `[:name:]`; `None` for a class git does not know (the whole pattern then fails).
fn class_matches(name: &[u8], c: u8) -> Option<bool> {
    Some(match name {
        b"alnum" => c.is_ascii_alphanumeric(),
        b"alpha" => c.is_ascii_alphabetic(),
        b"blank" => c == b' ' || c == b'\t',
        b"cntrl" => c.is_ascii_control(),
        b"digit" => c.is_ascii_digit(),
        b"graph" => c.is_ascii_graphic(),
        b"lower" => c.is_ascii_lowercase(),
        b"print" => c.is_ascii_graphic() || c == b' ',
        b"punct" => c.is_ascii_punctuation(),
        b"space" => c.is_ascii_whitespace() || c == 0x0b,
        b"upper" => c.is_ascii_uppercase(),
        b"xdigit" => c.is_ascii_hexdigit(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::wildmatch;

    fn m(pattern: &str, text: &str) -> bool {
        wildmatch(pattern.as_bytes(), text.as_bytes(), true)
    }

    // Cases from git's t/t3070-wildmatch.sh (pathname mode).
    #[test]
    fn matches_like_git() {
        assert!(m("foo", "foo"));
        assert!(!m("foo", "bar"));
        assert!(m("", ""));
        assert!(m("???", "foo"));
        assert!(!m("??", "foo"));
        assert!(m("*", "foo"));
        assert!(m("f*", "foo"));
        assert!(!m("*f", "foo"));
        assert!(m("*foo*", "foo"));
        assert!(m("*ob*a*r*", "foobar"));
        assert!(m("\\*", "*"));
        assert!(!m("\\*", "x"));
        assert!(m("foo/*", "foo/bar"));
        assert!(!m("foo/*", "foo/bar/baz"));
        assert!(m("foo/**", "foo/bar/baz"));
        assert!(m("**/foo", "foo"));
        assert!(m("**/foo", "a/b/foo"));
        assert!(m("a/**/b", "a/b"));
        assert!(m("a/**/b", "a/x/y/b"));
        assert!(!m("a/*/b", "a/x/y/b"));
        assert!(m("a/*/b", "a/x/b"));
        assert!(!m("*", "foo/bar"));
        assert!(m("[ab]", "a"));
        assert!(!m("[ab]", "c"));
        assert!(m("[!ab]", "c"));
        assert!(m("[^ab]", "c"));
        assert!(m("[a-c]x", "bx"));
        assert!(!m("[a-c]x", "dx"));
        assert!(m("[[:digit:]]", "5"));
        assert!(!m("[[:digit:]]", "a"));
        assert!(m("[]]", "]"));
        assert!(m("[a-]", "-"));
        assert!(!m("[!/]", "/"));
        assert!(m("*.txt", "a.txt"));
        assert!(!m("*.txt", "d/a.txt"));
        assert!(m("**/*.txt", "d/e/a.txt"));
        assert!(m("foo*bar", "foobazbar"));
        assert!(m(
            "-*-*-*-*-*-*-12-*-*-*-m-*-*-*",
            "-adobe-courier-bold-o-normal--12-120-75-75-m-70-iso8859-1"
        ));
        assert!(!m(
            "XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*",
            "XXX/adobe/courier/bold/o/normal//12/120/75/75/X/70/iso8859/1"
        ));
        assert!(m(
            "**/*a*b*g*n*t",
            "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txt"
        ));
    }

    #[test]
    fn without_pathname_star_crosses_slashes() {
        assert!(wildmatch(b"*", b"foo/bar", false));
        assert!(wildmatch(b"f?o", b"f/o", false));
    }
}
