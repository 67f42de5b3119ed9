//! Port-forwards: a TCP listener on 127.0.0.1 and one kube port-forward per accepted
//! connection, to a pod or to a ready pod behind a service. Every two seconds the target is
//! resolved again, so a service whose pod was replaced forwards to the new pod
//! ([`Event::PortForward`] says so), and a forwarded pod that is gone ends the forward.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use k8s_openapi::api::core::v1::Pod;
use kube::api::Api;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

use super::{new_id, select, Control, StreamManager};
use crate::context_id::ContextId;
use crate::error::{Error, ErrorKind};
use crate::events::{Event, EventSink};
use crate::stream_types::{
    ForwardState, ForwardTarget, PortForwardInfo, PortForwardRequest, StreamEnd, StreamInfo,
    StreamKind,
};
use crate::sync::lock;

/// How often the pod behind a forward is looked up again.
const RESOLVE_EVERY: Duration = Duration::from_secs(2);

/// `preferred` if it is at least 1024 and free on 127.0.0.1, else a free port.
pub fn suggest_local_port(preferred: u16) -> u16 {
    if preferred >= 1024 && std::net::TcpListener::bind(("127.0.0.1", preferred)).is_ok() {
        return preferred;
    }
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map_or(0, |a| a.port())
}

impl StreamManager {
    /// Start a port-forward. Fails, naming the cluster, when the cluster is read-only in
    /// Kubeli, the pod is gone or not running, the service has no ready pod, or the local port
    /// is in use (naming the port).
    pub async fn start_port_forward(
        &self,
        context: &ContextId,
        request: PortForwardRequest,
    ) -> Result<PortForwardInfo, Error> {
        // A forward is `create` on `pods/portforward` and opens a tunnel through which any local
        // tool can change the workload (a database, an admin API): read-only refuses it as it
        // refuses a shell.
        self.pool.ensure_writable(context, || {
            let target = match &request.target {
                ForwardTarget::Pod { name } => format!("pod {}/{name}", request.namespace),
                ForwardTarget::Service { name } => format!("service {}/{name}", request.namespace),
            };
            format!("a port-forward to {target} port {}", request.remote_port)
        })?;
        let client = self.client(context)?;
        let name = context.display_name();
        let (pod, port) = resolve(&client, &name, &request).await?;
        let listener = bind(&name, request.local_port).await?;
        let local_port = listener
            .local_addr()
            .map_err(|e| Error::InvalidInput(format!("{name}: cannot listen on 127.0.0.1: {e}")))?
            .port();
        let id = new_id(StreamKind::PortForward);
        let info = PortForwardInfo {
            id: id.clone(),
            context: context.clone(),
            namespace: request.namespace.clone(),
            target: request.target.clone(),
            remote_port: request.remote_port,
            local_port,
            pod: Some(pod.clone()),
            state: ForwardState::Active,
            error: None,
            connections: 0,
        };
        let target = match &request.target {
            ForwardTarget::Pod { name } => format!("pod/{name}"),
            ForwardTarget::Service { name } => format!("service/{name}"),
        };
        let stream = StreamInfo {
            id: id.clone(),
            context: context.clone(),
            kind: StreamKind::PortForward,
            title: format!("{target}:{} → localhost:{local_port}", request.remote_port),
            namespace: request.namespace.clone(),
            log: None,
            waiting: None,
        };
        let shared = Arc::new(Mutex::new(info.clone()));
        let run = ForwardRun {
            shared: Arc::clone(&shared),
            client,
            sink: self.sink(),
            request,
        };
        self.spawn(
            id,
            stream,
            Control::Forward(shared),
            run.run(listener, (pod, port)),
        )?;
        self.sink().emit(Event::PortForward {
            forward: info.clone(),
        });
        Ok(info)
    }
}

/// Listen on 127.0.0.1 at `port` (`None` = a free port).
async fn bind(context: &str, port: Option<u16>) -> Result<TcpListener, Error> {
    let port = port.unwrap_or(0);
    TcpListener::bind(("127.0.0.1", port)).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            Error::InvalidInput(format!(
                "{context}: local port {port} is already in use on 127.0.0.1; choose another"
            ))
        } else {
            Error::InvalidInput(format!("{context}: cannot listen on 127.0.0.1:{port}: {e}"))
        }
    })
}

