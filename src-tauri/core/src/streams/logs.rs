//! Log streams: one container, every container of a pod, or every pod of a workload or label
//! selector, merged into one stream of [`LogLine`]s sent in batches (every 50 ms or 1,000
//! lines). A workload or selector stream that follows re-lists its pods every two seconds, so
//! a replaced pod is followed automatically ([`crate::events::Event::LogSources`] says so). A
//! followed log whose cluster stops answering (its health probe gets no answer) waits, saying
//! so, and goes on from where it stopped once the cluster answers, on the connection's fresh
//! client: each container's log is opened again after its [`Mark`], so no line is shown twice
//! or missed.
//! Starting and reading are here; the running stream is `run.rs`.

use std::collections::BTreeMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{AsyncBufRead, AsyncBufReadExt};
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::{SignedDuration, Timestamp};
use kube::api::{Api, LogParams};
use tokio::sync::mpsc;

use super::marks::{stamp, Mark, Resume};
use super::{new_id, select, Control, StreamManager};
use crate::context_id::ContextId;
use crate::error::Error;
use crate::stream_types::StreamKind;
use crate::stream_types::{LogLine, LogRequest, LogSource, LogTarget, StreamInfo};
use crate::sync::lock;

/// Lines per batch at most, and the longest a line waits before it is sent.
const BATCH_LINES: usize = 1_000;
const BATCH_WINDOW: Duration = Duration::from_millis(50);
/// Log requests opened at once when a stream starts or finds new pods.
const OPEN_AT_ONCE: usize = 16;
/// How often a workload or selector stream looks for new pods.
const RELIST_EVERY: Duration = Duration::from_secs(2);

mod run;

use run::LogRun;

type Reader = Pin<Box<dyn AsyncBufRead + Send>>;
/// One container's [`Mark`], shared by its reader (which moves it) and the run.
type SharedMark = Arc<Mutex<Option<Mark>>>;

/// Where a container's log is read from.
#[derive(Debug, Clone, Copy)]
enum Start {
    /// As the user asked: their tail and since.
    Asked,
    /// A pod that appeared after the stream started: from its beginning.
    Beginning,
    /// Opened again after a silence: from this second on (lines sent before are skipped).
    Since(Timestamp),
}

