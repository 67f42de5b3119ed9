//! Log streams: one container, every container of a pod, or every pod of a workload or label
//! selector, merged into one stream of [`LogLine`]s sent in batches (every 50 ms or 1,000
//! lines). A workload or selector stream that follows re-lists its pods every two seconds, so
//! a replaced pod is followed automatically ([`Event::LogSources`] says so). A followed log
//! whose cluster stops answering (its health probe gets no answer) waits, saying so, and goes on
//! from where it stopped once the cluster answers, on the connection's fresh client: each
//! container's log is opened again after its [`Mark`], so no line is shown twice or missed.

use std::collections::{BTreeMap, BTreeSet};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{AsyncBufRead, AsyncBufReadExt};
use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::{SignedDuration, Timestamp};
use kube::api::{Api, LogParams};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::marks::{stamp, Mark, Resume};
use super::{failed, new_id, select, Control, StreamManager};
use crate::context_id::ContextId;
use crate::error::{Error, ErrorKind};
use crate::events::{Event, EventSink};
use crate::pool::KubeClientManager;
use crate::reach::{self, ReachSignal};
use crate::stream_types::StreamKind;
use crate::stream_types::{LogLine, LogRequest, LogSource, LogTarget, StreamEnd, StreamInfo};
use crate::sync::lock;

/// Lines per batch at most, and the longest a line waits before it is sent.
const BATCH_LINES: usize = 1_000;
const BATCH_WINDOW: Duration = Duration::from_millis(50);
/// Log requests opened at once when a stream starts or finds new pods.
const OPEN_AT_ONCE: usize = 16;
/// How often a workload or selector stream looks for new pods.
const RELIST_EVERY: Duration = Duration::from_secs(2);

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

