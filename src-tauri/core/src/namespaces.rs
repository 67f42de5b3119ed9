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

use crate::events::{Event, NamespaceSource, Namespaces};
use crate::pool::{ClusterConnection, KubeClientManager, TaskKey};

/// Start the namespace watcher of a connection and register it under [`TaskKey::Namespaces`].
pub(crate) fn start(pool: &Arc<KubeClientManager>, conn: &Arc<ClusterConnection>) {
    let api: Api<Namespace> = Api::all(conn.client());
    let context = conn.context.clone();
    let mut fallback: BTreeSet<String> = pool.extra_namespaces(&context).into_iter().collect();
    fallback.insert(
        conn.cluster
            .namespace
            .clone()
            .unwrap_or_else(|| "default".into()),
    );
    let sink = Arc::clone(pool.sink());
    let task = tokio::spawn(async move {
        let emit = |namespaces: Namespaces| {
            sink.emit(Event::Namespaces {
                context: context.clone(),
                namespaces,
            });
        };
        let mut stream = watcher(api).boxed();
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
    conn.register_task(TaskKey::Namespaces, task.abort_handle());
}

fn watcher(
    api: Api<Namespace>,
) -> impl futures::Stream<Item = Result<WatchEvent<Namespace>, watcher::Error>> {
    watcher::watcher(api, watcher::Config::default()).default_backoff()
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
