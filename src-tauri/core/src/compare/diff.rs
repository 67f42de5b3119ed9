//! The paths at which normalized objects differ, e.g. `spec.replicas: 2 → 3`, found by
//! walking them together: maps key by key; lists of named items (containers, env, volumes,
//! ports, mounts…) item by item matched on their merge key as kubectl's strategic merge
//! does (`containers[name=web]`), so one inserted item is one difference; other lists
//! index by index; and a path present in only some objects (or holding different types)
//! reported once where it starts.

use std::collections::{BTreeSet, HashSet};

use serde::Serialize;
use serde_json::Value;
use specta::Type;

/// One path whose value is not the same in every compared object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct PathDifference {
    /// Dotted path from the object's root: `spec.template.spec.containers[0].image`; keys
    /// that are not plain words in brackets: `metadata.labels["app.kubernetes.io/name"]`.
    pub path: String,
    /// The value in each compared object, in the order of the sides; `None` where the path
    /// is absent (or that cluster has no object). Scalars as written (strings unquoted),
    /// maps and lists as compact JSON.
    pub values: Vec<Option<String>>,
}

/// The fields kubectl's strategic merge patch matches list items on (`patchMergeKey` of the
/// built-in types: `name` for containers, env, volumes, ports with names…; `containerPort`
/// for unnamed container ports, `port` for service ports, `mountPath`, `devicePath`, `ip` for
/// host aliases, `type` for conditions, `topologyKey` for spread constraints), tried in order.
const MERGE_KEYS: [&str; 8] = [
    "name",
    "containerPort",
    "port",
    "mountPath",
    "devicePath",
    "ip",
    "type",
    "topologyKey",
];

/// An item's merge-key value as it is shown in a path: strings bare, numbers as written.
fn key_value(item: &Value, key: &str) -> Option<String> {
    match item.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The merge key every item of every list has, with values unique within each list; `None`
/// (compare by index) when no key fits or every list is empty.
fn merge_key(lists: &[&Vec<Value>]) -> Option<&'static str> {
    if lists.iter().all(|l| l.is_empty()) {
        return None;
    }
    MERGE_KEYS.into_iter().find(|key| {
        lists.iter().all(|list| {
            let mut seen = HashSet::new();
            list.iter()
                .all(|item| key_value(item, key).is_some_and(|v| seen.insert(v)))
        })
    })
}

/// Every path where `objects` (one per side, `None` for a side without the object) do not
/// all agree, in document order. Sides without the object take no part.
pub(crate) fn differences(objects: &[Option<&Value>]) -> Vec<PathDifference> {
    let mut out = Vec::new();
    let present: Vec<usize> = (0..objects.len())
        .filter(|&i| objects[i].is_some())
        .collect();
    if present.len() >= 2 {
        walk(objects, &present, &mut String::new(), &mut out);
    }
    out
}

fn walk(
    objects: &[Option<&Value>],
    present: &[usize],
    path: &mut String,
    out: &mut Vec<PathDifference>,
) {
    let here: Vec<Option<&Value>> = present.iter().map(|&i| objects[i]).collect();
    if here.windows(2).all(|w| w[0] == w[1]) {
        return;
    }
    let all_maps = here.iter().all(|v| matches!(v, Some(Value::Object(_))));
    let all_lists = here.iter().all(|v| matches!(v, Some(Value::Array(_))));
    if all_maps {
        let keys: BTreeSet<&String> = here
            .iter()
            .flatten()
            .filter_map(|v| v.as_object())
            .flat_map(|m| m.keys())
            .collect();
        for key in keys {
            let child: Vec<Option<&Value>> = objects.iter().map(|o| (*o)?.get(key)).collect();
            descend(&child, present, path, &key_segment(path, key), out);
        }
    } else if all_lists {
        let lists: Vec<&Vec<Value>> = here.iter().flatten().filter_map(|v| v.as_array()).collect();
        if let Some(key) = merge_key(&lists) {
            // Items in the order the first side lists them, then those only later sides have.
            let mut order: Vec<String> = Vec::new();
            for item in lists.iter().flat_map(|l| l.iter()) {
                let value = key_value(item, key).unwrap_or_default();
                if !order.contains(&value) {
                    order.push(value);
                }
            }
            for value in order {
                let child: Vec<Option<&Value>> = objects
                    .iter()
                    .map(|o| {
                        (*o)?
                            .as_array()?
                            .iter()
                            .find(|item| key_value(item, key).as_deref() == Some(value.as_str()))
                    })
                    .collect();
                descend(&child, present, path, &format!("[{key}={value}]"), out);
            }
            return;
        }
        let longest = here
            .iter()
            .flatten()
            .filter_map(|v| v.as_array())
            .map(Vec::len)
            .max()
            .unwrap_or(0);
        for index in 0..longest {
            let child: Vec<Option<&Value>> = objects.iter().map(|o| (*o)?.get(index)).collect();
            descend(&child, present, path, &format!("[{index}]"), out);
        }
    } else {
        out.push(PathDifference {
            path: path.clone(),
            values: objects.iter().map(|o| o.map(shown)).collect(),
        });
    }
}

