//! Kinds, discovery, watch state, timeouts and Secret hiding, against lab clusters over real
//! HTTPS: names resolve as kubectl resolves them, broken groups stay warnings, every watch
//! says how it is doing, and a hung cluster fails each call within its timeout.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use kubeli_core::error::Error;
use kubeli_core::events::Event;
use kubeli_core::pool::{KubeClientManager, PoolOptions};
use kubeli_core::resources::kinds::{self, Need};
use kubeli_core::resources::{WatchState, HIDDEN, LAST_APPLIED};
use kubeli_core::ContextId;
use kubeli_lab::{Fault, Lab};
use tokio::sync::mpsc::UnboundedReceiver;

struct Env {
    lab: Lab,
    pool: Arc<KubeClientManager>,
    events: UnboundedReceiver<Event>,
}

/// The shared test options with short read and write timeouts, so hung calls end quickly.
fn options() -> PoolOptions {
    PoolOptions {
        read_timeout: Duration::from_secs(2),
        write_timeout: Duration::from_secs(3),
        ..common::options()
    }
}

async fn env(clusters: usize) -> Env {
    let lab = common::lab(clusters).await;
    let (pool, events) = common::pool(&[lab.kubeconfig_path()], options());
    Env { lab, pool, events }
}

impl Env {
    fn id(&self, context: &str) -> ContextId {
        ContextId::new(self.lab.kubeconfig_path(), context, 1)
    }

    /// Wait for an event matching `pick`, skipping others.
    async fn wait_for<T>(
        &mut self,
        what: &str,
        timeout: Duration,
        pick: impl FnMut(&Event) -> Option<T>,
    ) -> T {
        common::wait_for(&mut self.events, what, timeout, pick).await
    }

    /// The next state of the watch of `kind` on `context`.
    async fn next_state(
        &mut self,
        context: &ContextId,
        kind: &str,
        timeout: Duration,
    ) -> WatchState {
        let (context, kind) = (context.clone(), kind.to_owned());
        self.wait_for(
            &format!("a state of the {kind} watch"),
            timeout,
            |ev| match ev {
                Event::WatchState { key, state } if key.context == context && key.kind == kind => {
                    Some(state.clone())
                }
                _ => None,
            },
        )
        .await
    }

