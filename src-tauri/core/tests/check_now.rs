//! A cluster that stopped answering is probed with a backoff that grows (to a minute by
//! default), so one that answers again is seen late; `check_health_now` (the dashboard's "Check
//! now", the window's `online` event) probes at once, whatever the backoff had grown to. And a
//! probe held through an outage is not taken for the server's speed.

mod common;

use std::time::{Duration, Instant};

use kubeli_core::events::{Event, HealthStatus};
use kubeli_core::pool::PoolOptions;
use kubeli_core::ContextId;
use kubeli_lab::Fault;

fn now_ms() -> f64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    since.unwrap().as_secs_f64() * 1000.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_now_probes_at_once_whatever_the_backoff() {
    let lab = common::lab(1).await;
    // A 2 s interval lets the backoff grow to 12 s (six intervals).
    let options = PoolOptions {
        health_interval: Duration::from_secs(2),
        max_backoff: Duration::from_secs(60),
        ..common::options()
    };
    let (pool, mut events) = common::pool(&[lab.kubeconfig_path()], options);
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    pool.connect(&dev).await.unwrap();
    lab.cluster(0).set_fault(Fault::Down);
    common::wait_for(
        &mut events,
        "a probe whose next try is 6 s away or more",
        Duration::from_secs(40),
        |e| match e {
            Event::Health { health, .. } if health.status == HealthStatus::Unreachable => health
                .next_retry_ms
                .filter(|at| at - now_ms() >= 6_000.0)
                .map(|_| ()),
            _ => None,
        },
    )
    .await;
    lab.cluster(0).set_fault(Fault::None);
    while tokio::net::TcpStream::connect(lab.cluster(0).addr())
        .await
        .is_err()
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let asked = Instant::now();
    pool.check_health_now(&dev).unwrap();
    common::wait_for(
        &mut events,
        "healthy within 3 s",
        Duration::from_secs(3),
        |e| match e {
            Event::Health { health, .. } if health.status == HealthStatus::Healthy => Some(()),
            _ => None,
        },
    )
    .await;
    assert!(asked.elapsed() < Duration::from_secs(3));
    // Not connected: a clear error naming the context.
    let other = ContextId::new(lab.kubeconfig_path(), "lab-nowhere", 1);
    let err = pool.check_health_now(&other).unwrap_err();
    assert_eq!(err.to_string(), "lab-nowhere: not connected");
}

/// A probe sent while the network was silent can be held until it comes back, then answered:
/// its time measures the outage, not the server. Such an answer is measured again before it
/// is reported, so the cluster comes back healthy, not "slow".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_that_waited_out_the_outage_is_not_called_slow() {
    let lab = common::lab(1).await;
    let options = PoolOptions {
        probe_timeout: Duration::from_secs(4),
        slow_threshold: Duration::from_millis(500),
        ..common::options()
    };
    let (pool, mut events) = common::pool(&[lab.kubeconfig_path()], options);
    let dev = ContextId::new(lab.kubeconfig_path(), "lab-dev", 1);
    pool.connect(&dev).await.unwrap();
    lab.cluster(0).set_fault(Fault::Severed);
    let unreachable = |e: &Event| match e {
        Event::Health { health, .. } if health.status == HealthStatus::Unreachable => Some(()),
        _ => None,
    };
    common::wait_for(
        &mut events,
        "unreachable",
        Duration::from_secs(15),
        unreachable,
    )
    .await;
    // The next probe (within the 800 ms backoff) is held by the silent network for over a
    // second when the network comes back.
    tokio::time::sleep(Duration::from_secs(2)).await;
    lab.cluster(0).set_fault(Fault::None);
    let back = common::wait_for(
        &mut events,
        "an answer",
        Duration::from_secs(10),
        |e| match e {
            Event::Health { health, .. } if health.status != HealthStatus::Unreachable => {
                Some(health.clone())
            }
            _ => None,
        },
    )
    .await;
    assert_eq!(back.status, HealthStatus::Healthy, "{back:?}");
    assert!(back.latency_ms.is_some_and(|ms| ms < 500), "{back:?}");
}
