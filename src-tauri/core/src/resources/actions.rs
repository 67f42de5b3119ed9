//! Actions on nodes and cronjobs, as kubectl does them: cordon / uncordon, drain (cordon,
//! then evict every pod through the Eviction subresource except DaemonSet and mirror pods;
//! never a plain delete), trigger a cronjob now (a Job from its template, owned by it) and
//! suspend / resume a cronjob. Each names the cluster in its errors.

use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{Node, Pod};
use kube::api::{EvictParams, ListParams, Patch, PatchParams, PostParams};
use kube::{Api, ResourceExt};
use serde::Serialize;
use specta::Type;

use super::within;
use crate::context_id::ContextId;
use crate::error::Error;
use crate::kinds::Need;
use crate::pool::KubeClientManager;

/// The annotation the kubelet puts on mirror pods of static pods; they cannot be evicted.
const MIRROR: &str = "kubernetes.io/config.mirror";

/// What a drain did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DrainReport {
    /// `namespace/name` of every pod evicted.
    pub evicted: Vec<String>,
    /// `namespace/name` of the pods left on the node (DaemonSet and mirror pods).
    pub skipped: Vec<String>,
}

impl KubeClientManager {
    /// Mark a node unschedulable (`cordon = true`) or schedulable again.
    pub async fn cordon(&self, context: &ContextId, node: &str, cordon: bool) -> Result<(), Error> {
        crate::args::name(context, node)?;
        let verb = if cordon { "cordoning" } else { "uncordoning" };
        self.ensure_writable(context, || format!("{verb} node {node}"))?;
        let nodes: Api<Node> = Api::all(self.connected_conn(context)?.client());
        let patch = serde_json::json!({ "spec": { "unschedulable": cordon } });
        let verb = if cordon { "cordoning" } else { "uncordoning" };
        let during = || format!("{verb} node {node}");
        let (params, patch) = (PatchParams::default(), Patch::Merge(&patch));
        self.write(context, during, nodes.patch(node, &params, &patch))
            .await
    }

    /// Cordon `node`, then evict its pods one by one. DaemonSet pods (their controller would
    /// put them straight back) and mirror pods stay. The first eviction refused (a
    /// PodDisruptionBudget's 429, a 403) ends the drain with that error; the node stays
    /// cordoned.
    pub async fn drain(&self, context: &ContextId, node: &str) -> Result<DrainReport, Error> {
        self.ensure_writable(context, || format!("draining node {node}"))?;
        self.cordon(context, node, true).await?;
        let client = self.connected_conn(context)?.client();
        let all: Api<Pod> = Api::all(client.clone());
        let on_node = ListParams::default().fields(&format!("spec.nodeName={node}"));
        let during = || format!("listing the pods of node {node}");
        let pods = within(
            context,
            during,
            self.options().read_timeout,
            all.list(&on_node),
        )
        .await?;
        let mut report = DrainReport::default();
        for pod in pods.items {
            let ns = pod.namespace().unwrap_or_default();
            let key = format!("{ns}/{}", pod.name_any());
            let daemon = pod
                .owner_references()
                .iter()
                .any(|o| o.kind == "DaemonSet" && o.controller == Some(true));
            if daemon || pod.annotations().contains_key(MIRROR) {
                report.skipped.push(key);
                continue;
            }
            let api: Api<Pod> = Api::namespaced(client.clone(), &ns);
            let name = pod.name_any();
            let during = || format!("evicting pod {key} from node {node}");
            let params = EvictParams::default();
            let request = api.evict(&name, &params);
            match within(context, during, self.options().write_timeout, request).await {
                // Gone already: nothing to evict.
                Ok(_) | Err(Error::NotFound { .. }) => report.evicted.push(key),
                Err(e) => return Err(e),
            }
        }
        Ok(report)
    }

    /// Start a cronjob's Job now, as `kubectl create job --from=cronjob/NAME` does: its job
    /// template, an owner reference to the cronjob and the `manual` instantiate annotation.
    /// Returns the new Job's name.
    pub async fn trigger_cronjob(
        &self,
        context: &ContextId,
        namespace: &str,
        name: &str,
    ) -> Result<String, Error> {
        crate::args::namespace(context, Some(namespace))?;
        crate::args::name(context, name)?;
        self.ensure_writable(context, || format!("changing cronjob {namespace}/{name}"))?;
        // As JSON, not typed: the CronJob type's shape differs between Kubernetes versions.
        let (cronjobs, _) = self
            .api(context, "cronjobs.batch", Some(namespace), Need::Any)
            .await?;
        let during = || format!("reading cronjob {namespace}/{name}");
        let cronjob = within(
            context,
            during,
            self.options().read_timeout,
            cronjobs.get(name),
        )
        .await?;
        let template = &cronjob.data["spec"]["jobTemplate"];
        let mut metadata = template["metadata"].clone();
        if !metadata.is_object() {
            metadata = serde_json::json!({});
        }
        metadata["annotations"]["cronjob.kubernetes.io/instantiate"] = "manual".into();
        let stamp = k8s_openapi::jiff::Timestamp::now().as_second();
        metadata["name"] = format!("{name}-manual-{stamp}").into();
        metadata["namespace"] = namespace.into();
        metadata["ownerReferences"] = serde_json::json!([{
            "apiVersion": "batch/v1", "kind": "CronJob", "name": name,
            "uid": cronjob.uid().unwrap_or_default(),
            "controller": true, "blockOwnerDeletion": true,
        }]);
        let job: Job = serde_json::from_value(serde_json::json!({
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": metadata, "spec": template["spec"],
        }))
        .map_err(|e| {
            Error::InvalidInput(format!(
                "{}: cronjob {namespace}/{name} has no usable job template: {e}",
                context.display_name()
            ))
        })?;
        let jobs: Api<Job> = Api::namespaced(self.connected_conn(context)?.client(), namespace);
        let during = || format!("creating a job from cronjob {namespace}/{name}");
        let params = PostParams::default();
        let request = jobs.create(&params, &job);
        let created = within(context, during, self.options().write_timeout, request).await?;
        Ok(created.name_any())
    }

    /// Suspend (`suspend = true`) or resume a cronjob's schedule.
    pub async fn suspend_cronjob(
        &self,
        context: &ContextId,
        namespace: &str,
        name: &str,
        suspend: bool,
    ) -> Result<(), Error> {
        crate::args::namespace(context, Some(namespace))?;
        crate::args::name(context, name)?;
        self.ensure_writable(context, || format!("changing cronjob {namespace}/{name}"))?;
        let (cronjobs, _) = self
            .api(context, "cronjobs.batch", Some(namespace), Need::Any)
            .await?;
        let patch = serde_json::json!({ "spec": { "suspend": suspend } });
        let verb = if suspend { "suspending" } else { "resuming" };
        let during = || format!("{verb} cronjob {namespace}/{name}");
        let (params, patch) = (PatchParams::default(), Patch::Merge(&patch));
        self.write(context, during, cronjobs.patch(name, &params, &patch))
            .await
    }
}
