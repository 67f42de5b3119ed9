//! Which pods a stream reads: a workload's label selector, the pods a selector matches, and
//! the ready pod behind a service (with the service port mapped to the pod's port).

use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{Pod, Service};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use kube::api::{Api, ListParams};

use crate::error::Error;

/// A label selector as the API's `labelSelector` query takes it.
fn selector_string(s: &LabelSelector) -> String {
    let mut parts: Vec<String> = s
        .match_labels
        .iter()
        .flatten()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    for e in s.match_expressions.iter().flatten() {
        let values = e.values.clone().unwrap_or_default().join(",");
        parts.push(match e.operator.as_str() {
            "In" => format!("{} in ({values})", e.key),
            "NotIn" => format!("{} notin ({values})", e.key),
            "DoesNotExist" => format!("!{}", e.key),
            _ => e.key.clone(),
        });
    }
    parts.join(",")
}

/// The label selector of a workload (`kind` is its plural).
pub(super) async fn workload_selector(
    client: kube::Client,
    context: &str,
    ns: &str,
    kind: &str,
    name: &str,
) -> Result<String, Error> {
    let kube_err = |e: kube::Error| Error::from_kube(context, &e);
    let selector = match kind {
        "deployments" => {
            let d = Api::<Deployment>::namespaced(client, ns).get(name).await;
            Some(d.map_err(kube_err)?.spec.selector)
        }
        "statefulsets" => {
            let s = Api::<StatefulSet>::namespaced(client, ns).get(name).await;
            Some(s.map_err(kube_err)?.spec.selector)
        }
        "daemonsets" => {
            let d = Api::<DaemonSet>::namespaced(client, ns).get(name).await;
            Some(d.map_err(kube_err)?.spec.selector)
        }
        "replicasets" => {
            let r = Api::<ReplicaSet>::namespaced(client, ns).get(name).await;
            Some(r.map_err(kube_err)?.spec.selector)
        }
        "jobs" => {
            let j = Api::<Job>::namespaced(client, ns).get(name).await;
            j.map_err(kube_err)?.spec.and_then(|s| s.selector)
        }
        other => {
            return Err(Error::InvalidInput(format!(
                "{context}: cannot stream the logs of a {other}: only deployments, statefulsets, daemonsets, replicasets and jobs have pods"
            )))
        }
    };
    let text = selector.as_ref().map(selector_string).unwrap_or_default();
    if text.is_empty() {
        return Err(Error::InvalidInput(format!(
            "{context}: {kind}/{name} in {ns} has no pod selector"
        )));
    }
    Ok(text)
}

/// The pods `selector` matches, not being deleted, oldest first.
pub(super) async fn pods(
    client: kube::Client,
    context: &str,
    ns: &str,
    selector: &str,
) -> Result<Vec<Pod>, Error> {
    let list = Api::<Pod>::namespaced(client, ns)
        .list(&ListParams::default().labels(selector))
        .await
        .map_err(|e| Error::from_kube(context, &e))?;
    let mut pods: Vec<Pod> = list
        .items
        .into_iter()
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .collect();
    pods.sort_by(|a, b| {
        let key = |p: &Pod| {
            (
                p.metadata.creation_timestamp.clone(),
                p.metadata.name.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    Ok(pods)
}

/// The names of a pod's containers, in order.
pub(super) fn containers(pod: &Pod) -> Vec<String> {
    pod.spec
        .iter()
        .flat_map(|s| s.containers.iter().map(|c| c.name.clone()))
        .collect()
}

/// Whether a pod is running with its Ready condition true.
pub(super) fn is_ready(pod: &Pod) -> bool {
    let status = pod.status.as_ref();
    status.and_then(|s| s.phase.as_deref()) == Some("Running")
        && status
            .and_then(|s| s.conditions.as_ref())
            .is_some_and(|c| c.iter().any(|c| c.type_ == "Ready" && c.status == "True"))
}

/// A ready pod behind a service, and the pod port its `port` maps to.
pub(super) async fn service_pod(
    client: kube::Client,
    context: &str,
    ns: &str,
    service: &str,
    port: u16,
) -> Result<(String, u16), Error> {
    let svc = Api::<Service>::namespaced(client.clone(), ns)
        .get(service)
        .await
        .map_err(|e| Error::from_kube(context, &e))?;
    let spec = svc.spec.unwrap_or_default();
    let labels = spec.selector.unwrap_or_default();
    if labels.is_empty() {
        return Err(Error::InvalidInput(format!(
            "{context}: service {ns}/{service} has no selector, so no pod to forward to"
        )));
    }
    let selector = labels
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",");
    let target = spec
        .ports
        .iter()
        .flatten()
        .find(|p| p.port == i32::from(port))
        .and_then(|p| p.target_port.clone());
    let pods = pods(client, context, ns, &selector).await?;
    let pod = pods
        .iter()
        .find(|p| is_ready(p))
        .ok_or_else(|| Error::NotFound {
            context: context.to_owned(),
            message: format!("service {ns}/{service} has no ready pod"),
        })?;
    let name = pod.metadata.name.clone().unwrap_or_default();
    Ok((name, pod_port(pod, target, port)))
}

/// The pod port a service's target port means: a number, a named container port, or (unset)
/// the service port itself.
fn pod_port(
    pod: &Pod,
    target: Option<k8s_openapi::apimachinery::pkg::util::intstr::IntOrString>,
    port: u16,
) -> u16 {
    use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
    match target {
        Some(IntOrString::Int(n)) => u16::try_from(n).unwrap_or(port),
        Some(IntOrString::String(name)) => pod
            .spec
            .iter()
            .flat_map(|s| &s.containers)
            .flat_map(|c| c.ports.iter().flatten())
            .find(|p| p.name.as_deref() == Some(name.as_str()))
            .and_then(|p| u16::try_from(p.container_port).ok())
            .unwrap_or(port),
        None => port,
    }
}
