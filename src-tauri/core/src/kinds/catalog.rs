//! Turning discovery documents into [`KindInfo`]s (aggregated `APIGroupDiscoveryList`s and
//! classic `APIResourceList`s alike), and describing a cluster's kinds for the UI with each
//! CRD's printer columns.

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::APIResourceList;
use kube::api::ListParams;
use kube::core::discovery::v2::APIGroupDiscoveryList;
use kube::Api;
use std::time::Duration;

use serde::Serialize;
use specta::Type;

use super::{KindInfo, PrinterColumn};
use crate::context_id::ContextId;
use crate::error::secs;
use crate::error::Error;

/// A group version whose discovery failed; its kinds are missing until it recovers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct FailedGroup {
    /// `metrics.k8s.io/v1beta1` (or just the group when no version is known).
    pub group_version: String,
    pub reason: String,
}

/// Everything discovery found on one connection.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Every kind of every served version (preferred ones marked).
    pub kinds: Vec<KindInfo>,
    pub failed: Vec<FailedGroup>,
    /// Whether the server answered with aggregated discovery.
    pub aggregated: bool,
    pub(crate) generation: u64,
}

/// What the UI learns about a cluster's kinds (`describe_kinds`).
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ClusterKinds {
    pub context: ContextId,
    /// The preferred version of every kind, in lookup order.
    pub kinds: Vec<KindInfo>,
    /// Groups whose discovery failed: a warning for this cluster, not an error of any view.
    pub failed_groups: Vec<FailedGroup>,
}

impl Catalog {
    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }

    /// A short note naming the failed groups, for "unknown kind" errors.
    pub(crate) fn failed_note(&self) -> String {
        if self.failed.is_empty() {
            return String::new();
        }
        let groups: Vec<_> = self
            .failed
            .iter()
            .map(|f| f.group_version.as_str())
            .collect();
        format!(
            " (discovery failed for {}, whose kinds are missing)",
            groups.join(", ")
        )
    }
}

pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    name: &str,
    value: serde_json::Value,
    path: &str,
) -> Result<T, Error> {
    serde_json::from_value(value).map_err(|e| Error::Api {
        context: name.to_owned(),
        code: 200,
        message: format!("{path} cannot be read: {e}"),
    })
}

fn kind_info(
    group: &str,
    version: &str,
    plural: &str,
    kind: &str,
    namespaced: bool,
    preferred: bool,
) -> KindInfo {
    KindInfo {
        group: group.to_owned(),
        version: version.to_owned(),
        kind: kind.to_owned(),
        plural: plural.to_owned(),
        singular: kind.to_lowercase(),
        namespaced,
        short_names: Vec::new(),
        verbs: Vec::new(),
        preferred,
        hides_values: super::hides_values(group, plural),
        scalable: false,
        restartable: super::is_restartable(group, plural),
        printer_columns: Vec::new(),
    }
}

pub(crate) fn add_aggregated(catalog: &mut Catalog, list: APIGroupDiscoveryList) {
    for group in list.items {
        let group_name = group.metadata.and_then(|m| m.name).unwrap_or_default();
        if group.versions.is_empty() {
            catalog.failed.push(FailedGroup {
                group_version: group_name.clone(),
                reason: "the group serves no version".into(),
            });
        }
        // Versions come in order of preference.
        for (i, v) in group.versions.into_iter().enumerate() {
            let version = v.version.unwrap_or_default();
            if v.freshness.as_deref() == Some("Stale") {
                catalog.failed.push(FailedGroup {
                    group_version: join_gv(&group_name, &version),
                    reason: "the server could not refresh this group's discovery (stale)".into(),
                });
                continue;
            }
            for r in v.resources {
                let plural = r.resource.unwrap_or_default();
                let kind = r.response_kind.and_then(|k| k.kind).unwrap_or_default();
                if plural.is_empty() || kind.is_empty() {
                    continue;
                }
                let mut k = kind_info(
                    &group_name,
                    &version,
                    &plural,
                    &kind,
                    r.scope.as_deref() == Some("Namespaced"),
                    i == 0,
                );
                if let Some(s) = r.singular_resource.filter(|s| !s.is_empty()) {
                    k.singular = s;
                }
                k.short_names = r.short_names;
                k.verbs = r.verbs;
                k.scalable = r
                    .subresources
                    .iter()
                    .any(|s| s.subresource.as_deref() == Some("scale"));
                catalog.kinds.push(k);
            }
        }
    }
}

pub(crate) fn add_group_version(
    catalog: &mut Catalog,
    group: &str,
    version: &str,
    preferred: bool,
    list: &APIResourceList,
) {
    for r in &list.resources {
        if r.name.contains('/') {
            continue;
        }
        let mut k = kind_info(group, version, &r.name, &r.kind, r.namespaced, preferred);
        if !r.singular_name.is_empty() {
            k.singular.clone_from(&r.singular_name);
        }
        k.short_names = r.short_names.clone().unwrap_or_default();
        k.verbs.clone_from(&r.verbs);
        let scale = format!("{}/scale", r.name);
        k.scalable = list.resources.iter().any(|s| s.name == scale);
        catalog.kinds.push(k);
    }
}

pub(crate) fn join_gv(group: &str, version: &str) -> String {
    if group.is_empty() {
        version.to_owned()
    } else {
        format!("{group}/{version}")
    }
}

/// The preferred kinds of a catalog, each CRD's with its printer columns. Reading the CRDs
/// is best effort: when it fails the kinds are still described, with a warning.
pub(crate) async fn describe(
    client: &kube::Client,
    context: &ContextId,
    catalog: &Catalog,
    timeout: Duration,
) -> ClusterKinds {
    let mut failed = catalog.failed.clone();
    let mut kinds: Vec<KindInfo> = catalog
        .kinds
        .iter()
        .filter(|k| k.preferred)
        .cloned()
        .collect();
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    match tokio::time::timeout(timeout, crds.list(&ListParams::default())).await {
        Ok(Ok(list)) => {
            for crd in list.items {
                let spec = crd.spec;
                for v in spec.versions {
                    let Some(columns) = v.additional_printer_columns else {
                        continue;
                    };
                    let found = kinds.iter_mut().find(|k| {
                        k.group == spec.group
                            && k.plural == spec.names.plural
                            && k.version == v.name
                    });
                    if let Some(k) = found {
                        k.printer_columns = columns
                            .into_iter()
                            .map(|c| PrinterColumn {
                                name: c.name,
                                column_type: c.type_,
                                json_path: c.json_path,
                                priority: c.priority.unwrap_or(0),
                                description: c.description,
                            })
                            .collect();
                    }
                }
            }
        }
        Ok(Err(e)) => failed.push(FailedGroup {
            group_version: "apiextensions.k8s.io/v1".into(),
            reason: format!(
                "printer columns of custom resources unavailable: {}",
                crate::error::chain(&e)
            ),
        }),
        Err(_) => failed.push(FailedGroup {
            group_version: "apiextensions.k8s.io/v1".into(),
            reason: format!(
                "printer columns of custom resources: no answer within {} s",
                secs(timeout)
            ),
        }),
    }
    super::sort_kinds(&mut kinds);
    ClusterKinds {
        context: context.clone(),
        kinds,
        failed_groups: failed,
    }
}
