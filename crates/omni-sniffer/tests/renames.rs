//! Rename detection against git's own, on repositories where files are moved and edited at
//! random: exact renames among duplicates, shared basenames, edits that leave a file just above
//! or below git's thresholds, CRLF copies, symlinks, intent-to-add files renamed in the worktree.
//! Every record, its source and its score must be git's.

use omni_sniffer::{OmniSniffer, SnapshotOptions};

mod support {
    pub mod git;
    pub mod rng;
    pub mod temp_dir;
}
use support::git::{run_isolated, ORACLE_ARGS};
use support::rng::Rng;
use support::temp_dir::TempDir;

const SEEDS: u64 = 60;
const DIRS: [&str; 4] = ["", "src/", "lib/", "src/deep/"];
const NAMES: [&str; 6] = ["a.txt", "b.txt", "main.rs", "notes.md", "c.txt", "d.txt"];

/// The oracle with renames on, as the contract words it: `XY path <- origPath score` per record.
fn oracle(root: &std::path::Path, home: &std::path::Path) -> Vec<String> {
    let args: Vec<&str> = ORACLE_ARGS
        .iter()
        .map(|&a| if a == "--no-renames" { "--renames" } else { a })
        .collect();
    let output = support::git::git()
        .args([
            "-c",
            "status.renameLimit=1000",
            "-c",
            "diff.renameLimit=1000",
        ])
        .args(&args)
        .arg("--untracked-files=normal")
        .current_dir(root)
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut fields = text.split('\0');
    let mut records = Vec::new();
    while let Some(record) = fields.next() {
        let Some((kind, rest)) = record.split_once(' ') else {
            continue;
        };
        match kind {
            "1" => records.push(format!(
                "{} {}",
                &rest[..2],
                rest.splitn(8, ' ').nth(7).unwrap()
            )),
            "2" => {
                let parts: Vec<&str> = rest.splitn(9, ' ').collect();
                let from = fields.next().unwrap();
                records.push(format!(
                    "{} {} <- {from} {}",
                    parts[0],
                    parts[8],
                    &parts[7][1..]
                ));
            }
            "u" => records.push(format!(
                "{} {}",
                &rest[..2],
                rest.splitn(10, ' ').nth(9).unwrap()
            )),
            "?" => records.push(format!("?? {rest}")),
            _ => {}
        }
    }
    records.sort();
    records
}

fn snapshot(root: &std::path::Path) -> Vec<String> {
    let options = SnapshotOptions {
        renames: true,
        ..SnapshotOptions::default()
    };
    let snap = OmniSniffer::snapshot(root, options).unwrap();
    let mut records: Vec<String> = snap
        .files
        .iter()
        .map(|f| match f.rename.as_ref().expect("renames asked for") {
            Some(r) => format!(
                "{}{} {} <- {} {}",
                f.index, f.worktree, f.path, r.from, r.score
            ),
            None => format!("{}{} {}", f.index, f.worktree, f.path),
        })
        .collect();
    records.sort();
    records
}

/// Lines from a small vocabulary, so that versions share much or little.
fn content(rng: &mut Rng) -> String {
    let lines = 1 + rng.below(30);
    (0..lines)
        .map(|_| format!("line {}\n", rng.below(12)))
        .collect()
}

/// `text` with a few lines changed, added or dropped.
fn edited(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(|l| format!("{l}\n")).collect();
    for _ in 0..1 + rng.below(6) {
        match rng.below(3) {
            0 if !lines.is_empty() => {
                let at = rng.below(lines.len());
                lines.remove(at);
            }
            1 => {
                let at = rng.below(lines.len() + 1);
                lines.insert(at, format!("new {}\n", rng.below(5)));
            }
            _ if !lines.is_empty() => {
                let at = rng.below(lines.len());
                lines[at] = format!("changed {}\n", rng.below(5));
            }
            _ => {}
        }
    }
    lines.concat()
}

