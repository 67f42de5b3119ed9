//! Log streams, exec sessions and port-forwards (issue #12): a layer above `pool`.
//!
//! Start at [`StreamManager`]. Each stream is a task registered under its context in the
//! pool's task registry ([`TaskKey::Stream`]), so disconnecting the context aborts it and no
//! other; whatever ends a stream (finished, exited, cut by the server, stopped by the user,
//! the cluster disconnected), its [`Ending`] guard sends one [`Event::StreamEnded`] whose
//! message names the cluster. Clients are cloned out of the pool; no lock is held across an
//! await. Logs are in `logs.rs`, exec in `exec.rs`, port-forwards in `forward.rs`. A followed
//! log whose cluster's network goes silent ([`crate::reach`]) waits and goes on from where it
//! stopped (`logs.rs`); a shell ends at once, saying so, rather than sit on a connection nothing
//! will come through again (a new shell is a new session); a port-forward listens on.

mod exec;
mod forward;
mod logs;
mod marks;
mod select;
mod utf8;

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};

use dashmap::DashMap;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

use crate::context_id::ContextId;
use crate::error::{Error, ErrorKind};
use crate::events::{Event, EventSink};
use crate::pool::{KubeClientManager, TaskKey};
use crate::reach;
use crate::sync::lock;

pub use crate::stream_types::*;
pub use forward::suggest_local_port;

static IDS: AtomicU64 = AtomicU64::new(1);

/// Input to a running exec session.
#[derive(Debug)]
enum ExecInput {
    Data(String),
    Resize(u16, u16),
}

/// What the manager can do with a running stream besides stopping it.
enum Control {
    /// `follows`: a followed log, which waits out a silence of its cluster itself; `waiting`:
    /// why it waits now (listed with it).
    Logs {
        follows: bool,
        waiting: Arc<Mutex<Option<String>>>,
    },
    Exec(mpsc::UnboundedSender<ExecInput>),
    Forward(Arc<Mutex<PortForwardInfo>>),
}

/// One running stream.
struct Entry {
    info: StreamInfo,
    /// The reason it ends, set before it is aborted on purpose.
    end: Arc<Mutex<Option<StreamEnd>>>,
    abort: AbortHandle,
    control: Control,
}

/// Every running stream of every cluster. Cheap to share: wrap it in an `Arc`.
pub struct StreamManager {
    pool: Arc<KubeClientManager>,
    streams: DashMap<String, Entry>,
    me: Weak<StreamManager>,
}

impl StreamManager {
    pub fn new(pool: Arc<KubeClientManager>) -> Arc<Self> {
        Arc::new_cyclic(|me| Self {
            pool,
            streams: DashMap::new(),
            me: me.clone(),
        })
    }

    fn sink(&self) -> Arc<dyn EventSink> {
        Arc::clone(self.pool.sink())
    }

    /// A clone of a connected context's client.
    fn client(&self, context: &ContextId) -> Result<kube::Client, Error> {
        self.pool.get_client(context)
    }

