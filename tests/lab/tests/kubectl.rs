//! The real kubectl against an in-process lab: discovery, get variants, watch, logs, scale, delete, rollout, apply, CRDs, auth.

#![allow(
    clippy::too_many_lines,
    reason = "the workspace limit (clippy.toml) arrived after these tests were written; the lab's owner splits them"
)]

mod common;

use std::time::Duration;

use common::*;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn version_and_api_resources() {
    let env = start(3, 20).await;
    let o = env.ok(&["version", "-o", "json"]).await;
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(
        v["serverVersion"]["gitVersion"],
        json!(env.lab.cluster(0).version())
    );
    let o = env
        .ok(&["--context", "lab-prod", "version", "-o", "json"])
        .await;
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(
        v["serverVersion"]["gitVersion"],
        json!(env.lab.cluster(2).version())
    );
    assert_ne!(env.lab.cluster(0).version(), env.lab.cluster(1).version());

    let o = env.ok(&["api-resources", "--no-headers"]).await;
    for (name, short) in [
        ("deployments", "deploy"),
        ("pods", "po"),
        ("widgets", "wdg"),
        ("horizontalpodautoscalers", "hpa"),
        ("customresourcedefinitions", "crd"),
    ] {
        let line = o
            .lines()
            .into_iter()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("{name} missing:\n{}", o.stdout));
        assert!(line.contains(short), "{line}");
    }
    assert!(o.lines().len() >= 30, "{}", o.stdout);
    let o = env
        .ok(&["api-resources", "--api-group", "apps", "-o", "name"])
        .await;
    assert_eq!(
        o.lines(),
        vec![
            "daemonsets.apps",
            "deployments.apps",
            "replicasets.apps",
            "statefulsets.apps"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_pods_in_all_shapes() {
    let env = start(2, 60).await;
    let c = env.lab.cluster(0);
    // Namespaced table.
    let o = env.ok(&["get", "pods", "-n", "web"]).await;
    let lines = o.lines();
    assert!(
        lines[0].starts_with("NAME")
            && lines[0].contains("READY")
            && lines[0].contains("STATUS")
            && lines[0].contains("RESTARTS")
            && lines[0].contains("AGE"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len() - 1, c.list("pods", Some("web")).len());
    // All namespaces.
    let o = env.ok(&["get", "pods", "-A", "--no-headers"]).await;
    assert_eq!(o.lines().len(), c.pod_count());
    assert!(o.stdout.contains("kube-system"));
    // Pagination (kubectl asks for chunks of --chunk-size).
    let o = env
        .ok(&["get", "pods", "-A", "--no-headers", "--chunk-size", "7"])
        .await;
    assert_eq!(o.lines().len(), c.pod_count());
    // JSON.
    let o = env.ok(&["get", "pods", "-A", "-o", "json"]).await;
    let v: Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), c.pod_count());
    // YAML of deployments.
    let o = env.ok(&["get", "deploy", "-n", "web", "-o", "yaml"]).await;
    assert!(
        o.stdout.contains("kind: Deployment") && o.stdout.contains("name: frontend"),
        "{}",
        o.stdout
    );
    // Label selector.
    let want: Vec<String> = c
        .list("pods", Some("web"))
        .iter()
        .filter(|p| p["metadata"]["labels"]["app"] == "frontend")
        .map(|p| p["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    assert!(!want.is_empty());
    let o = env
        .ok(&[
            "get",
            "pods",
            "-n",
            "web",
            "-l",
            "app=frontend",
            "-o",
            "name",
        ])
        .await;
    let got: Vec<String> = o
        .lines()
        .iter()
        .map(|l| l.trim_start_matches("pod/").to_string())
        .collect();
    assert_eq!(got, want);
    let o = env
        .ok(&[
            "get",
            "pods",
            "-n",
            "web",
            "-l",
            "app in (frontend,landing),app!=landing",
            "-o",
            "name",
        ])
        .await;
    assert_eq!(o.lines().len(), want.len());
    // Field selector.
    let running = c
        .list("pods", None)
        .iter()
        .filter(|p| p["status"]["phase"] == "Running")
        .count();
    let o = env
        .ok(&[
            "get",
            "pods",
            "-A",
            "--no-headers",
            "--field-selector",
            "status.phase=Running",
        ])
        .await;
    assert_eq!(o.lines().len(), running);
    let o = env
        .ok(&[
            "get",
            "pods",
            "-A",
            "--no-headers",
            "--field-selector",
            "status.phase!=Running",
        ])
        .await;
    assert_eq!(o.lines().len(), c.pod_count() - running);
    // Deployment table columns.
    let o = env.ok(&["get", "deploy", "-n", "web"]).await;
    let h = o.lines()[0]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(h, "NAME READY UP-TO-DATE AVAILABLE AGE");
    // Not found.
    let o = env.kubectl(&["get", "pod", "nope", "-n", "web"]).await;
    assert!(
        !o.ok && o.stderr.contains("pods \"nope\" not found"),
        "{}",
        o.stderr
    );
    // Distinct clusters.
    let o = env
        .ok(&["--context", "lab-staging", "get", "ns", "-o", "name"])
        .await;
    assert!(
        o.stdout.contains("namespace/payments") && !o.stdout.contains("namespace/sandbox"),
        "{}",
        o.stdout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_pods_watch_sees_changes() {
    let env = start(1, 20).await;
    let c = env.lab.cluster(0);
    let mut cmd = command(
        env.lab.kubeconfig_path(),
        &env.home,
        &["get", "pods", "-n", "web", "-w", "--no-headers"],
    );
    cmd.stdout(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let initial = c.list("pods", Some("web")).len();
    for _ in 0..initial {
        tokio::time::timeout(Duration::from_secs(10), lines.next_line())
            .await
            .unwrap()
            .unwrap();
    }
    c.create("pods", json!({"metadata": {"name": "watched-pod", "namespace": "web", "labels": {"app": "watched"}},
        "spec": {"containers": [{"name": "main", "image": "busybox"}]}, "status": {"phase": "Pending"}})).unwrap();
    let line = tokio::time::timeout(Duration::from_secs(10), lines.next_line())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(
        line.starts_with("watched-pod") && line.contains("Pending"),
        "{line}"
    );
    c.set_pod_phase("web", "watched-pod", "Failed").unwrap();
    let line = tokio::time::timeout(Duration::from_secs(10), lines.next_line())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert!(
        line.starts_with("watched-pod") && line.contains("Failed"),
        "{line}"
    );
    child.kill().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_tail_and_follow() {
    let env = start(1, 20).await;
    let pod = env.lab.cluster(0).running_pod("web").unwrap();
    let name = pod["metadata"]["name"].as_str().unwrap().to_string();
    let asked = tokio::time::Instant::now();
    let o = env.ok(&["logs", "-n", "web", &name, "--tail", "5"]).await;
    assert_eq!(o.lines().len(), 5, "{}", o.stdout);
    let all = env.ok(&["logs", "-n", "web", &name]).await;
    assert!(all.lines().len() >= 40);
    // The log grows a line every 0.5 s: what the tail ended with may have been followed since.
    let written_since = (asked.elapsed().as_millis() / 500) as usize + 1;
    let at = all
        .stdout
        .find(&o.stdout)
        .expect("the tail is part of the log");
    assert!(
        all.stdout[at + o.stdout.len()..].lines().count() <= written_since,
        "tail is the end of the log"
    );
    let again = env.ok(&["logs", "-n", "web", &name]).await;
    assert!(
        again.stdout.starts_with(&all.stdout),
        "logs are deterministic: lines written do not change"
    );
    let o = env
        .ok(&["logs", "-n", "web", &name, "--tail", "1", "--timestamps"])
        .await;
    assert!(
        o.stdout.starts_with("20") && o.stdout.contains('T') && o.stdout.contains('Z'),
        "{}",
        o.stdout
    );
    let o = env
        .kubectl(&["logs", "-n", "web", &name, "--previous"])
        .await;
    assert!(
        !o.ok
            || pod["status"]["containerStatuses"][0]["restartCount"]
                .as_u64()
                .unwrap()
                > 0
    );
    // Follow for ~2 s: the existing tail plus new lines.
    let mut cmd = command(
        env.lab.kubeconfig_path(),
        &env.home,
        &["logs", "-n", "web", &name, "--tail", "2", "-f"],
    );
    cmd.stdout(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut n = 0;
    let deadline = tokio::time::Instant::now() + Duration::from_millis(2300);
    while let Ok(Ok(Some(_))) = tokio::time::timeout_at(deadline, lines.next_line()).await {
        n += 1;
    }
    child.kill().await.unwrap();
    assert!(n >= 4, "follow streamed only {n} lines");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scale_delete_and_rollout_restart() {
    let env = start(1, 30).await;
    let c = env.lab.cluster(0);
    let frontend = |c: &kubeli_lab::ClusterHandle| -> Vec<Value> {
        c.list("pods", Some("web"))
            .into_iter()
            .filter(|p| p["metadata"]["labels"]["app"] == "frontend")
            .collect()
    };
    let o = env
        .ok(&[
            "scale",
            "deployment",
            "frontend",
            "-n",
            "web",
            "--replicas",
            "5",
        ])
        .await;
    assert!(
        o.stdout.contains("deployment.apps/frontend scaled"),
        "{}",
        o.stdout
    );
    assert_eq!(frontend(&c).len(), 5);
    let o = env
        .ok(&["get", "deploy", "frontend", "-n", "web", "--no-headers"])
        .await;
    let cols: Vec<&str> = o.stdout.split_whitespace().collect();
    assert!(cols[1].ends_with("/5") && cols[2] == "5", "{}", o.stdout);
    // Delete a pod: gone, and the ReplicaSet replaces it.
    let victim = frontend(&c)[0]["metadata"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let o = env.ok(&["delete", "pod", &victim, "-n", "web"]).await;
    assert!(
        o.stdout.contains(&format!("pod \"{victim}\" deleted")),
        "{}",
        o.stdout
    );
    let names: Vec<String> = frontend(&c)
        .iter()
        .map(|p| p["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names.len(), 5);
    assert!(!names.contains(&victim));
    // Rollout restart: new template annotation, new ReplicaSet owning all pods.
    let o = env
        .ok(&["rollout", "restart", "deployment/frontend", "-n", "web"])
        .await;
    assert!(o.stdout.contains("restarted"), "{}", o.stdout);
    let d = c.get("deployments", "web", "frontend").unwrap();
    assert!(
        d["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"]
            .is_string()
    );
    let new_names: Vec<String> = frontend(&c)
        .iter()
        .map(|p| p["metadata"]["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(new_names.len(), 5);
    assert!(
        new_names.iter().all(|n| !names.contains(n)),
        "all pods replaced"
    );
    env.ok(&[
        "rollout",
        "status",
        "deployment/frontend",
        "-n",
        "web",
        "--timeout",
        "10s",
    ])
    .await;
    let o = env
        .ok(&[
            "get",
            "rs",
            "-n",
            "web",
            "-l",
            "app=frontend",
            "--no-headers",
        ])
        .await;
    assert_eq!(o.lines().len(), 2, "{}", o.stdout);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apply_create_then_change() {
    let env = start(1, 20).await;
    let file = env.home.join("cm.yaml");
    let doc = |color: &str| {
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: demo\n  namespace: web\ndata:\n  color: {color}\n")
    };
    std::fs::write(&file, doc("blue")).unwrap();
    let f = file.to_str().unwrap();
    let o = env.ok(&["apply", "-f", f]).await;
    assert!(o.stdout.contains("configmap/demo created"), "{}", o.stdout);
    std::fs::write(&file, doc("green")).unwrap();
    let o = env.ok(&["apply", "-f", f]).await;
    assert!(
        o.stdout.contains("configmap/demo configured"),
        "{}",
        o.stdout
    );
    let o = env
        .ok(&[
            "get",
            "cm",
            "demo",
            "-n",
            "web",
            "-o",
            "jsonpath={.data.color}",
        ])
        .await;
    assert_eq!(o.stdout, "green");
    let o = env.ok(&["apply", "-f", f]).await;
    assert!(o.stdout.contains("unchanged"), "{}", o.stdout);
    std::fs::write(&file, doc("red")).unwrap();
    let o = env.ok(&["apply", "--server-side", "-f", f]).await;
    assert!(o.stdout.contains("serverside-applied"), "{}", o.stdout);
    assert_eq!(
        env.lab.cluster(0).get("configmaps", "web", "demo").unwrap()["data"]["color"],
        "red"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_resources_contexts_and_auth() {
    let env = start(3, 20).await;
    // CRD kind.
    let want = env.lab.cluster(0).list("widgets", None).len();
    assert!(want > 0);
    let o = env.ok(&["get", "widgets", "-A", "--no-headers"]).await;
    assert_eq!(o.lines().len(), want);
    let o = env.ok(&["get", "crd", "-o", "name"]).await;
    assert_eq!(
        o.lines(),
        vec!["customresourcedefinition.apiextensions.k8s.io/widgets.lab.kubeli.dev"]
    );
    env.ok(&["get", "wdg", "widget-alpha", "-n", "web", "-o", "yaml"])
        .await;
    // Contexts and the simulated marker.
    let o = env.ok(&["config", "get-contexts", "-o", "name"]).await;
    assert_eq!(o.lines(), vec!["lab-dev", "lab-prod", "lab-staging"]);
    let kc = std::fs::read_to_string(env.lab.kubeconfig_path()).unwrap();
    let kc: Value = serde_saphyr::from_str(&kc).unwrap();
    assert_eq!(kc["current-context"], "lab-dev");
    for c in kc["clusters"].as_array().unwrap() {
        assert_eq!(c["cluster"]["extensions"][0]["name"], "kubeli-lab");
        assert_eq!(
            c["cluster"]["extensions"][0]["extension"]["simulated"],
            true
        );
        assert_eq!(c["cluster"]["extensions"][0]["extension"]["lab"], c["name"]);
    }
    // Client-certificate context (staging) with its default namespace.
    assert_eq!(env.lab.cluster(1).auth(), kubeli_lab::AuthKind::ClientCert);
    assert!(kc["users"][1]["user"]["client-certificate-data"].is_string());
    let o = env
        .ok(&["--context", "lab-staging", "get", "pods", "--no-headers"])
        .await;
    assert_eq!(
        o.lines().len(),
        env.lab.cluster(1).list("pods", Some("shop")).len()
    );
    // Revoked token → Unauthorized.
    env.lab.cluster(0).revoke_tokens();
    let o = env.kubectl(&["get", "pods"]).await;
    assert!(!o.ok);
    assert!(o.stderr.contains("Unauthorized"), "{}", o.stderr);
    // Other clusters unaffected.
    env.ok(&["--context", "lab-prod", "get", "pods", "-A"])
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpointslices_follow_the_pods_of_their_service() {
    let env = start(1, 40).await;
    let c = env.lab.cluster(0);
    let app_ips = |c: &kubeli_lab::ClusterHandle| -> Vec<String> {
        let mut ips: Vec<String> = c
            .list("pods", Some("web"))
            .into_iter()
            .filter(|p| p["metadata"]["labels"]["app"] == "frontend")
            .filter_map(|p| p["status"]["podIP"].as_str().map(str::to_owned))
            .collect();
        ips.sort();
        ips
    };
    let slice_ips = |c: &kubeli_lab::ClusterHandle| -> Vec<String> {
        let slices: Vec<Value> = c
            .list("endpointslices", Some("web"))
            .into_iter()
            .filter(|s| s["metadata"]["labels"]["kubernetes.io/service-name"] == "frontend")
            .collect();
        let mut ips: Vec<String> = slices
            .iter()
            .flat_map(|s| s["endpoints"].as_array().cloned().unwrap_or_default())
            .filter(|e| e["conditions"]["ready"] == json!(true))
            .filter_map(|e| e["addresses"][0].as_str().map(str::to_owned))
            .collect();
        ips.sort();
        ips
    };

    // The table kubectl prints, across namespaces.
    let o = env.ok(&["get", "endpointslices", "-A"]).await;
    let lines = o.lines();
    for col in [
        "NAMESPACE",
        "NAME",
        "ADDRESSTYPE",
        "PORTS",
        "ENDPOINTS",
        "AGE",
    ] {
        assert!(lines[0].contains(col), "{}", lines[0]);
    }
    let coredns = lines
        .iter()
        .find(|l| l.starts_with("kube-system") && l.contains(" coredns-"))
        .unwrap_or_else(|| panic!("no coredns slice:\n{}", o.stdout));
    assert!(
        coredns.contains("IPv4") && coredns.contains(" 53 "),
        "{coredns}"
    );
    // The API server's own slice, on the control-plane node's address.
    let apiserver = lines
        .iter()
        .find(|l| l.starts_with("default") && l.contains(" kubernetes "))
        .unwrap_or_else(|| panic!("no kubernetes slice:\n{}", o.stdout));
    let control_plane = c.get("nodes", "", "lab-dev-control-plane").unwrap();
    let cp_ip = control_plane["status"]["addresses"][0]["address"]
        .as_str()
        .unwrap();
    assert!(
        apiserver.contains(" 6443 ") && apiserver.contains(cp_ip),
        "{apiserver}"
    );
    // And one slice per Service with a selector, labelled with its service name.
    let with_selector = c
        .list("services", None)
        .iter()
        .filter(|s| s["spec"]["selector"].is_object())
        .count();
    assert_eq!(lines.len() - 1, with_selector + 1, "{}", o.stdout);

    // The same pods the core Endpoints name.
    let o = env
        .ok(&[
            "get",
            "endpointslices",
            "-n",
            "web",
            "-l",
            "kubernetes.io/service-name=frontend",
            "-o",
            "json",
        ])
        .await;
    let list: Value = serde_json::from_str(&o.stdout).unwrap();
    let slice = &list["items"][0];
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "{}", o.stdout);
    assert_eq!(slice["apiVersion"], "discovery.k8s.io/v1");
    assert_eq!(slice["addressType"], "IPv4");
    assert_eq!(slice["metadata"]["ownerReferences"][0]["kind"], "Service");
    assert_eq!(slice["ports"][0]["protocol"], "TCP");
    assert!(slice["ports"][0]["port"].is_u64(), "{slice}");
    let ep = c.get("endpoints", "web", "frontend").expect("endpoints");
    let mut ep_ips: Vec<String> = ep["subsets"][0]["addresses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["ip"].as_str().unwrap().to_owned())
        .collect();
    ep_ips.sort();
    assert_eq!(slice_ips(&c), ep_ips);
    assert_eq!(slice_ips(&c), app_ips(&c));
    assert_eq!(
        ep["subsets"][0]["ports"][0]["port"],
        slice["ports"][0]["port"]
    );

    // A pod that stops being ready stays in the slice, not ready, and moves to notReadyAddresses.
    let pod = c
        .list("pods", Some("web"))
        .into_iter()
        .find(|p| p["metadata"]["labels"]["app"] == "frontend")
        .unwrap();
    let (pod_name, pod_ip) = (
        pod["metadata"]["name"].as_str().unwrap().to_owned(),
        pod["status"]["podIP"].as_str().unwrap().to_owned(),
    );
    c.patch(
        "pods",
        "web",
        &pod_name,
        json!({"status": {"conditions": [{"type": "Ready", "status": "False"}]}}),
    )
    .unwrap();
    assert!(!slice_ips(&c).contains(&pod_ip));
    assert_eq!(slice_ips(&c).len(), app_ips(&c).len() - 1);
    let ep = c.get("endpoints", "web", "frontend").unwrap();
    assert_eq!(
        ep["subsets"][0]["notReadyAddresses"][0]["ip"],
        json!(pod_ip)
    );
    c.delete("pods", "web", &pod_name).unwrap();

    // Scaling the deployment changes the slice; deleting the Service removes it.
    env.ok(&[
        "scale",
        "deployment",
        "frontend",
        "-n",
        "web",
        "--replicas",
        "6",
    ])
    .await;
    assert_eq!(app_ips(&c).len(), 6);
    assert_eq!(slice_ips(&c), app_ips(&c));
    env.ok(&["delete", "service", "frontend", "-n", "web"])
        .await;
    assert!(c.get("endpoints", "web", "frontend").is_none());
    let o = env
        .ok(&[
            "get",
            "endpointslices",
            "-n",
            "web",
            "-l",
            "kubernetes.io/service-name=frontend",
        ])
        .await;
    assert!(o.lines().is_empty(), "{}", o.stdout);
}

/// Runs kubectl with `stdin` piped in; (exit code, stdout, stderr).
async fn kubectl_stdin(env: &Env, args: &[&str], stdin: &[u8]) -> (Option<i32>, String, String) {
    use tokio::io::AsyncWriteExt;
    let mut cmd = command(env.lab.kubeconfig_path(), &env.home, args);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin).await.unwrap();
    drop(input);
    let o = tokio::time::timeout(Duration::from_secs(30), child.wait_with_output())
        .await
        .expect("kubectl finished in time")
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exec_runs_commands_with_and_without_stdin() {
    let env = start(1, 20).await;
    let pod = env
        .lab
        .cluster(0)
        .list("pods", Some("web"))
        .into_iter()
        .find(|p| {
            p["status"]["phase"] == "Running"
                && p["status"]["containerStatuses"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|c| c["state"]["running"].is_object())
        })
        .unwrap();
    let name = pod["metadata"]["name"].as_str().unwrap().to_string();
    let o = env
        .ok(&["exec", "-n", "web", &name, "--", "echo", "hello", "lab"])
        .await;
    assert_eq!(o.stdout, "hello lab\n");
    let o = env.ok(&["exec", "-n", "web", &name, "--", "env"]).await;
    assert!(
        o.stdout.contains(&format!("HOSTNAME={name}\n")),
        "{}",
        o.stdout
    );

    let (code, _, stderr) = kubectl_stdin(
        &env,
        &["exec", "-n", "web", &name, "--", "sh", "-c", "exit 3"],
        b"",
    )
    .await;
    assert_eq!(code, Some(3), "{stderr}");
    let (code, _, stderr) =
        kubectl_stdin(&env, &["exec", "-n", "web", &name, "--", "nope"], b"").await;
    assert_eq!(code, Some(127));
    assert!(stderr.contains("nope: command not found"), "{stderr}");

    // stdin: cat echoes it; the shell reads commands line by line.
    let (code, stdout, stderr) = kubectl_stdin(
        &env,
        &["exec", "-i", "-n", "web", &name, "--", "cat"],
        b"line one\nline two\n",
    )
    .await;
    assert_eq!(
        (code, stdout.as_str()),
        (Some(0), "line one\nline two\n"),
        "{stderr}"
    );
    let (code, stdout, stderr) = kubectl_stdin(
        &env,
        &["exec", "-i", "-n", "web", &name, "--", "/bin/sh"],
        b"echo first\necho second\nexit 4\n",
    )
    .await;
    assert_eq!(code, Some(4), "{stderr}");
    assert_eq!(stdout, "$ first\n$ second\n$ ");

    // The API server's answers: a missing pod, a forbidden exec.
    let o = env
        .kubectl(&["exec", "-n", "web", "no-such-pod", "--", "echo"])
        .await;
    assert!(!o.ok && o.stderr.contains("not found"), "{}", o.stderr);
    env.lab.cluster(0).add_fault(kubeli_lab::Fault::Forbid {
        resource: "pods/exec".into(),
    });
    let o = env
        .kubectl(&["exec", "-n", "web", &name, "--", "echo"])
        .await;
    assert!(
        !o.ok && o.stderr.contains("forbidden") && o.stderr.contains("pods/exec"),
        "{}",
        o.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_follow_ends_when_the_pod_is_deleted() {
    let env = start(1, 20).await;
    let c = env.lab.cluster(0);
    let pod = c.running_pod("web").unwrap();
    let name = pod["metadata"]["name"].as_str().unwrap().to_string();
    let mut cmd = command(
        env.lab.kubeconfig_path(),
        &env.home,
        &["logs", "-n", "web", &name, "--tail", "1", "-f"],
    );
    cmd.stdout(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(lines.next_line().await.unwrap().is_some());
    c.delete("pods", "web", &name).unwrap();
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait()).await;
    assert!(status.is_ok(), "kubectl logs -f ended with the pod");
}
