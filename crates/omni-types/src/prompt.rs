use crate::{EnvironmentSnapshot, FileStatus, LineStats};

/// How many dirty paths the status line names before it elides the rest.
const NAMED_DIRTY_FILES: usize = 3;

impl EnvironmentSnapshot {
    /// The contract's prompt block, lines joined with `\n`, no trailing newline.
    pub fn to_prompt_string(&self) -> String {
        self.block_lines(true, true).join("\n")
    }

    /// The contract's prompt block within `max_chars` characters (Unicode scalar values, newlines
    /// included): the block, then `recent_commits` under `- Recent commits:` and every file under
    /// `- Files:` (control characters shown as `\xNN`, line counts after each when there are), or,
    /// when that is too long, the first one that fits of: fewer files and a `... and <m> more` line;
    /// no file list; fewer commits; no commits; no `- Lines:` total; no names in the Status; no
    /// Upstream or In progress line; the title and the Git line alone. Never cut inside a line. `Err` carries the length of the smallest of these (the
    /// branch and the counts), when even that does not fit.
    pub fn to_prompt_string_within(&self, max_chars: usize) -> Result<String, usize> {
        let full = self.block_lines(true, true);
        let mut totaled = full.clone();
        if let Some(line) = self.lines_total() {
            totaled.insert(2, line);
        }
        let commits: Vec<String> = self
            .recent_commits
            .iter()
            .flatten()
            .map(|c| format!("  {} {}", short(&c.oid), one_line(&c.summary)))
            .collect();
        let files: Vec<String> = self
            .files
            .iter()
            .map(|f| {
                let from = match &f.rename {
                    Some(Some(rename)) => format!("{} -> ", one_line(&rename.from)),
                    _ => String::new(),
                };
                format!(
                    "  {}{} {from}{}{}",
                    f.index,
                    f.worktree,
                    one_line(&f.path),
                    counts(f)
                )
            })
            .collect();
        let with_commits = listed(&totaled, COMMITS, &commits, commits.len());
        if let Some(text) = fit_list(&with_commits, FILES, &files, max_chars) {
            return Ok(text);
        }
        if length(&with_commits) <= max_chars {
            return Ok(with_commits.join("\n"));
        }
        if let Some(text) = fit_list(&totaled, COMMITS, &commits, max_chars) {
            return Ok(text);
        }
        let mut smallest = 0;
        for lines in [
            totaled,
            full,
            self.block_lines(false, true),
            self.block_lines(false, false),
            self.block_lines(false, false)[..2].to_vec(),
        ] {
            smallest = length(&lines);
            if smallest <= max_chars {
                return Ok(lines.join("\n"));
            }
        }
        Err(smallest)
    }

    /// The block's lines: with or without the names in the Status, with or without the Upstream
    /// and In progress lines.
    fn block_lines(&self, names: bool, all_lines: bool) -> Vec<String> {
        let mut lines = vec![
            "[LIVE ENVIRONMENT STATE]".to_string(),
            format!(
                "- Git: Branch: {} | Modified: {} | Staged: {} | Status: {}",
                self.git_branch,
                self.git_modified,
                self.git_staged,
                self.status_summary(names)
            ),
        ];
        if let Some(upstream) = self.upstream.as_ref().filter(|_| all_lines) {
            if upstream.gone {
                lines.push(format!("- Upstream: {} (gone)", upstream.name));
            } else {
                lines.push(format!(
                    "- Upstream: {} (ahead {}, behind {})",
                    upstream.name, upstream.ahead, upstream.behind
                ));
            }
        }
        if self.git_untracked > 0 || self.git_conflicted > 0 {
            lines.push(format!(
                "- Untracked: {} | Conflicted: {}",
                self.git_untracked, self.git_conflicted
            ));
        }
        if let Some(operation) = self.operation.as_ref().filter(|_| all_lines) {
            lines.push(format!("- In progress: {operation}"));
        }
        let context_name = self.context.path.rsplit('/').next().unwrap_or_default();
        lines.push(format!(
            "- Active Context: {} in {}",
            counted(self.active_context_lines, "line"),
            context_name
        ));
        lines
    }

    /// `- Lines: +<added> -<deleted>` over every counted side, when the entries have line counts.
    fn lines_total(&self) -> Option<String> {
        let mut stats = self.files.iter().filter_map(|f| f.line_stats).peekable();
        stats.peek()?;
        let (added, deleted) = stats.fold((0, 0), |(a, d), s| {
            let (sa, sd) = sums(&s);
            (a + sa, d + sd)
        });
        Some(format!("- Lines: +{added} -{deleted}"))
    }

    fn status_summary(&self, names: bool) -> String {
        if self.dirty_files.is_empty() {
            return "Clean".to_string();
        }
        let count = counted(self.dirty_files.len() as u64, "file");
        if !names {
            return count;
        }
        let named: Vec<&str> = self
            .dirty_files
            .iter()
            .take(NAMED_DIRTY_FILES)
            .map(String::as_str)
            .collect();
        let more = if self.dirty_files.len() > NAMED_DIRTY_FILES {
            ", ..."
        } else {
            ""
        };
        format!("{count} ({}{more})", named.join(", "))
    }
}

