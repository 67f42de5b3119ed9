//! The health probe of one connection: `/readyz` (falling back to `/version`) on its own
//! interval, with exponential backoff and jitter while failing, and recovery noticed by itself.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::events::{now_ms, Event, Health, HealthStatus};
use crate::pool::{display_name, lock, ClusterConnection, KubeClientManager, PoolOptions, TaskKey};

/// Start the health task of a connection and register it under [`TaskKey::Health`].
pub(crate) fn start(pool: &Arc<KubeClientManager>, conn: &Arc<ClusterConnection>) {
    let client = conn.client();
    let context = conn.context.clone();
    let options = pool.options().clone();
    let sink = Arc::clone(pool.sink());
    // The task holds a weak reference: a disconnected connection is never kept alive by it.
    let weak = Arc::downgrade(conn);
    let task = tokio::spawn(async move {
        let mut failures = 0u32;
        loop {
            let health = probe(&client, &context, &options, failures).await;
            failures = health.consecutive_failures;
            let Some(conn) = weak.upgrade() else { return };
            *lock(&conn.health) = health.clone();
            drop(conn);
            sink.emit(Event::Health {
                context: context.clone(),
                health,
            });
            tokio::time::sleep(next_delay(&options, failures, &context)).await;
        }
    });
    conn.register_task(TaskKey::Health, task.abort_handle());
}

/// Probe once. `failures` is the count of failed probes before this one.
pub async fn probe(
    client: &kube::Client,
    context: &str,
    options: &PoolOptions,
    failures: u32,
) -> Health {
    let started = Instant::now();
    let outcome = tokio::time::timeout(options.probe_timeout, ready(client)).await;
    let latency = started.elapsed();
    let name = display_name(context);
    let failed = |status, error: String| Health {
        status,
        latency_ms: None,
        last_check_ms: Some(now_ms()),
        last_error: Some(error),
        consecutive_failures: failures + 1,
    };
    match outcome {
        Err(_) => failed(
            HealthStatus::Unreachable,
            format!(
                "{name}: no answer within {} s",
                options.probe_timeout.as_secs_f32()
            ),
        ),
        Ok(Err(e)) => match Error::from_kube(&name, &e) {
            e @ (Error::Unauthorized { .. } | Error::Forbidden { .. }) => {
                failed(HealthStatus::Unauthorized, e.to_string())
            }
            e => failed(HealthStatus::Unreachable, e.to_string()),
        },
        Ok(Ok(())) => Health {
            status: if latency > options.slow_threshold {
                HealthStatus::Slow
            } else {
                HealthStatus::Healthy
            },
            latency_ms: Some(u32::try_from(latency.as_millis()).unwrap_or(u32::MAX)),
            last_check_ms: Some(now_ms()),
            last_error: None,
            consecutive_failures: 0,
        },
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
pub fn next_delay(options: &PoolOptions, failures: u32, context: &str) -> Duration {
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
