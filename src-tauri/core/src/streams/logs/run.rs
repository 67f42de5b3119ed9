//! A running log stream: its readers' lines merged into batches, new pods of a workload
//! followed, a silence of its cluster waited out ([`LogRun::wait_out`]), and why it ended.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use k8s_openapi::api::core::v1::Pod;
use k8s_openapi::jiff::Timestamp;
use kube::api::Api;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::{
    open_all, read_lines, sources_of, title, Reader, SharedMark, Stamps, Start, BATCH_LINES,
    BATCH_WINDOW, RELIST_EVERY,
};
use crate::context_id::ContextId;
use crate::error::{Error, ErrorKind};
use crate::events::{Event, EventSink};
use crate::pool::KubeClientManager;
use crate::reach::{self, ReachSignal};
use crate::stream_types::{LogLine, LogRequest, LogSource, LogTarget, StreamEnd};
use crate::streams::{failed, select};
use crate::sync::lock;

/// Everything a running log stream needs.
pub(super) struct LogRun {
    pub(super) id: String,
    pub(super) context: ContextId,
    /// The connection's client; taken again from the pool after a silence (fresh connections).
    pub(super) client: kube::Client,
    pub(super) pool: Arc<KubeClientManager>,
    pub(super) request: LogRequest,
    /// Set for workload and selector streams: the pods to follow.
    pub(super) selector: Option<String>,
    pub(super) sink: Arc<dyn EventSink>,
    /// Each container's last line sent (followed logs).
    pub(super) marks: BTreeMap<LogSource, SharedMark>,
    /// When the stream started (a second early): where a container that sent nothing yet is
    /// read from again after a silence.
    pub(super) began: Timestamp,
    /// What the stream's listing says it waits for (the manager's copy of `LogSources.waiting`).
    pub(super) waiting: Arc<Mutex<Option<String>>>,
}

impl LogRun {
    /// Merge the readers' lines into batches until every reader has ended (or, for a
    /// following workload stream, until it is stopped). A followed log waits out a silence of
    /// its cluster ([`LogRun::wait_out`]).
    pub(super) async fn run(
        mut self,
        opened: Vec<(LogSource, Reader)>,
        mut reach: ReachSignal,
    ) -> StreamEnd {
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
        lock(&self.waiting).clone_from(&waiting);
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