const COMMITS: &str = "- Recent commits:";
const FILES: &str = "- Files:";

/// `block`, then `header` and the first `shown` of `entries` (and a `... and <m> more` line for
/// the rest); `block` alone when there are no entries.
fn listed(block: &[String], header: &str, entries: &[String], shown: usize) -> Vec<String> {
    let mut lines = block.to_vec();
    if !entries.is_empty() {
        lines.push(header.to_string());
        lines.extend(entries[..shown].iter().cloned());
        if shown < entries.len() {
            lines.push(more_line(entries.len() - shown));
        }
    }
    lines
}

/// [`listed`] with as many entries as fit in `max_chars`; `None` when not even one does, or
/// there are none.
fn fit_list(
    block: &[String],
    header: &str,
    entries: &[String],
    max_chars: usize,
) -> Option<String> {
    // Each line after the first costs its length and the newline before it.
    let mut used = length(block) + 1 + header.len();
    let mut shown = 0;
    for (k, entry) in entries.iter().enumerate() {
        used += 1 + entry.chars().count();
        let left = entries.len() - k - 1;
        let tail = if left == 0 {
            0
        } else {
            1 + more_line(left).len()
        };
        // Not the first that fails: a shorter "... and <m> more" may let a later count fit.
        if used + tail <= max_chars {
            shown = k + 1;
        }
    }
    (shown > 0).then(|| listed(block, header, entries, shown).join("\n"))
}

/// What a file line shows after the path: ` +<added> -<deleted>` over its counted sides, then
/// ` (<why>)` for its first side not counted.
fn counts(file: &FileStatus) -> String {
    let Some(stats) = file.line_stats else {
        return String::new();
    };
    let sides = [stats.staged, stats.unstaged];
    let mut out = String::new();
    if sides
        .iter()
        .flatten()
        .any(|side| side.not_counted.is_none())
    {
        let (added, deleted) = sums(&stats);
        out = format!(" +{added} -{deleted}");
    }
    if let Some(why) = sides.iter().flatten().find_map(|side| side.not_counted) {
        out.push_str(&format!(" ({})", why.as_str()));
    }
    out
}

/// The lines added and deleted over the counted sides of one entry.
fn sums(stats: &LineStats) -> (u64, u64) {
    [stats.staged, stats.unstaged]
        .iter()
        .flatten()
        .fold((0, 0), |(a, d), side| {
            (a + side.added.unwrap_or(0), d + side.deleted.unwrap_or(0))
        })
}

/// A commit id as a prompt shows it: its first seven digits, as `git log --oneline` would.
fn short(oid: &str) -> &str {
    oid.get(..7).unwrap_or(oid)
}

/// The length of `lines` joined with `\n`, in characters.
fn length(lines: &[String]) -> usize {
    lines.iter().map(|l| l.chars().count()).sum::<usize>() + lines.len().saturating_sub(1)
}

