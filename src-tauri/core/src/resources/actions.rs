//! Actions on nodes and cronjobs, as kubectl does them: cordon / uncordon, drain (pods no
//! controller manages and pods with emptyDir data block it unless chosen, then cordon and
//! evict every pod through the Eviction subresource except DaemonSet and mirror pods; never
//! a plain delete), trigger a cronjob now (a Job from its template, owned by it) and
//! suspend / resume a cronjob. Each names the cluster in its errors.

use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{Node, Pod};
use kube::api::{EvictParams, ListParams, Patch, PatchParams, PostParams};
use kube::{Api, ResourceExt};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::within;
use crate::context_id::ContextId;
use crate::error::Error;
use crate::kinds::Need;
use crate::pool::KubeClientManager;

/// The annotation the kubelet puts on mirror pods of static pods; they cannot be evicted.
const MIRROR: &str = "kubernetes.io/config.mirror";

/// How to drain, as kubectl's flags: pods no controller manages block the drain unless
/// `force` (`--force`: they are gone for good), pods with emptyDir volumes unless
/// `delete_empty_dir_data` (`--delete-emptydir-data`: that data is lost). `dry_run` only
/// reports what a drain would do (`--dry-run`), and never fails on those pods.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DrainOptions {
    /// Evict pods no controller manages too (`--force`).
    pub force: bool,
    /// Evict pods with emptyDir volumes too, losing that data (`--delete-emptydir-data`).
    pub delete_empty_dir_data: bool,
    /// Only report what would happen (`--dry-run`).
    pub dry_run: bool,
}

/// What a drain did (or, in a dry run, would do). Pods are named `namespace/name`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DrainReport {
    /// Every pod evicted (in a dry run: to be evicted once the options allow it).
    pub evicted: Vec<String>,
    /// The pods left on the node: DaemonSet pods (their controller ignores cordons) and
    /// mirror pods (the kubelet's static pods).
    pub skipped: Vec<String>,
    /// Pods no controller manages: evicted only with `force`, and nothing recreates them.
    pub unmanaged: Vec<String>,
    /// Pods with emptyDir volumes: evicted only with `delete_empty_dir_data`, losing that data.
    pub empty_dir: Vec<String>,
    /// Nothing was changed: this is what a drain would do.
    pub dry_run: bool,
}

/// Why a pod is left on a node, or what it needs to be evicted.
fn classify(pod: &Pod, key: String, report: &mut DrainReport) {
    let controller = pod
        .owner_references()
        .iter()
        .find(|o| o.controller == Some(true));
    if controller.is_some_and(|o| o.kind == "DaemonSet") || pod.annotations().contains_key(MIRROR) {
        report.skipped.push(key);
        return;
    }
    // Finished pods go without asking, as kubectl lets them: there is nothing left to lose.
    let phase = pod.status.as_ref().and_then(|s| s.phase.as_deref());
    let finished = matches!(phase, Some("Succeeded" | "Failed"));
    if controller.is_none() && !finished {
        report.unmanaged.push(key.clone());
    }
    let volumes = pod.spec.as_ref().and_then(|s| s.volumes.as_ref());
    if !finished && volumes.is_some_and(|v| v.iter().any(|v| v.empty_dir.is_some())) {
        report.empty_dir.push(key.clone());
    }
    report.evicted.push(key);
}

/// The refusal kubectl gives for pods the options do not cover, naming them and the cluster.
fn blocked(
    context: &ContextId,
    node: &str,
    plan: &DrainReport,
    options: DrainOptions,
) -> Option<Error> {
    let mut why = Vec::new();
    if !options.force && !plan.unmanaged.is_empty() {
        why.push(format!(
            "pods not managed by a controller (choose force to evict them; nothing recreates them): {}",
            plan.unmanaged.join(", ")
        ));
    }
    if !options.delete_empty_dir_data && !plan.empty_dir.is_empty() {
        why.push(format!(
            "pods with emptyDir volumes (choose delete emptyDir data; that data is lost): {}",
            plan.empty_dir.join(", ")
        ));
    }
    (!why.is_empty()).then(|| {
        Error::InvalidInput(format!(
            "{}: cannot drain node {node}: {}; nothing was changed",
            context.display_name(),
            why.join("; ")
        ))
    })
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

    /// Drain `node` as `kubectl drain --ignore-daemonsets` does: check its pods against
    /// `options` first (pods no controller manages need `force`, pods with emptyDir volumes
    /// need `delete_empty_dir_data`; a refusal names them and changes nothing), then cordon
    /// it and evict its pods one by one through the Eviction API. DaemonSet and mirror pods
    /// stay. The first eviction refused (a PodDisruptionBudget's 429, a 403) ends the drain
    /// with that error; the node stays cordoned.
    pub async fn drain(
        &self,
        context: &ContextId,
        node: &str,
        options: DrainOptions,
    ) -> Result<DrainReport, Error> {
        crate::args::name(context, node)?;
        if !options.dry_run {
            self.ensure_writable(context, || format!("draining node {node}"))?;
        }
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
        let mut plan = DrainReport {
            dry_run: options.dry_run,
            ..DrainReport::default()
        };
        for pod in &pods.items {
            let key = format!("{}/{}", pod.namespace().unwrap_or_default(), pod.name_any());
            classify(pod, key, &mut plan);
        }
        if options.dry_run {
            return Ok(plan);
        }
        if let Some(refusal) = blocked(context, node, &plan, options) {
            return Err(refusal);
        }
        self.cordon(context, node, true).await?;
        let mut report = DrainReport {
            skipped: plan.skipped,
            unmanaged: plan.unmanaged,
            empty_dir: plan.empty_dir,
            ..DrainReport::default()
        };
        for key in plan.evicted {
            let (ns, name) = key.split_once('/').unwrap_or(("", &key));
            let api: Api<Pod> = Api::namespaced(client.clone(), ns);
            let during = || format!("evicting pod {key} from node {node}");
            let params = EvictParams::default();
            let request = api.evict(name, &params);
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
