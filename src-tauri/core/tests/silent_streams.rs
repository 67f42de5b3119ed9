//! Streams whose cluster's network goes silent (the lab's `Severed`: nothing closed, nothing
//! answered, the connections never come back). As soon as the health probe finds no answer, a
//! shell ends, saying so and naming the cluster, instead of sitting on a dead connection; a
//! followed log waits, saying so, and goes on from where it stopped once the cluster answers:
//! every line the container wrote meanwhile, none twice. A port-forward listens on. The other
//! cluster's streams go on.

mod common;

use std::sync::Arc;
use std::time::Duration;

use kubeli_core::error::ErrorKind;
use kubeli_core::events::Event;
use kubeli_core::streams::{
    ExecRequest, ForwardTarget, LogRequest, LogTarget, PortForwardRequest, StreamEnd, StreamManager,
};
use kubeli_core::ContextId;
use kubeli_lab::Fault;

const WAIT: Duration = Duration::from_secs(20);

fn follow(ns: &str, pod: &str) -> LogRequest {
    LogRequest {
        namespace: ns.to_owned(),
        target: LogTarget::Pod {
            pod: pod.to_owned(),
            container: None,
        },
        follow: true,
        tail_lines: Some(1),
        since_seconds: None,
        timestamps: false,
        previous: false,
    }
}

/// A followed log, a shell and a port-forward of one pod in `web`; their ids.
async fn three_streams(
    streams: &StreamManager,
    context: &ContextId,
    pod: &str,
) -> (String, String, String) {
    let logs = streams
        .start_logs(context, follow("web", pod))
        .await
        .unwrap();
    let exec = ExecRequest {
        namespace: "web".into(),
        pod: pod.into(),
        container: None,
        command: None,
        cols: 80,
        rows: 24,
    };
    let shell = streams.start_exec(context, exec).await.unwrap().id;
    let forward = PortForwardRequest {
        namespace: "web".into(),
        target: ForwardTarget::Pod { name: pod.into() },
        remote_port: 8080,
        local_port: None,
    };
    let forward = streams
        .start_port_forward(context, forward)
        .await
        .unwrap()
        .id;
    (logs, shell, forward)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shells_end_and_followed_logs_wait_when_the_network_goes_silent() {
    let lab = common::lab(2).await;
    let (pool, mut events) = common::pool(&[lab.kubeconfig_path()], common::options());
    let streams = StreamManager::new(Arc::clone(&pool));
    let id = |i| ContextId::new(lab.kubeconfig_path(), &kubeli_lab::context_name(i), 1);
    let (dev, staging) = (id(0), id(1));
    pool.connect(&dev).await.unwrap();
    pool.connect(&staging).await.unwrap();
    let pod = lab
        .cluster(0)
        .running_pod("web")
        .expect("a running pod in web");
    let name = pod["metadata"]["name"].as_str().unwrap();
    let (logs, shell, forward) = three_streams(&streams, &dev, name).await;
    let other_pod = lab
        .cluster(1)
        .list("pods", None)
        .into_iter()
        .find(|p| p["status"]["phase"] == "Running")
        .expect("a running pod on lab-staging");
    let meta = &other_pod["metadata"];
    let other = streams
        .start_logs(
            &staging,
            follow(
                meta["namespace"].as_str().unwrap(),
                meta["name"].as_str().unwrap(),
            ),
        )
        .await
        .unwrap();

    lab.cluster(0).set_fault(Fault::Severed);
    let (mut ended, mut waiting) = (Vec::<(String, StreamEnd)>::new(), None);
    common::wait_for(&mut events, "the shell ended, the log waits", WAIT, |e| {
        match e {
            Event::StreamEnded { id, end, .. } => ended.push((id.clone(), end.clone())),
            Event::LogSources { id, waiting: w, .. } if *id == logs => waiting.clone_from(w),
            _ => {}
        }
        (waiting.is_some() && ended.iter().any(|(id, _)| *id == shell)).then_some(())
    })
    .await;
    let waiting = waiting.unwrap_or_default();
    assert!(
        waiting.starts_with("lab-dev: the cluster stopped answering (no answer")
            && waiting.ends_with("; the log goes on from where it stopped when lab-dev answers"),
        "{waiting}"
    );
    for (id, end) in &ended {
        assert_eq!(*id, shell, "{id} ended too: {end:?}");
        assert_eq!(end.kind, Some(ErrorKind::Unreachable), "{end:?}");
        assert!(
            end.message
                .starts_with("lab-dev: the cluster stopped answering (no answer")
                && end.message.ends_with("— the shell session ended"),
            "{end:?}"
        );
    }
    // Listed with what it waits for, for a page that reloads meanwhile.
    let listed = streams.list().into_iter().find(|s| s.id == logs);
    let listed = listed.expect("the log listed");
    assert_eq!(listed.waiting, Some(waiting.clone()));
    // With its request, so that page can start it again once it ends.
    assert_eq!(listed.namespace, "web");
    assert_eq!(listed.log, Some(follow("web", name)));
    let running: Vec<String> = streams.list().into_iter().map(|s| s.id).collect();
    for id in [&logs, &forward, &other] {
        assert!(running.contains(id), "{id} runs: {running:?}");
    }
    lab.cluster(0).set_fault(Fault::None);
}
