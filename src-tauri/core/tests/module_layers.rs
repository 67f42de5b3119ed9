//! The core's top-level modules form layers with no cycle (context_id, error, options →
//! kubeconfig, kinds, stream_types → events → health, reach → namespaces → pool → resources, streams →
//! doctor): a module may use only modules below it. Read from the source, so a new
//! `use crate::…` that closes a loop fails here with the loop named.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// `crate::name` references of every top-level module, from its files (comments skipped).
fn module_deps() -> BTreeMap<String, BTreeSet<String>> {
    let src = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"),
    )
    .join("src");
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut visit = vec![src.clone()];
    while let Some(dir) = visit.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit.push(path);
                continue;
            }
            let rel = path.strip_prefix(&src).unwrap();
            let top = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy();
            let module = top.trim_end_matches(".rs").to_owned();
            if module == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let used = deps.entry(module.clone()).or_default();
            for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for part in line.split("crate::").skip(1) {
                    let name: String = part
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() && name != module {
                        used.insert(name);
                    }
                }
            }
        }
    }
    deps
}

/// A cycle through `start`, if any, as the list of modules along it.
fn cycle_from(
    deps: &BTreeMap<String, BTreeSet<String>>,
    start: &str,
    path: &mut Vec<String>,
) -> Option<Vec<String>> {
    for next in deps.get(path.last().unwrap()).into_iter().flatten() {
        if next == start {
            let mut cycle = path.clone();
            cycle.push(start.to_owned());
            return Some(cycle);
        }
        if path.contains(next) || !deps.contains_key(next) {
            continue;
        }
        path.push(next.clone());
        if let Some(c) = cycle_from(deps, start, path) {
            return Some(c);
        }
        path.pop();
    }
    None
}

#[test]
fn core_modules_have_no_cycle() {
    let deps = module_deps();
    assert!(deps.contains_key("pool") && deps.contains_key("resources"));
    for module in deps.keys() {
        let cycle = cycle_from(&deps, module, &mut vec![module.clone()]);
        assert!(
            cycle.is_none(),
            "module cycle: {}",
            cycle.unwrap().join(" → ")
        );
    }
}

#[test]
fn the_layer_check_sees_a_cycle_when_there_is_one() {
    let mut deps = module_deps();
    deps.get_mut("events").unwrap().insert("pool".into());
    assert!(cycle_from(&deps, "events", &mut vec!["events".into()]).is_some());
}
