//! The namespace watcher of one connection: a kube-runtime watcher that emits the live
//! namespace list. When listing namespaces is forbidden (403), it watches OpenShift's projects
//! instead (`project.openshift.io/v1`: on OpenShift a user who may not list namespaces lists
//! the projects they may use); where there are none either, it reports that once and falls
//! back to the context's namespace plus the namespaces the user configured for the context.
//! The initial list (and every relist) must answer within the read timeout, or the watch
//! starts over; the watch itself is ended by the server every `watch_timeout`. When the
//! cluster answers again after its network went silent ([`crate::reach`]), the watch starts
//! over at once: the one open through the silence may sit on a dead connection.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use futures::stream::BoxStream;
use futures::{StreamExt, TryStreamExt};
use k8s_openapi::api::core::v1::Namespace;
use kube::api::{ApiResource, DynamicObject};
use kube::runtime::watcher::{self, Event as WatchEvent};
use kube::runtime::WatchStreamExt;
use kube::{Api, ResourceExt};
use tokio::task::AbortHandle;

use crate::context_id::ContextId;
use crate::events::{Event, EventSink, NamespaceSource, Namespaces};
use crate::options::PoolOptions;
use crate::reach::{answered_after, spells, ReachSignal};

/// How often a watcher that may not list namespaces tries again.
const FORBIDDEN_RETRY: Duration = Duration::from_secs(5);

/// Namespace (or project) names as they come and go.
type Stream = BoxStream<'static, Result<WatchEvent<String>, watcher::Error>>;

/// What the list is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listing {
    Namespaces,
    /// OpenShift's projects: listing namespaces is forbidden.
    Projects,
}

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
        from: Listing::Namespaces,
        no_projects: false,
        forbidden: false,
        retry: false,
    };
    let read_timeout = options.read_timeout;
    let start = move |from: Listing| client().map(|c| watch(c, from, &options));
    let task = tokio::spawn(async move {
        let Some(mut stream) = start(state.from) else {
            return;
        };
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
                let Some(fresh) = start(state.from) else {
                    return;
                };
                stream = fresh;
                continue;
            };
            let Some(event) = next else { return };
            let from = state.from;
            if !state.handle(event) {
                return;
            }
            let restart = if std::mem::take(&mut state.retry) {
                // Start over with a full list a little later: a resumed watch would not say
                // that listing is allowed again until a namespace changes.
                tokio::time::sleep(FORBIDDEN_RETRY).await;
                state.from = Listing::Namespaces;
                true
            } else {
                state.from != from
            };
            if restart {
                state.listing = true;
                let Some(fresh) = start(state.from) else {
                    return;
                };
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
    /// What the list is read from now.
    from: Listing,
    /// The cluster serves no projects we may list (not OpenShift, or refused): only the
    /// namespaces are tried again.
    no_projects: bool,
    /// Listing is forbidden now: the fallback was offered; the watcher lists again every
    /// [`FORBIDDEN_RETRY`] so the real list comes back once the user may list again.
    forbidden: bool,
    /// The last attempt was forbidden: list again after [`FORBIDDEN_RETRY`].
    retry: bool,
}

impl State {
    /// Take one watch event; `false` ends the watcher. A refused namespace list switches
    /// `from` to projects (the caller starts that watch).
    fn handle(&mut self, event: Result<WatchEvent<String>, watcher::Error>) -> bool {
        let changed = match event {
            Ok(WatchEvent::Init) => {
                self.listing = true;
                self.initial.clear();
                false
            }
            Ok(WatchEvent::InitApply(name)) => {
                self.initial.insert(name);
                false
            }
            Ok(WatchEvent::InitDone) => {
                self.listing = false;
                self.forbidden = false;
                self.names = std::mem::take(&mut self.initial);
                true
            }
            Ok(WatchEvent::Apply(name)) => self.names.insert(name),
            Ok(WatchEvent::Delete(name)) => self.names.remove(&name),
            Err(e) if refused(&e, self.from) => {
                if self.from == Listing::Namespaces && !self.no_projects {
                    self.from = Listing::Projects;
                    return true;
                }
                self.no_projects = true;
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
                source: match self.from {
                    Listing::Namespaces => NamespaceSource::Watched,
                    Listing::Projects => NamespaceSource::Projects,
                },
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
/// is noticed within about a minute; it yields names only.
fn watch(client: kube::Client, from: Listing, options: &PoolOptions) -> Stream {
    let config = watcher::Config::default().timeout(options.watch_timeout_secs());
    match from {
        Listing::Namespaces => names(watcher::watcher(Api::<Namespace>::all(client), config)),
        Listing::Projects => {
            let projects = ApiResource {
                group: "project.openshift.io".into(),
                version: "v1".into(),
                api_version: "project.openshift.io/v1".into(),
                kind: "Project".into(),
                plural: "projects".into(),
            };
            let api = Api::<DynamicObject>::all_with(client, &projects);
            names(watcher::watcher(api, config))
        }
    }
}

/// The names of a watcher's objects, with kube-runtime's backoff between its attempts.
fn names<K: ResourceExt + Send + 'static>(
    watch: impl futures::Stream<Item = Result<WatchEvent<K>, watcher::Error>> + Send + 'static,
) -> Stream {
    watch
        .default_backoff()
        .map_ok(|event| match event {
            WatchEvent::Init => WatchEvent::Init,
            WatchEvent::InitApply(o) => WatchEvent::InitApply(o.name_any()),
            WatchEvent::InitDone => WatchEvent::InitDone,
            WatchEvent::Apply(o) => WatchEvent::Apply(o.name_any()),
            WatchEvent::Delete(o) => WatchEvent::Delete(o.name_any()),
        })
        .boxed()
}

/// Whether listing was refused for good: 403, or for projects also 404 (not OpenShift).
fn refused(e: &watcher::Error, from: Listing) -> bool {
    matches!(
        e,
        watcher::Error::InitialListFailed(kube::Error::Api(s)) | watcher::Error::WatchStartFailed(kube::Error::Api(s))
            if s.code == 403 || (s.code == 404 && from == Listing::Projects)
    )
}
