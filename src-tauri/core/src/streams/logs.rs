//! Log streams: one container, every container of a pod, or every pod of a workload or label
//! selector, merged into one stream of [`LogLine`]s sent in batches (every 50 ms or 1,000
//! lines). A workload or selector stream that follows re-lists its pods every two seconds, so
//! a replaced pod is followed automatically ([`Event::LogSources`] says so).

use std::collections::BTreeSet;
use std::pin::Pin;
use std::time::Duration;

use futures::{AsyncBufRead, AsyncBufReadExt};
use k8s_openapi::api::core::v1::Pod;
use kube::api::{Api, LogParams};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::{failed, new_id, select, Control, StreamManager};
use crate::context_id::ContextId;
use crate::error::{Error, ErrorKind};
use crate::events::{Event, EventSink};
use crate::stream_types::StreamKind;
use crate::stream_types::{LogLine, LogRequest, LogSource, LogTarget, StreamEnd, StreamInfo};

/// Lines per batch at most, and the longest a line waits before it is sent.
const BATCH_LINES: usize = 1_000;
const BATCH_WINDOW: Duration = Duration::from_millis(50);
/// Log requests opened at once when a stream starts or finds new pods.
const OPEN_AT_ONCE: usize = 16;
/// How often a workload or selector stream looks for new pods.
const RELIST_EVERY: Duration = Duration::from_secs(2);

type Reader = Pin<Box<dyn AsyncBufRead + Send>>;

/// Everything a running log stream needs.
struct LogRun {
    id: String,
    context: ContextId,
    client: kube::Client,
    request: LogRequest,
    /// Set for workload and selector streams: the pods to follow.
    selector: Option<String>,
    sink: std::sync::Arc<dyn EventSink>,
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
        for (source, result) in open_all(&client, &name, &request, sources, false).await {
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
        };
        let run = LogRun {
            id: id.clone(),
            context: context.clone(),
            client,
            request,
            selector,
            sink: self.sink(),
        };
        self.spawn(id.clone(), info, Control::Logs, run.run(opened))?;
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

/// Open one container's log. A pod that appeared after the start is read from its beginning
/// (`from_start`: no tail, no since).
async fn open(
    client: &kube::Client,
    context: &str,
    request: &LogRequest,
    source: &LogSource,
    from_start: bool,
) -> Result<Reader, Error> {
    let params = LogParams {
        container: Some(source.container.clone()),
        follow: request.follow,
        previous: request.previous,
        timestamps: request.timestamps,
        tail_lines: request.tail_lines.filter(|_| !from_start).map(i64::from),
        since_seconds: request.since_seconds.filter(|_| !from_start).map(i64::from),
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
    from_start: bool,
) -> Vec<(LogSource, Result<Reader, Error>)> {
    use futures::StreamExt;
    futures::stream::iter(sources)
        .map(|source| async move {
            let result = open(client, context, request, &source, from_start).await;
            (source, result)
        })
        .buffered(OPEN_AT_ONCE)
        .collect()
        .await
}

/// Read one container's lines into `tx` until its log ends; the error, if it broke.
async fn read_lines(
    source: LogSource,
    mut reader: Reader,
    tx: mpsc::Sender<LogLine>,
) -> Option<String> {
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf).await {
            Ok(0) => return None,
            Ok(_) => {
                while matches!(buf.last(), Some(b'\n' | b'\r')) {
                    buf.pop();
                }
                let line = LogLine {
                    pod: source.pod.clone(),
                    container: source.container.clone(),
                    text: String::from_utf8_lossy(&buf).into_owned(),
                };
                if tx.send(line).await.is_err() {
                    return None;
                }
            }
            Err(e) => return Some(e.to_string()),
        }
    }
}

