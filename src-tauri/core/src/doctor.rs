//! `kubeli doctor`: connect the chosen contexts in parallel through the same pool the app
//! uses and report, per context, whether it is reachable and why, its server version,
//! latency, visible namespaces and auth type.

use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;

use crate::context_id::ContextId;
use crate::error::{Error, ErrorKind};
use crate::events::NullSink;
use crate::kubeconfig::{discover, AuthType, Cluster, SourceInputs};
use crate::pool::{KubeClientManager, PoolOptions};

/// The findings for one context.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DoctorReport {
    pub context: String,
    pub id: ContextId,
    pub source: String,
    pub server: Option<String>,
    pub auth: AuthType,
    pub reachable: bool,
    /// The error kind when not reachable (see `Error::kind`).
    pub error_kind: Option<ErrorKind>,
    pub error: Option<String>,
    pub server_version: Option<String>,
    pub latency_ms: Option<u32>,
    /// How many namespaces the credentials can list; `None` when forbidden or unreachable.
    pub namespaces: Option<usize>,
    pub namespaces_error: Option<String>,
}

/// Check `contexts` (context names or ids; every context when empty). Unknown names are
/// reported as an error before anything connects.
pub async fn run(
    inputs: SourceInputs,
    contexts: &[String],
    options: PoolOptions,
) -> Result<Vec<DoctorReport>, Error> {
    let loaded = {
        let inputs = inputs.clone();
        tokio::task::spawn_blocking(move || discover(&inputs))
            .await
            .map_err(|e| Error::InvalidInput(format!("kubeconfig discovery failed: {e}")))?
    };
    let chosen = choose(&loaded.discovery.clusters, contexts)?;
    // A report, not a session: a context that fails is reported, not retried.
    let options = PoolOptions {
        retry_failed_connects: false,
        ..options
    };
    let pool = KubeClientManager::new(
        Arc::new(move || inputs.clone()),
        Arc::new(NullSink),
        options,
    );
    let checks = chosen
        .into_iter()
        .map(|cluster| check(Arc::clone(&pool), cluster));
    Ok(futures::future::join_all(checks).await)
}

/// The clusters named by `contexts` (by context name or id), or all when it is empty.
fn choose(all: &[Cluster], contexts: &[String]) -> Result<Vec<Cluster>, Error> {
    if contexts.is_empty() {
        return Ok(all.to_vec());
    }
    let mut chosen = Vec::new();
    for wanted in contexts {
        let found: Vec<_> = all
            .iter()
            .filter(|c| &c.context == wanted || c.id.as_str() == wanted)
            .cloned()
            .collect();
        if found.is_empty() {
            return Err(Error::UnknownContext(wanted.clone()));
        }
        chosen.extend(found);
    }
    Ok(chosen)
}

/// Connect one context through `pool`, list its namespaces, and disconnect.
async fn check(pool: Arc<KubeClientManager>, cluster: Cluster) -> DoctorReport {
    let mut report = DoctorReport {
        context: cluster.context.clone(),
        id: cluster.id.clone(),
        source: cluster.source.clone(),
        server: cluster.server.clone(),
        auth: cluster.auth.clone(),
        reachable: false,
        error_kind: None,
        error: None,
        server_version: None,
        latency_ms: None,
        namespaces: None,
        namespaces_error: None,
    };
    let started = Instant::now();
    match pool.connect(&cluster.id).await {
        Err(e) => {
            report.error_kind = Some(e.kind());
            report.error = Some(e.to_string());
        }
        Ok(info) => {
            report.reachable = true;
            report.latency_ms =
                Some(u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX));
            report.server_version = info.server_version;
            match pool.list(&cluster.id, "namespaces", None, None, None).await {
                Ok(list) => report.namespaces = Some(list.items.len()),
                Err(e) => report.namespaces_error = Some(e.to_string()),
            }
            pool.disconnect(&cluster.id);
        }
    }
    report
}

/// The human-readable report, one block per context.
pub fn render(reports: &[DoctorReport]) -> String {
    let mut out = String::new();
    for r in reports {
        let verdict = if r.reachable { "OK" } else { "FAIL" };
        out.push_str(&format!("{verdict:4} {}  ({})\n", r.context, r.source));
        out.push_str(&format!(
            "     server:     {}\n",
            r.server.as_deref().unwrap_or("-")
        ));
        out.push_str(&format!("     auth:       {}\n", auth_label(&r.auth)));
        if r.reachable {
            out.push_str(&format!(
                "     version:    {}   connected in {} ms\n",
                r.server_version.as_deref().unwrap_or("?"),
                r.latency_ms.unwrap_or(0)
            ));
            match (&r.namespaces, &r.namespaces_error) {
                (Some(n), _) => out.push_str(&format!("     namespaces: {n} visible\n")),
                (None, Some(e)) => out.push_str(&format!("     namespaces: {e}\n")),
                _ => {}
            }
        } else if let Some(e) = &r.error {
            // The kind tells refused, timed out, TLS, 401, 403 and 5xx apart at a glance.
            let kind = r
                .error_kind
                .and_then(|k| serde_json::to_value(k).ok())
                .and_then(|k| k.as_str().map(str::to_owned))
                .unwrap_or_default();
            out.push_str(&format!("     error:      [{kind}] {e}\n"));
        }
    }
    let ok = reports.iter().filter(|r| r.reachable).count();
    out.push_str(&format!("{ok} of {} contexts reachable\n", reports.len()));
    out
}

fn auth_label(auth: &AuthType) -> String {
    match auth {
        AuthType::Token => "token".into(),
        AuthType::ClientCertificate => "client certificate".into(),
        AuthType::Exec { command } => format!("exec plugin ({command})"),
        AuthType::AuthProvider { name } => format!("auth provider ({name})"),
        AuthType::Basic => "basic".into(),
        AuthType::None => "none".into(),
    }
}