impl StreamManager {
    /// Start a log stream; returns its id. Fails (naming the cluster) when no container's
    /// log can be opened: pod gone, container not running, forbidden…
    pub async fn start_logs(
        &self,
        context: &ContextId,
        request: LogRequest,
    ) -> Result<String, Error> {
        let client = self.client(context)?;
        let name = context.display_name();
        let ns = request.namespace.clone();
        let selector = match &request.target {
            LogTarget::Pod { .. } => None,
            LogTarget::Workload { kind, name: w } => {
                Some(select::workload_selector(client.clone(), &name, &ns, kind, w).await?)
            }
            LogTarget::Selector { selector } => Some(selector.clone()),
        };
        let sources = match (&request.target, &selector) {
            (LogTarget::Pod { pod, container }, _) => {
                pod_sources(client.clone(), &name, &ns, pod, container.as_deref()).await?
            }
            (_, Some(sel)) => sources_of(&select::pods(client.clone(), &name, &ns, sel).await?),
            (_, None) => Vec::new(),
        };
        let mut opened = Vec::new();
        let mut first_error = None;
        let began = Timestamp::now() - SignedDuration::from_secs(1);
        for (source, result) in open_all(&client, &name, &request, sources, |_| Start::Asked).await
        {
            match result {
                Ok(reader) => opened.push((source, reader)),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if opened.is_empty() {
            if let Some(e) = first_error {
                return Err(e);
            }
        }
        let id = new_id(StreamKind::Logs);
        let info = StreamInfo {
            id: id.clone(),
            context: context.clone(),
            kind: StreamKind::Logs,
            title: title(&request),
            namespace: request.namespace.clone(),
            log: Some(request.clone()),
            waiting: None,
        };
        let reach = self
            .pool
            .connection(context)
            .ok_or(Error::NotConnected { context: name })?
            .reach_signal();
        let waiting = Arc::new(Mutex::new(None));
        let control = Control::Logs {
            follows: request.follow,
            waiting: Arc::clone(&waiting),
        };
        let run = LogRun {
            id: id.clone(),
            context: context.clone(),
            client,
            pool: Arc::clone(&self.pool),
            request,
            selector,
            sink: self.sink(),
            marks: BTreeMap::new(),
            began,
            waiting,
        };
        self.spawn(id.clone(), info, control, run.run(opened, reach))?;
        Ok(id)
    }
}

/// "pod/web-1/app", "deployments/web", "app=web".
fn title(request: &LogRequest) -> String {
    match &request.target {
        LogTarget::Pod {
            pod,
            container: Some(c),
        } => format!("pod/{pod}/{c}"),
        LogTarget::Pod {
            pod,
            container: None,
        } => format!("pod/{pod}"),
        LogTarget::Workload { kind, name } => format!("{kind}/{name}"),
        LogTarget::Selector { selector } => selector.clone(),
    }
}

/// The containers of one pod to read: the one asked for, or all of them.
async fn pod_sources(
    client: kube::Client,
    context: &str,
    ns: &str,
    pod: &str,
    container: Option<&str>,
) -> Result<Vec<LogSource>, Error> {
    if let Some(c) = container {
        return Ok(vec![LogSource {
            pod: pod.to_owned(),
            container: c.to_owned(),
        }]);
    }
    let p = Api::<Pod>::namespaced(client, ns)
        .get(pod)
        .await
        .map_err(|e| Error::from_kube(context, &e))?;
    Ok(sources_of(&[p]))
}

/// Every container of every pod.
fn sources_of(pods: &[Pod]) -> Vec<LogSource> {
    pods.iter()
        .flat_map(|p| {
            let pod = p.metadata.name.clone().unwrap_or_default();
            select::containers(p)
                .into_iter()
                .map(move |container| LogSource {
                    pod: pod.clone(),
                    container,
                })
        })
        .collect()
}

/// Open one container's log from `start`. A followed log always asks for timestamps: they
/// are its lines' [`Mark`]s.
async fn open(
    client: &kube::Client,
    context: &str,
    request: &LogRequest,
    source: &LogSource,
    start: Start,
) -> Result<Reader, Error> {
    let asked = matches!(start, Start::Asked);
    let params = LogParams {
        container: Some(source.container.clone()),
        follow: request.follow,
        previous: request.previous,
        timestamps: request.timestamps || request.follow,
        tail_lines: request.tail_lines.filter(|_| asked).map(i64::from),
        since_seconds: request.since_seconds.filter(|_| asked).map(i64::from),
        since_time: match start {
            Start::Since(time) => Some(time),
            _ => None,
        },
        ..LogParams::default()
    };
    let reader = Api::<Pod>::namespaced(client.clone(), &request.namespace)
        .log_stream(&source.pod, &params)
        .await
        .map_err(|e| Error::from_kube(context, &e))?;
    Ok(Box::pin(reader))
}

/// Open many containers' logs, [`OPEN_AT_ONCE`] requests at a time, in order.
async fn open_all(
    client: &kube::Client,
    context: &str,
    request: &LogRequest,
    sources: Vec<LogSource>,
    start: impl Fn(&LogSource) -> Start,
) -> Vec<(LogSource, Result<Reader, Error>)> {
    use futures::StreamExt;
    let sources: Vec<(LogSource, Start)> = sources
        .into_iter()
        .map(|s| {
            let from = start(&s);
            (s, from)
        })
        .collect();
    futures::stream::iter(sources)
        .map(|(source, start)| async move {
            let result = open(client, context, request, &source, start).await;
            (source, result)
        })
        .buffered(OPEN_AT_ONCE)
        .collect()
        .await
}

/// How a reader treats its lines' timestamps.
#[derive(Debug, Clone, Copy)]
struct Stamps {
    /// The lines carry them (a followed log asks for them): read them, move the mark.
    read: bool,
    /// The user asked for them: the text keeps them.
    keep: bool,
}

/// Read one container's lines into `tx` until its log ends; the error, if it broke. Lines up
/// to `mark` (as it was at the start) were sent before and are skipped.
async fn read_lines(
    source: LogSource,
    mut reader: Reader,
    tx: mpsc::Sender<LogLine>,
    mark: SharedMark,
    stamps: Stamps,
) -> Option<String> {
    let mut resume = Resume::new(*lock(&mark));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf).await {
            Ok(0) => return None,
            Ok(_) => {
                while matches!(buf.last(), Some(b'\n' | b'\r')) {
                    buf.pop();
                }
                let stamped = if stamps.read { stamp(&buf) } else { None };
                if resume.sent_before(stamped.map(|(time, _)| time)) {
                    continue;
                }
                let text = match stamped {
                    Some((_, at)) if !stamps.keep => &buf[at..],
                    _ => &buf[..],
                };
                let line = LogLine {
                    pod: source.pod.clone(),
                    container: source.container.clone(),
                    text: String::from_utf8_lossy(text).into_owned(),
                };
                if tx.send(line).await.is_err() {
                    return None;
                }
                if let Some((time, _)) = stamped {
                    Mark::advance(&mut lock(&mark), time);
                }
            }
            Err(e) => return Some(e.to_string()),
        }
    }
}
