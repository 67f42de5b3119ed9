//! The connection pool against lab clusters over real HTTPS on loopback: several clusters at
//! once, isolation on disconnect and on faults, recovery, watches, and bad input.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kubeli_core::error::Error;
use kubeli_core::events::{ChannelSink, Event, HealthStatus, NamespaceSource};
use kubeli_core::kubeconfig::SourceInputs;
use kubeli_core::pool::{KubeClientManager, PoolOptions, TaskKey};
use kubeli_core::ContextId;
use kubeli_lab::{Fault, Lab, LabOptions};
use tokio::sync::mpsc::UnboundedReceiver;

struct Env {
    lab: Lab,
    pool: Arc<KubeClientManager>,
    events: UnboundedReceiver<Event>,
}

fn fast_options() -> PoolOptions {
    PoolOptions {
        connect_timeout: Duration::from_secs(4),
        health_interval: Duration::from_millis(300),
        probe_timeout: Duration::from_secs(1),
        max_backoff: Duration::from_millis(800),
        batch_window: Duration::from_millis(50),
        ..PoolOptions::default()
    }
}

fn pool_for(files: Vec<PathBuf>) -> (Arc<KubeClientManager>, UnboundedReceiver<Event>) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let env = std::env::join_paths(&files).unwrap();
    let sources = Arc::new(move || SourceInputs {
        kubeconfig_env: Some(env.clone()),
        home: None,
        extra: vec![],
    });
    (
        KubeClientManager::new(sources, Arc::new(ChannelSink(tx)), fast_options()),
        rx,
    )
}

async fn env(clusters: usize, pods: usize) -> Env {
    let lab = Lab::start(LabOptions {
        clusters,
        pods_per_cluster: pods,
        seed: 11,
        ..Default::default()
    })
    .await
    .expect("lab starts");
    let (pool, events) = pool_for(vec![lab.kubeconfig_path().to_path_buf()]);
    Env { lab, pool, events }
}

fn id(kubeconfig: &Path, context: &str) -> ContextId {
    ContextId::new(kubeconfig, context, 1)
}

impl Env {
    fn id(&self, context: &str) -> ContextId {
        id(self.lab.kubeconfig_path(), context)
    }

    /// Wait for an event matching `pick`, skipping others.
    async fn wait_for<T>(
        &mut self,
        what: &str,
        timeout: Duration,
        mut pick: impl FnMut(&Event) -> Option<T>,
    ) -> T {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, self.events.recv()).await {
                Ok(Some(e)) => {
                    if let Some(v) = pick(&e) {
                        return v;
                    }
                }
                _ => panic!("timed out waiting for {what}"),
            }
        }
    }
}

impl Env {
    /// Apply resource deltas to `seen` until it equals `want`.
    async fn converge(
        &mut self,
        seen: &mut BTreeSet<String>,
        want: &BTreeSet<String>,
        timeout: Duration,
    ) {
        let deadline = Instant::now() + timeout;
        while seen != want {
            assert!(
                Instant::now() < deadline,
                "watch did not converge: {} seen vs {} in the lab; missing {:?}, extra {:?}",
                seen.len(),
                want.len(),
                want.difference(seen).collect::<Vec<_>>(),
                seen.difference(want).collect::<Vec<_>>()
            );
            if let Ok(Some(Event::ResourceDelta(d))) =
                tokio::time::timeout(Duration::from_millis(500), self.events.recv()).await
            {
                apply(seen, &d);
            }
        }
    }
}

/// Apply one delta to the names a watch has shown.
fn apply(seen: &mut BTreeSet<String>, d: &kubeli_core::events::ResourceDelta) {
    if let Some(reset) = &d.reset {
        *seen = names(reset);
    }
    seen.extend(names(&d.upserts));
    for key in &d.deletes {
        seen.remove(key);
    }
}

