//! Log streams, exec sessions and port-forwards against lab clusters over real HTTPS on
//! loopback: each works, ends with `StreamEnded` naming its cluster when the cluster is
//! disconnected or the server cuts the stream, and fails clearly (naming the cluster) when
//! the pod is gone, the container is not running, the port is taken or exec is forbidden.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use kubeli_core::error::ErrorKind;
use kubeli_core::events::Event;
use kubeli_core::pool::KubeClientManager;
use kubeli_core::streams::{
    ExecRequest, ForwardTarget, LogRequest, LogTarget, PortForwardRequest, StreamEnd, StreamManager,
};
use kubeli_core::ContextId;
use kubeli_lab::{Fault, Lab, LabOptions};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc::UnboundedReceiver;

const WAIT: Duration = Duration::from_secs(15);

/// Every event seen so far, so a test can wait for a condition over all of them.
struct Recorder {
    rx: UnboundedReceiver<Event>,
    seen: Vec<Event>,
}

impl Recorder {
    async fn until<T>(&mut self, what: &str, mut pick: impl FnMut(&[Event]) -> Option<T>) -> T {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(v) = pick(&self.seen) {
                return v;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, self.rx.recv()).await {
                Ok(Some(e)) => self.seen.push(e),
                _ => panic!("timed out waiting for {what}"),
            }
        }
    }

    async fn ended(&mut self, id: &str) -> StreamEnd {
        self.until(&format!("{id} to end"), |seen| {
            seen.iter().find_map(|e| match e {
                Event::StreamEnded { id: i, end, .. } if i == id => Some(end.clone()),
                _ => None,
            })
        })
        .await
    }

    /// The output of an exec session so far.
    fn output(&self, id: &str) -> String {
        self.seen
            .iter()
            .filter_map(|e| match e {
                Event::ExecOutput { id: i, data, .. } if i == id => Some(data.as_str()),
                _ => None,
            })
            .collect()
    }

    async fn output_contains(&mut self, id: &str, text: &str) {
        let id = id.to_owned();
        self.until(&format!("{text:?} from {id}"), |seen| {
            let out: String = seen
                .iter()
                .filter_map(|e| match e {
                    Event::ExecOutput { id: i, data, .. } if *i == id => Some(data.as_str()),
                    _ => None,
                })
                .collect();
            out.contains(text).then_some(())
        })
        .await;
    }

    /// Log lines of a stream so far: (pod, text).
    fn lines(&self, id: &str) -> Vec<(String, String)> {
        log_lines(&self.seen, id)
    }
}

fn log_lines(seen: &[Event], id: &str) -> Vec<(String, String)> {
    seen.iter()
        .filter_map(|e| match e {
            Event::LogLines { id: i, lines, .. } if i == id => Some(lines),
            _ => None,
        })
        .flatten()
        .map(|l| (l.pod.clone(), l.text.clone()))
        .collect()
}

struct Env {
    lab: Lab,
    pool: Arc<KubeClientManager>,
    streams: Arc<StreamManager>,
    events: Recorder,
}

impl Env {
    async fn new(clusters: usize) -> Env {
        let lab = Lab::start(LabOptions {
            clusters,
            pods_per_cluster: 40,
            seed: 12,
            ..Default::default()
        })
        .await
        .expect("lab starts");
        let (pool, rx) = common::pool(&[lab.kubeconfig_path()], common::options());
        let streams = StreamManager::new(Arc::clone(&pool));
        let env = Env {
            lab,
            pool,
            streams,
            events: Recorder {
                rx,
                seen: Vec::new(),
            },
        };
        for i in 0..clusters {
            env.pool.connect(&env.id(i)).await.expect("connects");
        }
        env
    }

    fn id(&self, i: usize) -> ContextId {
        ContextId::new(self.lab.kubeconfig_path(), &kubeli_lab::context_name(i), 1)
    }

    /// A running pod whose containers all run, owned by a ReplicaSet: (namespace, name).
    fn running_pod(&self, i: usize) -> (String, String) {
        let pods = self.lab.cluster(i).list("pods", None);
        let pod = pods
            .iter()
            .find(|p| running(p) && p["metadata"]["ownerReferences"][0]["kind"] == "ReplicaSet");
        let pod = pod.expect("a running pod");
        (
            str_at(pod, "/metadata/namespace"),
            str_at(pod, "/metadata/name"),
        )
    }

