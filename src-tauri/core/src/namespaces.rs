//! The namespace watcher of one connection: a kube-runtime watcher that emits the live
//! namespace list. When listing namespaces is forbidden (403), it reports that once and falls
//! back to the context's namespace plus the namespaces the user configured for the context.
//! The initial list (and every relist) must answer within the read timeout, or the watch
//! starts over; the watch itself is ended by the server every `watch_timeout`. When the
//! cluster answers again after its network went silent ([`crate::reach`]), the watch starts
//! over at once: the one open through the silence may sit on a dead connection.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use futures::stream::BoxStream;
use futures::StreamExt;
use k8s_openapi::api::core::v1::Namespace;
use kube::runtime::watcher::{self, Event as WatchEvent};
use kube::runtime::WatchStreamExt;
use kube::Api;
use tokio::task::AbortHandle;

use crate::context_id::ContextId;
use crate::events::{Event, EventSink, NamespaceSource, Namespaces};
use crate::options::PoolOptions;
use crate::reach::{answered_after, spells, ReachSignal};

/// How often a watcher that may not list namespaces tries again.
const FORBIDDEN_RETRY: Duration = Duration::from_secs(5);

type Stream = BoxStream<'static, Result<WatchEvent<Namespace>, watcher::Error>>;

/// Start the namespace watcher of one connection. `client` gives the connection's current
/// client (`None` once it is gone), so a start-over uses fresh connections and credentials;
/// `fallback` is what to offer when listing namespaces is forbidden; `reach` is the
/// connection's view of its network.
pub(crate) fn spawn(
    client: impl Fn() -> Option<kube::Client> + Send + 'static,
    context: ContextId,
    fallback: Vec<String>,
    sink: Arc<dyn EventSink>,
    options: PoolOptions,
    mut reach: ReachSignal,
) -> AbortHandle {
    let mut state = State {
        context,
        sink,
        fallback: fallback.into_iter().collect(),
        names: BTreeSet::new(),
        initial: BTreeSet::new(),
        listing: true,
        forbidden: false,
        retry: false,
    };
    let read_timeout = options.read_timeout;
    let start = move || client().map(|c| watch(&Api::all(c), &options));
    let task = tokio::spawn(async move {
        let Some(mut stream) = start() else { return };
        let mut seen = spells(&reach);
        loop {
            // A list must answer within the read timeout; a watch may wait on, unless the
            // cluster answers again after a silence (it may sit on a dead connection).
            let limit = if state.listing {
                read_timeout
            } else {
                Duration::MAX
            };
            let next = tokio::select! {
                next = tokio::time::timeout(limit, stream.next()) => next.ok(),
                () = answered_after(&mut reach, seen) => {
                    seen = spells(&reach);
                    None
                }
            };
            let Some(next) = next else {
                tracing::debug!(context = %state.context, "namespace list timed out, or the cluster answers again; starting over");
                state.listing = true;
                let Some(fresh) = start() else { return };
                stream = fresh;
                continue;
            };
            let Some(event) = next else { return };
            if !state.handle(event) {
                return;
            }
            if std::mem::take(&mut state.retry) {
                // Start over with a full list a little later: a resumed watch would not say
                // that listing is allowed again until a namespace changes.
                tokio::time::sleep(FORBIDDEN_RETRY).await;
                state.listing = true;
                let Some(fresh) = start() else { return };
                stream = fresh;
            }
        }
    });
    task.abort_handle()
}

/// What the watcher knows so far.
struct State {
    context: ContextId,
    sink: Arc<dyn EventSink>,
    fallback: BTreeSet<String>,
    names: BTreeSet<String>,
    /// The list being received (initial list or relist).
    initial: BTreeSet<String>,
    listing: bool,
    /// Listing is forbidden now: the fallback was offered; the watcher lists again every
    /// [`FORBIDDEN_RETRY`] so the real list comes back once the user may list again.
    forbidden: bool,
    /// The last attempt was forbidden: list again after [`FORBIDDEN_RETRY`].
    retry: bool,
}

impl State {
    /// Take one watch event; `false` ends the watcher.
    fn handle(&mut self, event: Result<WatchEvent<Namespace>, watcher::Error>) -> bool {
        let changed = match event {
            Ok(WatchEvent::Init) => {
                self.listing = true;
                self.initial.clear();
                false
            }
            Ok(WatchEvent::InitApply(ns)) => {
                self.initial.insert(name_of(&ns));
                false
            }
            Ok(WatchEvent::InitDone) => {
                self.listing = false;
                self.forbidden = false;
                self.names = std::mem::take(&mut self.initial);
                true
            }
            Ok(WatchEvent::Apply(ns)) => self.names.insert(name_of(&ns)),
            Ok(WatchEvent::Delete(ns)) => self.names.remove(&name_of(&ns)),
            Err(e) if is_forbidden(&e) => {
                self.retry = true;
                if std::mem::replace(&mut self.forbidden, true) {
                    return true;
                }
                self.emit(Namespaces {
                    names: self.fallback.iter().cloned().collect(),
                    source: NamespaceSource::Fallback,
                    error: Some(format!(
                        "{}: not allowed to list namespaces (403) — showing the context's namespace and the ones you added",
                        self.context.display_name()
                    )),
                });
                return true;
            }
            Err(e) => {
                tracing::debug!(context = %self.context, "namespace watch interrupted: {e}");
                false
            }
        };
        if changed {
            self.emit(Namespaces {
                names: self.names.iter().cloned().collect(),
                source: NamespaceSource::Watched,
                error: None,
            });
        }
        true
    }

    fn emit(&self, namespaces: Namespaces) {
        self.sink.emit(Event::Namespaces {
            context: self.context.clone(),
            namespaces,
        });
    }
}

/// A watch the server ends after `watch_timeout` (and kube-runtime restarts), so a dead one
/// is noticed within about a minute.
fn watch(api: &Api<Namespace>, options: &PoolOptions) -> Stream {
    let config = watcher::Config::default().timeout(options.watch_timeout_secs());
    watcher::watcher(api.clone(), config)
        .default_backoff()
        .boxed()
}

fn name_of(ns: &Namespace) -> String {
    ns.metadata.name.clone().unwrap_or_default()
}

fn is_forbidden(e: &watcher::Error) -> bool {
    matches!(
        e,
        watcher::Error::InitialListFailed(kube::Error::Api(s)) | watcher::Error::WatchStartFailed(kube::Error::Api(s))
            if s.code == 403
    )
}
