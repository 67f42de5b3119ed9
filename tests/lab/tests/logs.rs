//! A pod's log seen by the real kubectl: a file that grows whether anyone reads it or not (a
//! line every 0.5 s after the lab first served it), at fixed times, filtered by `--since-time`
//! (whole seconds, as the API server passes it on), `--since` and `--tail`; a follow started
//! later gets what was written meanwhile. And the API server's answers to bad `since` values.

mod common;

use std::time::Duration;

use common::*;
use k8s_openapi::jiff::{SignedDuration, Timestamp};
use serde_json::Value;

/// A running pod of lab-dev's `web` namespace: (name, its first container).
fn running_pod(env: &Env) -> (String, String) {
    let pod = env
        .lab
        .cluster(0)
        .running_pod("web")
        .expect("a running pod");
    let name = pod["metadata"]["name"].as_str().unwrap().to_string();
    let container = pod["spec"]["containers"][0]["name"].as_str().unwrap();
    (name, container.to_string())
}

/// `kubectl logs -n web <pod> --timestamps <extra>`: its lines.
async fn stamped(env: &Env, name: &str, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["logs", "-n", "web", name, "--timestamps"];
    args.extend_from_slice(extra);
    let out = env.ok(&args).await;
    out.lines().into_iter().map(str::to_string).collect()
}

/// A line's timestamp, as the kubelet writes it.
fn time(line: &str) -> Timestamp {
    let stamp = line.split(' ').next().unwrap();
    stamp.parse().unwrap_or_else(|e| panic!("{line:?}: {e}"))
}

/// The timestamp text of a line.
fn stamp(line: &str) -> &str {
    line.split(' ').next().unwrap()
}

/// The start of the second a time falls in.
fn second_of(t: Timestamp) -> Timestamp {
    Timestamp::from_second(t.as_second()).unwrap()
}

