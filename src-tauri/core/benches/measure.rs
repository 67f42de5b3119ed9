//! Core-only measures of `make bench` (issue #15: P2, P3, P4, P5), one per process run, against
//! an external `kubeli-lab` started by `tests/bench/run.mjs`, which also switches the lab's
//! faults. Each run prints one JSON object on stdout; the driver judges it and writes the table.
//!
//! ```text
//! measure p2 KUBECONFIG ROUNDS     connect 10 clusters at once vs 1 (lab adds latency)
//! measure p3 KUBECONFIG COUNT MS   PSS of this process, 0 → COUNT idle clusters (MS to settle)
//! measure p4 KUBECONFIG ROUNDS     list latencies of 4 clusters while a 5th is listed too
//! measure p5 KUBECONFIG CONTEXT    build the client, list every pod as the pods view does, exit
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kubeli_core::events::{ChannelSink, Event, WatchState};
use kubeli_core::kubeconfig::SourceInputs;
use kubeli_core::pool::{KubeClientManager, PoolOptions, SourcesFn};
use kubeli_core::ContextId;
use serde_json::{json, Value};

/// A fresh pool over one kubeconfig file, its events drained and dropped.
fn pool(kubeconfig: &Path) -> Arc<KubeClientManager> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move { while rx.recv().await.is_some() {} });
    KubeClientManager::new(
        sources(kubeconfig),
        Arc::new(ChannelSink(tx)),
        PoolOptions::default(),
    )
}

/// Where a pool reads its contexts: only `kubeconfig`.
fn sources(kubeconfig: &Path) -> SourcesFn {
    let env = kubeconfig.as_os_str().to_owned();
    Arc::new(move || SourceInputs {
        kubeconfig_env: Some(env.clone()),
        home: None,
        extra: vec![],
    })
}