/// A path on one line: each control character as `\xNN`, so that a name holding a newline cannot
/// break the list.
fn one_line(path: &str) -> String {
    path.chars()
        .map(|c| {
            if c < ' ' || c == '\x7f' {
                format!("\\x{:02x}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn more_line(more: usize) -> String {
    format!("  ... and {more} more")
}

/// "1 file", "3 files", "0 lines": the contract's counts, singular for one.
fn counted(count: u64, noun: &str) -> String {
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} {noun}{plural}")
}

#[cfg(test)]
mod tests {
    use crate::{ContextInfo, ContextStatus, EnvironmentSnapshot, Head, Upstream};

    fn snapshot() -> EnvironmentSnapshot {
        EnvironmentSnapshot {
            git_branch: "main".into(),
            git_staged: 0,
            git_modified: 0,
            git_untracked: 0,
            git_conflicted: 0,
            dirty_files: vec![],
            files: vec![],
            head: Head {
                oid: None,
                detached: false,
                unborn: true,
            },
            upstream: None,
            stash_count: 0,
            operation: None,
            active_context_lines: 0,
            context: ContextInfo {
                path: ".memory/active_context/SCRATCHPAD.md".into(),
                status: ContextStatus::Missing,
            },
            root: "/repo".into(),
            timestamp: 0.0,
            recent_commits: None,
        }
    }

    #[test]
    fn clean_block_has_two_lines_after_the_title() {
        assert_eq!(
            snapshot().to_prompt_string(),
            "[LIVE ENVIRONMENT STATE]\n\
             - Git: Branch: main | Modified: 0 | Staged: 0 | Status: Clean\n\
             - Active Context: 0 lines in SCRATCHPAD.md"
        );
    }

    #[test]
    fn optional_lines_come_in_order_and_long_lists_elide() {
        let mut s = snapshot();
        s.git_modified = 2;
        s.git_untracked = 1;
        s.dirty_files = vec!["a".into(), "b".into(), "c".into(), "d".into()];
        s.upstream = Some(Upstream {
            name: "origin/main".into(),
            ahead: 1,
            behind: 2,
            gone: false,
        });
        s.operation = Some("merge".into());
        s.active_context_lines = 7;
        assert_eq!(
            s.to_prompt_string(),
            "[LIVE ENVIRONMENT STATE]\n\
             - Git: Branch: main | Modified: 2 | Staged: 0 | Status: 4 files (a, b, c, ...)\n\
             - Upstream: origin/main (ahead 1, behind 2)\n\
             - Untracked: 1 | Conflicted: 0\n\
             - In progress: merge\n\
             - Active Context: 7 lines in SCRATCHPAD.md"
        );
        s.upstream.as_mut().unwrap().gone = true;
        s.dirty_files.truncate(3);
        let text = s.to_prompt_string();
        assert!(text.contains("- Upstream: origin/main (gone)\n"));
        assert!(text.contains("Status: 3 files (a, b, c)\n"));
    }

    fn file(path: &str, index: char, worktree: char) -> crate::FileStatus {
        crate::FileStatus {
            path: path.into(),
            index,
            worktree,
            submodule: Some("N...".into()),
            line_stats: None,
            rename: None,
        }
    }

    #[test]
    fn within_a_budget_files_go_first_then_names_then_lines() {
        let mut s = snapshot();
        s.git_modified = 4;
        s.dirty_files = ["a", "b", "c", "d"]
            .map(|p| format!("src/file-{p}.txt"))
            .to_vec();
        s.files = s.dirty_files.iter().map(|p| file(p, '.', 'M')).collect();
        s.operation = Some("merge".into());
        let block = s.to_prompt_string();
        let list = s
            .files
            .iter()
            .map(|f| format!("\n  .M {}", f.path))
            .collect::<String>();
        let all = format!("{block}\n- Files:{list}");
        assert_eq!(s.to_prompt_string_within(usize::MAX), Ok(all.clone()));
        assert_eq!(s.to_prompt_string_within(all.len()), Ok(all.clone()));
        let two = format!(
            "{block}\n- Files:\n  .M src/file-a.txt\n  .M src/file-b.txt\n  ... and 2 more"
        );
        assert_eq!(s.to_prompt_string_within(two.len()), Ok(two.clone()));
        assert_eq!(
            s.to_prompt_string_within(all.len() - 1),
            Ok(two.replace("  ... and 2 more", "  .M src/file-c.txt\n  ... and 1 more"))
        );
        assert_eq!(s.to_prompt_string_within(block.len()), Ok(block));
        let smallest = "[LIVE ENVIRONMENT STATE]\n- Git: Branch: main | Modified: 4 | Staged: 0 | Status: 4 files";
        assert_eq!(
            s.to_prompt_string_within(smallest.len()),
            Ok(smallest.into())
        );
        assert_eq!(s.to_prompt_string_within(10), Err(smallest.len()));
    }

    #[test]
    fn a_rename_names_where_it_came_from() {
        let mut s = snapshot();
        s.git_staged = 1;
        s.dirty_files = vec!["new\tname".into()];
        let mut renamed = file("new\tname", 'R', '.');
        renamed.rename = Some(Some(crate::Rename {
            from: "old".into(),
            score: 97,
        }));
        s.files = vec![renamed];
        let text = s.to_prompt_string_within(usize::MAX).unwrap();
        assert!(
            text.ends_with("\n- Files:\n  R. old -> new\\x09name"),
            "{text}"
        );
    }

    #[test]
    fn line_counts_follow_each_file_and_their_total_goes_after_the_commits() {
        use crate::{LineCount, LineStats, NotCounted};
        let mut s = snapshot();
        s.git_modified = 2;
        s.git_staged = 1;
        s.dirty_files = vec!["a".into(), "b".into()];
        s.files = vec![file("a", 'M', 'M'), file("b", '.', 'M')];
        s.files[0].line_stats = Some(LineStats {
            staged: Some(LineCount::counted(3, 1)),
            unstaged: Some(LineCount::counted(2, 0)),
        });
        s.files[1].line_stats = Some(LineStats {
            staged: None,
            unstaged: Some(LineCount::not_counted(NotCounted::Binary)),
        });
        let block = s.to_prompt_string();
        assert!(
            !block.contains("Lines"),
            "the block without a budget is as it was"
        );
        let mut lines: Vec<&str> = block.lines().collect();
        lines.insert(2, "- Lines: +5 -1");
        let totaled = lines.join("\n");
        let all = format!("{totaled}\n- Files:\n  MM a +5 -1\n  .M b (binary)");
        assert_eq!(s.to_prompt_string_within(usize::MAX), Ok(all));
        assert_eq!(s.to_prompt_string_within(totaled.len()), Ok(totaled));
        assert_eq!(s.to_prompt_string_within(block.len()), Ok(block));
    }

    #[test]
    fn one_file_and_one_line_are_singular() {
        let mut s = snapshot();
        s.dirty_files = vec!["a".into()];
        s.active_context_lines = 1;
        let text = s.to_prompt_string();
        assert!(text.contains("Status: 1 file (a)\n"), "{text}");
        assert!(
            text.ends_with("- Active Context: 1 line in SCRATCHPAD.md"),
            "{text}"
        );
    }
}
