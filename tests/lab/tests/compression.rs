//! What a cluster far away looks like on the wire: large answers gzip-encoded for clients that
//! ask (kubectl always does), and the `SlowLink` fault pacing whole answers.

mod common;

use std::time::{Duration, Instant};

use common::*;
use kubeli_lab::Fault;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubectl_gets_large_lists_gzip_encoded_as_from_a_real_server() {
    let env = start(1, 1_200).await;
    let c = env.lab.cluster(0);
    let items = |out: &Out| {
        let v: Value = serde_json::from_str(&out.stdout).unwrap();
        v["items"].as_array().map_or(0, Vec::len)
    };

    // Small answers go out as they are, whatever the client accepts.
    env.ok(&["get", "namespaces"]).await;
    assert_eq!(c.compressed().responses, 0);

    // Pages of 500 pods (over 128 KiB each), gzip-encoded, and kubectl reads them.
    let out = env.ok(&["get", "pods", "-A", "-o", "json"]).await;
    assert_eq!(items(&out), 1_200);
    let sent = c.compressed();
    assert!(sent.responses >= 3, "{sent:?}");
    assert!(sent.sent_bytes * 3 < sent.plain_bytes, "{sent:?}");

    // A client that opts out (`--disable-compression`, as `disable-compression: true` in a
    // kubeconfig) gets the same list uncompressed.
    let out = env
        .ok(&["--disable-compression", "get", "pods", "-A", "-o", "json"])
        .await;
    assert_eq!(items(&out), 1_200);
    assert_eq!(c.compressed(), sent);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_link_paces_whole_answers() {
    let env = start(1, 300).await;
    let c = env.lab.cluster(0);
    let client = client(&env.lab, "lab-dev").await;
    let list = "/api/v1/pods";
    let (code, _, body) = raw(&client, "GET", list, "application/json").await;
    assert_eq!(code, 200);

    // 2,000 kbit/s: 250,000 bytes a second (kube's client asks for no gzip here).
    c.set_fault(Fault::SlowLink { kbit_per_s: 2_000 });
    assert_eq!(c.faults(), vec![Fault::SlowLink { kbit_per_s: 2_000 }]);
    let took = Instant::now();
    let (code, _, paced) = raw(&client, "GET", list, "application/json").await;
    let took = took.elapsed();
    assert_eq!((code, paced.len()), (200, body.len()));
    // One 20 ms slice goes at once; the rest cannot arrive sooner than the rate allows.
    let least = Duration::from_secs_f64(body.len() as f64 / 250_000.0) - Duration::from_millis(20);
    assert!(
        took >= least,
        "{} bytes in {took:?}, at least {least:?}",
        body.len()
    );

    c.set_fault(Fault::None);
    assert!(c.faults().is_empty());
}