/// Everything a running log stream needs.
struct LogRun {
    id: String,
    context: ContextId,
    /// The connection's client; taken again from the pool after a silence (fresh connections).
    client: kube::Client,
    pool: Arc<KubeClientManager>,
    request: LogRequest,
    /// Set for workload and selector streams: the pods to follow.
    selector: Option<String>,
    sink: Arc<dyn EventSink>,
    /// Each container's last line sent (followed logs).
    marks: BTreeMap<LogSource, SharedMark>,
    /// When the stream started (a second early): where a container that sent nothing yet is
    /// read from again after a silence.
    began: Timestamp,
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
        };
        let reach = self
            .pool
            .connection(context)
            .ok_or(Error::NotConnected { context: name })?
            .reach_signal();
        let control = Control::Logs {
            follows: request.follow,
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

impl LogRun {
    /// Merge the readers' lines into batches until every reader has ended (or, for a
    /// following workload stream, until it is stopped). A followed log waits out a silence of
    /// its cluster ([`LogRun::wait_out`]).
    async fn run(mut self, opened: Vec<(LogSource, Reader)>, mut reach: ReachSignal) -> StreamEnd {
        let (tx, mut rx) = mpsc::channel::<LogLine>(4 * BATCH_LINES);
        let mut readers = JoinSet::new();
        let mut started = BTreeSet::new();
        for (source, reader) in opened {
            started.insert(source.clone());
            self.read(&mut readers, &tx, source, reader);
        }
        self.sources(started.iter().cloned().collect(), None);
        let watch_pods = self.request.follow && self.selector.is_some();
        let mut batch = Vec::new();
        let mut tick = tokio::time::interval(BATCH_WINDOW);
        let mut relist = tokio::time::interval(RELIST_EVERY);
        relist.tick().await;
        let mut last_error = None;
        let mut seen = reach::spells(&reach);
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
                        self.drain(&mut rx, &mut batch);
                        return self.ended(last_error).await;
                    }
                }
                _ = relist.tick(), if watch_pods => {
                    self.follow_new_pods(&mut started, &mut readers, &tx).await;
                }
                probe = reach::went_silent(&mut reach, seen), if self.request.follow => {
                    readers.shutdown().await;
                    self.drain(&mut rx, &mut batch);
                    let back = reach::answered(&mut reach, seen);
                    seen = match self.wait_out(&probe, back, &started, &mut readers, &tx).await {
                        Ok(now) => now,
                        Err(end) => return end,
                    };
                    if readers.is_empty() && !watch_pods {
                        return self.ended(last_error).await;
                    }
                    relist.reset();
                }
            }
        }
    }

    /// Read a container's lines into `tx`, from after its mark.
    fn read(
        &mut self,
        readers: &mut JoinSet<Option<String>>,
        tx: &mpsc::Sender<LogLine>,
        source: LogSource,
        reader: Reader,
    ) {
        let mark = Arc::clone(self.marks.entry(source.clone()).or_default());
        let stamps = Stamps {
            read: self.request.follow,
            keep: self.request.timestamps,
        };
        readers.spawn(read_lines(source, reader, tx.clone(), mark, stamps));
    }

    /// Every line already read goes out now.
    fn drain(&self, rx: &mut mpsc::Receiver<LogLine>, batch: &mut Vec<LogLine>) {
        while let Ok(line) = rx.try_recv() {
            batch.push(line);
            if batch.len() >= BATCH_LINES {
                self.flush(batch);
            }
        }
        self.flush(batch);
    }

    /// The cluster stopped answering (`probe`: why the health probe got no answer): say so,
    /// wait until it answers (`back`, the number of silent spells then), and open every
    /// container's log again after its mark on the connection's fresh client. The end if
    /// none of them opens (the pod went meanwhile…).
    async fn wait_out(
        &mut self,
        probe: &str,
        back: impl std::future::Future<Output = u64>,
        started: &BTreeSet<LogSource>,
        readers: &mut JoinSet<Option<String>>,
        tx: &mpsc::Sender<LogLine>,
    ) -> Result<u64, StreamEnd> {
        let name = self.context.display_name();
        let why = reach::unnamed(probe, &name);
        let waiting = format!(
            "{name}: the cluster stopped answering ({why}); the log goes on from where it \
             stopped when {name} answers"
        );
        let sources: Vec<LogSource> = started.iter().cloned().collect();
        self.sources(sources.clone(), Some(waiting));
        let spells = back.await;
        self.client = self
            .pool
            .get_client(&self.context)
            .map_err(|e| failed(&e))?;
        let since = |source: &LogSource| {
            let mark = self.marks.get(source).and_then(|m| *lock(m));
            Start::Since(mark.map_or(self.began, |m| m.since()))
        };
        let mut first_error = None;
        let mut reading = Vec::new();
        for (source, result) in open_all(&self.client, &name, &self.request, sources, since).await {
            match result {
                Ok(reader) => reading.push((source, reader)),
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        if reading.is_empty() && self.selector.is_none() {
            return Err(self.ended(first_error.map(|e| e.to_string())).await);
        }
        let now: Vec<LogSource> = reading.iter().map(|(s, _)| s.clone()).collect();
        for (source, reader) in reading {
            self.read(readers, tx, source, reader);
        }
        self.sources(now, None);
        Ok(spells)
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

    fn sources(&self, sources: Vec<LogSource>, waiting: Option<String>) {
        self.sink.emit(Event::LogSources {
            id: self.id.clone(),
            context: self.context.clone(),
            sources,
            waiting,
        });
    }

    /// Start reading the containers of pods that appeared; report the sources when the
    /// set of pods changed.
    async fn follow_new_pods(
        &mut self,
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
        let opened = open_all(&self.client, &name, &self.request, new, |_| {
            Start::Beginning
        })
        .await;
        for (source, result) in opened {
            if let Ok(reader) = result {
                started.insert(source.clone());
                self.read(readers, tx, source, reader);
            }
        }
        let now: BTreeSet<LogSource> = started.intersection(&current).cloned().collect();
        if now != before {
            self.sources(now.into_iter().collect(), None);
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
