//! Pool benchmarks against lab clusters, printed next to their targets (`make bench`).
//! Where a peer exists the ratio is measured in the same run: listing 10,000 pods through
//! kubeli-core vs the real `kubectl`, and connecting 20 clusters at once vs one by one.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kubeli_core::events::{ChannelSink, Event};
use kubeli_core::kubeconfig::SourceInputs;
use kubeli_core::pool::{KubeClientManager, PoolOptions};
use kubeli_core::ContextId;
use kubeli_lab::{Fault, Lab, LabOptions};

fn pool(
    kubeconfig: &Path,
) -> (
    Arc<KubeClientManager>,
    tokio::sync::mpsc::UnboundedReceiver<Event>,
) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let env = kubeconfig.as_os_str().to_owned();
    let sources = Arc::new(move || SourceInputs {
        kubeconfig_env: Some(env.clone()),
        home: None,
        extra: vec![],
    });
    (
        KubeClientManager::new(sources, Arc::new(ChannelSink(tx)), PoolOptions::default()),
        rx,
    )
}

fn id(kubeconfig: &Path, context: &str) -> ContextId {
    ContextId::new(kubeconfig, context, 1)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(what: &str, measured: f64, unit: &str, target: &str, ratio: Option<(f64, &str)>) {
    let ratio = ratio.map_or(String::new(), |(r, peer)| {
        format!("   ratio {r:.2}x of {peer}")
    });
    println!("{what:<52} {measured:>9.1} {unit:<3} (target {target}){ratio}");
}

async fn list_vs_kubectl() {
    let lab = Lab::start(LabOptions {
        clusters: 1,
        pods_per_cluster: 10_000,
        seed: 1,
        ..Default::default()
    })
    .await
    .unwrap();
    let kc = lab.kubeconfig_path().to_path_buf();
    let (pool, _rx) = pool(&kc);
    let ctx = id(&kc, "lab-dev");
    pool.connect(&ctx).await.unwrap();
    let home = tempfile::tempdir().unwrap();

    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let mut count = 0;
        let mut token = None;
        loop {
            let page = pool
                .list(&ctx, "pods", None, Some(500), token)
                .await
                .unwrap();
            count += page.items.len();
            token = page.continue_token;
            if token.is_none() {
                break;
            }
        }
        ours.push(started.elapsed());
        assert_eq!(count, lab.cluster(0).pod_count());

        let (kc, home) = (kc.clone(), home.path().to_path_buf());
        let started = Instant::now();
        let out = tokio::task::spawn_blocking(move || {
            std::process::Command::new("kubectl")
                .args(["get", "pods", "-A", "-o", "json", "--chunk-size", "500"])
                .env("KUBECONFIG", kc)
                .env("HOME", home)
                .output()
                .unwrap()
        })
        .await
        .unwrap();
        theirs.push(started.elapsed());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let best = |v: &[Duration]| v.iter().min().copied().unwrap();
    let (o, t) = (best(&ours), best(&theirs));
    report(
        "list 10,000 pods, pages of 500 (best of 3)",
        ms(o),
        "ms",
        "<= kubectl",
        Some((ms(o) / ms(t), "kubectl get pods -A -o json")),
    );
    report(
        "  kubectl get pods -A -o json into a pipe (best of 3)",
        ms(t),
        "ms",
        "peer",
        None,
    );
}

async fn connect_many() {
    let lab = Lab::start(LabOptions {
        clusters: 20,
        pods_per_cluster: 50,
        seed: 2,
        ..Default::default()
    })
    .await
    .unwrap();
    let kc = lab.kubeconfig_path().to_path_buf();
    let ids: Vec<ContextId> = lab
        .clusters()
        .iter()
        .map(|c| id(&kc, c.context()))
        .collect();
    // 50 ms per request, as a cluster a few regions away would answer.
    for c in lab.clusters() {
        c.set_fault(Fault::Slow { ms: 50 });
    }
    let (parallel_pool, _rx) = pool(&kc);
    let (serial_pool, _rx2) = pool(&kc);
    // Warm both pools: the login-shell PATH is looked up once per pool.
    for p in [&parallel_pool, &serial_pool] {
        p.connect(&ids[0]).await.unwrap();
        p.disconnect(&ids[0]);
    }

    let started = Instant::now();
    let results = futures::future::join_all(ids.iter().map(|i| parallel_pool.connect(i))).await;
    let parallel = started.elapsed();
    assert!(results.iter().all(Result::is_ok));

    let started = Instant::now();
    for i in &ids {
        serial_pool.connect(i).await.unwrap();
    }
    let serial = started.elapsed();
    report(
        "connect 20 clusters at once, 50 ms server latency",
        ms(parallel),
        "ms",
        "< 1000 ms",
        Some((ms(parallel) / ms(serial), "one by one")),
    );
    report(
        "  connect 20 clusters one by one, 50 ms latency",
        ms(serial),
        "ms",
        "peer",
        None,
    );
}

async fn watch_latency() {
    let lab = Lab::start(LabOptions {
        clusters: 3,
        pods_per_cluster: 2_000,
        seed: 3,
        ..Default::default()
    })
    .await
    .unwrap();
    let kc = lab.kubeconfig_path().to_path_buf();
    let (pool, mut rx) = pool(&kc);
    for c in lab.clusters() {
        let ctx = id(&kc, c.context());
        pool.connect(&ctx).await.unwrap();
        pool.watch(&ctx, "pods", None).await.unwrap();
    }
    // Wait for the three initial lists.
    let mut initial = BTreeSet::new();
    while initial.len() < 3 {
        if let Some(Event::ResourceDelta(d)) = rx.recv().await {
            if d.reset.is_some() {
                initial.insert(d.context.clone());
            }
        }
    }
    let mut samples = Vec::new();
    for round in 0..60 {
        let cluster = lab.cluster(round % 3);
        let ctx = id(&kc, cluster.context());
        let pod = cluster.list("pods", None)[round * 7 % 2_000].clone();
        let (ns, name) = (
            pod["metadata"]["namespace"].as_str().unwrap().to_owned(),
            pod["metadata"]["name"].as_str().unwrap().to_owned(),
        );
        let key = format!("{ns}/{name}");
        let phase = if round % 2 == 0 { "Failed" } else { "Running" };
        let started = Instant::now();
        cluster.set_pod_phase(&ns, &name, phase).unwrap();
        loop {
            match tokio::time::timeout(Duration::from_secs(5), rx.recv()).await {
                Ok(Some(Event::ResourceDelta(d)))
                    if d.context == ctx
                        && d.upserts.iter().any(|o| {
                            o["metadata"]["name"] == name.as_str()
                                && o["metadata"]["namespace"] == ns.as_str()
                        }) =>
                {
                    break
                }
                Ok(Some(_)) => {}
                _ => panic!("no delta for {key}"),
            }
        }
        samples.push(started.elapsed());
    }
    samples.sort();
    let p50 = samples[samples.len() / 2];
    let p95 = samples[samples.len() * 95 / 100];
    report(
        "watch: lab change -> UI delta, 3 x 2,000 pods, p50",
        ms(p50),
        "ms",
        "< 150 ms (80 ms batch window)",
        None,
    );
    report(
        "watch: lab change -> UI delta, 3 x 2,000 pods, p95",
        ms(p95),
        "ms",
        "< 250 ms",
        None,
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!(
        "kubeli-core pool benchmarks (release build, lab clusters on loopback, {} cores)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    runtime.block_on(async {
        list_vs_kubectl().await;
        connect_many().await;
        watch_latency().await;
    });
}