    /// A deployment whose pods all run, with its service: (namespace, name).
    fn deployment(&self, i: usize) -> (String, String) {
        let c = self.lab.cluster(i);
        let pods = c.list("pods", None);
        let deployments = c.list("deployments", None);
        let d = deployments.iter().find(|d| {
            let ns = str_at(d, "/metadata/namespace");
            let app = str_at(d, "/metadata/name");
            let mine: Vec<&Value> = pods
                .iter()
                .filter(|p| {
                    str_at(p, "/metadata/namespace") == ns
                        && p["metadata"]["labels"]["app"] == app.as_str()
                })
                .collect();
            !mine.is_empty()
                && mine.iter().all(|p| running(p))
                && c.get("services", &ns, &app).is_some()
        });
        let d = d.expect("a deployment whose pods run, with a service");
        (
            str_at(d, "/metadata/namespace"),
            str_at(d, "/metadata/name"),
        )
    }
}

fn str_at(v: &Value, pointer: &str) -> String {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn running(p: &Value) -> bool {
    p["status"]["phase"] == "Running"
        && p["status"]["containerStatuses"]
            .as_array()
            .is_some_and(|cs| {
                cs.iter().all(|c| {
                    c["state"]["running"].is_object()
                        && c["ready"] == true
                        && c["restartCount"] == 0
                })
            })
}

fn pod_logs(ns: &str, pod: &str, follow: bool, tail: Option<u32>) -> LogRequest {
    LogRequest {
        namespace: ns.to_owned(),
        target: LogTarget::Pod {
            pod: pod.to_owned(),
            container: None,
        },
        follow,
        tail_lines: tail,
        since_seconds: None,
        timestamps: false,
        previous: false,
    }
}

fn exec(ns: &str, pod: &str, command: Option<&[&str]>) -> ExecRequest {
    ExecRequest {
        namespace: ns.to_owned(),
        pod: pod.to_owned(),
        container: None,
        command: command.map(|c| c.iter().map(|s| (*s).to_owned()).collect()),
        cols: 80,
        rows: 24,
    }
}

/// An HTTP GET to localhost:`port`; the whole answer.
async fn http_get(port: u16) -> String {
    let mut tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("connects");
    tcp.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let mut answer = String::new();
    tokio::time::timeout(WAIT, tcp.read_to_string(&mut answer))
        .await
        .expect("answers in time")
        .expect("reads");
    answer
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_follow_gets_new_lines_and_stop_ends_the_stream() {
    let mut env = Env::new(1).await;
    let (ns, pod) = env.running_pod(0);
    let id = env
        .streams
        .start_logs(&env.id(0), pod_logs(&ns, &pod, true, Some(5)))
        .await
        .unwrap();
    env.events
        .until("the source", |seen| {
            seen.iter().any(|e| matches!(e, Event::LogSources { id: i, sources, .. } if *i == id && sources.iter().any(|s| s.pod == pod))).then_some(())
        })
        .await;
    env.events
        .until("the tail", |seen| {
            (log_lines(seen, &id).len() >= 5).then_some(())
        })
        .await;
    let tail = env.events.lines(&id).len();
    assert_eq!(tail, 5, "tail 5 gives exactly 5 lines first");
    env.events
        .until("a followed line", |seen| {
            (log_lines(seen, &id).len() > tail).then_some(())
        })
        .await;
    assert!(env.events.lines(&id).iter().all(|(p, _)| *p == pod));
    assert_eq!(env.streams.list().len(), 1);
    assert!(env.streams.stop(&id));
    let end = env.events.ended(&id).await;
    assert!(
        end.message.starts_with("lab-dev:") && end.message.contains("stopped"),
        "{end:?}"
    );
    assert!(env.streams.list().is_empty());
    assert!(
        !env.streams.stop(&id),
        "a stopped stream is no longer running"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workload_logs_follow_a_replaced_pod_and_measure_throughput() {
    let mut env = Env::new(1).await;
    let (ns, deployment) = env.deployment(0);
    let request = LogRequest {
        target: LogTarget::Workload {
            kind: "deployments".into(),
            name: deployment.clone(),
        },
        ..pod_logs(&ns, "", true, Some(3))
    };
    let id = env.streams.start_logs(&env.id(0), request).await.unwrap();
    let first: Vec<String> = env
        .events
        .until("the sources", |seen| {
            seen.iter().find_map(|e| match e {
                Event::LogSources { id: i, sources, .. } if *i == id => {
                    Some(sources.iter().map(|s| s.pod.clone()).collect())
                }
                _ => None,
            })
        })
        .await;
    assert!(!first.is_empty());
    let old = first[0].clone();
    env.lab.cluster(0).delete("pods", &ns, &old).unwrap();
    let new_pod: String = env
        .events
        .until("a replacement pod among the sources", |seen| {
            seen.iter().rev().find_map(|e| match e {
                Event::LogSources { id: i, sources, .. } if *i == id => sources
                    .iter()
                    .map(|s| s.pod.clone())
                    .find(|p| !first.contains(p)),
                _ => None,
            })
        })
        .await;
    env.events
        .until("a line from the replacement pod", |seen| {
            log_lines(seen, &id)
                .iter()
                .any(|(p, _)| *p == new_pod)
                .then_some(())
        })
        .await;
    env.streams.stop(&id);

    // Throughput: every line of every pod of the cluster's biggest namespace, no follow.
    let pods = env.lab.cluster(0).list("pods", Some(&ns));
    let start = Instant::now();
    let all = LogRequest {
        target: LogTarget::Selector {
            selector: String::new(),
        },
        ..pod_logs(&ns, "", false, None)
    };
    let id = env.streams.start_logs(&env.id(0), all).await.unwrap();
    let end = env.events.ended(&id).await;
    let secs = start.elapsed().as_secs_f64();
    let lines = env.events.lines(&id).len();
    assert!(
        end.kind.is_none() && end.message.contains("finished"),
        "{end:?}"
    );
    let running_pods = pods.iter().filter(|p| running(p)).count();
    assert!(
        lines >= running_pods * 40,
        "{lines} lines from {running_pods} running pods"
    );
    println!("log throughput through the core: {lines} lines from {} pods in {secs:.3} s = {:.0} lines/s", pods.len(), lines as f64 / secs);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_cluster_refuses_a_shell_naming_the_cluster_while_logs_still_stream() {
    let mut env = Env::new(1).await;
    let (ns, pod) = env.running_pod(0);
    let ctx = env.id(0);
    env.pool.set_read_only(vec![ctx.clone()]);
    let err = env
        .streams
        .start_exec(&ctx, exec(&ns, &pod, Some(&["echo", "hi"])))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ReadOnly);
    let message = err.to_string();
    assert!(
        message.starts_with("lab-dev:") && message.contains("read-only") && message.contains(&pod),
        "{message}"
    );
    // Logs are reads: they still start and stream.
    let id = env
        .streams
        .start_logs(&ctx, pod_logs(&ns, &pod, false, Some(3)))
        .await
        .expect("logs of a read-only cluster");
    env.events.ended(&id).await;
    // Lifting the mark allows the shell again.
    env.pool.set_read_only(vec![]);
    let s = env
        .streams
        .start_exec(&ctx, exec(&ns, &pod, Some(&["echo", "hi"])))
        .await
        .expect("a shell once writable");
    assert_eq!(env.events.ended(&s.id).await.exit_code, Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exec_answers_echo_reports_exit_codes_and_measures_round_trips() {
    let mut env = Env::new(1).await;
    let (ns, pod) = env.running_pod(0);
    let ctx = env.id(0);
    let s = env
        .streams
        .start_exec(&ctx, exec(&ns, &pod, Some(&["echo", "hi"])))
        .await
        .unwrap();
    assert_eq!(s.command, ["echo", "hi"]);
    let end = env.events.ended(&s.id).await;
    assert_eq!(end.exit_code, Some(0), "{end:?}");
    assert!(env.events.output(&s.id).contains("hi\r\n"));
    let s = env
        .streams
        .start_exec(&ctx, exec(&ns, &pod, Some(&["sh", "-c", "exit 3"])))
        .await
        .unwrap();
    let end = env.events.ended(&s.id).await;
    assert_eq!(end.exit_code, Some(3), "{end:?}");
    assert!(
        end.message.starts_with("lab-dev:") && end.message.contains("code 3"),
        "{end:?}"
    );

    // The detected shell: /bin/bash starts in the lab.
    let shell = env
        .streams
        .start_exec(&ctx, exec(&ns, &pod, None))
        .await
        .unwrap();
    assert_eq!(shell.command, ["/bin/bash"]);
    env.events.output_contains(&shell.id, "$ ").await;
    env.streams.exec_resize(&shell.id, 120, 40).unwrap();
    // Resize (channel 4) and stdin (channel 0) travel independently: let the resize land.
    tokio::time::sleep(Duration::from_millis(300)).await;
    env.streams
        .exec_input(&shell.id, "stty size\r".into())
        .unwrap();
    env.events
        .output_contains(&shell.id, "\r\n40 120\r\n")
        .await;
    let mut times = Vec::new();
    for n in 0..20 {
        let start = Instant::now();
        env.streams
            .exec_input(&shell.id, format!("echo ping{n}\r"))
            .unwrap();
        env.events
            .output_contains(&shell.id, &format!("\r\nping{n}\r\n"))
            .await;
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "exec round trip through the core (echo in the lab shell, 20 runs): median {:?}, max {:?}",
        times[10], times[19]
    );
    env.streams.exec_input(&shell.id, "nope\r".into()).unwrap();
    env.events
        .output_contains(&shell.id, "nope: command not found")
        .await;
    env.streams
        .exec_input(&shell.id, "exit 7\r".into())
        .unwrap();
    let end = env.events.ended(&shell.id).await;
    assert_eq!(end.exit_code, Some(7), "{end:?}");
    assert!(
        env.streams.exec_input(&shell.id, "x".into()).is_err(),
        "an ended session takes no input"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_cluster_refuses_a_port_forward_naming_the_cluster_and_opens_no_port() {
    let env = Env::new(1).await;
    let (ns, pod) = env.running_pod(0);
    let ctx = env.id(0);
    env.pool.set_read_only(vec![ctx.clone()]);
    let free = kubeli_core::streams::suggest_local_port(0);
    let request = |local_port| PortForwardRequest {
        namespace: ns.clone(),
        target: ForwardTarget::Pod { name: pod.clone() },
        remote_port: 8080,
        local_port,
    };
    let err = env
        .streams
        .start_port_forward(&ctx, request(Some(free)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ReadOnly);
    let message = err.to_string();
    assert!(
        message.starts_with("lab-dev:")
            && message.contains("read-only")
            && message.contains(&format!("pod {ns}/{pod} port 8080")),
        "{message}"
    );
    assert!(env.streams.port_forwards().is_empty());
    assert!(
        std::net::TcpListener::bind(("127.0.0.1", free)).is_ok(),
        "no listener was opened on {free}"
    );
    // Lifting the mark allows the forward again.
    env.pool.set_read_only(vec![]);
    let pf = env
        .streams
        .start_port_forward(&ctx, request(None))
        .await
        .expect("a forward once writable");
    assert!(http_get(pf.local_port).await.starts_with("HTTP/1.1 200 OK"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn port_forward_answers_http_on_localhost_for_a_pod_and_a_service() {
    let mut env = Env::new(1).await;
    let (ns, pod) = env.running_pod(0);
    let ctx = env.id(0);
    let pf = env
        .streams
        .start_port_forward(
            &ctx,
            PortForwardRequest {
                namespace: ns.clone(),
                target: ForwardTarget::Pod { name: pod.clone() },
                remote_port: 8080,
                local_port: None,
            },
        )
        .await
        .unwrap();
    let answer = http_get(pf.local_port).await;
    assert!(
        answer.starts_with("HTTP/1.1 200 OK")
            && answer.contains(&format!("pod {ns}/{pod} port 8080")),
        "{answer}"
    );
    assert_eq!(env.streams.port_forwards().len(), 1);

    let (sns, svc) = env.deployment(0);
    let pf2 = env
        .streams
        .start_port_forward(
            &ctx,
            PortForwardRequest {
                namespace: sns.clone(),
                target: ForwardTarget::Service { name: svc.clone() },
                remote_port: 80,
                local_port: None,
            },
        )
        .await
        .unwrap();
    let behind = pf2.pod.clone().expect("a pod behind the service");
    let answer = http_get(pf2.local_port).await;
    assert!(
        answer.contains(&format!("pod {sns}/{behind} port")),
        "{answer}"
    );
    // The pod behind the service is replaced: the forward follows it.
    env.lab.cluster(0).delete("pods", &sns, &behind).unwrap();
    let id = pf2.id.clone();
    let now = env
        .events
        .until("the forward to follow the new pod", |seen| {
            seen.iter().rev().find_map(|e| match e {
                Event::PortForward { forward }
                    if forward.id == id && forward.pod.as_deref().is_some_and(|p| p != behind) =>
                {
                    forward.pod.clone()
                }
                _ => None,
            })
        })
        .await;
    let answer = http_get(pf2.local_port).await;
    assert!(
        answer.contains(&format!("pod {sns}/{now} port")),
        "{answer}"
    );
    // Anything that is not HTTP is echoed.
    let mut tcp = tokio::net::TcpStream::connect(("127.0.0.1", pf.local_port))
        .await
        .unwrap();
    tcp.write_all(b"\x01hello").await.unwrap();
    let mut buf = [0u8; 6];
    tokio::time::timeout(WAIT, tcp.read_exact(&mut buf))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(&buf, b"\x01hello");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disconnecting_a_cluster_ends_only_its_streams() {
    let mut env = Env::new(2).await;
    let (a, b) = (env.id(0), env.id(1));
    let (ns, pod) = env.running_pod(0);
    let logs = env
        .streams
        .start_logs(&a, pod_logs(&ns, &pod, true, Some(1)))
        .await
        .unwrap();
    let shell = env
        .streams
        .start_exec(&a, exec(&ns, &pod, None))
        .await
        .unwrap();
    let forward = env
        .streams
        .start_port_forward(
            &a,
            PortForwardRequest {
                namespace: ns.clone(),
                target: ForwardTarget::Pod { name: pod.clone() },
                remote_port: 80,
                local_port: None,
            },
        )
        .await
        .unwrap();
    let (bns, bpod) = env.running_pod(1);
    let other = env
        .streams
        .start_logs(&b, pod_logs(&bns, &bpod, true, Some(1)))
        .await
        .unwrap();
    let other_shell = env
        .streams
        .start_exec(&b, exec(&bns, &bpod, None))
        .await
        .unwrap();
    env.events.output_contains(&shell.id, "$ ").await;
    assert!(env.pool.disconnect(&a));
    for id in [&logs, &shell.id, &forward.id] {
        let end = env.events.ended(id).await;
        assert!(end.message.starts_with("lab-dev: disconnected"), "{end:?}");
        assert_eq!(end.kind, Some(ErrorKind::NotConnected));
    }
    assert!(
        tokio::net::TcpStream::connect(("127.0.0.1", forward.local_port))
            .await
            .is_err(),
        "the forward's port is closed"
    );
    let before = env.events.lines(&other).len();
    env.events
        .until("more lines on the other cluster", |seen| {
            (log_lines(seen, &other).len() > before).then_some(())
        })
        .await;
    env.streams
        .exec_input(&other_shell.id, "echo still-here\r".into())
        .unwrap();
    env.events
        .output_contains(&other_shell.id, "\r\nstill-here\r\n")
        .await;
    let mut running: Vec<_> = env.streams.list().into_iter().map(|s| s.id).collect();
    let mut expected = vec![other.clone(), other_shell.id.clone()];
    running.sort();
    expected.sort();
    assert_eq!(
        running, expected,
        "only the other cluster's streams still run"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_drops_the_stream_ends_it_with_a_clear_message() {
    let mut env = Env::new(1).await;
    let (ns, pod) = env.running_pod(0);
    let ctx = env.id(0);
    let logs = env
        .streams
        .start_logs(&ctx, pod_logs(&ns, &pod, true, Some(1)))
        .await
        .unwrap();
    let shell = env
        .streams
        .start_exec(&ctx, exec(&ns, &pod, None))
        .await
        .unwrap();
    env.events.output_contains(&shell.id, "$ ").await;
    env.events
        .until("a log line", |seen| {
            (!log_lines(seen, &logs).is_empty()).then_some(())
        })
        .await;
    env.lab
        .cluster(0)
        .add_fault(Fault::CutStreams { after_bytes: 0 });
    let end = env.events.ended(&shell.id).await;
    assert!(
        end.message
            .starts_with("lab-dev: the server closed the shell session"),
        "{end:?}"
    );
    assert_eq!(end.exit_code, None);
    let end = env.events.ended(&logs).await;
    assert!(
        end.message
            .starts_with("lab-dev: the server closed the log stream"),
        "{end:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_name_the_cluster_and_the_cause() {
    let env = Env::new(1).await;
    let (ns, pod) = env.running_pod(0);
    let ctx = env.id(0);
    let e = env
        .streams
        .start_logs(&ctx, pod_logs(&ns, "no-such-pod", true, None))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");
    assert!(
        e.to_string().starts_with("lab-dev: not found") && e.to_string().contains("no-such-pod"),
        "{e}"
    );
    let e = env
        .streams
        .start_exec(&ctx, exec(&ns, "no-such-pod", None))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound, "{e}");

    let c = env.lab.cluster(0);
    c.add_fault(Fault::Forbid {
        resource: "pods/exec".into(),
    });
    let e = env
        .streams
        .start_exec(&ctx, exec(&ns, &pod, None))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden, "{e}");
    assert!(
        e.to_string().starts_with("lab-dev: forbidden (403)")
            && e.to_string().contains("pods/exec"),
        "{e}"
    );
    c.set_fault(Fault::None);

    let taken = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap();
    let port = taken.local_addr().unwrap().port();
    let e = env
        .streams
        .start_port_forward(
            &ctx,
            PortForwardRequest {
                namespace: ns.clone(),
                target: ForwardTarget::Pod { name: pod.clone() },
                remote_port: 80,
                local_port: Some(port),
            },
        )
        .await
        .unwrap_err();
    assert!(
        e.to_string().starts_with("lab-dev:")
            && e.to_string()
                .contains(&format!("port {port} is already in use")),
        "{e}"
    );
    assert_ne!(kubeli_core::streams::suggest_local_port(port), port);

    c.set_pod_phase(&ns, &pod, "Pending").unwrap();
    let e = env
        .streams
        .start_exec(&ctx, exec(&ns, &pod, Some(&["echo", "x"])))
        .await
        .unwrap_err();
    let why = format!("in pod {ns}/{pod} is not running (waiting: ContainerCreating)");
    assert!(
        e.to_string().starts_with("lab-dev:") && e.to_string().contains(&why),
        "{e}"
    );
    let e = env
        .streams
        .start_logs(&ctx, pod_logs(&ns, &pod, true, None))
        .await
        .unwrap_err();
    assert!(
        e.to_string().starts_with("lab-dev:") && e.to_string().contains("waiting to start"),
        "{e}"
    );
    assert!(env.streams.list().is_empty(), "no stream was left behind");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pods_containers_are_merged_and_a_forward_ends_with_its_pod() {
    let mut env = Env::new(1).await;
    let ctx = env.id(0);
    let pods = env.lab.cluster(0).list("pods", None);
    let sidecar = pods
        .iter()
        .find(|p| {
            running(p)
                && p["spec"]["containers"]
                    .as_array()
                    .is_some_and(|c| c.len() == 2)
        })
        .expect("a running pod with a sidecar");
    let (ns, pod) = (
        str_at(sidecar, "/metadata/namespace"),
        str_at(sidecar, "/metadata/name"),
    );
    let id = env
        .streams
        .start_logs(&ctx, pod_logs(&ns, &pod, false, Some(3)))
        .await
        .unwrap();
    let end = env.events.ended(&id).await;
    assert!(
        end.message.starts_with("lab-dev: the log stream of pod/"),
        "{end:?}"
    );
    let containers: std::collections::BTreeSet<String> = env
        .events
        .seen
        .iter()
        .filter_map(|e| match e {
            Event::LogLines { id: i, lines, .. } if *i == id => Some(lines),
            _ => None,
        })
        .flatten()
        .map(|l| l.container.clone())
        .collect();
    assert_eq!(
        containers.len(),
        2,
        "lines of both containers: {containers:?}"
    );
    assert_eq!(env.events.lines(&id).len(), 6, "3 lines of each container");

    let pf = env
        .streams
        .start_port_forward(
            &ctx,
            PortForwardRequest {
                namespace: ns.clone(),
                target: ForwardTarget::Pod { name: pod.clone() },
                remote_port: 15090,
                local_port: None,
            },
        )
        .await
        .unwrap();
    assert!(http_get(pf.local_port).await.contains("port 15090"));
    env.lab.cluster(0).delete("pods", &ns, &pod).unwrap();
    let end = env.events.ended(&pf.id).await;
    assert_eq!(end.kind, Some(ErrorKind::NotFound), "{end:?}");
    assert!(
        end.message
            .starts_with(&format!("lab-dev: pod {ns}/{pod} is gone")),
        "{end:?}"
    );
    assert!(env.streams.port_forwards().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_throughput_of_a_busy_namespace() {
    let lab = Lab::start(LabOptions {
        clusters: 1,
        pods_per_cluster: 600,
        seed: 13,
        ..Default::default()
    })
    .await
    .expect("lab starts");
    let (pool, rx) = common::pool(&[lab.kubeconfig_path()], common::options());
    let ctx = ContextId::new(lab.kubeconfig_path(), &kubeli_lab::context_name(0), 1);
    pool.connect(&ctx).await.unwrap();
    let streams = StreamManager::new(Arc::clone(&pool));
    let mut events = Recorder {
        rx,
        seen: Vec::new(),
    };
    let pods = lab.cluster(0).list("pods", None);
    let mut per_ns = std::collections::BTreeMap::<String, usize>::new();
    for p in pods.iter().filter(|p| running(p)) {
        *per_ns.entry(str_at(p, "/metadata/namespace")).or_default() += 1;
    }
    let (ns, running_pods) = per_ns.into_iter().max_by_key(|(_, n)| *n).unwrap();
    let all = LogRequest {
        target: LogTarget::Selector {
            selector: String::new(),
        },
        ..pod_logs(&ns, "", false, None)
    };
    let start = Instant::now();
    let id = streams.start_logs(&ctx, all).await.unwrap();
    let end = events.ended(&id).await;
    let secs = start.elapsed().as_secs_f64();
    let lines = events.lines(&id).len();
    let batches = events
        .seen
        .iter()
        .filter(|e| matches!(e, Event::LogLines { id: i, .. } if *i == id))
        .count();
    assert!(end.kind.is_none(), "{end:?}");
    assert!(
        lines >= running_pods * 40,
        "{lines} lines from {running_pods} running pods"
    );
    assert!(
        events
            .seen
            .iter()
            .all(|e| !matches!(e, Event::LogLines { lines, .. } if lines.len() > 1_000)),
        "batches hold at most 1,000 lines"
    );
    println!(
        "log throughput through the core: {lines} lines from {running_pods} running pods of {ns} in {secs:.3} s = {:.0} lines/s, {batches} batches",
        lines as f64 / secs
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_forward_reconnects_when_its_pods_come_back() {
    let mut env = Env::new(1).await;
    let ctx = env.id(0);
    let (ns, svc) = env.deployment(0);
    let pf = env
        .streams
        .start_port_forward(
            &ctx,
            PortForwardRequest {
                namespace: ns.clone(),
                target: ForwardTarget::Service { name: svc.clone() },
                remote_port: 80,
                local_port: None,
            },
        )
        .await
        .unwrap();
    let c = env.lab.cluster(0);
    c.scale("deployments", &ns, &svc, 0).unwrap();
    let id = pf.id.clone();
    let error = env
        .events
        .until("the forward to reconnect", |seen| {
            seen.iter().find_map(|e| match e {
                Event::PortForward { forward }
                    if forward.id == id
                        && forward.state == kubeli_core::streams::ForwardState::Reconnecting =>
                {
                    forward.error.clone()
                }
                _ => None,
            })
        })
        .await;
    assert!(
        error.starts_with("lab-dev:") && error.contains("no ready pod"),
        "{error}"
    );
    c.scale("deployments", &ns, &svc, 1).unwrap();
    let pod = env
        .events
        .until("the forward to be active again", |seen| {
            seen.iter()
                .skip_while(|e| !matches!(e, Event::PortForward { forward } if forward.id == id && forward.state == kubeli_core::streams::ForwardState::Reconnecting))
                .find_map(|e| match e {
                Event::PortForward { forward }
                    if forward.id == id
                        && forward.state == kubeli_core::streams::ForwardState::Active
                        && forward.error.is_none() =>
                {
                    forward.pod.clone()
                }
                _ => None,
            })
        })
        .await;
    let answer = http_get(pf.local_port).await;
    assert!(answer.contains(&format!("pod {ns}/{pod} port")), "{answer}");
    assert_eq!(
        env.streams.port_forwards()[0].state,
        kubeli_core::streams::ForwardState::Active
    );
}
