//! The attributes that clean a stat-dirty file's content before it is compared (`text`, `crlf`,
//! `eol`, `ident`, macros, `core.autocrlf`) are resolved by the core itself: against git, on
//! seeded random repositories: root, nested and `info/attributes` files with every kind of line,
//! files whose worktree content differs from the committed one only in line endings or `$Id$`,
//! attributes files edited or deleted after the commit (the index copy then applies), and each
//! kept sniffer asked twice (the second answer comes from remembered verdicts).

use std::path::Path;
use std::time::{Duration, SystemTime};

use omni_sniffer::{OmniSniffer, SnapshotOptions};

mod support {
    pub mod git;
    pub mod records;
    pub mod rng;
    pub mod temp_dir;
}
use support::records::{oracle_records, snapshot_records};
use support::rng::Rng;
use support::temp_dir::TempDir;

const CASES: u64 = 120;

const ROOT_LINES: &[&str] = &[
    "* text=auto",
    "*.txt text",
    "*.txt -text",
    "*.txt eol=crlf",
    "*.txt crlf",
    "*.txt -crlf",
    "*.txt crlf=input",
    "*.txt !text",
    "*.bin binary",
    "*.sh text eol=lf",
    "*.bat eol=crlf",
    "[attr]mine text ident",
    "*.c mine",
    "*.c -mine",
    "*.id ident",
    "\"q q.txt\" -text",
    "/top.txt text",
    "sub/*.txt -text",
    "**/deep/*.txt text=auto",
    "!*.txt text",
    "sub/ text",
    "*.txt text -bad!",
];

const NESTED_LINES: &[&str] = &[
    "*.txt text",
    "*.txt -text",
    "* !text",
    "*.c mine",
    "[attr]mine -text",
    "deep/*.txt eol=lf",
    "/a.txt text=auto",
    "*.txt ident",
];

const FILES: &[&str] = &[
    "a.txt",
    "top.txt",
    "q q.txt",
    "sub/a.txt",
    "sub/deep/b.txt",
    "sub/x.c",
    "x.c",
    "run.sh",
    "win.bat",
    "data.bin",
    "k.id",
];

/// Contents that differ in what cleaning removes: line endings, an expanded `$Id$`, a NUL.
/// A file is committed with one and rewritten with another of its family, mostly.
const FAMILIES: &[&[&[u8]]] = &[
    &[b"a\nb\n", b"a\r\nb\r\n", b"a\nb\r\n", b"a\r\nb\n"],
    &[b"$Id$\n", b"$Id: 0123 $\n", b"$Id: 0123 $\r\n", b"$Id$\r\n"],
    &[b"x\0\r\n", b"x\0\n"],
    &[b"lone\r", b"lone\r\n", b"lone\n"],
    &[b"", b"a"],
];

/// Up to `most` lines drawn from `pool`.
fn lines(rng: &mut Rng, pool: &[&str], most: usize) -> String {
    (0..rng.below(most + 1))
        .map(|_| format!("{}\n", rng.pick(pool)))
        .collect()
}

fn write(root: &Path, path: &str, content: &[u8]) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

fn sniffer_records(sniffer: &OmniSniffer) -> Vec<String> {
    snapshot_records(&sniffer.get_snapshot().unwrap())
}

#[test]
fn stat_dirty_files_compare_as_git_cleans_them() {
    let mut rng = Rng(0x0a77_7215_u64 * 2_654_435_761);
    let mut modified = 0;
    for case in 0..CASES {
        let dir = TempDir::new(&format!("omni-attributes-{case}"));
        let home = TempDir::new(&format!("omni-attributes-home-{case}"));
        let git = |args: &[&str]| support::git::run_isolated(&dir, &home, args);
        git(&["init", "-q", "-b", "main"]);
        let autocrlf = ["false", "true", "input"][rng.below(3)];
        git(&["config", "core.autocrlf", autocrlf]);
        write(
            &dir,
            ".gitattributes",
            lines(&mut rng, ROOT_LINES, 8).as_bytes(),
        );
        write(
            &dir,
            "sub/.gitattributes",
            lines(&mut rng, NESTED_LINES, 4).as_bytes(),
        );
        let families: Vec<usize> = FILES.iter().map(|_| rng.below(FAMILIES.len())).collect();
        for (file, &family) in FILES.iter().zip(&families) {
            let content = *rng.pick(FAMILIES[family]);
            write(&dir, file, content);
        }
        git(&["add", "-A"]);
        git(&["commit", "-q", "-m", "files"]);
        if rng.below(3) == 0 {
            write(
                &dir,
                ".git/info/attributes",
                lines(&mut rng, ROOT_LINES, 3).as_bytes(),
            );
        }
        // After the commit: attributes files edited or deleted, and every file rewritten.
        match rng.below(4) {
            0 => write(
                &dir,
                ".gitattributes",
                lines(&mut rng, ROOT_LINES, 8).as_bytes(),
            ),
            1 => std::fs::remove_file(dir.join("sub/.gitattributes")).unwrap(),
            _ => {}
        }
        let past = SystemTime::now() - Duration::from_secs(3600);
        for (file, &family) in FILES.iter().zip(&families) {
            let family = if rng.below(4) == 0 {
                rng.below(FAMILIES.len())
            } else {
                family
            };
            let content = *rng.pick(FAMILIES[family]);
            write(&dir, file, content);
            let handle = std::fs::File::options()
                .write(true)
                .open(dir.join(file))
                .unwrap();
            handle.set_modified(past).unwrap();
        }
        let expected = oracle_records(&dir, &home);
        modified += expected.iter().filter(|r| r.starts_with(".M")).count();
        let sniffer = OmniSniffer::new(&dir, SnapshotOptions::default()).unwrap();
        let setup = || {
            format!(
                "case {case}, autocrlf={autocrlf}\n.gitattributes:\n{}\nsub/.gitattributes:\n{}\ninfo/attributes:\n{}",
                std::fs::read_to_string(dir.join(".gitattributes")).unwrap_or_default(),
                std::fs::read_to_string(dir.join("sub/.gitattributes")).unwrap_or_default(),
                std::fs::read_to_string(dir.join(".git/info/attributes")).unwrap_or_default(),
            )
        };
        assert_eq!(
            sniffer_records(&sniffer),
            expected,
            "first call, {}",
            setup()
        );
        assert_eq!(
            sniffer_records(&sniffer),
            expected,
            "second call, {}",
            setup()
        );
    }
    // The cases must exercise both answers, or they prove nothing.
    assert!(
        modified > 50,
        "only {modified} files were modified in all cases"
    );
}
