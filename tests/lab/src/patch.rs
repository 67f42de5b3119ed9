//! PATCH support: JSON merge patch, a simplified strategic merge patch, RFC 6902 JSON patch and server-side apply (as a merge).

use serde_json::{Map, Value};

/// Patch flavours, chosen by Content-Type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchKind {
    /// application/merge-patch+json
    Merge,
    /// application/strategic-merge-patch+json
    Strategic,
    /// application/json-patch+json
    Json,
    /// application/apply-patch+yaml
    Apply,
}

impl PatchKind {
    /// From a Content-Type header.
    pub fn from_content_type(ct: &str) -> Option<Self> {
        let ct = ct.split(';').next().unwrap_or("").trim();
        match ct {
            "application/merge-patch+json" => Some(PatchKind::Merge),
            "application/strategic-merge-patch+json" => Some(PatchKind::Strategic),
            "application/json-patch+json" => Some(PatchKind::Json),
            "application/apply-patch+yaml" | "application/apply-patch+json" => {
                Some(PatchKind::Apply)
            }
            _ => None,
        }
    }
}

/// Parses a patch body (YAML for apply, JSON otherwise).
pub fn parse_body(kind: PatchKind, body: &[u8]) -> Result<Value, String> {
    match kind {
        PatchKind::Apply => serde_saphyr::from_slice::<Value>(body).map_err(|e| e.to_string()),
        _ => serde_json::from_slice::<Value>(body).map_err(|e| e.to_string()),
    }
}

/// Applies `patch` of `kind` to `doc`.
pub fn apply(kind: PatchKind, doc: &mut Value, patch: &Value) -> Result<(), String> {
    match kind {
        PatchKind::Merge => {
            json_patch::merge(doc, patch);
            Ok(())
        }
        PatchKind::Strategic | PatchKind::Apply => {
            strategic(doc, patch);
            Ok(())
        }
        PatchKind::Json => {
            let p: json_patch::Patch =
                serde_json::from_value(patch.clone()).map_err(|e| e.to_string())?;
            json_patch::patch(doc, &p).map_err(|e| e.to_string())
        }
    }
}

fn merge_key(items: &[Value]) -> Option<&'static str> {
    ["name", "containerPort", "port", "mountPath", "ip", "type"]
        .into_iter()
        .find(|k| !items.is_empty() && items.iter().all(|i| i.get(*k).is_some()))
}

/// Strategic merge, simplified: objects merge recursively (null deletes), lists of objects with a
/// well-known merge key (`name`, `containerPort`, `port`, ...) merge by that key and honour
/// `$patch: delete`, other lists are replaced, `$`-directives are otherwise ignored.
pub fn strategic(doc: &mut Value, patch: &Value) {
    match (doc, patch) {
        (Value::Object(d), Value::Object(p)) => merge_obj(d, p),
        (d, p) => *d = strip(p),
    }
}

fn merge_obj(d: &mut Map<String, Value>, p: &Map<String, Value>) {
    for (k, v) in p {
        if k.starts_with('$') {
            continue;
        }
        match v {
            Value::Null => {
                d.remove(k);
            }
            Value::Object(po) => match d.get_mut(k) {
                Some(Value::Object(dobj)) => merge_obj(dobj, po),
                _ => {
                    d.insert(k.clone(), strip(v));
                }
            },
            Value::Array(pa) => {
                let merged = match d.get(k) {
                    Some(Value::Array(da)) => merge_list(da, pa),
                    _ => pa
                        .iter()
                        .filter(|x| x.get("$patch").is_none())
                        .map(strip)
                        .collect(),
                };
                d.insert(k.clone(), Value::Array(merged));
            }
            _ => {
                d.insert(k.clone(), v.clone());
            }
        }
    }
}

fn merge_list(da: &[Value], pa: &[Value]) -> Vec<Value> {
    let Some(key) = merge_key(pa).filter(|k| da.iter().all(|i| i.get(*k).is_some())) else {
        return pa.iter().map(strip).collect();
    };
    let mut out: Vec<Value> = da.to_vec();
    for item in pa {
        let kv = &item[key];
        let pos = out.iter().position(|x| &x[key] == kv);
        let delete = item.get("$patch").and_then(|x| x.as_str()) == Some("delete");
        match (pos, delete) {
            (Some(i), true) => {
                out.remove(i);
            }
            (Some(i), false) => strategic(&mut out[i], item),
            (None, false) => out.push(strip(item)),
            (None, true) => {}
        }
    }
    out
}

fn strip(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(k, _)| !k.starts_with('$'))
                .map(|(k, v)| (k.clone(), strip(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(strip).collect()),
        x => x.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strategic_merges_containers_by_name() {
        let mut d =
            json!({"spec":{"containers":[{"name":"a","image":"x:1"},{"name":"b","image":"y:1"}]}});
        strategic(
            &mut d,
            &json!({"spec":{"containers":[{"name":"b","image":"y:2"}],"$setElementOrder/containers":[]}}),
        );
        assert_eq!(d["spec"]["containers"][0]["image"], "x:1");
        assert_eq!(d["spec"]["containers"][1]["image"], "y:2");
        assert!(d["spec"].get("$setElementOrder/containers").is_none());
        strategic(
            &mut d,
            &json!({"spec":{"containers":[{"name":"a","$patch":"delete"}]}}),
        );
        assert_eq!(d["spec"]["containers"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn json_patch_and_merge() {
        let mut d = json!({"a":1,"b":{"c":2}});
        apply(PatchKind::Merge, &mut d, &json!({"b":{"c":null,"d":3}})).unwrap();
        assert_eq!(d, json!({"a":1,"b":{"d":3}}));
        apply(
            PatchKind::Json,
            &mut d,
            &json!([{"op":"replace","path":"/a","value":5}]),
        )
        .unwrap();
        assert_eq!(d["a"], 5);
    }
}
