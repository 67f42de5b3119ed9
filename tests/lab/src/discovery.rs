//! Discovery documents for the kinds one cluster serves: the classic shape (`/api`, `/apis`,
//! `/apis/{g}`, `/apis/{g}/{v}`) and aggregated discovery (`apidiscovery.k8s.io` v2 / v2beta1),
//! chosen by the `Accept` header as a real API server does.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::resources::{def, ResourceDef};

/// Which discovery shape a client asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `APIVersions` / `APIGroupList` / `APIResourceList`.
    Classic,
    /// `APIGroupDiscoveryList` of `apidiscovery.k8s.io/{version}`.
    Aggregated(&'static str),
}

impl Shape {
    /// Reads the `Accept` header in the client's order of preference: the first media type the
    /// lab can produce wins (aggregated v2, v2beta1, or plain JSON).
    pub fn negotiate(accept: &str) -> Shape {
        for media in accept.split(',') {
            let mut parts = media.split(';').map(str::trim);
            let ty = parts.next().unwrap_or("");
            let params: Vec<(&str, &str)> = parts.filter_map(|p| p.split_once('=')).collect();
            let param = |k: &str| params.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
            if ty == "application/json"
                && param("g") == Some("apidiscovery.k8s.io")
                && param("as") == Some("APIGroupDiscoveryList")
            {
                match param("v") {
                    Some("v2") => return Shape::Aggregated("v2"),
                    Some("v2beta1") => return Shape::Aggregated("v2beta1"),
                    _ => continue,
                }
            }
            if (ty == "application/json" && params.is_empty()) || ty == "*/*" {
                return Shape::Classic;
            }
        }
        Shape::Classic
    }
    /// The response `Content-Type` for this shape.
    pub fn content_type(&self) -> String {
        match self {
            Shape::Classic => "application/json".into(),
            Shape::Aggregated(v) => {
                format!("application/json;g=apidiscovery.k8s.io;v={v};as=APIGroupDiscoveryList")
            }
        }
    }
}

/// Groups (non-core) in discovery order with their versions, from the served resource ids.
fn groups(served: &[usize]) -> Vec<(&'static str, Vec<&'static str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for r in served.iter().map(|i| def(*i)) {
        if r.group.is_empty() {
            continue;
        }
        match out.iter_mut().find(|(g, _)| *g == r.group) {
            Some((_, vs)) if !vs.contains(&r.version) => vs.push(r.version),
            Some(_) => {}
            None => out.push((r.group, vec![r.version])),
        }
    }
    out
}

/// `/api`, classic.
pub fn api_versions(addr: &str) -> Value {
    json!({"kind":"APIVersions","versions":["v1"],
        "serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":addr}]})
}

fn group_json(g: &str, versions: &[&str]) -> Value {
    let gvs: Vec<Value> = versions
        .iter()
        .map(|v| json!({"groupVersion": format!("{g}/{v}"), "version": v}))
        .collect();
    json!({"name": g, "versions": gvs, "preferredVersion": gvs[0]})
}

/// `/apis`, classic.
pub fn api_group_list(served: &[usize]) -> Value {
    let groups: Vec<Value> = groups(served)
        .iter()
        .map(|(g, vs)| group_json(g, vs))
        .collect();
    json!({"kind":"APIGroupList","apiVersion":"v1","groups":groups})
}

/// `/apis/{group}`, classic.
pub fn api_group(served: &[usize], group: &str) -> Option<Value> {
    let (g, vs) = groups(served).into_iter().find(|(g, _)| *g == group)?;
    let mut v = group_json(g, &vs);
    v["kind"] = json!("APIGroup");
    v["apiVersion"] = json!("v1");
    Some(v)
}

/// `(subresource, responseKind, verbs)` of a resource.
fn subresources(r: &ResourceDef) -> Vec<(&'static str, Value, Value)> {
    let own = json!({"group": r.group, "version": r.version, "kind": r.kind});
    let rw = json!(["get", "patch", "update"]);
    let mut out = Vec::new();
    if r.status {
        out.push(("status", own.clone(), rw.clone()));
    }
    if r.scale {
        let scale = json!({"group": "autoscaling", "version": "v1", "kind": "Scale"});
        out.push(("scale", scale, rw));
    }
    if r.kind == "Pod" && r.group.is_empty() {
        out.push(("log", own, json!(["get"])));
        let eviction = json!({"group": "policy", "version": "v1", "kind": "Eviction"});
        out.push(("eviction", eviction, json!(["create"])));
    }
    out
}