/// Walk into one child: the sides present stay the same, a side where the child is
/// absent compares as `None`.
fn descend(
    child: &[Option<&Value>],
    present: &[usize],
    path: &mut String,
    segment: &str,
    out: &mut Vec<PathDifference>,
) {
    let len = path.len();
    path.push_str(segment);
    let mut objects: Vec<Option<&Value>> = vec![None; child.len()];
    for &i in present {
        objects[i] = child[i];
    }
    let missing_somewhere = present.iter().any(|&i| child[i].is_none());
    if missing_somewhere {
        let here: Vec<Option<&Value>> = present.iter().map(|&i| child[i]).collect();
        if !here.windows(2).all(|w| w[0] == w[1]) {
            out.push(PathDifference {
                path: path.clone(),
                values: objects.iter().map(|o| o.map(shown)).collect(),
            });
        }
    } else {
        walk(&objects, present, path, out);
    }
    path.truncate(len);
}

/// `.key` for a plain word (`key` at the root), `["key"]` otherwise.
fn key_segment(path: &str, key: &str) -> String {
    let plain = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    match (plain, path.is_empty()) {
        (true, true) => key.to_owned(),
        (true, false) => format!(".{key}"),
        (false, _) => format!("[{}]", Value::String(key.to_owned())),
    }
}