impl LogRun {
    /// Merge the readers' lines into batches until every reader has ended (or, for a
    /// following workload stream, until it is stopped).
    async fn run(self, opened: Vec<(LogSource, Reader)>) -> StreamEnd {
        let (tx, mut rx) = mpsc::channel::<LogLine>(4 * BATCH_LINES);
        let mut readers = JoinSet::new();
        let mut started = BTreeSet::new();
        for (source, reader) in opened {
            started.insert(source.clone());
            readers.spawn(read_lines(source, reader, tx.clone()));
        }
        self.sources(started.iter().cloned().collect());
        let watch_pods = self.request.follow && self.selector.is_some();
        let mut batch = Vec::new();
        let mut tick = tokio::time::interval(BATCH_WINDOW);
        let mut relist = tokio::time::interval(RELIST_EVERY);
        relist.tick().await;
        let mut last_error = None;
        loop {
            tokio::select! {
                Some(line) = rx.recv() => {
                    batch.push(line);
                    if batch.len() >= BATCH_LINES {
                        self.flush(&mut batch);
                    }
                }
                _ = tick.tick() => self.flush(&mut batch),
                Some(done) = readers.join_next() => {
                    if let Ok(Some(e)) = done {
                        last_error = Some(e);
                    }
                    if readers.is_empty() && !watch_pods {
                        while let Ok(line) = rx.try_recv() {
                            batch.push(line);
                            if batch.len() >= BATCH_LINES {
                                self.flush(&mut batch);
                            }
                        }
                        self.flush(&mut batch);
                        return self.ended(last_error).await;
                    }
                }
                _ = relist.tick(), if watch_pods => {
                    self.follow_new_pods(&mut started, &mut readers, &tx).await;
                }
            }
        }
    }

    fn flush(&self, batch: &mut Vec<LogLine>) {
        if batch.is_empty() {
            return;
        }
        self.sink.emit(Event::LogLines {
            id: self.id.clone(),
            context: self.context.clone(),
            lines: std::mem::take(batch),
        });
    }

    fn sources(&self, sources: Vec<LogSource>) {
        self.sink.emit(Event::LogSources {
            id: self.id.clone(),
            context: self.context.clone(),
            sources,
        });
    }

    /// Start reading the containers of pods that appeared; report the sources when the
    /// set of pods changed.
    async fn follow_new_pods(
        &self,
        started: &mut BTreeSet<LogSource>,
        readers: &mut JoinSet<Option<String>>,
        tx: &mpsc::Sender<LogLine>,
    ) {
        let name = self.context.display_name();
        let selector = self.selector.as_deref().unwrap_or_default();
        let ns = &self.request.namespace;
        let Ok(pods) = select::pods(self.client.clone(), &name, ns, selector).await else {
            return;
        };
        let current: BTreeSet<LogSource> = sources_of(&pods).into_iter().collect();
        let before: BTreeSet<LogSource> = started.intersection(&current).cloned().collect();
        let new: Vec<LogSource> = current.difference(started).cloned().collect();
        for (source, result) in open_all(&self.client, &name, &self.request, new, true).await {
            if let Ok(reader) = result {
                started.insert(source.clone());
                readers.spawn(read_lines(source, reader, tx.clone()));
            }
        }
        let now: BTreeSet<LogSource> = started.intersection(&current).cloned().collect();
        if now != before {
            self.sources(now.into_iter().collect());
        }
    }

    /// Why every reader ended: the log finished, the pod is gone, or the server cut it.
    async fn ended(&self, error: Option<String>) -> StreamEnd {
        let name = self.context.display_name();
        let what = title(&self.request);
        if !self.request.follow {
            return StreamEnd {
                message: format!("{name}: the log stream of {what} finished"),
                kind: None,
                exit_code: None,
            };
        }
        if let LogTarget::Pod { pod, .. } = &self.request.target {
            let api = Api::<Pod>::namespaced(self.client.clone(), &self.request.namespace);
            match api.get_opt(pod).await {
                Ok(None) => {
                    return StreamEnd {
                        message: format!(
                            "{name}: pod {}/{pod} is gone — the log stream ended",
                            self.request.namespace
                        ),
                        kind: Some(ErrorKind::NotFound),
                        exit_code: None,
                    }
                }
                Err(e) => return failed(&Error::from_kube(&name, &e)),
                Ok(Some(_)) => {}
            }
        }
        let cause = error.map_or_else(String::new, |e| format!(": {e}"));
        StreamEnd {
            message: format!("{name}: the server closed the log stream of {what}{cause}"),
            kind: Some(ErrorKind::Unreachable),
            exit_code: None,
        }
    }
}
