//! Seeded events (a bounded number of pods get `Scheduled`/`Started`/`BackOff`...), and the
//! event shape shared with churn.

use serde_json::{json, Value};

use super::{create, Seeder};
use crate::resources::ids::*;
use crate::selectors::{FieldSelector, LabelSelector};
use crate::store::Store;
use crate::util::rfc3339;

impl Seeder<'_> {
    /// Events for up to 400 pods.
    pub(super) fn events(&mut self, store: &mut Store) {
        let now = self.now;
        // Events for a bounded number of pods.
        let all_pods = store.list(
            PODS,
            None,
            &LabelSelector::default(),
            &FieldSelector::default(),
        );
        let cap = 400usize.min(all_pods.len());
        for p in all_pods.iter().take(cap) {
            let v = p.value();
            let node = v["spec"]["nodeName"].as_str().unwrap_or("").to_string();
            let t = crate::util::parse_rfc3339(
                v["metadata"]["creationTimestamp"].as_str().unwrap_or(""),
            )
            .unwrap_or(now);
            let status = crate::table::pod_status(&v);
            let c0 = v["spec"]["containers"][0]["name"]
                .as_str()
                .unwrap_or("main")
                .to_string();
            let mut evs = vec![(
                "Normal",
                "Scheduled",
                format!("Successfully assigned {}/{} to {node}", p.namespace, p.name),
                "default-scheduler",
            )];
            if status == "CrashLoopBackOff" {
                evs.push((
                    "Warning",
                    "BackOff",
                    format!(
                        "Back-off restarting failed container {c0} in pod {}_{}",
                        p.name, p.namespace
                    ),
                    "kubelet",
                ));
            } else if status == "Running" {
                evs.push((
                    "Normal",
                    "Started",
                    format!("Started container {c0}"),
                    "kubelet",
                ));
            } else if status == "ContainerCreating" || status == "Pending" {
                evs.push(("Warning", "FailedScheduling", "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.".into(), "default-scheduler"));
            }
            for (ty, reason, msg, comp) in evs {
                let ename = format!("{}.{:016x}", p.name, self.rng.next_u64());
                create(
                    store,
                    EVENTS,
                    event_json(
                        &ename,
                        &p.namespace,
                        &p.name,
                        &p.uid,
                        ty,
                        reason,
                        &msg,
                        comp,
                        &node,
                        t,
                    ),
                );
            }
        }
    }
}

/// An Event object about a pod.
#[allow(
    clippy::too_many_arguments,
    reason = "each argument is one field of the Event object, as kubectl prints them"
)]
pub fn event_json(
    name: &str,
    ns: &str,
    pod: &str,
    uid: &str,
    ty: &str,
    reason: &str,
    msg: &str,
    comp: &str,
    host: &str,
    t: i64,
) -> Value {
    json!({"metadata": {"name": name, "namespace": ns, "creationTimestamp": rfc3339(t)},
        "involvedObject": {"kind": "Pod", "namespace": ns, "name": pod, "uid": uid, "apiVersion": "v1"},
        "reason": reason, "message": msg, "type": ty, "count": 1,
        "source": {"component": comp, "host": host}, "firstTimestamp": rfc3339(t), "lastTimestamp": rfc3339(t),
        "reportingComponent": comp, "reportingInstance": host})
}
