//! The namespace watcher of one connection: a kube-runtime watcher that emits the live
//! namespace list. When listing namespaces is forbidden (403), it reports that once and falls
//! back to the context's namespace plus the namespaces the user configured for the context.

use std::collections::BTreeSet;
use std::sync::Arc;

use futures::StreamExt;
use k8s_openapi::api::core::v1::Namespace;
use kube::runtime::watcher::{self, Event as WatchEvent};
use kube::runtime::WatchStreamExt;
use kube::Api;

use tokio::task::AbortHandle;

use crate::context_id::ContextId;
use crate::events::{Event, EventSink, NamespaceSource, Namespaces};
use crate::options::PoolOptions;

/// Start the namespace watcher of one connection. `fallback` is what to offer when listing
/// namespaces is forbidden.
pub(crate) fn spawn(
    client: kube::Client,
    context: ContextId,
    fallback: Vec<String>,
    sink: Arc<dyn EventSink>,
    options: PoolOptions,
) -> AbortHandle {
    let api: Api<Namespace> = Api::all(client);
    let fallback: BTreeSet<String> = fallback.into_iter().collect();
    let task = tokio::spawn(async move {
        let emit = |namespaces: Namespaces| {
            sink.emit(Event::Namespaces {
                context: context.clone(),
                namespaces,
            });
        };
        let mut stream = watcher(api, &options).boxed();
        let mut names = BTreeSet::new();
        let mut initial = BTreeSet::new();
        while let Some(event) = stream.next().await {
            let changed = match event {
                Ok(WatchEvent::Init) => {
                    initial.clear();
                    false
                }
                Ok(WatchEvent::InitApply(ns)) => {
                    initial.insert(name_of(&ns));
                    false
                }
                Ok(WatchEvent::InitDone) => {
                    names = std::mem::take(&mut initial);
                    true
                }
                Ok(WatchEvent::Apply(ns)) => names.insert(name_of(&ns)),
                Ok(WatchEvent::Delete(ns)) => names.remove(&name_of(&ns)),
                Err(e) if is_forbidden(&e) => {
                    emit(Namespaces {
                        names: fallback.iter().cloned().collect(),
                        source: NamespaceSource::Fallback,
                        error: Some(
                            "not allowed to list namespaces; showing the context's namespace and the ones you added"
                                .into(),
                        ),
                    });
                    return;
                }
                Err(e) => {
                    tracing::debug!(context = %context, "namespace watch interrupted: {e}");
                    false
                }
            };
            if changed {
                emit(Namespaces {
                    names: names.iter().cloned().collect(),
                    source: NamespaceSource::Watched,
                    error: None,
                });
            }
        }
    });
    task.abort_handle()
}

/// A watch the server ends after `watch_timeout` (and kube-runtime restarts), so a dead one
/// is noticed within about a minute.
fn watcher(
    api: Api<Namespace>,
    options: &PoolOptions,
) -> impl futures::Stream<Item = Result<WatchEvent<Namespace>, watcher::Error>> {
    let config = watcher::Config::default().timeout(options.watch_timeout_secs());
    watcher::watcher(api, config).default_backoff()
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
