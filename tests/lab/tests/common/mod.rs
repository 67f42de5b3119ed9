//! Shared helpers for the lab's integration tests: starting a lab and running the real kubectl against it.
#![allow(
    dead_code,
    reason = "each test crate uses a different subset of these helpers"
)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use kubeli_lab::{Lab, LabOptions};

/// The referee.
pub const KUBECTL: &str = "/usr/bin/kubectl";

/// A lab plus a private HOME for kubectl's cache.
pub struct Env {
    pub lab: Lab,
    pub home: PathBuf,
}

static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

pub async fn start(clusters: usize, pods: usize) -> Env {
    start_with(LabOptions {
        clusters,
        pods_per_cluster: pods,
        seed: 42,
        ..Default::default()
    })
    .await
}

pub async fn start_with(opts: LabOptions) -> Env {
    let lab = Lab::start(opts).await.expect("lab starts");
    let home = std::env::temp_dir().join(format!(
        "kubeli-lab-test-home-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&home).unwrap();
    Env { lab, home }
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

/// Output of one kubectl run.
#[derive(Debug)]
pub struct Out {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// Non-empty stdout lines.
    pub fn lines(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect()
    }
}

pub fn command(kubeconfig: &Path, home: &Path, args: &[&str]) -> tokio::process::Command {
    let mut c = tokio::process::Command::new(KUBECTL);
    c.args(args)
        .env("KUBECONFIG", kubeconfig)
        .env("HOME", home)
        .env_remove("KUBERNETES_SERVICE_HOST")
        .kill_on_drop(true);
    c
}

impl Env {
    /// Runs kubectl to completion (30 s cap).
    pub async fn kubectl(&self, args: &[&str]) -> Out {
        let mut c = command(self.lab.kubeconfig_path(), &self.home, args);
        let o = tokio::time::timeout(Duration::from_secs(30), c.output())
            .await
            .expect("kubectl finished in time")
            .expect("kubectl runs");
        Out {
            ok: o.status.success(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    /// Runs kubectl and insists on success.
    pub async fn ok(&self, args: &[&str]) -> Out {
        let o = self.kubectl(args).await;
        assert!(o.ok, "kubectl {args:?} failed: {}", o.stderr);
        o
    }
}

/// Polls `f` until it is true (10 s cap).
pub async fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    for _ in 0..200 {
        if f() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for: {what}");
}

/// A plain HTTP/1.1 request to the control endpoint; returns (status, body).
pub async fn http(base: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr)
        .await
        .expect("control endpoint reachable");
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let code = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (code, body)
}

/// A kube-rs client for one context of the lab's kubeconfig, without kube's default retry of
/// 429/503/504 (tests look at each answer).
pub async fn client(lab: &Lab, context: &str) -> kube::Client {
    use kube::config::{KubeConfigOptions, Kubeconfig};
    let kc = Kubeconfig::read_from(lab.kubeconfig_path()).unwrap();
    let opts = KubeConfigOptions {
        context: Some(context.to_string()),
        ..Default::default()
    };
    let mut cfg = kube::Config::from_custom_kubeconfig(kc, &opts)
        .await
        .unwrap();
    cfg.default_retry = false;
    kube::Client::try_from(cfg).unwrap()
}

/// A raw HTTPS request through a kube client: (status, Content-Type, body).
pub async fn raw(
    client: &kube::Client,
    method: &str,
    path: &str,
    accept: &str,
) -> (u16, String, String) {
    let (code, headers, body) = raw_full(client, method, path, accept, "").await;
    let ct = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|c| c.to_str().ok())
        .unwrap_or("")
        .to_string();
    (code, ct, body)
}

/// A raw HTTPS request with an optional form body: (status, headers, body).
pub async fn raw_full(
    client: &kube::Client,
    method: &str,
    path: &str,
    accept: &str,
    form: &str,
) -> (u16, http::HeaderMap, String) {
    use http_body_util::BodyExt;
    let mut req = http::Request::builder().method(method).uri(path);
    if !accept.is_empty() {
        req = req.header(http::header::ACCEPT, accept);
    }
    if !form.is_empty() {
        req = req.header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        );
    }
    let req = req
        .body(kube::client::Body::from(form.as_bytes().to_vec()))
        .unwrap();
    let resp = tokio::time::timeout(Duration::from_secs(10), client.send(req))
        .await
        .expect("answer in time")
        .expect("request sent");
    let code = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    (code, headers, String::from_utf8_lossy(&body).into_owned())
}

impl Env {
    /// Writes a copy of the lab's kubeconfig changed by `edit` (as JSON, which kubectl reads).
    pub fn kubeconfig_with(
        &self,
        name: &str,
        edit: impl FnOnce(&mut serde_json::Value),
    ) -> PathBuf {
        let text = std::fs::read_to_string(self.lab.kubeconfig_path()).unwrap();
        let mut kc: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        edit(&mut kc);
        let path = self.home.join(name);
        std::fs::write(&path, serde_json::to_vec_pretty(&kc).unwrap()).unwrap();
        path
    }

    /// Runs kubectl with another kubeconfig (30 s cap).
    pub async fn kubectl_with(&self, kubeconfig: &Path, args: &[&str]) -> Out {
        let mut c = command(kubeconfig, &self.home, args);
        let o = tokio::time::timeout(Duration::from_secs(30), c.output())
            .await
            .expect("kubectl finished in time")
            .expect("kubectl runs");
        Out {
            ok: o.status.success(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// The entry named `name` in a kubeconfig list (`clusters`, `users`, `contexts`).
pub fn entry<'a>(
    kc: &'a mut serde_json::Value,
    list: &str,
    name: &str,
) -> &'a mut serde_json::Value {
    kc[list]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["name"] == serde_json::json!(name))
        .unwrap_or_else(|| panic!("no {list} entry {name}"))
}

/// Aggregated discovery, as kubectl asks for it.
pub const AGGREGATED: &str = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

/// A kubectl that keeps running (`get -w`, `logs -f`): its stdout lines, and a way to see that
/// it has ended.
pub struct Following {
    child: tokio::process::Child,
    lines: tokio::io::Lines<tokio::io::BufReader<tokio::process::ChildStdout>>,
}

impl Following {
    pub fn start(env: &Env, args: &[&str]) -> Self {
        let mut cmd = command(env.lab.kubeconfig_path(), &env.home, args);
        cmd.stdout(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        let lines = tokio::io::AsyncBufReadExt::lines(tokio::io::BufReader::new(
            child.stdout.take().unwrap(),
        ));
        Following { child, lines }
    }
    pub async fn line(&mut self, what: &str) -> String {
        tokio::time::timeout(Duration::from_secs(10), self.lines.next_line())
            .await
            .unwrap_or_else(|_| panic!("{what}: no line in 10 s"))
            .unwrap()
            .unwrap_or_else(|| panic!("{what}: ended"))
    }
    /// `true` when neither a line nor the end comes within `limit`.
    pub async fn quiet_for(&mut self, limit: Duration) -> bool {
        tokio::time::timeout(limit, self.lines.next_line())
            .await
            .is_err()
    }
    /// Reads until the stream ends; `false` if it is still open after `limit`.
    pub async fn ends_within(&mut self, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            match tokio::time::timeout_at(deadline, self.lines.next_line()).await {
                Err(_) => return false,
                Ok(Ok(Some(_))) => continue,
                Ok(_) => break,
            }
        }
        tokio::time::timeout_at(deadline, self.child.wait())
            .await
            .is_ok()
    }
}
