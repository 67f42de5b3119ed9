//! CustomResourceDefinitions at run time: validating a CRD, turning it into a served kind, and
//! marking it `Established` as the apiextensions server does.

use serde_json::{json, Value};

use crate::resources::{self, leak_str, leak_strs, ResourceDef, View};
use crate::store::{ApiError, Store};

/// The kind a CRD defines: its storage version (or first served version) is the one served.
pub fn definition(crd: &Value) -> Result<ResourceDef, String> {
    let spec = &crd["spec"];
    let names = &spec["names"];
    let text = |v: &Value, what: &str| {
        v.as_str()
            .filter(|s| !s.is_empty())
            .map(leak_str)
            .ok_or_else(|| format!("spec.{what}: Required value"))
    };
    let group = text(&spec["group"], "group")?;
    let plural = text(&names["plural"], "names.plural")?;
    let kind = text(&names["kind"], "names.kind")?;
    let singular = names["singular"]
        .as_str()
        .map(leak_str)
        .unwrap_or_else(|| leak_str(&kind.to_lowercase()));
    let namespaced = match spec["scope"].as_str() {
        Some("Namespaced") => true,
        Some("Cluster") => false,
        _ => return Err("spec.scope: Unsupported value: must be Namespaced or Cluster".into()),
    };
    let versions = spec["versions"].as_array().cloned().unwrap_or_default();
    let served: Vec<&Value> = versions
        .iter()
        .filter(|v| v["served"] == json!(true))
        .collect();
    let chosen = served
        .iter()
        .find(|v| v["storage"] == json!(true))
        .or(served.first())
        .ok_or(
            "spec.versions: Invalid value: must have exactly one version marked as storage version",
        )?;
    let version = text(&chosen["name"], "versions[].name")?;
    let strings = |v: &Value| -> &'static [&'static str] {
        let list: Vec<&str> = v
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str())
            .collect();
        leak_strs(&list)
    };
    let subs = &chosen["subresources"];
    let categories = strings(&names["categories"]);
    Ok(ResourceDef {
        group,
        version,
        plural,
        singular,
        kind,
        namespaced,
        short_names: strings(&names["shortNames"]),
        in_all: categories.contains(&"all"),
        scale: subs["scale"].is_object(),
        status: subs["status"].is_object(),
        view: View::Stored,
    })
}

/// Rejects a CRD the lab cannot serve, as `422 Invalid`.
pub fn validate(crd: &Value) -> Result<ResourceDef, ApiError> {
    let name = crd["metadata"]["name"].as_str().unwrap_or("");
    let d = definition(crd).map_err(|e| invalid(name, &e))?;
    if name != format!("{}.{}", d.plural, d.group) {
        return Err(invalid(
            name,
            "metadata.name: Invalid value: must be spec.names.plural+\".\"+spec.group",
        ));
    }
    Ok(d)
}

fn invalid(name: &str, msg: &str) -> ApiError {
    let crds = resources::def(resources::ids::CRDS);
    ApiError::invalid(crds, name, msg)
}

/// Serves the kind of the stored CRD `name` and marks the CRD `Established`.
pub fn establish(store: &mut Store, name: &str) {
    let Some(obj) = store.get(resources::ids::CRDS, "", name) else {
        return;
    };
    let mut v = obj.value();
    let Ok(d) = definition(&v) else { return };
    if store.find(d.group, d.version, d.plural).is_none() {
        store.serve(resources::intern(d));
    }
    if v["status"]["acceptedNames"]["plural"] == json!(d.plural) {
        return;
    }
    let now = crate::util::rfc3339(crate::util::now_secs());
    let cond = |t: &str, reason: &str, msg: &str| json!({"type": t, "status": "True", "lastTransitionTime": now, "reason": reason, "message": msg});
    v["status"] = json!({
        "acceptedNames": v["spec"]["names"],
        "conditions": [cond("NamesAccepted", "NoConflicts", "no conflicts found"),
            cond("Established", "InitialNamesAccepted", "the initial names have been accepted")],
        "storedVersions": [d.version],
    });
    let _ = store.update(resources::ids::CRDS, v);
}

/// Stops serving the kind a (deleted or changed) CRD defined; its objects are deleted.
pub fn withdraw(store: &mut Store, crd: &Value) {
    if let Ok(d) = definition(crd) {
        if let Some(id) = store.find(d.group, d.version, d.plural) {
            store.unserve(id);
        }
    }
}

/// A minimal CRD for `kind` in `group`/`version` (plural = lowercase kind + "s"), with a status subresource.
pub fn simple(group: &str, version: &str, kind: &str, namespaced: bool) -> Value {
    let singular = kind.to_lowercase();
    let plural = format!("{singular}s");
    json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": format!("{plural}.{group}")},
        "spec": {"group": group, "scope": if namespaced { "Namespaced" } else { "Cluster" },
            "names": {"plural": plural, "singular": singular, "kind": kind, "listKind": format!("{kind}List")},
            "versions": [{"name": version, "served": true, "storage": true,
                "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}},
                "subresources": {"status": {}}}]}})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crd_defines_its_kind_once_and_bad_names_are_invalid() {
        let crd = simple("other.kubeli.dev", "v1", "Widget", true);
        let d = validate(&crd).unwrap();
        assert_eq!(
            (d.group, d.version, d.plural, d.kind, d.namespaced),
            ("other.kubeli.dev", "v1", "widgets", "Widget", true)
        );
        let again = definition(&crd).unwrap();
        assert_eq!(resources::intern(d), resources::intern(again));
        let mut bad = crd.clone();
        bad["metadata"]["name"] = json!("widgets.elsewhere.dev");
        assert_eq!(validate(&bad).unwrap_err().code, 422);
        bad["spec"]["scope"] = json!("Galaxy");
        assert!(definition(&bad).is_err());
    }
}
