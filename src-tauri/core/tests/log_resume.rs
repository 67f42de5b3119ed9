//! A followed log whose cluster's network goes silent (the lab's `Severed`) waits and goes on
//! from where it stopped once the cluster answers: the lines shown, then every line the
//! container wrote while nothing answered, then the new ones — none missing, none twice —
//! with the timestamps the user asked for, or without them.

mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, LogParams};
use kubeli_core::events::Event;
use kubeli_core::streams::{LogRequest, LogTarget, StreamManager};
use kubeli_core::ContextId;
use kubeli_lab::Fault;
use tokio::sync::mpsc::UnboundedReceiver;

const WAIT: Duration = Duration::from_secs(20);

fn follow(pod: &str, container: &str, timestamps: bool) -> LogRequest {
    LogRequest {
        namespace: "web".to_owned(),
        target: LogTarget::Pod {
            pod: pod.to_owned(),
            container: Some(container.to_owned()),
        },
        follow: true,
        tail_lines: Some(2),
        since_seconds: None,
        timestamps,
        previous: false,
    }
}

/// The lines each stream got, and whether it waits, from the events until `done` says so.
struct Seen {
    lines: HashMap<String, Vec<String>>,
    waiting: HashMap<String, Option<String>>,
}

impl Seen {
    async fn until(
        &mut self,
        events: &mut UnboundedReceiver<Event>,
        what: &str,
        done: impl Fn(&Seen) -> bool,
    ) {
        common::wait_for(events, what, WAIT, |e| {
            match e {
                Event::LogLines { id, lines, .. } => self
                    .lines
                    .entry(id.clone())
                    .or_default()
                    .extend(lines.iter().map(|l| l.text.clone())),
                Event::LogSources { id, waiting, .. } => {
                    self.waiting.insert(id.clone(), waiting.clone());
                }
                Event::StreamEnded { id, end, .. } => panic!("{id} ended: {end:?}"),
                _ => {}
            }
            done(self).then_some(())
        })
        .await;
    }

    fn count(&self, id: &str) -> usize {
        self.lines.get(id).map_or(0, Vec::len)
    }

    fn waits(&self, id: &str) -> bool {
        matches!(self.waiting.get(id), Some(Some(_)))
    }
}

/// Where `part` sits in `whole`, as one unbroken run.
fn position(whole: &[String], part: &[String]) -> Option<usize> {
    whole.windows(part.len()).position(|w| w == part)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_followed_log_goes_on_from_where_it_stopped_after_a_silence() {
    let lab = common::lab(1).await;
    let (pool, mut events) = common::pool(&[lab.kubeconfig_path()], common::options());
    let streams = StreamManager::new(Arc::clone(&pool));
    let dev = ContextId::new(lab.kubeconfig_path(), &kubeli_lab::context_name(0), 1);
    pool.connect(&dev).await.unwrap();
    let pod = lab.cluster(0).running_pod("web").expect("a running pod");
    let name = pod["metadata"]["name"].as_str().unwrap().to_owned();
    let container = pod["spec"]["containers"][0]["name"].as_str().unwrap();
    let plain = streams
        .start_logs(&dev, follow(&name, container, false))
        .await
        .unwrap();
    let stamped = streams
        .start_logs(&dev, follow(&name, container, true))
        .await
        .unwrap();
    let ids = [plain.clone(), stamped.clone()];
    let mut seen = Seen {
        lines: HashMap::new(),
        waiting: HashMap::new(),
    };
    seen.until(&mut events, "lines before the silence", |s| {
        ids.iter().all(|id| s.count(id) >= 4)
    })
    .await;

    lab.cluster(0).set_fault(Fault::Severed);
    seen.until(&mut events, "both logs waiting", |s| {
        ids.iter().all(|id| s.waits(id))
    })
    .await;
    let before = seen.count(&plain);
    // The container goes on writing (a line every 500 ms) while nothing answers.
    tokio::time::sleep(Duration::from_millis(1_600)).await;
    lab.cluster(0).set_fault(Fault::None);
    seen.until(&mut events, "both logs going on, with new lines", |s| {
        ids.iter()
            .all(|id| !s.waits(id) && s.count(id) >= before + 6)
    })
    .await;
    for id in &ids {
        assert!(streams.stop(id));
    }

    let api = Api::<Pod>::namespaced(pool.get_client(&dev).unwrap(), "web");
    for (id, timestamps) in [(&plain, false), (&stamped, true)] {
        let params = LogParams {
            container: Some(container.to_owned()),
            timestamps,
            ..LogParams::default()
        };
        let whole: Vec<String> = api
            .logs(&name, &params)
            .await
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        let got = &seen.lines[id.as_str()];
        assert!(
            position(&whole, got).is_some(),
            "{id} (timestamps {timestamps}) is not one unbroken run of the container's log:\n\
             got {got:#?}\nlog ends {:#?}",
            &whole[whole.len().saturating_sub(got.len() + 4)..]
        );
        let stamp = |l: &String| {
            l.split(' ')
                .next()
                .unwrap()
                .parse::<k8s_openapi::jiff::Timestamp>()
        };
        assert_eq!(got.iter().all(|l| stamp(l).is_ok()), timestamps, "{got:#?}");
    }
}
