//! The health probe of one connection: `/readyz` (falling back to `/version`) on its own
//! interval, with exponential backoff and jitter while failing, and recovery noticed by itself.

use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use tokio::sync::Notify;
use tokio::task::AbortHandle;

use crate::context_id::ContextId;
use crate::error::{Error, ErrorKind};
use crate::events::{now_ms, Event, EventSink, Health, HealthStatus};
use crate::options::PoolOptions;

/// What the health task needs of the connection it watches. The pool's connection
/// implements it; this module never imports the pool.
pub(crate) trait Monitored: Send + Sync + 'static {
    fn context(&self) -> &ContextId;
    fn client(&self) -> kube::Client;
    /// Record the latest probe.
    fn set_health(&self, health: Health);
    /// Whether the credentials the client was built with have expired.
    fn credentials_expired(&self) -> bool;
    /// Build the client again (fresh credentials); used once after a 401.
    fn rebuild_client(&self) -> BoxFuture<'_, Result<kube::Client, Error>>;
}

/// Start the health task of a connection. It holds the connection weakly, so a
/// disconnected connection is never kept alive by it, and ends when the connection is gone.
/// `now` cuts its wait short: the next probe runs at once (the user's "Check now", the OS
/// saying the network is back), whatever the backoff had grown to.
pub(crate) fn spawn(
    target: Weak<dyn Monitored>,
    sink: Arc<dyn EventSink>,
    options: PoolOptions,
    now: Arc<Notify>,
) -> AbortHandle {
    let task = tokio::spawn(async move {
        let mut failures = 0u32;
        loop {
            let Some(conn) = target.upgrade() else { return };
            let context = conn.context().clone();
            if conn.credentials_expired() {
                // Renew before the server has to refuse them; a failure shows in the probe.
                let _ = conn.rebuild_client().await;
            }
            let mut health = probe(&conn.client(), &context, &options, failures).await;
            // A 401 rebuilds the client once (fresh exec-plugin or token-file credentials)
            // and probes again; only a second 401 is reported. While it stays unauthorized
            // this repeats at the backoff's pace, so credentials the user fixes are picked up.
            if health.error_kind == Some(ErrorKind::Unauthorized) {
                health = match conn.rebuild_client().await {
                    Ok(client) => probe(&client, &context, &options, failures).await,
                    Err(e) => failed(&e, failures),
                };
            }
            // An answer after failed probes may have waited out the outage itself (a
            // connection attempt held until the network came back): its time tells nothing of
            // the server, so a slow one is measured again at once before it is reported.
            if failures > 0 && health.status == HealthStatus::Slow {
                health = probe(&conn.client(), &context, &options, failures).await;
            }
            failures = health.consecutive_failures;
            let delay = next_delay(&options, failures, context.as_str());
            if failures > 0 {
                health.next_retry_ms = Some(now_ms() + delay.as_secs_f64() * 1000.0);
            }
            conn.set_health(health.clone());
            drop(conn);
            sink.emit(Event::Health {
                context: context.clone(),
                health,
            });
            tokio::select! {
                () = tokio::time::sleep(delay) => {}
                () = now.notified() => {}
            }
        }
    });
    task.abort_handle()
}

/// Probe once. `failures` is the count of failed probes before this one.
pub(crate) async fn probe(
    client: &kube::Client,
    context: &ContextId,
    options: &PoolOptions,
    failures: u32,
) -> Health {
    let started = Instant::now();
    let outcome = tokio::time::timeout(options.probe_timeout, ready(client)).await;
    let latency = started.elapsed();
    let name = context.display_name();
    match outcome {
        Err(_) => failed(
            &Error::Timeout {
                context: name,
                during: "probing its health".into(),
                seconds: u32::try_from(options.probe_timeout.as_secs()).unwrap_or(u32::MAX),
            },
            failures,
        ),
        Ok(Err(e)) => failed(&Error::from_kube(&name, &e), failures),
        Ok(Ok(())) => Health {
            status: if latency > options.slow_threshold {
                HealthStatus::Slow
            } else {
                HealthStatus::Healthy
            },
            latency_ms: Some(u32::try_from(latency.as_millis()).unwrap_or(u32::MAX)),
            last_check_ms: Some(now_ms()),
            last_error: None,
            error_kind: None,
            consecutive_failures: 0,
            next_retry_ms: None,
        },
    }
}

/// The health after a failed probe: 401 and 403 mean reachable but refused; everything
/// else (refused, timed out, TLS, 5xx…) unreachable. The error kind tells them apart.
pub(crate) fn failed(error: &Error, failures: u32) -> Health {
    let status = match error.kind() {
        ErrorKind::Unauthorized | ErrorKind::Forbidden => HealthStatus::Unauthorized,
        _ => HealthStatus::Unreachable,
    };
    Health {
        status,
        latency_ms: None,
        last_check_ms: Some(now_ms()),
        last_error: Some(error.to_string()),
        error_kind: Some(error.kind()),
        consecutive_failures: failures + 1,
        next_retry_ms: None,
    }
}

/// `GET /readyz`; servers that do not serve it (404) are asked for `/version` instead.
async fn ready(client: &kube::Client) -> Result<(), kube::Error> {
    let request = http::Request::get("/readyz")
        .body(Vec::new())
        .map_err(kube::Error::HttpError)?;
    match client.request_text(request).await {
        Ok(_) => Ok(()),
        Err(kube::Error::Api(status)) if status.code == 404 => {
            client.apiserver_version().await.map(|_| ())
        }
        Err(e) => Err(e),
    }
}

/// The wait before the next probe: the interval while healthy; while failing, a short first
/// retry doubling up to `max_backoff`, with up to 20 % jitter so many clusters that failed
/// together do not retry together.
pub(crate) fn next_delay(options: &PoolOptions, failures: u32, context: &str) -> Duration {
    if failures == 0 {
        return options.health_interval;
    }
    let base = Duration::from_millis(500)
        .saturating_mul(1 << failures.min(16).saturating_sub(1))
        .min(options.max_backoff)
        .min(options.health_interval.max(Duration::from_millis(500)) * 6);
    let jitter = jitter_fraction(context, failures) * 0.2;
    base.mul_f64(1.0 + jitter)
}

/// A cheap pseudo-random fraction in [0, 1), different per context and attempt.
fn jitter_fraction(context: &str, attempt: u32) -> f64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (context, attempt, Instant::now()).hash(&mut h);
    f64::from(u32::try_from(h.finish() % 1_000_000).unwrap_or(0)) / 1_000_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_while_failing_and_is_capped() {
        let options = PoolOptions {
            health_interval: Duration::from_secs(10),
            max_backoff: Duration::from_secs(60),
            ..PoolOptions::default()
        };
        assert_eq!(next_delay(&options, 0, "a"), Duration::from_secs(10));
        let first = next_delay(&options, 1, "a");
        assert!(
            first >= Duration::from_millis(500) && first <= Duration::from_millis(600),
            "{first:?}"
        );
        let third = next_delay(&options, 3, "a");
        assert!(
            third >= Duration::from_secs(2) && third <= Duration::from_millis(2400),
            "{third:?}"
        );
        let late = next_delay(&options, 30, "a");
        assert!(
            late >= Duration::from_secs(60) && late <= Duration::from_secs(72),
            "{late:?}"
        );
    }
}