fn names(items: &[serde_json::Value]) -> BTreeSet<String> {
    items
        .iter()
        .map(|o| {
            let m = &o["metadata"];
            format!(
                "{}/{}",
                m["namespace"].as_str().unwrap_or(""),
                m["name"].as_str().unwrap()
            )
        })
        .collect()
}

fn lab_names(lab: &Lab, i: usize, resource: &str) -> BTreeSet<String> {
    lab.cluster(i)
        .list_versions(resource)
        .into_iter()
        .map(|(key, _)| {
            if key.contains('/') {
                key
            } else {
                format!("/{key}")
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connects_three_clusters_at_once_and_each_call_returns_its_own_objects() {
    let e = env(3, 30).await;
    let ids: Vec<_> = ["lab-dev", "lab-staging", "lab-prod"]
        .iter()
        .map(|c| e.id(c))
        .collect();
    let results = futures::future::join_all(ids.iter().map(|id| e.pool.connect(id))).await;
    for (r, want) in results.iter().zip(["lab-dev", "lab-staging", "lab-prod"]) {
        let info = r.as_ref().unwrap_or_else(|err| panic!("{want}: {err}"));
        assert_eq!(info.cluster.context, want);
        assert_eq!(
            info.server_version.as_deref(),
            Some(e.lab.cluster_by_name(want).unwrap().version())
        );
    }
    assert_eq!(e.pool.connected().len(), 3);
    for (i, id) in ids.iter().enumerate() {
        let list = e.pool.list(id, "pods", None, None, None).await.unwrap();
        assert_eq!(
            names(&list.items),
            lab_names(&e.lab, i, "pods"),
            "cluster {i}"
        );
        let nss = e
            .pool
            .list(id, "namespaces", None, None, None)
            .await
            .unwrap();
        assert_eq!(
            names(&nss.items),
            lab_names(&e.lab, i, "namespaces"),
            "cluster {i}"
        );
    }
    // The clusters really differ, so the comparison above means something.
    assert_ne!(
        lab_names(&e.lab, 0, "namespaces"),
        lab_names(&e.lab, 2, "namespaces")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_connects_of_one_context_make_one_connection() {
    let e = env(1, 20).await;
    let id = e.id("lab-dev");
    let (a, b, c) = tokio::join!(
        e.pool.connect(&id),
        e.pool.connect(&id),
        e.pool.connect(&id)
    );
    let since: BTreeSet<u64> = [a, b, c]
        .into_iter()
        .map(|r| r.unwrap().since_ms.to_bits())
        .collect();
    assert_eq!(since.len(), 1, "one connection, made once");
    let probes = e
        .pool
        .connection_log(&id)
        .iter()
        .filter(|s| s.step == "probe /version")
        .count();
    assert_eq!(probes, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_with_limit_and_continue_returns_every_object_once() {
    let e = env(1, 45).await;
    let id = e.id("lab-dev");
    e.pool.connect(&id).await.unwrap();
    let mut all = Vec::new();
    let mut token = None;
    let mut pages = 0;
    loop {
        let page = e
            .pool
            .list(&id, "pods", None, Some(10), token)
            .await
            .unwrap();
        assert!(page.items.len() <= 10);
        all.extend(page.items);
        pages += 1;
        token = page.continue_token;
        if token.is_none() {
            break;
        }
    }
    assert!(pages >= 5, "{pages} pages");
    assert_eq!(names(&all), lab_names(&e.lab, 0, "pods"));
    assert_eq!(all.len(), e.lab.cluster(0).pod_count());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disconnecting_one_aborts_its_tasks_and_the_others_keep_delivering() {
    let mut e = env(3, 20).await;
    let ids: Vec<_> = ["lab-dev", "lab-staging", "lab-prod"]
        .iter()
        .map(|c| e.id(c))
        .collect();
    for id in &ids {
        e.pool.connect(id).await.unwrap();
        e.pool.watch(id, "pods", None).await.unwrap();
    }
    let victim = e.pool.connection(&ids[0]).unwrap();
    let running = victim.running_tasks();
    assert!(running.contains(&TaskKey::Health) && running.contains(&TaskKey::Namespaces));
    assert!(running
        .iter()
        .any(|k| matches!(k, TaskKey::Watcher(w) if w.kind == "pods")));

    assert!(e.pool.disconnect(&ids[0]));
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(
        victim.running_tasks().is_empty(),
        "{:?}",
        victim.running_tasks()
    );
    assert!(e.pool.connection(&ids[0]).is_none());
    assert!(matches!(
        e.pool.list(&ids[0], "pods", None, None, None).await,
        Err(Error::NotConnected { .. })
    ));

    // Drain, then change a pod in the disconnected cluster (its aborted watcher must stay
    // silent) and in each remaining one (each change arrives as a delta of its own context).
    while e.events.try_recv().is_ok() {}
    let gone = e.lab.cluster(0).list("pods", None)[0].clone();
    e.lab
        .cluster(0)
        .set_pod_phase(
            gone["metadata"]["namespace"].as_str().unwrap(),
            gone["metadata"]["name"].as_str().unwrap(),
            "Failed",
        )
        .unwrap();
    for (i, id) in ids.iter().enumerate().skip(1) {
        let pod = e.lab.cluster(i).list("pods", None)[0].clone();
        let (ns, name) = (
            pod["metadata"]["namespace"].as_str().unwrap(),
            pod["metadata"]["name"].as_str().unwrap(),
        );
        e.lab.cluster(i).set_pod_phase(ns, name, "Failed").unwrap();
        let want = format!("{ns}/{name}");
        let id = id.clone();
        e.wait_for(
            "a pod delta from a remaining cluster",
            Duration::from_secs(10),
            |ev| match ev {
                Event::ResourceDelta(d) if d.context == id && names(&d.upserts).contains(&want) => {
                    Some(())
                }
                Event::ResourceDelta(d) if d.context == ids[0] => {
                    panic!("the disconnected cluster still delivers")
                }
                _ => None,
            },
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_cluster_delays_no_other_and_its_connect_times_out_clearly() {
    let e = env(3, 20).await;
    let (dev, staging, prod) = (e.id("lab-dev"), e.id("lab-staging"), e.id("lab-prod"));
    e.pool.connect(&dev).await.unwrap();
    e.lab.cluster(2).set_fault(Fault::Hang);

    // The hung connect runs in the background; the other cluster's calls must finish
    // while it is still waiting (an order, not a stopwatch, so a loaded machine cannot
    // make this flaky).
    let pool = Arc::clone(&e.pool);
    let hung_id = prod.clone();
    let hung = tokio::spawn(async move { pool.connect(&hung_id).await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let other = e
        .pool
        .connect(&staging)
        .await
        .expect("another connect proceeds while one hangs");
    assert_eq!(other.cluster.context, "lab-staging");
    e.pool.list(&dev, "pods", None, None, None).await.unwrap();
    e.pool
        .list(&staging, "pods", None, None, None)
        .await
        .unwrap();
    assert!(
        !hung.is_finished(),
        "the healthy clusters answered while the hung connect still waits"
    );

    let err = hung.await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(err.to_string().starts_with("lab-prod:"), "{err}");
    assert!(e.pool.connection(&prod).is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_downed_cluster_turns_unreachable_then_healthy_by_itself_and_its_watch_converges() {
    let mut e = env(2, 20).await;
    let dev = e.id("lab-dev");
    e.pool.connect(&dev).await.unwrap();
    e.pool.watch(&dev, "pods", None).await.unwrap();
    let mut seen = e
        .wait_for(
            "the initial pod list",
            Duration::from_secs(10),
            |ev| match ev {
                Event::ResourceDelta(d) if d.reset.is_some() => {
                    Some(names(d.reset.as_ref().unwrap()))
                }
                _ => None,
            },
        )
        .await;
    assert_eq!(seen, lab_names(&e.lab, 0, "pods"));

    e.lab.cluster(0).set_fault(Fault::Down);
    let error = e
        .wait_for("unreachable", Duration::from_secs(10), |ev| match ev {
            Event::Health { context, health }
                if *context == dev && health.status == HealthStatus::Unreachable =>
            {
                health.last_error.clone()
            }
            _ => None,
        })
        .await;
    assert!(error.starts_with("lab-dev:"), "{error}");

    // Changes made while it was down must show up after it returns.
    let victim = e.lab.cluster(0).list("pods", None)[0].clone();
    e.lab
        .cluster(0)
        .delete(
            "pods",
            victim["metadata"]["namespace"].as_str().unwrap(),
            victim["metadata"]["name"].as_str().unwrap(),
        )
        .unwrap();
    e.lab.cluster(0).set_fault(Fault::None);
    // The watch may resume before the health probe says so: keep its deltas meanwhile.
    e.wait_for("healthy again", Duration::from_secs(10), |ev| match ev {
        Event::Health { context, health }
            if *context == dev && health.status == HealthStatus::Healthy =>
        {
            Some(())
        }
        Event::ResourceDelta(d) => {
            apply(&mut seen, d);
            None
        }
        _ => None,
    })
    .await;

    e.converge(
        &mut seen,
        &lab_names(&e.lab, 0, "pods"),
        Duration::from_secs(15),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_watches_and_410s_still_converge_to_the_lab_state() {
    let mut e = env(1, 20).await;
    let dev = e.id("lab-dev");
    e.pool.connect(&dev).await.unwrap();
    e.lab
        .cluster(0)
        .add_fault(Fault::DropWatchesAfter { events: 2 });
    e.pool.watch(&dev, "pods", None).await.unwrap();
    let mut seen = BTreeSet::new();
    let c = e.lab.cluster(0);
    let pods = c.list("pods", None);
    for pod in pods.iter().take(6) {
        let (ns, name) = (
            pod["metadata"]["namespace"].as_str().unwrap(),
            pod["metadata"]["name"].as_str().unwrap(),
        );
        c.set_pod_phase(ns, name, "Failed").unwrap();
    }
    c.add_fault(Fault::ExpireResourceVersions);
    for pod in pods.iter().skip(6).take(3) {
        let (ns, name) = (
            pod["metadata"]["namespace"].as_str().unwrap(),
            pod["metadata"]["name"].as_str().unwrap(),
        );
        c.delete("pods", ns, name).unwrap();
    }
    e.converge(
        &mut seen,
        &lab_names(&e.lab, 0, "pods"),
        Duration::from_secs(20),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scale_restart_and_yaml_act_on_the_named_cluster() {
    let e = env(2, 20).await;
    let (dev, staging) = (e.id("lab-dev"), e.id("lab-staging"));
    e.pool.connect(&dev).await.unwrap();
    e.pool.connect(&staging).await.unwrap();
    let deploy = e.lab.cluster(0).list("deployments", None)[0].clone();
    let ns = deploy["metadata"]["namespace"].as_str().unwrap().to_owned();
    let name = deploy["metadata"]["name"].as_str().unwrap().to_owned();

    e.pool
        .scale(&dev, "deployments", Some(&ns), &name, 4)
        .await
        .unwrap();
    assert_eq!(
        e.lab.cluster(0).get("deployments", &ns, &name).unwrap()["spec"]["replicas"],
        4
    );

    // Kinds may be given by plural, by Kind, by short name, or as plural.group.
    let by_short = e.pool.get(&dev, "deploy", Some(&ns), &name).await.unwrap();
    assert_eq!(by_short["metadata"]["name"], name.as_str());
    e.pool
        .restart(&dev, "Deployment", Some(&ns), &name)
        .await
        .unwrap();
    let annotations = &e.lab.cluster(0).get("deployments", &ns, &name).unwrap()["spec"]["template"]
        ["metadata"]["annotations"];
    assert!(
        annotations["kubectl.kubernetes.io/restartedAt"].is_string(),
        "{annotations}"
    );

    let yaml = e
        .pool
        .get_yaml(&dev, "deployments", Some(&ns), &name, false)
        .await
        .unwrap();
    assert!(yaml.contains(&format!("name: {name}")) && !yaml.contains("managedFields"));

    let widgets = e
        .pool
        .list(&dev, "widgets.lab.kubeli.dev", None, None, None)
        .await
        .unwrap();
    assert_eq!(widgets.items.len(), e.lab.cluster(0).count("widgets"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_and_delete_act_on_the_named_cluster_only() {
    let e = env(2, 20).await;
    let (dev, staging) = (e.id("lab-dev"), e.id("lab-staging"));
    e.pool.connect(&dev).await.unwrap();
    e.pool.connect(&staging).await.unwrap();
    let deploy = e.lab.cluster(0).list("deployments", None)[0].clone();
    let ns = deploy["metadata"]["namespace"].as_str().unwrap().to_owned();

    let applied = e
        .pool
        .apply_yaml(
            &staging,
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-kubeli\ndata:\n  a: '1'\n",
            Some("default"),
        )
        .await
        .unwrap();
    assert_eq!(applied.len(), 1);
    assert_eq!(
        e.lab
            .cluster(1)
            .get("configmaps", "default", "from-kubeli")
            .unwrap()["data"]["a"],
        "1"
    );
    assert!(
        e.lab
            .cluster(0)
            .get("configmaps", "default", "from-kubeli")
            .is_none(),
        "only the named cluster changes"
    );

    // Several documents at once; bad YAML and nameless objects are refused with the context named.
    let two = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: two}\n";
    assert_eq!(
        e.pool
            .apply_yaml(&staging, two, Some("default"))
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(e
        .lab
        .cluster(1)
        .get("configmaps", "default", "two")
        .is_some());
    for bad in [
        "kind: [unclosed",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n",
        "---\n",
    ] {
        let err = e.pool.apply_yaml(&staging, bad, None).await.unwrap_err();
        assert!(
            matches!(err, Error::InvalidInput(_)) && err.to_string().starts_with("lab-staging:"),
            "{bad:?}: {err}"
        );
    }

    let pod = e.lab.cluster(0).list("pods", Some(&ns))[0]["metadata"]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    e.pool.delete(&dev, "pods", Some(&ns), &pod).await.unwrap();
    assert!(e.lab.cluster(0).get("pods", &ns, &pod).is_none());
    let err = e.pool.get(&dev, "pods", Some(&ns), &pod).await.unwrap_err();
    assert!(
        matches!(err, Error::NotFound { .. }) && err.to_string().starts_with("lab-dev:"),
        "{err}"
    );
    let err = e
        .pool
        .list(&dev, "gizmos", None, None, None)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("no resource kind \"gizmos\""),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn namespaces_are_watched_live_and_fall_back_when_forbidden() {
    let mut e = env(2, 20).await;
    let (dev, staging) = (e.id("lab-dev"), e.id("lab-staging"));
    e.pool.connect(&dev).await.unwrap();
    let first = e
        .wait_for("dev namespaces", Duration::from_secs(10), |ev| match ev {
            Event::Namespaces {
                context,
                namespaces,
            } if *context == dev => Some(namespaces.clone()),
            _ => None,
        })
        .await;
    assert_eq!(first.source, NamespaceSource::Watched);
    let want: Vec<String> = lab_names(&e.lab, 0, "namespaces")
        .into_iter()
        .map(|n| n.trim_start_matches('/').to_owned())
        .collect();
    assert_eq!(first.names, want);
    e.lab
        .cluster(0)
        .create("namespaces", serde_json::json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "brand-new"}}))
        .unwrap();
    e.wait_for(
        "the new namespace",
        Duration::from_secs(10),
        |ev| match ev {
            Event::Namespaces {
                context,
                namespaces,
            } if *context == dev && namespaces.names.contains(&"brand-new".to_owned()) => Some(()),
            _ => None,
        },
    )
    .await;

    e.lab.cluster(1).set_fault(Fault::ForbidNamespaces);
    e.pool
        .set_extra_namespaces(&staging, vec!["payments".into()]);
    e.pool.connect(&staging).await.unwrap();
    let fallback = e
        .wait_for(
            "the staging fallback",
            Duration::from_secs(10),
            |ev| match ev {
                Event::Namespaces {
                    context,
                    namespaces,
                } if *context == staging => Some(namespaces.clone()),
                _ => None,
            },
        )
        .await;
    assert_eq!(fallback.source, NamespaceSource::Fallback);
    assert_eq!(
        fallback.names,
        ["payments", "shop"],
        "the context's namespace plus the configured one"
    );
    let error = fallback.error.unwrap();
    assert!(
        error.starts_with("lab-staging: not allowed to list namespaces"),
        "{error}"
    );
    // Everything else on that cluster still works.
    e.pool
        .list(&staging, "pods", Some("shop"), None, None)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn namespaces_forbidden_mid_session_fall_back_and_come_back_once_allowed() {
    let mut e = env(1, 20).await;
    let dev = e.id("lab-dev");
    e.pool.connect(&dev).await.unwrap();
    let watched = |want: NamespaceSource| {
        let dev = dev.clone();
        move |ev: &Event| match ev {
            Event::Namespaces {
                context,
                namespaces,
            } if *context == dev && namespaces.source == want => Some(namespaces.clone()),
            _ => None,
        }
    };
    e.wait_for(
        "dev namespaces",
        Duration::from_secs(10),
        watched(NamespaceSource::Watched),
    )
    .await;
    // RBAC changes while connected: the open watch ends and the next request meets the 403.
    e.lab.cluster(0).set_fault(Fault::ForbidNamespaces);
    let fallback = e
        .wait_for(
            "the dev fallback",
            Duration::from_secs(40),
            watched(NamespaceSource::Fallback),
        )
        .await;
    let error = fallback.error.unwrap();
    assert!(
        error.starts_with("lab-dev: not allowed to list namespaces"),
        "{error}"
    );
    // Allowed again: the real list comes back without a reconnect.
    e.lab.cluster(0).set_fault(Fault::None);
    let back = e
        .wait_for(
            "dev's namespaces watched again",
            Duration::from_secs(40),
            watched(NamespaceSource::Watched),
        )
        .await;
    assert_eq!(
        back.names,
        lab_names(&e.lab, 0, "namespaces")
            .into_iter()
            .map(|n| n.trim_start_matches('/').to_owned())
            .collect::<Vec<_>>()
    );
}

// --- bad input: each a clear error naming the context, the other clusters still usable ---

/// A kubeconfig of our own beside the lab's, with one broken context per case.
fn broken_kubeconfig(dir: &Path, lab: &Lab) -> PathBuf {
    let c = lab.cluster(0);
    let lab_yaml: serde_json::Value =
        serde_saphyr::from_str(&std::fs::read_to_string(lab.kubeconfig_path()).unwrap()).unwrap();
    let ca = lab_yaml["clusters"][0]["cluster"]["certificate-authority-data"]
        .as_str()
        .unwrap()
        .to_owned();
    let other_ca = lab_yaml["clusters"][1]["cluster"]["certificate-authority-data"]
        .as_str()
        .unwrap()
        .to_owned();
    let server = c.server_url();
    let text = format!(
        r#"apiVersion: v1
kind: Config
clusters:
- name: good
  cluster: {{server: "{server}", certificate-authority-data: "{ca}"}}
- name: bad-b64
  cluster: {{server: "{server}", certificate-authority-data: "%%%not-base64%%%"}}
- name: wrong-ca
  cluster: {{server: "{server}", certificate-authority-data: "{other_ca}"}}
users:
- name: revoked
  user: {{token: "revoked-token"}}
- name: no-plugin
  user:
    exec: {{apiVersion: client.authentication.k8s.io/v1beta1, command: kubeli-no-such-plugin,
      installHint: "Install kubeli-no-such-plugin
        from the team wiki"}}
- name: ok
  user: {{token: "{token}"}}
- name: weird
  user:
    auth-provider: {{name: nonesuch-provider, config: {{}}}}
contexts:
- name: missing-refs
  context: {{cluster: nowhere, user: nobody}}
- name: bad-base64
  context: {{cluster: bad-b64, user: ok}}
- name: exec-missing
  context: {{cluster: good, user: no-plugin}}
- name: wrong-ca
  context: {{cluster: wrong-ca, user: ok}}
- name: revoked-token
  context: {{cluster: good, user: revoked}}
- name: unknown-auth
  context: {{cluster: good, user: weird}}
"#,
        token = c.token()
    );
    let path = dir.join("broken.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// Whether an error is of the expected kind.
type IsKind = fn(&Error) -> bool;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_bad_input_gets_a_clear_error_naming_the_context_and_others_still_work() {
    let lab = Lab::start(LabOptions {
        clusters: 2,
        pods_per_cluster: 20,
        seed: 3,
        ..Default::default()
    })
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let broken = broken_kubeconfig(dir.path(), &lab);
    let (pool, _events) = pool_for(vec![lab.kubeconfig_path().to_path_buf(), broken.clone()]);
    let good = id(lab.kubeconfig_path(), "lab-staging");
    pool.connect(&good).await.unwrap();

    let cases: [(&str, IsKind, &str); 6] = [
        (
            "missing-refs",
            |e| matches!(e, Error::KubeconfigInvalid { .. }),
            "cluster \"nowhere\"",
        ),
        (
            "bad-base64",
            |e| matches!(e, Error::KubeconfigInvalid { .. }),
            "certificate",
        ),
        (
            "exec-missing",
            |e| matches!(e, Error::ExecPluginMissing { .. }),
            "\"kubeli-no-such-plugin\" was not found on PATH; the kubeconfig says: Install kubeli-no-such-plugin from the team wiki",
        ),
        ("wrong-ca", |e| matches!(e, Error::Tls { .. }), "TLS"),
        (
            "revoked-token",
            |e| matches!(e, Error::Unauthorized { .. }),
            "401",
        ),
        (
            "unknown-auth",
            |e| matches!(e, Error::KubeconfigInvalid { .. }),
            "nonesuch-provider",
        ),
    ];
    for (context, is_kind, words) in cases {
        let err = pool.connect(&id(&broken, context)).await.unwrap_err();
        let text = err.to_string();
        assert!(is_kind(&err), "{context}: unexpected error kind: {err:?}");
        assert!(
            text.starts_with(&format!("{context}:")),
            "{context}: message must name the context: {text}"
        );
        assert!(
            text.contains(words),
            "{context}: message must name the cause ({words}): {text}"
        );
        assert!(
            !pool
                .connection_log(&id(&broken, context))
                .last()
                .unwrap()
                .ok,
            "the log records the failed step"
        );
        // The healthy cluster is untouched.
        pool.list(&good, "pods", None, Some(5), None).await.unwrap();
    }
    let err = pool.connect(&id(&broken, "nope")).await.unwrap_err();
    assert!(matches!(err, Error::UnknownContext(_)), "{err:?}");

    // A file that became unreadable after it was listed: the error names the file and why.
    std::fs::write(&broken, [0xff, 0xfe, 0x00]).unwrap();
    let err = pool.connect(&id(&broken, "wrong-ca")).await.unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, Error::KubeconfigInvalid { .. }), "{err:?}");
    assert!(
        text.starts_with("wrong-ca:")
            && text.contains("broken.yaml")
            && text.contains("cannot read"),
        "{text}"
    );
    pool.list(&good, "pods", None, Some(5), None).await.unwrap();
    assert_eq!(pool.connected().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connect_in_flight_can_be_cancelled() {
    let e = env(1, 20).await;
    let dev = e.id("lab-dev");
    e.lab.cluster(0).set_fault(Fault::Hang);
    let pool = Arc::clone(&e.pool);
    let id = dev.clone();
    let pending = tokio::spawn(async move { pool.connect(&id).await });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(e.pool.cancel_connect(&dev));
    let err = pending.await.unwrap().unwrap_err();
    assert!(matches!(err, Error::Cancelled { .. }), "{err:?}");
    assert!(err.to_string().starts_with("lab-dev:"));
    assert!(e.pool.connection(&dev).is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secret_values_stay_hidden_until_revealed() {
    let mut e = env(1, 20).await;
    let dev = e.id("lab-dev");
    e.pool.connect(&dev).await.unwrap();
    e.lab
        .cluster(0)
        .create(
            "secrets",
            serde_json::json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db", "namespace": "default"},
                "type": "Opaque", "data": {"password": "aHVudGVyMg=="}}),
        )
        .unwrap();
    let hidden = kubeli_core::resources::HIDDEN;

    let listed = e
        .pool
        .list(&dev, "secrets", Some("default"), None, None)
        .await
        .unwrap();
    let db = listed
        .items
        .iter()
        .find(|s| s["metadata"]["name"] == "db")
        .unwrap();
    assert_eq!(
        db["data"]["password"], hidden,
        "the key is shown, its value is not"
    );
    assert_eq!(
        e.pool
            .get(&dev, "secrets", Some("default"), "db")
            .await
            .unwrap()["data"]["password"],
        hidden
    );
    let yaml = e
        .pool
        .get_yaml(&dev, "secrets", Some("default"), "db", false)
        .await
        .unwrap();
    assert!(
        yaml.contains("password") && !yaml.contains("aHVudGVyMg=="),
        "{yaml}"
    );
    let revealed = e
        .pool
        .get_yaml(&dev, "secrets", Some("default"), "db", true)
        .await
        .unwrap();
    assert!(revealed.contains("aHVudGVyMg=="), "{revealed}");

    e.pool
        .watch(&dev, "secrets", Some("default"))
        .await
        .unwrap();
    let shown = e
        .wait_for("the secret list", Duration::from_secs(10), |ev| match ev {
            Event::ResourceDelta(d) if d.kind == "secrets" && d.reset.is_some() => d.reset.clone(),
            _ => None,
        })
        .await;
    let db = shown
        .iter()
        .find(|s| s["metadata"]["name"] == "db")
        .unwrap();
    assert_eq!(db["data"]["password"], hidden);
    // Other kinds with a `data` map keep their values.
    let cms = e
        .pool
        .list(&dev, "configmaps", None, None, None)
        .await
        .unwrap();
    let with_data = cms
        .items
        .iter()
        .find(|c| c["data"].as_object().is_some_and(|d| !d.is_empty()))
        .expect("the lab seeds configmaps with data");
    assert!(with_data["data"]
        .as_object()
        .unwrap()
        .values()
        .all(|v| v != hidden));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_watch_the_credentials_may_not_make_fails_as_the_command_error() {
    let e = env(2, 20).await;
    let (dev, staging) = (e.id("lab-dev"), e.id("lab-staging"));
    e.pool.connect(&dev).await.unwrap();
    e.pool.connect(&staging).await.unwrap();
    e.lab.cluster(0).set_fault(Fault::RejectCredentials);
    let err = e.pool.watch(&dev, "pods", None).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    assert!(err.to_string().starts_with("lab-dev:"), "{err}");
    assert!(e
        .pool
        .connection(&dev)
        .unwrap()
        .running_tasks()
        .iter()
        .all(|k| !matches!(k, TaskKey::Watcher(_))));
    // The other cluster's watch is unaffected.
    e.pool.watch(&staging, "pods", None).await.unwrap();
}