/// A value as the differences list shows it.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn diff(objects: &[Option<Value>]) -> Vec<(String, Vec<Option<String>>)> {
        let refs: Vec<Option<&Value>> = objects.iter().map(Option::as_ref).collect();
        differences(&refs)
            .into_iter()
            .map(|d| (d.path, d.values))
            .collect()
    }

    fn some(values: &[&str]) -> Vec<Option<String>> {
        values.iter().map(|v| Some((*v).to_owned())).collect()
    }

    #[test]
    fn equal_objects_have_no_differences() {
        let a = json!({"spec": {"replicas": 2, "template": {"x": [1, 2]}}});
        assert!(diff(&[Some(a.clone()), Some(a)]).is_empty());
    }

    #[test]
    fn a_changed_scalar_is_named_by_its_dotted_path_with_both_values() {
        let a = json!({"spec": {"replicas": 2, "paused": false}});
        let b = json!({"spec": {"replicas": 3, "paused": false}});
        assert_eq!(
            diff(&[Some(a), Some(b)]),
            vec![("spec.replicas".to_owned(), some(&["2", "3"]))]
        );
    }

    #[test]
    fn named_lists_align_by_name_and_odd_keys_are_bracketed() {
        let a = json!({
            "metadata": {"labels": {"app.kubernetes.io/name": "web"}},
            "spec": {"containers": [{"name": "web", "image": "nginx:1"}]},
        });
        let b = json!({
            "metadata": {"labels": {"app.kubernetes.io/name": "shop"}},
            "spec": {"containers": [{"name": "web", "image": "nginx:2"}, {"name": "sidecar"}]},
        });
        assert_eq!(
            diff(&[Some(a), Some(b)]),
            vec![
                (
                    "metadata.labels[\"app.kubernetes.io/name\"]".to_owned(),
                    some(&["web", "shop"])
                ),
                (
                    "spec.containers[name=web].image".to_owned(),
                    some(&["nginx:1", "nginx:2"])
                ),
                (
                    "spec.containers[name=sidecar]".to_owned(),
                    vec![None, Some("{\"name\":\"sidecar\"}".to_owned())]
                ),
            ]
        );
    }

    #[test]
    fn a_subtree_present_on_one_side_is_reported_once_where_it_starts() {
        let a = json!({"spec": {"replicas": 2}});
        let b = json!({"spec": {"replicas": 2, "strategy": {"type": "Recreate"}}});
        assert_eq!(
            diff(&[Some(a), Some(b)]),
            vec![(
                "spec.strategy".to_owned(),
                vec![None, Some("{\"type\":\"Recreate\"}".to_owned())]
            )]
        );
    }

    #[test]
    fn a_type_change_is_reported_at_its_path() {
        let a = json!({"data": {"port": 80}});
        let b = json!({"data": {"port": "80"}});
        assert_eq!(
            diff(&[Some(a), Some(b)]),
            vec![("data.port".to_owned(), some(&["80", "80"]))]
        );
    }

    #[test]
    fn three_sides_report_a_path_if_any_differs_and_a_missing_object_takes_no_part() {
        let a = json!({"spec": {"replicas": 2, "paused": true}});
        let b = json!({"spec": {"replicas": 2, "paused": true}});
        let c = json!({"spec": {"replicas": 5, "paused": true}});
        assert_eq!(
            diff(&[Some(a.clone()), Some(b), Some(c), None]),
            vec![(
                "spec.replicas".to_owned(),
                vec![
                    Some("2".to_owned()),
                    Some("2".to_owned()),
                    Some("5".to_owned()),
                    None
                ]
            )]
        );
        assert!(diff(&[Some(a), None]).is_empty());
    }

    #[test]
    fn one_container_inserted_first_is_one_difference_not_a_shift_of_all_after_it() {
        let web = json!({"name": "web", "image": "nginx:1", "ports": [{"containerPort": 80}]});
        let log = json!({"name": "log", "image": "fluentbit:3"});
        let a = json!({"spec": {"containers": [web.clone(), log.clone()]}});
        let b =
            json!({"spec": {"containers": [{"name": "init-proxy", "image": "envoy:1"}, web, log]}});
        assert_eq!(
            diff(&[Some(a), Some(b)]),
            vec![(
                "spec.containers[name=init-proxy]".to_owned(),
                vec![
                    None,
                    Some("{\"image\":\"envoy:1\",\"name\":\"init-proxy\"}".to_owned())
                ]
            )]
        );
    }

    #[test]
    fn env_ports_and_mounts_align_on_their_merge_keys_and_a_reorder_is_no_difference() {
        let a = json!({
            "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
            "ports": [{"containerPort": 80}, {"containerPort": 443}],
            "volumeMounts": [{"mountPath": "/data", "name": "data"}, {"mountPath": "/cache", "name": "data"}],
        });
        let b = json!({
            "env": [{"name": "B", "value": "2"}, {"name": "A", "value": "9"}],
            "ports": [{"containerPort": 8443}, {"containerPort": 80}],
            "volumeMounts": [{"mountPath": "/cache", "name": "data"}, {"mountPath": "/data", "name": "data", "readOnly": true}],
        });
        assert_eq!(
            diff(&[Some(a), Some(b)]),
            vec![
                ("env[name=A].value".to_owned(), some(&["1", "9"])),
                (
                    "ports[containerPort=443]".to_owned(),
                    vec![Some("{\"containerPort\":443}".to_owned()), None]
                ),
                (
                    "ports[containerPort=8443]".to_owned(),
                    vec![None, Some("{\"containerPort\":8443}".to_owned())]
                ),
                // Two mounts share the volume name: they match on mountPath instead.
                (
                    "volumeMounts[mountPath=/data].readOnly".to_owned(),
                    vec![None, Some("true".to_owned())]
                ),
            ]
        );
    }

    #[test]
    fn lists_without_a_unique_merge_key_still_compare_by_index() {
        let a = json!({"args": ["--a", "--b"], "tolerations": [{"operator": "Exists"}]});
        let b = json!({"args": ["--b"], "tolerations": [{"operator": "Equal"}]});
        assert_eq!(
            diff(&[Some(a), Some(b)]),
            vec![
                ("args[0]".to_owned(), some(&["--a", "--b"])),
                ("args[1]".to_owned(), vec![Some("--b".to_owned()), None]),
                (
                    "tolerations[0].operator".to_owned(),
                    some(&["Exists", "Equal"])
                ),
            ]
        );
    }
}