/// Where `part` starts in `whole`, as one unbroken run (`part` may run past `whole`'s end).
fn run_in(whole: &[String], part: &[String]) -> Option<usize> {
    let start = whole.iter().position(|l| *l == part[0])?;
    let overlap = (whole.len() - start).min(part.len());
    (whole[start..start + overlap] == part[..overlap]).then_some(start)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timestamps_are_fixed_and_the_log_grows_unread() {
    let env = start(1, 20).await;
    let (name, _) = running_pod(&env);
    let first = env.ok(&["logs", "-n", "web", &name, "--timestamps"]).await;
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let second = env.ok(&["logs", "-n", "web", &name, "--timestamps"]).await;
    assert!(
        second.stdout.starts_with(&first.stdout),
        "the lines read first changed:\n{}\n---\n{}",
        first.stdout,
        second.stdout
    );
    let lines = second.lines();
    assert!(
        lines.len() >= first.lines().len() + 2,
        "no lines were written while nobody read: {} then {}",
        first.lines().len(),
        lines.len()
    );
    let times: Vec<Timestamp> = lines.iter().map(|l| time(l)).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{}", second.stdout);
    let n = times.len();
    assert_eq!(
        times[n - 1].duration_since(times[n - 2]),
        SignedDuration::from_millis(500),
        "a live line every 0.5 s"
    );
    // Go's RFC3339Nano, as the kubelet writes it: UTC, the fraction without trailing zeros.
    for l in &lines {
        let s = stamp(l);
        assert!(
            s.len() >= 20 && s.ends_with('Z') && &s[10..11] == "T",
            "{l}"
        );
        if let Some((_, fraction)) = s.trim_end_matches('Z').split_once('.') {
            assert!(
                !fraction.is_empty() && fraction.len() <= 9 && !fraction.ends_with('0'),
                "{l}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn since_time_starts_at_the_first_line_of_that_second() {
    let env = start(1, 20).await;
    let (name, _) = running_pod(&env);
    stamped(&env, &name, &[]).await;
    tokio::time::sleep(Duration::from_millis(1_600)).await;
    let whole = stamped(&env, &name, &[]).await;
    let times: Vec<Timestamp> = whole.iter().map(|l| time(l)).collect();
    // A line that is the first of its second: `--since-time` with its time starts at it.
    let n = (1..whole.len())
        .rev()
        .find(|&i| times[i - 1] < second_of(times[i]))
        .expect("a line first in its second");
    let out = stamped(&env, &name, &["--since-time", stamp(&whole[n])]).await;
    assert_eq!(out[0], whole[n], "--since-time={}", stamp(&whole[n]));
    assert_eq!(run_in(&whole, &out), Some(n), "{out:#?}");
    // A line with an earlier one in its second (two live lines share each second): the API
    // server passes whole seconds on to the kubelet, so the answer starts at the earlier one.
    let m = (1..whole.len())
        .rev()
        .find(|&i| times[i - 1] >= second_of(times[i]))
        .expect("two lines in one second");
    let first_of_second = times
        .iter()
        .position(|t| *t >= second_of(times[m]))
        .unwrap();
    assert!(first_of_second < m);
    let out = stamped(&env, &name, &["--since-time", stamp(&whole[m])]).await;
    assert_eq!(
        run_in(&whole, &out),
        Some(first_of_second),
        "--since-time={}: {out:#?}",
        stamp(&whole[m])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn since_seconds_gives_only_the_recent_lines() {
    let env = start(1, 20).await;
    let (name, _) = running_pod(&env);
    let history = stamped(&env, &name, &[]).await;
    tokio::time::sleep(Duration::from_millis(2_700)).await;
    let whole = stamped(&env, &name, &[]).await;
    let before = Timestamp::now();
    let recent = stamped(&env, &name, &["--since", "2s"]).await;
    let after = Timestamp::now();
    assert!(
        (3..=5).contains(&recent.len()),
        "a line every 0.5 s, the last 2 s: {recent:#?}"
    );
    let two = SignedDuration::from_secs(2);
    assert!(
        recent.iter().all(|l| time(l) >= before - two),
        "{recent:#?}"
    );
    assert!(recent.iter().all(|l| !history.contains(l)), "{recent:#?}");
    let start = run_in(&whole, &recent).unwrap_or(whole.len());
    assert!(
        start == whole.len() || time(&whole[start - 1]) < after - two,
        "a line of the last 2 s left out: {recent:#?}"
    );
    let tail = stamped(&env, &name, &["--since", "1h", "--tail", "2"]).await;
    assert_eq!(tail.len(), 2, "{tail:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follow_started_later_gets_what_was_written_meanwhile() {
    let env = start(1, 20).await;
    let (name, _) = running_pod(&env);
    let first = stamped(&env, &name, &[]).await;
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let began = Timestamp::now();
    let mut follow = Following::start(&env, &["logs", "-n", "web", &name, "-f", "--timestamps"]);
    let mut followed = Vec::new();
    while followed.len() < first.len() + 5 {
        followed.push(follow.line("the followed log").await);
    }
    drop(follow);
    assert_eq!(followed[..first.len()], first[..], "the lines read before");
    let meanwhile = followed[first.len()..]
        .iter()
        .filter(|l| time(l) < began)
        .count();
    assert!(
        meanwhile >= 2,
        "the lines written while nobody followed are missing: {followed:#?}"
    );
    let whole = stamped(&env, &name, &[]).await;
    assert_eq!(
        whole[..followed.len()],
        followed[..],
        "the followed lines are the log's, none missing, none twice"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follow_since_the_last_line_seen_goes_on_from_its_second() {
    let env = start(1, 20).await;
    let (name, _) = running_pod(&env);
    let first = stamped(&env, &name, &[]).await;
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    let last = first.last().unwrap().clone();
    let args = [
        "logs",
        "-n",
        "web",
        &name,
        "-f",
        "--timestamps",
        "--since-time",
        stamp(&last),
    ];
    let mut follow = Following::start(&env, &args);
    let mut followed = Vec::new();
    while followed.len() < 6 {
        followed.push(follow.line("the resumed log").await);
    }
    drop(follow);
    let whole = stamped(&env, &name, &[]).await;
    let at = run_in(&whole, &followed).expect("one unbroken run of the log");
    assert!(
        at < first.len(),
        "the last line seen is sent again: {followed:#?}"
    );
    assert_eq!(second_of(time(&whole[at])), second_of(time(&last)));
    assert!(at == 0 || time(&whole[at - 1]) < second_of(time(&last)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_since_values_are_refused_as_the_api_server_does() {
    let env = start(1, 20).await;
    let (name, container) = running_pod(&env);
    let client = client(&env.lab, "lab-dev").await;
    let path =
        |q: &str| format!("/api/v1/namespaces/web/pods/{name}/log?container={container}&{q}");
    let status = |body: &str| -> Value { serde_json::from_str(body).unwrap() };

    let (code, _, body) = raw(
        &client,
        "GET",
        &path("sinceSeconds=5&sinceTime=2026-12-01T03:04:05Z"),
        "",
    )
    .await;
    let s = status(&body);
    assert_eq!(
        (code, s["reason"].as_str()),
        (422, Some("Invalid")),
        "{body}"
    );
    assert_eq!(
        s["message"],
        format!("PodLogOptions \"{name}\" is invalid: []: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified")
    );
    assert_eq!(s["details"]["causes"][0]["reason"], "FieldValueForbidden");

    let (code, _, body) = raw(&client, "GET", &path("sinceTime=yesterday"), "").await;
    let s = status(&body);
    assert_eq!(
        (code, s["reason"].as_str()),
        (400, Some("BadRequest")),
        "{body}"
    );
    assert_eq!(
        s["message"],
        r#"parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006""#
    );

    let (code, _, body) = raw(&client, "GET", &path("sinceSeconds=0"), "").await;
    assert_eq!(code, 422, "{body}");
    assert_eq!(
        status(&body)["message"],
        format!("PodLogOptions \"{name}\" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0")
    );

    // A time with a fraction, as a client resuming a log sends it: the whole second counts.
    let whole = stamped(&env, &name, &[]).await;
    let last = whole.last().unwrap();
    let (code, _, body) = raw(
        &client,
        "GET",
        &path(&format!("timestamps=true&sinceTime={}", stamp(last))),
        "",
    )
    .await;
    assert_eq!(code, 200, "{body}");
    let got: Vec<String> = body.lines().map(str::to_string).collect();
    let at = run_in(&whole, &got).expect("one unbroken run of the log");
    assert!(time(&whole[at]) >= second_of(time(last)));
    assert!(at == 0 || time(&whole[at - 1]) < second_of(time(last)));
}
