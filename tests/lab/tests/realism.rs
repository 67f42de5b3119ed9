//! The parts of a real cluster clients meet beyond core kinds: the metrics API, `events.k8s.io`,
//! aggregated discovery, an unavailable aggregated group, a forbidden kind, CRDs created at run
//! time and two groups serving the same plural — each checked with kube-rs and the real kubectl.

mod common;

use std::time::Duration;

use common::*;
use futures::StreamExt;
use kube::api::{Api, WatchEvent, WatchParams};
use kube::Discovery;
use kubeli_lab::Fault;
use serde_json::{json, Value};

fn running_pods(c: &kubeli_lab::ClusterHandle, ns: Option<&str>) -> Vec<String> {
    c.list("pods", ns)
        .iter()
        .filter(|p| p["status"]["phase"] == json!("Running"))
        .map(|p| p["metadata"]["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_api_serves_usage_of_running_pods_and_nodes() {
    let env = start(1, 60).await;
    let c = env.lab.cluster(0);
    let client = client(&env.lab, "lab-dev").await;
    let (code, _, body) = raw(
        &client,
        "GET",
        "/apis/metrics.k8s.io/v1beta1/namespaces/web/pods",
        "",
    )
    .await;
    assert_eq!(code, 200, "{body}");
    let list: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(list["kind"], json!("PodMetricsList"));
    let mut names: Vec<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    let mut want = running_pods(&c, Some("web"));
    names.sort();
    want.sort();
    assert!(!want.is_empty());
    assert_eq!(names, want);
    let first = &list["items"][0];
    let cpu = first["containers"][0]["usage"]["cpu"].as_str().unwrap();
    assert!(cpu.ends_with('n') && cpu.len() > 1, "{first}");
    assert!(first["containers"][0]["usage"]["memory"]
        .as_str()
        .unwrap()
        .ends_with("Ki"));

    // A pod that stops running has no metrics.
    let pod = &want[0];
    c.set_pod_phase("web", pod, "Failed").unwrap();
    let path = format!("/apis/metrics.k8s.io/v1beta1/namespaces/web/pods/{pod}");
    let (code, _, body) = raw(&client, "GET", &path, "").await;
    assert_eq!(code, 404, "{body}");
    assert!(
        body.contains(&format!("pods.metrics.k8s.io \\\"{pod}\\\" not found")),
        "{body}"
    );

    let (code, _, body) = raw(&client, "GET", "/apis/metrics.k8s.io/v1beta1/nodes", "").await;
    assert_eq!(code, 200);
    let nodes: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(nodes["kind"], json!("NodeMetricsList"));
    assert_eq!(nodes["items"].as_array().unwrap().len(), c.count("nodes"));
    // Get and list only, as metrics-server serves.
    let (code, _, _) = raw(
        &client,
        "GET",
        "/apis/metrics.k8s.io/v1beta1/pods?watch=true",
        "",
    )
    .await;
    assert_eq!(code, 405);

    let o = env.ok(&["top", "pods", "-n", "web", "--no-headers"]).await;
    assert_eq!(o.lines().len(), want.len() - 1, "{}", o.stdout);
    let o = env.ok(&["top", "nodes", "--no-headers"]).await;
    assert_eq!(o.lines().len(), c.count("nodes"), "{}", o.stdout);
    assert!(o.stdout.contains("lab-dev-control-plane"), "{}", o.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_v1_mirror_core_events_in_list_and_watch() {
    use k8s_openapi::api::events::v1::Event;
    let env = start(1, 30).await;
    let c = env.lab.cluster(0);
    let client = client(&env.lab, "lab-dev").await;
    let api: Api<Event> = Api::all(client.clone());
    let list = api.list(&Default::default()).await.unwrap();
    assert_eq!(list.items.len(), c.count("events"));
    let core = &c.list("events", None)[0];
    let same = list
        .items
        .iter()
        .find(|e| e.metadata.name.as_deref() == core["metadata"]["name"].as_str())
        .unwrap();
    assert_eq!(same.note.as_deref(), core["message"].as_str());
    assert_eq!(
        same.regarding.as_ref().unwrap().name.as_deref(),
        core["involvedObject"]["name"].as_str()
    );

    let web: Api<Event> = Api::namespaced(client, "web");
    let rv = list.metadata.resource_version.clone().unwrap();
    let mut stream = web
        .watch(&WatchParams::default(), &rv)
        .await
        .unwrap()
        .boxed();
    c.create(
        "events",
        json!({"metadata": {"name": "lab-test.1", "namespace": "web"}, "message": "hello from the test",
            "reason": "Tested", "type": "Normal", "involvedObject": {"kind": "Pod", "name": "x", "namespace": "web"}}),
    )
    .unwrap();
    let ev = tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    match ev {
        WatchEvent::Added(e) => {
            assert_eq!(e.note.as_deref(), Some("hello from the test"));
            assert_eq!(e.reason.as_deref(), Some("Tested"));
        }
        other => panic!("unexpected {other:?}"),
    }
    let o = env
        .ok(&[
            "get",
            "events.v1.events.k8s.io",
            "-n",
            "web",
            "--no-headers",
        ])
        .await;
    assert_eq!(o.lines().len(), c.list("events", Some("web")).len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aggregated_discovery_by_accept_header() {
    let env = start(1, 20).await;
    let client = client(&env.lab, "lab-dev").await;
    let (code, ct, body) = raw(&client, "GET", "/apis", AGGREGATED).await;
    assert_eq!(code, 200);
    assert_eq!(
        ct,
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
    );
    let doc: kube::client::APIGroupDiscoveryList = serde_json::from_str(&body).unwrap();
    let apps = doc
        .items
        .iter()
        .find(|g| g.metadata.as_ref().and_then(|m| m.name.as_deref()) == Some("apps"))
        .unwrap();
    let deploy = apps.versions[0]
        .resources
        .iter()
        .find(|r| r.resource.as_deref() == Some("deployments"))
        .unwrap();
    assert_eq!(deploy.scope.as_deref(), Some("Namespaced"));
    assert!(deploy
        .subresources
        .iter()
        .any(|s| s.subresource.as_deref() == Some("scale")));
    let beta = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";
    let (_, ct, body) = raw(&client, "GET", "/api", beta).await;
    assert!(ct.contains("v=v2beta1"), "{ct}");
    let core: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(core["apiVersion"], json!("apidiscovery.k8s.io/v2beta1"));
    assert!(core["items"][0]["versions"][0]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["resource"] == json!("pods")));
    let (_, ct, body) = raw(&client, "GET", "/apis", "application/json").await;
    assert_eq!(ct, "application/json");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["kind"],
        json!("APIGroupList")
    );

    let d = Discovery::new(client).run_aggregated().await.unwrap();
    for group in [
        "",
        "apps",
        "metrics.k8s.io",
        "events.k8s.io",
        "lab.kubeli.dev",
    ] {
        assert!(d.has_group(group), "{group} missing");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unavailable_group_and_forbidden_kind() {
    let env = start(1, 20).await;
    let c = env.lab.cluster(0);
    let client = client(&env.lab, "lab-dev").await;
    c.set_fault(Fault::GroupUnavailable {
        group: "metrics.k8s.io".into(),
    });
    let (code, _, body) = raw(&client, "GET", "/apis/metrics.k8s.io/v1beta1/nodes", "").await;
    assert_eq!(code, 503, "{body}");
    let (code, _, _) = raw(&client, "GET", "/apis/metrics.k8s.io/v1beta1", "").await;
    assert_eq!(code, 503);
    let (_, _, body) = raw(&client, "GET", "/apis", AGGREGATED).await;
    let doc: Value = serde_json::from_str(&body).unwrap();
    let metrics = doc["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["metadata"]["name"] == json!("metrics.k8s.io"))
        .unwrap();
    assert_eq!(metrics["versions"][0]["freshness"], json!("Stale"));
    // kubectl drops the stale group from what it can use, and says so where it needs it.
    let o = env.ok(&["api-resources"]).await;
    assert!(!o.stdout.contains("metrics.k8s.io"), "{}", o.stdout);
    assert!(o.stdout.contains("deployments"), "{}", o.stdout);
    let o = env.kubectl(&["top", "nodes"]).await;
    assert!(
        !o.ok && o.stderr.contains("Metrics API not available"),
        "{}",
        o.stderr
    );
    env.ok(&["get", "pods", "-n", "web"]).await;

    c.set_fault(Fault::Forbid {
        resource: "deployments.apps".into(),
    });
    let o = env.kubectl(&["get", "deployments", "-n", "web"]).await;
    assert!(!o.ok);
    let msg = format!(
        "deployments.apps is forbidden: User \"{}\" cannot list resource \"deployments\" in API group \"apps\" in the namespace \"web\"",
        c.user()
    );
    assert!(o.stderr.contains(&msg), "{}", o.stderr);
    let o = env.kubectl(&["get", "deployments", "-A"]).await;
    assert!(o.stderr.contains("at the cluster scope"), "{}", o.stderr);
    env.ok(&["get", "replicasets", "-n", "web"]).await;
    env.ok(&["top", "nodes"]).await;
    c.set_fault(Fault::None);
    env.ok(&["get", "deployments", "-n", "web"]).await;
}

const GADGET_CRD: &str = r#"apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.tools.kubeli.dev
spec:
  group: tools.kubeli.dev
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget, shortNames: [gdg]}
  versions:
  - name: v1alpha1
    served: true
    storage: true
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn crds_created_at_run_time_are_served() {
    let env = start(1, 20).await;
    let c = env.lab.cluster(0);
    let file = env.home.join("crd.yaml");
    std::fs::write(&file, GADGET_CRD).unwrap();
    env.ok(&["apply", "-f", file.to_str().unwrap()]).await;
    env.ok(&[
        "wait",
        "--for=condition=established",
        "crd/gadgets.tools.kubeli.dev",
        "--timeout=10s",
    ])
    .await;
    let gadget = env.home.join("gadget.yaml");
    std::fs::write(
        &gadget,
        "apiVersion: tools.kubeli.dev/v1alpha1\nkind: Gadget\nmetadata: {name: g1, namespace: web}\nspec: {size: 3}\n",
    )
    .unwrap();
    env.ok(&["apply", "-f", gadget.to_str().unwrap()]).await;
    let o = env.ok(&["get", "gdg", "-n", "web", "-o", "json"]).await;
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["items"][0]["spec"]["size"], json!(3));
    assert_eq!(c.list("gadgets", Some("web")).len(), 1);

    // Watchable through kube-rs like any kind.
    let client = client(&env.lab, "lab-dev").await;
    let d = Discovery::new(client.clone())
        .run_aggregated()
        .await
        .unwrap();
    let (ar, _) = d
        .resolve_gvk(&kube::core::GroupVersionKind::gvk(
            "tools.kubeli.dev",
            "v1alpha1",
            "Gadget",
        ))
        .unwrap();
    let api: Api<kube::core::DynamicObject> = Api::namespaced_with(client, "web", &ar);
    let mut stream = api
        .watch(&WatchParams::default(), "0")
        .await
        .unwrap()
        .boxed();
    let first = tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(
        matches!(first, WatchEvent::Added(ref o) if o.metadata.name.as_deref() == Some("g1")),
        "{first:?}"
    );

    // A second group serving the same plural as the seeded widgets.
    c.add_custom_resource("other.kubeli.dev", "v1", "Widget", true)
        .unwrap();
    c.create(
        "widgets.other.kubeli.dev",
        json!({"metadata": {"name": "twin", "namespace": "web"}, "spec": {}}),
    )
    .unwrap();
    let o = env
        .ok(&["get", "widgets.other.kubeli.dev", "-n", "web", "-o", "name"])
        .await;
    assert_eq!(o.lines(), vec!["widget.other.kubeli.dev/twin"]);
    let o = env.ok(&["api-resources", "--no-headers"]).await;
    let widgets = o
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("widgets "))
        .count();
    assert_eq!(widgets, 2, "{}", o.stdout);

    // Deleting the CRD withdraws the kind and its objects.
    env.ok(&["delete", "crd", "gadgets.tools.kubeli.dev"]).await;
    assert_eq!(c.count("gadgets"), 0);
    let o = env.kubectl(&["get", "gadgets", "-n", "web"]).await;
    assert!(!o.ok, "{}", o.stdout);
}