/// The lab's contexts in kubeconfig order: `lab-dev`, `lab-staging`, `lab-prod`, `lab-4`, …
fn contexts(kubeconfig: &Path, n: usize) -> Vec<ContextId> {
    let names = ["lab-dev", "lab-staging", "lab-prod"];
    (0..n)
        .map(|i| {
            let name = names
                .get(i)
                .map_or_else(|| format!("lab-{}", i + 1), |s| (*s).to_owned());
            ContextId::new(kubeconfig, &name, 1)
        })
        .collect()
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

/// Proportional set size of this process in MB, from `/proc/self/smaps_rollup`.
fn pss_mb() -> f64 {
    let text = std::fs::read_to_string("/proc/self/smaps_rollup").unwrap_or_default();
    let kb: f64 = text
        .lines()
        .find_map(|l| l.strip_prefix("Pss:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

/// Connects `ids` at once; panics naming the cluster that failed.
async fn connect_all(pool: &Arc<KubeClientManager>, ids: &[ContextId]) -> Duration {
    let started = Instant::now();
    let results = futures::future::join_all(ids.iter().map(|i| pool.connect(i))).await;
    let took = started.elapsed();
    for (id, r) in ids.iter().zip(results) {
        if let Err(e) = r {
            panic!("connecting {id} failed: {e}");
        }
    }
    took
}

/// P2: per round, a fresh pool connects one cluster, another fresh pool connects ten at once.
/// Both pools are warmed on an eleventh cluster first (whatever a pool sets up once), so the
/// rounds time connects only.
async fn p2(kubeconfig: &Path, rounds: usize) -> Value {
    let ids = contexts(kubeconfig, 11);
    let (warm, measured) = ids.split_last().expect("11 contexts");
    let mut one = Vec::new();
    let mut ten = Vec::new();
    for _ in 0..rounds {
        let (a, b) = (pool(kubeconfig), pool(kubeconfig));
        for p in [&a, &b] {
            connect_all(p, std::slice::from_ref(warm)).await;
        }
        one.push(ms(connect_all(&a, &measured[..1]).await));
        ten.push(ms(connect_all(&b, measured).await));
    }
    json!({"one_ms": one, "ten_ms": ten})
}

/// P3: PSS of this process with 0, 5, 10, … `count` clusters connected and idle (health probe
/// and namespace watcher running), each reading taken after the connections settled.
async fn p3(kubeconfig: &Path, count: usize, settle_ms: usize) -> Value {
    let ids = contexts(kubeconfig, count);
    let pool = pool(kubeconfig);
    let settle = Duration::from_millis(settle_ms as u64);
    tokio::time::sleep(settle).await;
    let mut readings = vec![json!({"connected": 0, "pss_mb": pss_mb()})];
    for chunk in ids.chunks(5) {
        connect_all(&pool, chunk).await;
        tokio::time::sleep(settle).await;
        readings.push(json!({"connected": pool.connected().len(), "pss_mb": pss_mb()}));
    }
    json!({"readings": readings})
}

/// P4: five clusters connected; each round lists pods of the first four at once (their
/// latencies are the samples) while a list of the fifth is started and left running. The
/// driver runs this twice: the fifth healthy, then hung after connect.
async fn p4(kubeconfig: &Path, rounds: usize) -> Value {
    let ids = contexts(kubeconfig, 5);
    let pool = pool(kubeconfig);
    connect_all(&pool, &ids[..4]).await;
    // The fifth may be hung after connect: its connect is not waited for past a few seconds.
    let fifth = ids[4].clone();
    let p = Arc::clone(&pool);
    let _ = tokio::time::timeout(
        Duration::from_secs(5),
        async move { p.connect(&fifth).await },
    )
    .await;
    let mut samples = Vec::new();
    let mut background = Vec::new();
    for _ in 0..rounds {
        let (p, hung) = (Arc::clone(&pool), ids[4].clone());
        background.push(tokio::spawn(async move {
            let _ = p.list(&hung, "pods", None, None, None).await;
        }));
        let lists = ids[..4].iter().map(|id| {
            let pool = Arc::clone(&pool);
            async move {
                let started = Instant::now();
                if let Err(e) = pool.list(id, "pods", None, None, None).await {
                    panic!("listing pods of {id} failed: {e}");
                }
                ms(started.elapsed())
            }
        });
        samples.extend(futures::future::join_all(lists).await);
    }
    let unfinished = background.iter().filter(|t| !t.is_finished()).count();
    background.iter().for_each(tokio::task::JoinHandle::abort);
    json!({"samples_ms": samples, "fifth_unfinished": unfinished})
}

/// P5: what a process does to show every pod, as the app's pods view does: build the
/// client (connect), start the view's watch over all namespaces — its list reads every pod
/// page by page into rows — and wait until every row arrived and the watch is live. The
/// driver times this process from spawn to exit.
async fn p5(kubeconfig: &Path, context: &str) -> Value {
    let id = ContextId::new(kubeconfig, context, 1);
    let (tx, mut events) = tokio::sync::mpsc::unbounded_channel();
    let pool = KubeClientManager::new(
        sources(kubeconfig),
        Arc::new(ChannelSink(tx)),
        PoolOptions::default(),
    );
    if let Err(e) = pool.connect(&id).await {
        panic!("connecting {id} failed: {e}");
    }
    let key = match pool.watch(&id, "pods", None).await {
        Ok(key) => key,
        Err(e) => panic!("watching pods of {id} failed: {e}"),
    };
    let mut rows = 0;
    while let Some(event) = events.recv().await {
        match event {
            Event::ResourceDelta(d) if d.context == id && d.kind == key.kind => {
                if let Some(reset) = d.reset {
                    rows = reset.len();
                }
                rows += d.upserts.len();
            }
            Event::WatchState { key: k, state } if k == key => match state {
                WatchState::Live => break,
                WatchState::Failed { reason } => panic!("the pods watch of {id} failed: {reason}"),
                _ => {}
            },
            _ => {}
        }
    }
    json!({"pods": rows})
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    let number = |i: usize| arg(i).parse::<usize>().unwrap_or(1);
    let kubeconfig = PathBuf::from(arg(1));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let out = runtime.block_on(async {
        match arg(0).as_str() {
            "p2" => p2(&kubeconfig, number(2)).await,
            "p3" => p3(&kubeconfig, number(2), number(3)).await,
            "p4" => p4(&kubeconfig, number(2)).await,
            "p5" => p5(&kubeconfig, &arg(2)).await,
            other => {
                eprintln!("measure: unknown measure {other:?} (p2, p3, p4, p5)");
                std::process::exit(2);
            }
        }
    });
    println!("{out}");
    // Background lists of a hung cluster must not hold the process open.
    runtime.shutdown_timeout(Duration::from_millis(100));
}