/// The pod to forward to and its port: the pod itself if it runs, or a ready pod behind the
/// service.
async fn resolve(
    client: &kube::Client,
    context: &str,
    request: &PortForwardRequest,
) -> Result<(String, u16), Error> {
    let ns = &request.namespace;
    match &request.target {
        ForwardTarget::Pod { name } => {
            let pod = Api::<Pod>::namespaced(client.clone(), ns)
                .get(name)
                .await
                .map_err(|e| Error::from_kube(context, &e))?;
            let phase = pod.status.and_then(|s| s.phase).unwrap_or_default();
            if phase != "Running" {
                return Err(Error::InvalidInput(format!(
                    "{context}: pod {ns}/{name} is not running (phase {phase}), so nothing listens on port {}",
                    request.remote_port
                )));
            }
            Ok((name.clone(), request.remote_port))
        }
        ForwardTarget::Service { name } => {
            select::service_pod(client.clone(), context, ns, name, request.remote_port).await
        }
    }
}

/// One local connection through its own kube port-forward.
async fn forward_one(
    client: kube::Client,
    ns: String,
    (pod, port): (String, u16),
    mut tcp: TcpStream,
) -> Result<(), String> {
    let api = Api::<Pod>::namespaced(client, &ns);
    let mut forwarder = api
        .portforward(&pod, &[port])
        .await
        .map_err(|e| e.to_string())?;
    let mut upstream = forwarder
        .take_stream(port)
        .ok_or_else(|| format!("no stream for port {port}"))?;
    let copied = tokio::io::copy_bidirectional(&mut tcp, &mut upstream).await;
    drop(upstream);
    forwarder.abort();
    copied.map(|_| ()).map_err(|e| e.to_string())
}

/// A running port-forward.
struct ForwardRun {
    shared: Arc<Mutex<PortForwardInfo>>,
    client: kube::Client,
    sink: Arc<dyn EventSink>,
    request: PortForwardRequest,
}

impl ForwardRun {
    async fn run(self, listener: TcpListener, first: (String, u16)) -> StreamEnd {
        let mut current = Some(first);
        let mut connections = JoinSet::new();
        let mut check = tokio::time::interval(RESOLVE_EVERY);
        check.tick().await;
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let Ok((tcp, _)) = accepted else { continue };
                    let Some(target) = current.clone() else {
                        // No pod right now: the client sees its connection closed.
                        continue;
                    };
                    let ns = self.request.namespace.clone();
                    connections.spawn(forward_one(self.client.clone(), ns, target, tcp));
                    self.set_connections(connections.len());
                }
                Some(_) = connections.join_next() => self.set_connections(connections.len()),
                _ = check.tick() => {
                    if let Some(end) = self.check(&mut current).await {
                        return end;
                    }
                }
            }
        }
    }

    fn set_connections(&self, n: usize) {
        lock(&self.shared).connections = u32::try_from(n).unwrap_or(u32::MAX);
    }

    /// Resolve the target again; report a changed pod or state. `Some` ends the forward.
    async fn check(&self, current: &mut Option<(String, u16)>) -> Option<StreamEnd> {
        let context = lock(&self.shared).context.clone();
        let name = context.display_name();
        match resolve(&self.client, &name, &self.request).await {
            Ok(target) => {
                let changed = current.as_ref() != Some(&target);
                let pod = target.0.clone();
                *current = Some(target);
                self.update(changed, |i| {
                    i.pod = Some(pod);
                    i.state = ForwardState::Active;
                    i.error = None;
                });
                None
            }
            Err(e) => {
                let gone = matches!(e, Error::NotFound { .. } | Error::InvalidInput(_));
                if let (true, ForwardTarget::Pod { name: pod }) = (gone, &self.request.target) {
                    let local = lock(&self.shared).local_port;
                    self.update(true, |i| {
                        i.state = ForwardState::Failed;
                        i.error = Some(e.to_string());
                    });
                    return Some(StreamEnd {
                        message: format!(
                            "{name}: pod {}/{pod} is gone or stopped — the port-forward on localhost:{local} ended ({e})",
                            self.request.namespace
                        ),
                        kind: Some(ErrorKind::NotFound),
                        exit_code: None,
                    });
                }
                *current = None;
                self.update(false, |i| {
                    i.state = ForwardState::Reconnecting;
                    i.error = Some(e.to_string());
                });
                None
            }
        }
    }

    /// Apply `change`; send the forward's new state when it changed (or `force`).
    fn update(&self, force: bool, change: impl FnOnce(&mut PortForwardInfo)) {
        let (before, after) = {
            let mut info = lock(&self.shared);
            let before = info.clone();
            change(&mut info);
            (before, info.clone())
        };
        if force || before.state != after.state || before.pod != after.pod {
            self.sink.emit(Event::PortForward { forward: after });
        }
    }
}