    /// The next state of the watch that is not `Reconnecting` (whose cause may change on
    /// the way, each change reported).
    /// The first state of the view that `wanted` accepts, within `timeout` overall; panics
    /// naming the states seen on the way.
    async fn state_until(
        &mut self,
        context: &ContextId,
        kind: &str,
        timeout: Duration,
        wanted: impl Fn(&WatchState) -> bool,
    ) -> WatchState {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            assert!(
                !left.is_zero(),
                "no wanted state within {timeout:?}; saw {seen:?}"
            );
            let state = self.next_state(context, kind, left).await;
            if wanted(&state) {
                return state;
            }
            seen.push(state);
        }
    }

    async fn next_state_past_reconnecting(
        &mut self,
        context: &ContextId,
        kind: &str,
        timeout: Duration,
    ) -> WatchState {
        loop {
            match self.next_state(context, kind, timeout).await {
                WatchState::Reconnecting { .. } => continue,
                state => return state,
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_kinds_resolve_through_discovery_with_their_short_names() {
    let e = env(1).await;
    let dev = e.id("lab-dev");
    e.pool.connect(&dev).await.unwrap();
    for name in [
        "widgets",
        "wdg",
        "Widget",
        "widgets.lab.kubeli.dev",
        "widgets.v1.lab.kubeli.dev",
    ] {
        let k = e.pool.kind_for_view(&dev, name).await.unwrap();
        assert_eq!(
            (k.group.as_str(), k.version.as_str(), k.plural.as_str()),
            ("lab.kubeli.dev", "v1", "widgets"),
            "{name}"
        );
    }
    let listed = e.pool.list(&dev, "wdg", None, None, None).await.unwrap();
    assert_eq!(listed.resolved.group, "lab.kubeli.dev");
    assert_eq!(
        listed.items.len(),
        e.lab.cluster(0).count("widgets.lab.kubeli.dev")
    );

    let described = e.pool.describe_kinds(&dev).await.unwrap();
    let widgets = described
        .kinds
        .iter()
        .find(|k| k.plural == "widgets")
        .expect("widgets described");
    assert_eq!(widgets.short_names, ["wdg"]);
    let pods = described
        .kinds
        .iter()
        .find(|k| k.plural == "pods" && k.group.is_empty())
        .unwrap();
    assert!(pods.namespaced && pods.verbs.iter().any(|v| v == "watch"));
    let nodes = described
        .kinds
        .iter()
        .find(|k| k.plural == "nodes" && k.group.is_empty())
        .unwrap();
    assert!(!nodes.namespaced);
    assert!(
        described
            .kinds
            .iter()
            .find(|k| k.plural == "secrets")
            .unwrap()
            .hides_values
    );

    let err = e.pool.kind_for_view(&dev, "gizmos").await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with("lab-dev:") && err.to_string().contains("\"gizmos\""),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_state_goes_live_reconnecting_live_and_failed_on_a_403_that_begins_later() {
    let mut e = env(1).await;
    let dev = e.id("lab-dev");
    e.pool.connect(&dev).await.unwrap();
    let key = e.pool.watch(&dev, "pods", None).await.unwrap();
    assert_eq!(
        (
            key.kind.as_str(),
            key.resolved.version.as_str(),
            key.resolved.kind.as_str()
        ),
        ("pods", "v1", "Pod")
    );
    assert_eq!(
        e.next_state(&dev, "pods", Duration::from_secs(10)).await,
        WatchState::Live
    );

    e.lab.cluster(0).set_fault(Fault::Down);
    let broken = e.next_state(&dev, "pods", Duration::from_secs(10)).await;
    let WatchState::Reconnecting { reason, .. } = &broken else {
        panic!("expected reconnecting, got {broken:?}");
    };
    assert!(reason.starts_with("lab-dev:"), "{reason}");
    // Down for longer than the read timeout: the list shown is called stale. A re-watch sent
    // on the kept-alive connection in the instant before the lab drops it may still be
    // answered (a short `live`) before that connection goes: states until stale are skipped.
    e.state_until(&dev, "pods", Duration::from_secs(15), |s| {
        matches!(s, WatchState::Stale { .. })
    })
    .await;
    e.lab.cluster(0).set_fault(Fault::None);
    assert_eq!(
        e.next_state(&dev, "pods", Duration::from_secs(10)).await,
        WatchState::Live
    );

    // A 403 that begins while the deployments watch runs (RBAC changed): the next watch
    // request is refused and the list says so.
    e.pool.watch(&dev, "deployments", None).await.unwrap();
    assert_eq!(
        e.next_state(&dev, "deployments.apps", Duration::from_secs(10))
            .await,
        WatchState::Live
    );
    e.lab.cluster(0).set_fault(Fault::Forbid {
        resource: "deployments.apps".into(),
    });
    e.lab
        .cluster(0)
        .add_fault(Fault::DropWatchesAfter { events: 0 });
    let deployment = e.lab.cluster(0).list("deployments", None)[0].clone();
    e.lab
        .cluster(0)
        .scale(
            "deployments",
            deployment["metadata"]["namespace"].as_str().unwrap(),
            deployment["metadata"]["name"].as_str().unwrap(),
            3,
        )
        .unwrap();
    let state = e
        .next_state_past_reconnecting(&dev, "deployments.apps", Duration::from_secs(10))
        .await;
    let WatchState::Failed { reason } = &state else {
        panic!("expected failed, got {state:?}");
    };
    assert!(
        reason.contains("403") && reason.starts_with("lab-dev:"),
        "{reason}"
    );
    // The pods watch of the same cluster is unaffected.
    assert!(e.pool.list(&dev, "pods", None, Some(1), None).await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_watch_and_a_410_say_why_the_list_lagged_before_it_is_live_again() {
    let mut e = env(1).await;
    let dev = e.id("lab-dev");
    e.pool.connect(&dev).await.unwrap();
    e.pool.watch(&dev, "pods", None).await.unwrap();
    let live = e.next_state(&dev, "pods", Duration::from_secs(10)).await;
    assert_eq!(live, WatchState::Live);

    // The server closes the watch long before its timeout: a short "reconnecting" with the cause.
    e.lab
        .cluster(0)
        .add_fault(Fault::DropWatchesAfter { events: 1 });
    let pod = e.lab.cluster(0).list("pods", None)[0].clone();
    let (ns, name) = (
        pod["metadata"]["namespace"].as_str().unwrap().to_owned(),
        pod["metadata"]["name"].as_str().unwrap().to_owned(),
    );
    e.lab
        .cluster(0)
        .set_pod_phase(&ns, &name, "Failed")
        .unwrap();
    let dropped = e.next_state(&dev, "pods", Duration::from_secs(10)).await;
    let WatchState::Reconnecting { reason, .. } = &dropped else {
        panic!("expected reconnecting, got {dropped:?}");
    };
    assert!(
        reason.starts_with("lab-dev:") && reason.contains("closed the watch of pods"),
        "{reason}"
    );
    assert_eq!(
        e.next_state(&dev, "pods", Duration::from_secs(10)).await,
        WatchState::Live
    );
    e.lab
        .cluster(0)
        .clear_fault(Fault::DropWatchesAfter { events: 1 });

    // The watch's resourceVersion expires: "re-listing (410 Gone)", then live again.
    e.lab.cluster(0).add_fault(Fault::ExpireResourceVersions);
    let gone = e.next_state(&dev, "pods", Duration::from_secs(10)).await;
    let WatchState::Reconnecting { reason, .. } = &gone else {
        panic!("expected reconnecting, got {gone:?}");
    };
    assert!(
        reason.starts_with("lab-dev:") && reason.contains("re-listing pods (410 Gone"),
        "{reason}"
    );
    assert_eq!(
        e.next_state(&dev, "pods", Duration::from_secs(10)).await,
        WatchState::Live
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_5xx_and_a_hang_after_connect_reach_the_watch_state_with_their_cause() {
    let lab = common::lab(1).await;
    let quick = PoolOptions {
        read_timeout: Duration::from_secs(2),
        ..options()
    };
    let (pool, events) = common::pool(&[lab.kubeconfig_path()], quick);
    let mut e = Env { lab, pool, events };
    let dev = e.id("lab-dev");
    e.pool.connect(&dev).await.unwrap();
    e.pool.watch(&dev, "pods", None).await.unwrap();
    let live = e.next_state(&dev, "pods", Duration::from_secs(10)).await;
    assert_eq!(live, WatchState::Live);
    let cause = |state: &WatchState| match state {
        WatchState::Reconnecting { reason, .. } | WatchState::Stale { reason, .. } => {
            reason.clone()
        }
        other => panic!("expected reconnecting or stale, got {other:?}"),
    };

    // Every request answers 500/503: the open watch ends and the next attempts say why.
    e.lab
        .cluster(0)
        .set_fault(Fault::ServerErrors { percent: 100 });
    let mut reason = cause(&e.next_state(&dev, "pods", Duration::from_secs(10)).await);
    while !reason.contains("the API server answered 50") {
        reason = cause(&e.next_state(&dev, "pods", Duration::from_secs(10)).await);
    }
    assert!(reason.starts_with("lab-dev:"), "{reason}");
    e.lab.cluster(0).set_fault(Fault::None);
    assert_eq!(
        e.next_state_past_reconnecting(&dev, "pods", Duration::from_secs(10))
            .await,
        WatchState::Live
    );

    // A server that stops answering: the next request times out and the list turns stale.
    // The watch open when the fault begins ends first (its own cause may be shown for a
    // moment); the stale list then names the timeout.
    e.lab.cluster(0).set_fault(Fault::HangAfterConnect);
    let hang = "lab-dev: no answer from the API server within 2 s";
    loop {
        let state = e
            .next_state_past_reconnecting(&dev, "pods", Duration::from_secs(15))
            .await;
        let WatchState::Stale { reason, .. } = &state else {
            panic!("expected stale, got {state:?}");
        };
        if reason.starts_with(hang) {
            break;
        }
        assert!(reason.starts_with("lab-dev: "), "{reason}");
    }
    e.lab.cluster(0).set_fault(Fault::None);
    assert_eq!(
        e.next_state_past_reconnecting(&dev, "pods", Duration::from_secs(15))
            .await,
        WatchState::Live
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cluster_that_hangs_after_connect_fails_every_call_within_its_timeout_while_another_is_not_slowed(
) {
    let e = env(2).await;
    let (dev, staging) = (e.id("lab-dev"), e.id("lab-staging"));
    e.pool.connect(&dev).await.unwrap();
    e.pool.connect(&staging).await.unwrap();
    let deployment = e.lab.cluster(0).list("deployments", None)[0].clone();
    let ns = deployment["metadata"]["namespace"]
        .as_str()
        .unwrap()
        .to_owned();
    let name = deployment["metadata"]["name"].as_str().unwrap().to_owned();
    // Discovery still answers; every other request hangs.
    e.lab.cluster(0).set_fault(Fault::HangAfterConnect);

    let (read, write) = (options().read_timeout, options().write_timeout);
    let started = Instant::now();
    let pool = Arc::clone(&e.pool);
    let (d, n, s) = (dev.clone(), ns.clone(), name.clone());
    let hung = tokio::spawn(async move {
        let yaml =
            format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: hung, namespace: {n}}}\n");
        let timed = |r: Result<(), Error>, step: &str, limit: Duration| match r {
            Err(Error::Timeout {
                context,
                during,
                seconds,
            }) => {
                assert_eq!(context, "lab-dev");
                assert!(during.contains(step), "{during} should name {step}");
                assert_eq!(u64::from(seconds), limit.as_secs());
            }
            other => panic!("{step}: expected a timeout, got {other:?}"),
        };
        let (list, get, delete, scale, apply, watch) = tokio::join!(
            pool.list(&d, "deployments", None, None, None),
            pool.get(&d, "deployments", Some(&n), &s),
            pool.delete(&d, "deployments", Some(&n), &s),
            pool.scale(&d, "deployments", Some(&n), &s, 2),
            pool.apply_yaml(&d, &yaml, None),
            pool.watch(&d, "deployments", None),
        );
        timed(list.map(|_| ()), "listing deployments.apps", read);
        timed(get.map(|_| ()), "reading deployments.apps", read);
        timed(delete, "deleting deployments.apps", write);
        timed(scale, "scaling deployments.apps", write);
        timed(apply.map(|_| ()), "applying configmaps", write);
        timed(
            watch.map(|_| ()),
            "starting the watch of deployments.apps",
            read,
        );
        Instant::now()
    });
    // The other cluster answers while the hung one is still waiting (an order, not a stopwatch).
    let listed = e
        .pool
        .list(&staging, "pods", None, None, None)
        .await
        .unwrap();
    assert!(!listed.items.is_empty());
    assert!(
        !hung.is_finished(),
        "the hung calls should still be waiting"
    );
    let done = hung.await.unwrap();
    let took = done - started;
    println!("six calls of a cluster that hangs after connect ended in {took:?} (read timeout {read:?}, write timeout {write:?})");
    assert!(
        took < write + Duration::from_secs(2),
        "the hung calls took {took:?}"
    );
}

/// `kubectl apply -f` a manifest to lab-dev, as a user would (with its own empty HOME).
async fn kubectl_apply(lab: &Lab, manifest: &str) {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("manifest.yaml");
    std::fs::write(&file, manifest).unwrap();
    let out = tokio::process::Command::new("kubectl")
        .args(["apply", "-f"])
        .arg(&file)
        .args(["--context", "lab-dev"])
        .env("KUBECONFIG", lab.kubeconfig_path())
        .env("HOME", home.path())
        .output()
        .await
        .expect("kubectl runs");
    assert!(
        out.status.success(),
        "kubectl apply: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_applied_with_kubectl_hides_its_last_applied_configuration_until_revealed() {
    let mut e = env(1).await;
    let dev = e.id("lab-dev");
    e.pool.connect(&dev).await.unwrap();
    kubectl_apply(
        &e.lab,
        "apiVersion: v1\nkind: Secret\nmetadata: {name: applied, namespace: default}\ntype: Opaque\nstringData: {token: s3cr3t-value}\n",
    )
    .await;
    let raw = e
        .lab
        .cluster(0)
        .get("secrets", "default", "applied")
        .unwrap();
    let annotation = raw["metadata"]["annotations"][LAST_APPLIED]
        .as_str()
        .unwrap_or_default();
    assert!(
        annotation.contains("s3cr3t-value"),
        "kubectl should leave the value in {LAST_APPLIED}: {raw}"
    );

    let leaks = |v: &serde_json::Value| v.to_string().contains("s3cr3t-value");
    let listed = e
        .pool
        .list(&dev, "secrets", Some("default"), None, None)
        .await
        .unwrap();
    let secret = listed
        .items
        .iter()
        .find(|s| s["metadata"]["name"] == "applied")
        .unwrap();
    assert!(!leaks(secret), "list leaks: {secret}");
    assert_eq!(secret["metadata"]["annotations"][LAST_APPLIED], HIDDEN);
    let got = e
        .pool
        .get(&dev, "secrets", Some("default"), "applied")
        .await
        .unwrap();
    assert!(!leaks(&got), "get leaks: {got}");
    let yaml = e
        .pool
        .get_yaml(&dev, "secrets", Some("default"), "applied", false)
        .await
        .unwrap();
    assert!(
        !yaml.contains("s3cr3t-value") && !yaml.contains("czNjcjN0LXZhbHVl"),
        "{yaml}"
    );

    e.pool
        .watch(&dev, "secrets", Some("default"))
        .await
        .unwrap();
    let shown = e
        .wait_for("the secret list", Duration::from_secs(10), |ev| match ev {
            Event::ResourceDelta(d) if d.kind == "secrets" => d.reset.clone(),
            _ => None,
        })
        .await;
    let watched = shown
        .iter()
        .find(|s| s["metadata"]["name"] == "applied")
        .unwrap();
    assert!(!leaks(watched), "watch leaks: {watched}");

    let revealed = e
        .pool
        .get_yaml(&dev, "secrets", Some("default"), "applied", true)
        .await
        .unwrap();
    assert!(revealed.contains("s3cr3t-value"), "{revealed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abandoned_request_ends_at_once_instead_of_running_to_its_timeout() {
    let e = env(1).await;
    let dev = e.id("lab-dev");
    e.pool.connect(&dev).await.unwrap();
    e.lab.cluster(0).set_fault(Fault::HangAfterConnect);
    let requests = Arc::new(kubeli_core::resources::PendingRequests::default());
    let (pool, id, r) = (Arc::clone(&e.pool), dev.clone(), Arc::clone(&requests));
    let started = Instant::now();
    let pending = tokio::spawn(async move {
        let context = id.clone();
        let call = async move {
            pool.get_yaml(&id, "pods", Some("default"), "x", false)
                .await
        };
        r.run(Some("yaml-1".into()), &context, "reading YAML", call)
            .await
    });
    // The lab holds the request: it reached the server and hangs there.
    let deadline = Instant::now() + Duration::from_secs(5);
    while e.lab.cluster(0).held_requests("/pods/x") == 0 {
        assert!(
            Instant::now() < deadline,
            "the YAML read never reached the lab"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(
        !requests.cancel("other"),
        "only the named request is cancelled"
    );
    assert!(requests.cancel("yaml-1"));
    let err = pending.await.unwrap().unwrap_err();
    assert!(matches!(err, Error::RequestCancelled { .. }), "{err:?}");
    assert_eq!(err.to_string(), "lab-dev: reading YAML was cancelled");
    let took = started.elapsed();
    println!(
        "an abandoned YAML read of a hung cluster ended {took:?} after it started (read timeout {:?})",
        options().read_timeout
    );
    assert!(took < options().read_timeout, "ended before its timeout");
    assert!(requests.is_empty());
    // And the server sees it end: the connection is closed and the lab lets go of the
    // request well before the read timeout would have ended it.
    let deadline = Instant::now() + options().read_timeout / 2;
    while e.lab.cluster(0).held_requests("/pods/x") != 0 {
        assert!(
            Instant::now() < deadline,
            "the lab still holds the abandoned request"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pods_nodes_and_events_resolve_to_the_core_group_on_every_fresh_connection() {
    let e = env(1).await;
    let dev = e.id("lab-dev");
    let lab = e.lab.cluster(0);
    // The lab serves the plurals a HashMap could hand out first.
    assert!(
        lab.resolve("pods.metrics.k8s.io").is_some()
            && lab.resolve("events.events.k8s.io").is_some()
    );
    let want = [
        ("pods", lab.count("pods")),
        ("nodes", lab.count("nodes")),
        ("events", lab.count("events")),
    ];
    let mut core = 0;
    for _ in 0..20 {
        e.pool.connect(&dev).await.unwrap();
        // Through discovery, as a kind the built-in table does not know would go.
        let described = e.pool.describe_kinds(&dev).await.unwrap();
        let mut all_core = true;
        for (plural, count) in want {
            let k = kinds::resolve(&described.kinds, plural, Need::View).unwrap();
            let listed = e.pool.list(&dev, plural, None, None, None).await.unwrap();
            all_core &= k.group.is_empty()
                && listed.resolved.group.is_empty()
                && listed.items.len() == count;
        }
        core += usize::from(all_core);
        e.pool.disconnect(&dev);
    }
    println!("pods, nodes and events resolved to the core group on {core} of 20 fresh connections");
    assert_eq!(core, 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_qualifier_reaches_metrics_and_colliding_plurals_resolve_by_group_priority() {
    let e = env(1).await;
    let dev = e.id("lab-dev");
    e.pool.connect(&dev).await.unwrap();
    let metrics = e
        .pool
        .list(&dev, "pods.metrics.k8s.io", None, None, None)
        .await
        .unwrap();
    assert_eq!(
        (
            metrics.resolved.group.as_str(),
            metrics.resolved.kind.as_str()
        ),
        ("metrics.k8s.io", "PodMetrics")
    );
    assert_eq!(metrics.items.len(), e.lab.cluster(0).count("pods"));
    // Metrics cannot be watched: not a view, and the error says why.
    let err = e
        .pool
        .watch(&dev, "pods.metrics.k8s.io", None)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("cannot be listed and watched"),
        "{err}"
    );
    let events = e
        .pool
        .list(&dev, "events.events.k8s.io", None, Some(1), None)
        .await
        .unwrap();
    assert_eq!(events.resolved.group, "events.k8s.io");

    // `widgets` is served by the seeded lab.kubeli.dev; a group added later that sorts
    // first alphabetically wins, and a group of the fixed priority list beats both.
    e.lab
        .cluster(0)
        .add_custom_resource("aaa.kubeli.dev", "v1", "Widget", true)
        .unwrap();
    e.pool.disconnect(&dev);
    e.pool.connect(&dev).await.unwrap();
    assert_eq!(
        e.pool.kind_for_view(&dev, "widgets").await.unwrap().group,
        "aaa.kubeli.dev"
    );
    assert_eq!(
        e.pool
            .kind_for_view(&dev, "widgets.lab.kubeli.dev")
            .await
            .unwrap()
            .group,
        "lab.kubeli.dev"
    );
    e.lab
        .cluster(0)
        .add_custom_resource("batch", "v1", "Widget", true)
        .unwrap();
    e.pool.disconnect(&dev);
    e.pool.connect(&dev).await.unwrap();
    assert_eq!(
        e.pool.kind_for_view(&dev, "widgets").await.unwrap().group,
        "batch"
    );
    assert_eq!(
        e.pool.kind_for_view(&dev, "widget").await.unwrap().group,
        "batch"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_an_unavailable_group_every_view_still_lists_and_the_warning_names_it() {
    let e = env(1).await;
    let dev = e.id("lab-dev");
    e.lab.cluster(0).set_fault(Fault::GroupUnavailable {
        group: "metrics.k8s.io".into(),
    });
    e.pool.connect(&dev).await.unwrap();
    let described = e.pool.describe_kinds(&dev).await.unwrap();
    assert!(
        described
            .failed_groups
            .iter()
            .any(|g| g.group_version.starts_with("metrics.k8s.io")),
        "{:?}",
        described.failed_groups
    );
    assert!(!described.kinds.iter().any(|k| k.group == "metrics.k8s.io"));
    for (view, lab_name) in [
        ("pods", "pods"),
        ("nodes", "nodes"),
        ("events", "events"),
        ("deployments", "deployments.apps"),
        ("widgets", "widgets.lab.kubeli.dev"),
        ("events.events.k8s.io", "events"),
    ] {
        let listed = e
            .pool
            .list(&dev, view, None, None, None)
            .await
            .unwrap_or_else(|err| panic!("{view}: {err}"));
        assert_eq!(
            listed.items.len(),
            e.lab.cluster(0).count(lab_name),
            "{view}"
        );
    }
    let err = e
        .pool
        .list(&dev, "pods.metrics.k8s.io", None, None, None)
        .await
        .unwrap_err();
    assert!(
        err.to_string().starts_with("lab-dev:") && err.to_string().contains("metrics.k8s.io"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crd_created_after_connect_is_listed_and_watched_without_reconnecting() {
    let mut e = env(1).await;
    let dev = e.id("lab-dev");
    e.pool.connect(&dev).await.unwrap();
    // Discovery runs and is cached before the CRD exists.
    e.pool
        .list(&dev, "widgets", None, None, None)
        .await
        .unwrap();
    // Created as kubectl would apply it, with a printer column the UI should show.
    e.lab
        .cluster(0)
        .create(
            "customresourcedefinitions",
            serde_json::json!({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
                "metadata": {"name": "gizmos.later.kubeli.dev"},
                "spec": {"group": "later.kubeli.dev", "scope": "Namespaced",
                    "names": {"plural": "gizmos", "singular": "gizmo", "kind": "Gizmo", "listKind": "GizmoList", "shortNames": ["gz"]},
                    "versions": [{"name": "v1", "served": true, "storage": true,
                        "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}},
                        "additionalPrinterColumns": [{"name": "Size", "type": "integer", "jsonPath": ".spec.size"}]}]}}),
        )
        .unwrap();
    e.lab
        .cluster(0)
        .create("gizmos.later.kubeli.dev", serde_json::json!({"apiVersion": "later.kubeli.dev/v1", "kind": "Gizmo", "metadata": {"name": "g-1", "namespace": "default"}}))
        .unwrap();
    let listed = e.pool.list(&dev, "gizmos", None, None, None).await.unwrap();
    assert_eq!(listed.resolved.group, "later.kubeli.dev");
    assert_eq!(listed.items.len(), 1);
    let key = e.pool.watch(&dev, "gizmo", Some("default")).await.unwrap();
    assert_eq!(key.kind, "gizmos.later.kubeli.dev");
    let names = e
        .wait_for("the gizmo list", Duration::from_secs(10), |ev| match ev {
            Event::ResourceDelta(d) if d.kind == "gizmos.later.kubeli.dev" => d.reset.clone(),
            _ => None,
        })
        .await;
    assert_eq!(names.len(), 1);
    let described = e.pool.describe_kinds(&dev).await.unwrap();
    let gizmos = described
        .kinds
        .iter()
        .find(|k| k.plural == "gizmos")
        .unwrap();
    assert_eq!(gizmos.short_names, ["gz"]);
    assert_eq!(gizmos.printer_columns.len(), 1);
    assert_eq!(
        (
            gizmos.printer_columns[0].name.as_str(),
            gizmos.printer_columns[0].json_path.as_str()
        ),
        ("Size", ".spec.size")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_watch_whose_credentials_expire_rebuilds_its_client_once_and_stays_live() {
    let lab = common::lab(1).await;
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    let first = lab.cluster(0).issue_token(None);
    std::fs::write(&token_file, &first).unwrap();
    let user = serde_json::json!({ "tokenFile": token_file });
    let config = common::kubeconfig(dir.path(), &lab, "expiring", user, serde_json::json!({}));
    // No health probe gets in first: the watch itself has to recover.
    let slow_probes = PoolOptions {
        health_interval: Duration::from_secs(600),
        ..options()
    };
    let (pool, mut events) = common::pool(&[&config], slow_probes);
    let ctx = ContextId::new(&config, "expiring", 1);
    pool.connect(&ctx).await.unwrap();
    pool.watch(&ctx, "pods", None).await.unwrap();
    let live = |e: &Event| {
        matches!(
            e,
            Event::WatchState {
                state: WatchState::Live,
                ..
            }
        )
        .then_some(())
    };
    common::wait_for(&mut events, "the watch live", Duration::from_secs(10), live).await;

    // The token expires; the file already holds the next one (as a token refresher leaves it).
    assert!(lab.cluster(0).revoke_token(&first));
    std::fs::write(&token_file, lab.cluster(0).issue_token(None)).unwrap();
    // The open watch ends after its next event, so the next watch request meets the 401.
    lab.cluster(0)
        .add_fault(Fault::DropWatchesAfter { events: 1 });
    let pods = lab.cluster(0).list("pods", None);
    let (ns, first_pod) = (
        pods[0]["metadata"]["namespace"].as_str().unwrap(),
        pods[0]["metadata"]["name"].as_str().unwrap(),
    );
    lab.cluster(0)
        .set_pod_phase(ns, first_pod, "Pending")
        .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    lab.cluster(0)
        .clear_fault(Fault::DropWatchesAfter { events: 1 });
    let second_pod = pods[1]["metadata"]["name"].as_str().unwrap().to_owned();
    let ns2 = pods[1]["metadata"]["namespace"].as_str().unwrap();
    lab.cluster(0)
        .set_pod_phase(ns2, &second_pod, "Failed")
        .unwrap();
    let arrived = common::wait_for(
        &mut events,
        "the change after the new token",
        Duration::from_secs(10),
        |e| match e {
            Event::WatchState {
                state: WatchState::Failed { reason },
                ..
            } => panic!("the watch gave up: {reason}"),
            Event::ResourceDelta(d) => d
                .upserts
                .iter()
                .any(|p| {
                    p["metadata"]["name"] == second_pod.as_str() && p["status"]["phase"] == "Failed"
                })
                .then_some(()),
            _ => None,
        },
    )
    .await;
    assert_eq!(arrived, ());
}
