use crate::EnvironmentSnapshot;

/// How many dirty paths the status line names before it elides the rest.
const NAMED_DIRTY_FILES: usize = 3;

impl EnvironmentSnapshot {
    /// The contract's prompt block, lines joined with `\n`, no trailing newline.
    pub fn to_prompt_string(&self) -> String {
        let mut lines = vec![
            "[LIVE ENVIRONMENT STATE]".to_string(),
            format!(
                "- Git: Branch: {} | Modified: {} | Staged: {} | Status: {}",
                self.git_branch,
                self.git_modified,
                self.git_staged,
                self.status_summary()
            ),
        ];
        if let Some(upstream) = &self.upstream {
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
        if let Some(operation) = &self.operation {
            lines.push(format!("- In progress: {operation}"));
        }
        let context_name = self.context.path.rsplit('/').next().unwrap_or_default();
        lines.push(format!(
            "- Active Context: {} in {}",
            counted(self.active_context_lines, "line"),
            context_name
        ));
        lines.join("\n")
    }

    fn status_summary(&self) -> String {
        if self.dirty_files.is_empty() {
            return "Clean".to_string();
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
        format!(
            "{} ({}{})",
            counted(self.dirty_files.len() as u64, "file"),
            named.join(", "),
            more
        )
    }
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