fn fresh_name(rng: &mut Rng, taken: &[String]) -> String {
    loop {
        let name = format!("{}{}", rng.pick(&DIRS), rng.pick(&NAMES));
        let clash = taken.iter().any(|t| {
            *t == name || t.starts_with(&format!("{name}/")) || name.starts_with(&format!("{t}/"))
        });
        if !clash {
            return name;
        }
    }
}

#[test]
fn renames_equal_gits_on_random_moves_and_edits() {
    let mut scores = std::collections::BTreeMap::new();
    for seed in 1..=SEEDS {
        let dir = TempDir::new("omni-renames");
        let home = TempDir::new("omni-renames-home");
        let git = |args: &[&str]| run_isolated(dir.path(), home.path(), args);
        let write = |name: &str, text: &[u8]| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        git(&["init", "-q", "-b", "main"]);
        if rng.below(2) == 0 {
            write(".gitattributes", b"*.md text=auto\n");
        }
        let mut files: Vec<(String, String)> = Vec::new();
        for _ in 0..3 + rng.below(8) {
            let taken: Vec<String> = files.iter().map(|f| f.0.clone()).collect();
            let name = fresh_name(&mut rng, &taken);
            // Some files are copies of another: exact renames must choose among them.
            let text = match files.last() {
                Some((_, text)) if rng.below(4) == 0 => text.clone(),
                _ => content(&mut rng),
            };
            write(&name, text.as_bytes());
            files.push((name, text));
        }
        if rng.below(3) == 0 {
            std::os::unix::fs::symlink("target", dir.path().join("link")).unwrap();
            files.push(("link".into(), String::new()));
        }
        git(&["add", "-A"]);
        git(&["commit", "-q", "-m", "start"]);

        let mut taken: Vec<String> = files.iter().map(|f| f.0.clone()).collect();
        for (name, text) in files.clone() {
            let to = fresh_name(&mut rng, &taken);
            let body = if name == "link" {
                None
            } else {
                Some(match rng.below(3) {
                    0 => text.clone(),
                    1 => edited(&mut rng, &text),
                    _ => {
                        let once = edited(&mut rng, &text);
                        edited(&mut rng, &once).replace('\n', "\r\n")
                    }
                })
            };
            match rng.below(5) {
                // Moved and staged.
                0 | 1 => {
                    dir.path().join_checked(&to);
                    git(&["mv", &name, &to]);
                    if let Some(body) = &body {
                        write(&to, body.as_bytes());
                        if rng.below(2) == 0 {
                            git(&["add", &to]);
                        }
                    }
                }
                // Moved in the worktree, the new path intent-to-add.
                2 => {
                    std::fs::rename(dir.path().join(&name), dir.path().join_checked(&to)).unwrap();
                    if let Some(body) = &body {
                        write(&to, body.as_bytes());
                    }
                    git(&["add", "-N", &to]);
                }
                // A new file beside the old one, the old one deleted in the index.
                3 => {
                    if let Some(body) = &body {
                        git(&["rm", "-q", &name]);
                        write(&to, body.as_bytes());
                        git(&["add", &to]);
                    }
                }
                _ => continue,
            }
            taken.push(to);
        }
        let expected = oracle(dir.path(), home.path());
        for r in &expected {
            if let Some((_, tail)) = r.split_once(" <- ") {
                let score: u8 = tail.rsplit(' ').next().unwrap().parse().unwrap();
                *scores
                    .entry((r[..2].to_string(), score == 100))
                    .or_insert(0) += 1;
            }
        }
        assert_eq!(
            snapshot(dir.path()),
            expected,
            "seed {seed} in {}",
            dir.path().display()
        );
    }
    eprintln!("renames seen, by XY and exact: {scores:?}");
    for kind in ["R.", ".R"] {
        for exact in [true, false] {
            assert!(
                scores.contains_key(&(kind.to_string(), exact)),
                "no {kind} with exact={exact}"
            );
        }
    }
}

trait JoinChecked {
    /// `self/name`, its folder created.
    fn join_checked(&self, name: &str) -> std::path::PathBuf;
}

impl JoinChecked for std::path::Path {
    fn join_checked(&self, name: &str) -> std::path::PathBuf {
        let path = self.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        path
    }
}