    /// Every running stream (a followed log with what it waits for, if it does).
    pub fn list(&self) -> Vec<StreamInfo> {
        let mut out: Vec<StreamInfo> = self
            .streams
            .iter()
            .map(|e| match &e.control {
                Control::Logs { waiting, .. } => StreamInfo {
                    waiting: lock(waiting).clone(),
                    ..e.info.clone()
                },
                _ => e.info.clone(),
            })
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// Every running port-forward of every cluster.
    pub fn port_forwards(&self) -> Vec<PortForwardInfo> {
        let shared: Vec<_> = self
            .streams
            .iter()
            .filter_map(|e| match &e.control {
                Control::Forward(info) => Some(Arc::clone(info)),
                _ => None,
            })
            .collect();
        let mut out: Vec<PortForwardInfo> = shared.iter().map(|i| lock(i).clone()).collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    /// Stop a stream (it sends `StreamEnded`). Returns whether it was running.
    pub fn stop(&self, id: &str) -> bool {
        let Some((_, entry)) = self.streams.remove(id) else {
            return false;
        };
        let message = format!(
            "{}: {} was stopped",
            entry.info.context.display_name(),
            entry.info.kind.what()
        );
        lock(&entry.end).get_or_insert(StreamEnd {
            message,
            kind: None,
            exit_code: None,
        });
        entry.abort.abort();
        if let Some(conn) = self.pool.connection(&entry.info.context) {
            conn.abort_task(&TaskKey::Stream(id.to_owned()));
        }
        true
    }

    /// Send keystrokes or pasted text to an exec session.
    pub fn exec_input(&self, id: &str, data: String) -> Result<(), Error> {
        self.exec_sender(id)?
            .send(ExecInput::Data(data))
            .map_err(|_| no_session(id))
    }

    /// Resize an exec session's terminal.
    pub fn exec_resize(&self, id: &str, cols: u16, rows: u16) -> Result<(), Error> {
        self.exec_sender(id)?
            .send(ExecInput::Resize(cols, rows))
            .map_err(|_| no_session(id))
    }

    fn exec_sender(&self, id: &str) -> Result<mpsc::UnboundedSender<ExecInput>, Error> {
        match self.streams.get(id).as_deref() {
            Some(Entry {
                control: Control::Exec(tx),
                ..
            }) => Ok(tx.clone()),
            _ => Err(no_session(id)),
        }
    }

    /// Spawn a stream's task and register it under its context. `run` returns why it ended.
    fn spawn<F>(&self, id: String, info: StreamInfo, control: Control, run: F) -> Result<(), Error>
    where
        F: Future<Output = StreamEnd> + Send + 'static,
    {
        let context = info.context.clone();
        let conn = self
            .pool
            .connection(&context)
            .ok_or_else(|| Error::NotConnected {
                context: context.display_name(),
            })?;
        let end = Arc::new(Mutex::new(None));
        let mut reach = conn.reach_signal();
        let spells = reach::spells(&reach);
        // A port-forward listens on: its next connection goes on fresh connections. A followed
        // log waits and goes on; a shell (and a log read once) ends.
        let ends_in_silence = match &control {
            Control::Logs { follows, .. } => !follows,
            Control::Exec(_) => true,
            Control::Forward(_) => false,
        };
        let guard = Ending {
            id: id.clone(),
            context: context.clone(),
            kind: info.kind,
            end: Arc::clone(&end),
            sink: self.sink(),
            manager: self.me.clone(),
        };
        // The stream runs once it is listed, so even one that ends at once is never left listed.
        let (go, listed) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let guard = guard;
            if listed.await.is_ok() {
                let reason = tokio::select! {
                    reason = run => reason,
                    probe = reach::went_silent(&mut reach, spells), if ends_in_silence => {
                        silenced(&guard.context, guard.kind, &probe)
                    }
                };
                lock(&guard.end).get_or_insert(reason);
            }
        });
        self.streams.insert(
            id.clone(),
            Entry {
                info,
                end,
                abort: task.abort_handle(),
                control,
            },
        );
        // Refused (and the task aborted, its guard ending the stream) when the context was
        // disconnected while this stream was being set up.
        conn.register_task(TaskKey::Stream(id), task.abort_handle())?;
        let _ = go.send(());
        Ok(())
    }
}

/// A new stream id: "logs-7", "exec-8", "forward-9".
fn new_id(kind: StreamKind) -> String {
    let n = IDS.fetch_add(1, Ordering::Relaxed);
    let prefix = match kind {
        StreamKind::Logs => "logs",
        StreamKind::Exec => "exec",
        StreamKind::PortForward => "forward",
    };
    format!("{prefix}-{n}")
}

fn no_session(id: &str) -> Error {
    Error::InvalidInput(format!("no shell session {id} is running"))
}

/// Sends `StreamEnded` when its stream's task ends — or is aborted, which drops it: then,
/// unless a reason was set first, the cluster was disconnected.
struct Ending {
    id: String,
    context: ContextId,
    kind: StreamKind,
    end: Arc<Mutex<Option<StreamEnd>>>,
    sink: Arc<dyn EventSink>,
    manager: Weak<StreamManager>,
}

impl Drop for Ending {
    fn drop(&mut self) {
        let end = lock(&self.end).take().unwrap_or_else(|| StreamEnd {
            message: format!(
                "{}: disconnected — {} ended",
                self.context.display_name(),
                self.kind.what()
            ),
            kind: Some(ErrorKind::NotConnected),
            exit_code: None,
        });
        if let Some(manager) = self.manager.upgrade() {
            manager.streams.remove(&self.id);
            if let Some(conn) = manager.pool.connection(&self.context) {
                conn.forget_task(&TaskKey::Stream(self.id.clone()));
            }
        }
        self.sink.emit(Event::StreamEnded {
            id: self.id.clone(),
            context: self.context.clone(),
            end,
        });
    }
}

/// A stream's end when its cluster's network went silent, in the probe's words.
fn silenced(context: &ContextId, kind: StreamKind, probe: &str) -> StreamEnd {
    let name = context.display_name();
    let probe = reach::unnamed(probe, &name);
    StreamEnd {
        message: format!(
            "{name}: the cluster stopped answering ({probe}) — {} ended",
            kind.what()
        ),
        kind: Some(ErrorKind::Unreachable),
        exit_code: None,
    }
}

/// A stream's end caused by an error.
fn failed(err: &Error) -> StreamEnd {
    StreamEnd {
        message: err.to_string(),
        kind: Some(err.kind()),
        exit_code: None,
    }
}
