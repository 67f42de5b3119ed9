//! Fuzzing the kubeconfig loader: arbitrary bytes, YAML-shaped noise and structured
//! mutations of the valid kubeconfigs in `tests/fuzz/kubeconfigs/` never panic or hang,
//! and every file gets exactly one result (its contexts, or one error naming it).
//! `make test` runs a smoke of a few hundred cases each; `make fuzz` runs for minutes.

#[path = "common/fuzz.rs"]
mod fuzz;

use std::path::PathBuf;

use kubeli_core::kubeconfig::{discover, parse, SourceInputs};
use proptest::prelude::*;

fn corpus() -> Vec<String> {
    let dir = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"),
    )
    .join("tests/fuzz/kubeconfigs");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// Discover one file holding `bytes`: no panic, and exactly one result for it.
fn one_result_per_file(bytes: &[u8]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config");
    std::fs::write(&path, bytes).unwrap();
    let d = discover(&SourceInputs {
        kubeconfig_env: Some(path.clone().into_os_string()),
        home: None,
        extra: vec![],
    })
    .discovery;
    let file = path.to_string_lossy();
    let errors = d.errors.iter().filter(|e| e.file == file).count();
    prop_assert!(errors <= 1, "{errors} errors for one file");
    if errors == 1 {
        prop_assert!(d.clusters.is_empty(), "a broken file gives no contexts");
    }
    for c in &d.clusters {
        prop_assert_eq!(&c.source, &file);
    }
    let mut ids: Vec<_> = d.clusters.iter().map(|c| c.id.to_string()).collect();
    ids.sort();
    ids.dedup();
    prop_assert_eq!(ids.len(), d.clusters.len(), "context ids are unique");
    Ok(())
}

/// Pieces that YAML and kubeconfigs give meaning to.
const TOKENS: &[&str] = &[
    ":",
    ": ",
    "- ",
    "-",
    "&a ",
    "*a",
    "<<: *a",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "'",
    "\t",
    "  ",
    "#",
    "null",
    "~",
    "!!binary ",
    "!!str ",
    "? ",
    "|",
    ">-",
    "---\n",
    "...\n",
    "\u{0}",
    "\u{feff}",
    "0x1F",
    "1e9999",
    "name: dup",
    "contexts: []",
    "contexts: 7",
    "clusters:",
    "users: {}",
    "context: {cluster: a}",
    "current-context: ",
    "server: https://x",
    "exec:",
    "\r\n",
    "%YAML 1.1\n",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Insert(usize, usize, usize),
    Indent(usize, bool),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = 0usize..10_000;
    prop_oneof![
        1 => n.clone().prop_map(Mutation::DeleteLine),
        1 => n.clone().prop_map(Mutation::DuplicateLine),
        1 => (n.clone(), n.clone()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        3 => (n.clone(), n.clone(), 0..TOKENS.len()).prop_map(|(l, c, t)| Mutation::Insert(l, c, t)),
        1 => (n.clone(), any::<bool>()).prop_map(|(l, deeper)| Mutation::Indent(l, deeper)),
        1 => n.prop_map(Mutation::Truncate),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for m in mutations {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let len = lines.len();
        let at = |i: usize| i % len;
        match *m {
            Mutation::DeleteLine(i) => {
                let i = at(i);
                lines.remove(i);
            }
            Mutation::DuplicateLine(i) => {
                let i = at(i);
                lines.insert(i, lines[i].clone());
            }
            Mutation::SwapLines(a, b) => {
                let (a, b) = (at(a), at(b));
                lines.swap(a, b);
            }
            Mutation::Insert(l, c, t) => {
                let line = &mut lines[at(l)];
                let mut c = c % (line.len() + 1);
                while !line.is_char_boundary(c) {
                    c -= 1;
                }
                line.insert_str(c, TOKENS[t]);
            }
            Mutation::Indent(l, deeper) => {
                let line = &mut lines[at(l)];
                if deeper {
                    line.insert_str(0, "  ");
                } else if line.starts_with("  ") {
                    line.drain(..2);
                }
            }
            Mutation::Truncate(n) => {
                let keep = n % (lines.len() + 1);
                lines.truncate(keep);
            }
        }
    }
    lines.join("\n")
}

#[test]
fn the_corpus_is_valid_to_start_from() {
    for text in corpus() {
        assert!(parse(&text).is_ok(), "{text}");
    }
}

#[test]
fn arbitrary_bytes_give_one_result_per_file() {
    let bytes = prop::collection::vec(any::<u8>(), 0..512);
    fuzz::fuzz("kubeconfig bytes", bytes, |b| one_result_per_file(&b));
}

#[test]
fn yaml_shaped_noise_never_panics_the_parser() {
    let noise = "[a-z:{}\\[\\]&*!|>'\"#~? \\n-]{0,300}";
    fuzz::fuzz("kubeconfig yaml noise", noise, |text| {
        let _ = parse(&text);
        Ok(())
    });
}

#[test]
fn mutated_kubeconfigs_give_one_result_per_file() {
    let seeds = corpus();
    let strategy = (0..seeds.len(), prop::collection::vec(mutation(), 1..8));
    fuzz::fuzz("kubeconfig mutations", strategy, |(seed, mutations)| {
        one_result_per_file(mutate(&seeds[seed], &mutations).as_bytes())
    });
}
