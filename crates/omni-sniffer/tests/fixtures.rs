//! Runs the core on every shared fixture (built by `fixtures/build.mjs`, the builder the
//! TypeScript suite uses too) and compares each snapshot and prompt with
//! `fixtures/expected/<name>.json`. Every case is checked fresh and with a kept sniffer
//! asked twice; all mismatches are reported together.

use omni_sniffer::{OmniSniffer, SnapshotOptions};
use serde_json::{Map, Value};

mod support {
    pub mod manifest;
}
use support::manifest::manifest;

fn string<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {value}"))
}

/// The snapshot as the expected files store it: no timestamp, root relative to the cache.
fn comparable(snapshot: &omni_sniffer::EnvironmentSnapshot, cache_dir: &str) -> Value {
    let mut value = serde_json::to_value(snapshot).expect("a snapshot serialises");
    let object = value.as_object_mut().expect("a snapshot is an object");
    object.remove("timestamp");
    let root = snapshot
        .root
        .strip_prefix(cache_dir)
        .map(|r| r.trim_start_matches('/'))
        .unwrap_or(&snapshot.root);
    object.insert("root".into(), Value::String(root.to_string()));
    value
}

/// One line per top-level field that differs.
fn differences(expected: &Value, actual: &Value) -> Vec<String> {
    let empty = Map::new();
    let (e, a) = (
        expected.as_object().unwrap_or(&empty),
        actual.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = e.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| e.get(*k) != a.get(*k))
        .map(|k| {
            format!(
                "    {k}: expected {} got {}",
                e.get(k).unwrap_or(&Value::Null),
                a.get(k).unwrap_or(&Value::Null)
            )
        })
        .collect()
}

fn check_case(case: &Value, cache_dir: &str) -> Vec<String> {
    let open = string(case, "open");
    let options: SnapshotOptions =
        serde_json::from_value(case["options"].clone()).expect("options parse");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(string(case, "expected")).expect("expected file readable"),
    )
    .expect("expected file is JSON");
    let mut problems = Vec::new();

    if let Some(code) = expected["error"]["code"].as_str() {
        match OmniSniffer::new(open, options).and_then(|s| s.get_snapshot()) {
            Ok(_) => problems.push(format!("  expected error {code}, got a snapshot")),
            Err(error) => {
                if error.code() != code {
                    problems.push(format!(
                        "  expected error {code}, got {}: {error}",
                        error.code()
                    ));
                }
                if !error.to_string().contains(open) {
                    problems.push(format!("  error message does not name {open}: {error}"));
                }
            }
        }
        return problems;
    }

    let kept = match OmniSniffer::new(open, options.clone()) {
        Ok(sniffer) => sniffer,
        Err(error) => return vec![format!("  {}: {error}", error.code())],
    };
    let runs = [
        (
            "fresh",
            OmniSniffer::new(open, options).and_then(|s| s.get_snapshot()),
        ),
        ("kept, first", kept.get_snapshot()),
        ("kept, second", kept.get_snapshot()),
    ];
    for (label, result) in runs {
        match result {
            Err(error) => problems.push(format!("  {label}: {}: {error}", error.code())),
            Ok(snapshot) => {
                let diffs = differences(&expected["snapshot"], &comparable(&snapshot, cache_dir));
                if !diffs.is_empty() {
                    problems.push(format!("  {label} snapshot differs:\n{}", diffs.join("\n")));
                }
                let prompt = snapshot.to_prompt_string();
                if expected["prompt"].as_str() != Some(prompt.as_str()) {
                    problems.push(format!(
                        "  {label} prompt differs:\n    expected {}\n    got      {:?}",
                        expected["prompt"], prompt
                    ));
                }
            }
        }
    }
    problems
}

#[test]
fn every_fixture_matches_its_expected_snapshot() {
    let manifest = manifest(false);
    let cache_dir = string(&manifest, "cacheDir").to_string();
    let cases = manifest["cases"].as_array().expect("cases");
    assert!(!cases.is_empty(), "the manifest lists no cases");
    let mut failures = Vec::new();
    for case in cases {
        if let Some(why) = case["unavailable"].as_str() {
            eprintln!(
                "skipped {}: not built on this machine: {why}",
                string(case, "name")
            );
            continue;
        }
        let problems = check_case(case, &cache_dir);
        if !problems.is_empty() {
            failures.push(format!(
                "{}:\n{}",
                string(case, "name"),
                problems.join("\n")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