fn served_in<'a>(
    served: &'a [usize],
    group: &'a str,
    version: &'a str,
) -> impl Iterator<Item = &'static ResourceDef> + 'a {
    served
        .iter()
        .map(|i| def(*i))
        .filter(move |r| r.group == group && r.version == version)
}

/// `/api/v1` or `/apis/{group}/{version}`, classic.
pub fn api_resource_list(served: &[usize], group: &str, version: &str) -> Option<Value> {
    let mut resources = Vec::new();
    for r in served_in(served, group, version) {
        let mut e = json!({"name": r.plural, "singularName": r.singular, "namespaced": r.namespaced,
            "kind": r.kind, "verbs": r.verbs()});
        if !r.short_names.is_empty() {
            e["shortNames"] = json!(r.short_names);
        }
        if r.in_all {
            e["categories"] = json!(["all"]);
        }
        resources.push(e);
        for (sub, kind, verbs) in subresources(r) {
            let mut s = json!({"name": format!("{}/{sub}", r.plural), "singularName": "",
                "namespaced": r.namespaced, "kind": kind["kind"], "verbs": verbs});
            if kind["group"] != json!(r.group) {
                s["group"] = kind["group"].clone();
                s["version"] = kind["version"].clone();
            }
            resources.push(s);
        }
    }
    if resources.is_empty() {
        return None;
    }
    let gv = if group.is_empty() {
        version.to_string()
    } else {
        format!("{group}/{version}")
    };
    Some(
        json!({"kind":"APIResourceList","apiVersion":"v1","groupVersion":gv,"resources":resources}),
    )
}

fn resource_discovery(r: &ResourceDef) -> Value {
    let mut e = json!({"resource": r.plural,
        "responseKind": {"group": r.group, "version": r.version, "kind": r.kind},
        "scope": if r.namespaced { "Namespaced" } else { "Cluster" },
        "singularResource": r.singular, "verbs": r.verbs()});
    if !r.short_names.is_empty() {
        e["shortNames"] = json!(r.short_names);
    }
    if r.in_all {
        e["categories"] = json!(["all"]);
    }
    let subs: Vec<Value> = subresources(r)
        .into_iter()
        .map(|(sub, kind, verbs)| json!({"subresource": sub, "responseKind": kind, "verbs": verbs}))
        .collect();
    if !subs.is_empty() {
        e["subresources"] = json!(subs);
    }
    e
}

fn version_discovery(served: &[usize], group: &str, version: &str, stale: bool) -> Value {
    if stale {
        // An unavailable aggregated API: the version is listed but marked stale, as
        // kube-aggregator does; clients report the group version as failed.
        return json!({"version": version, "resources": [], "freshness": "Stale"});
    }
    let resources: Vec<Value> = served_in(served, group, version)
        .map(resource_discovery)
        .collect();
    json!({"version": version, "resources": resources, "freshness": "Current"})
}

/// `/api` (`core`) or `/apis` as an `APIGroupDiscoveryList`; groups in `unavailable` are stale.
pub fn aggregated(
    served: &[usize],
    core: bool,
    unavailable: &BTreeSet<String>,
    version: &str,
) -> Value {
    let items: Vec<Value> = if core {
        vec![json!({"metadata": {"creationTimestamp": null},
            "versions": [version_discovery(served, "", "v1", false)]})]
    } else {
        groups(served)
            .iter()
            .map(|(g, vs)| {
                let stale = unavailable.contains(*g);
                let versions: Vec<Value> = vs
                    .iter()
                    .map(|v| version_discovery(served, g, v, stale))
                    .collect();
                json!({"metadata": {"name": g, "creationTimestamp": null}, "versions": versions})
            })
            .collect()
    };
    json!({"kind": "APIGroupDiscoveryList", "apiVersion": format!("apidiscovery.k8s.io/{version}"),
        "metadata": {}, "items": items})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_order_decides_the_shape() {
        let kubectl = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
        assert_eq!(Shape::negotiate(kubectl), Shape::Aggregated("v2"));
        let beta = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
        assert_eq!(Shape::negotiate(beta), Shape::Aggregated("v2beta1"));
        assert_eq!(Shape::negotiate("application/json"), Shape::Classic);
        assert_eq!(Shape::negotiate(""), Shape::Classic);
        assert_eq!(
            Shape::negotiate("application/json, application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"),
            Shape::Classic
        );
    }
}
